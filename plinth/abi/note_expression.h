// Note expression on the controller side: which per-note expression types a plugin
// understands, their text, and which physical controls (a key's X/Y movement and
// pressure) a host should route to them. The values themselves arrive as
// NoteExpressionValueEvent in the event list (events.h).
#pragma once

#include "plinth/abi/base.h"
#include "plinth/abi/events.h"

namespace plinth::abi {

// Range of one type, normalized. 3 doubles + int32 = 28, padded to 32 (8-aligned).
struct NoteExpressionValueDescription {
  NoteExpressionValue default_value;
  NoteExpressionValue minimum;
  NoteExpressionValue maximum;
  std::int32_t step_count;  // 0 continuous, 1 toggle, n discrete
};
static_assert(sizeof(NoteExpressionValueDescription) == 32);
static_assert(offsetof(NoteExpressionValueDescription, step_count) == 24);

// One supported type. type_id 0; title 4, short_title 260, units 516 (256 bytes each);
// unit_id 772 -> 776, already 8-aligned for the description (32) -> 808;
// associated_parameter_id 808, flags 812: 816 bytes.
struct NoteExpressionTypeInfo {
  // flags bits
  static constexpr std::int32_t kIsBipolar = 1 << 0;   // centred (0.5 = no change)
  static constexpr std::int32_t kIsOneShot = 1 << 1;   // sent once, at the note's start
  static constexpr std::int32_t kIsAbsolute = 1 << 2;  // sets the sound, rather than offsetting it
  static constexpr std::int32_t kAssociatedParameterIdValid = 1 << 3;

  NoteExpressionTypeId type_id;
  String128 title;
  String128 short_title;
  String128 units;
  std::int32_t unit_id;  // -1: none
  NoteExpressionValueDescription value_desc;
  ParamId associated_parameter_id;  // meaningful only with kAssociatedParameterIdValid
  std::int32_t flags;
};
static_assert(sizeof(NoteExpressionTypeInfo) == 816);
static_assert(offsetof(NoteExpressionTypeInfo, short_title) == 260);
static_assert(offsetof(NoteExpressionTypeInfo, units) == 516);
static_assert(offsetof(NoteExpressionTypeInfo, unit_id) == 772);
static_assert(offsetof(NoteExpressionTypeInfo, value_desc) == 776);
static_assert(offsetof(NoteExpressionTypeInfo, associated_parameter_id) == 808);
static_assert(offsetof(NoteExpressionTypeInfo, flags) == 812);

// Per event bus and channel. Slots 3..6.
struct INoteExpressionController : FUnknown {
  virtual std::int32_t get_note_expression_count(std::int32_t bus_index, std::int16_t channel) = 0;
  virtual tresult get_note_expression_info(std::int32_t bus_index, std::int16_t channel, std::int32_t index,
                                           NoteExpressionTypeInfo& info) = 0;
  virtual tresult get_note_expression_string_by_value(std::int32_t bus_index, std::int16_t channel,
                                                      NoteExpressionTypeId id, NoteExpressionValue value_normalized,
                                                      char16* string128) = 0;
  virtual tresult get_note_expression_value_by_string(std::int32_t bus_index, std::int16_t channel,
                                                      NoteExpressionTypeId id, const TChar* string,
                                                      NoteExpressionValue& value_normalized) = 0;

  static constexpr Iid iid = make_iid(0xB7F8F859, 0x41234872, 0x91169581, 0x4F3721A3);

protected:
  ~INoteExpressionController() = default;
};

// Physical controls of an expressive keyboard (PhysicalUIMap::physical_ui_type_id).
using PhysicalUiTypeId = std::uint32_t;
inline constexpr PhysicalUiTypeId kPuiXMovement = 0;  // 0 left, 0.5 middle, 1 right
inline constexpr PhysicalUiTypeId kPuiYMovement = 1;  // 0 near, 1 far
inline constexpr PhysicalUiTypeId kPuiPressure = 2;   // 0..1
inline constexpr PhysicalUiTypeId kPuiTypeCount = 3;
inline constexpr PhysicalUiTypeId kInvalidPuiTypeId = 0xFFFFFFFF;

// The host fills physical_ui_type_id, the plugin the expression type (kInvalidTypeId: none). 8 bytes.
struct PhysicalUiMap {
  PhysicalUiTypeId physical_ui_type_id;
  NoteExpressionTypeId note_expression_type_id;
};
static_assert(sizeof(PhysicalUiMap) == 8);

// count, 4 bytes padding, pointer: 16 bytes.
struct PhysicalUiMapList {
  std::uint32_t count;
  PhysicalUiMap* map;
};
static_assert(sizeof(PhysicalUiMapList) == 16);
static_assert(offsetof(PhysicalUiMapList, map) == 8);

// Slot 3.
struct INoteExpressionPhysicalUiMapping : FUnknown {
  virtual tresult get_physical_ui_mapping(std::int32_t bus_index, std::int16_t channel, PhysicalUiMapList& list) = 0;

  static constexpr Iid iid = make_iid(0xB03078FF, 0x94D24AC8, 0x90CCD303, 0xD4133324);

protected:
  ~INoteExpressionPhysicalUiMapping() = default;
};

}  // namespace plinth::abi
