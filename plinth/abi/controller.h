// The edit controller side: parameters, the host's component handler, units
// and MIDI controller mapping.
#pragma once

#include "plinth/abi/base.h"
#include "plinth/abi/component.h"
#include "plinth/abi/stream.h"

namespace plinth::abi {

struct IPlugView;  // view.h

// Special ids.
inline constexpr ParamId kNoParamId = 0xFFFFFFFF;
inline constexpr ParamId kMinParamId = 0;
inline constexpr ParamId kMaxParamId = 0x7FFFFFFF;  // ids above are reserved for the host
inline constexpr UnitId kRootUnitId = 0;
inline constexpr UnitId kNoParentUnitId = -1;
inline constexpr ProgramListId kNoProgramListId = -1;
inline constexpr std::int32_t kAllProgramInvalid = -1;

// View name for create_view.
inline constexpr const char* kEditorViewType = "editor";

// Parameter description.
//   0 id; 4 title, 260 short_title, 516 units (256 bytes each) -> 772;
// 772 step_count -> 776, already 8-aligned, so default_normalized_value sits
// at 776 with no padding -> 784; unit_id 784, flags 788: 792 bytes.
struct ParameterInfo {
  // flags bits
  static constexpr std::int32_t kNoFlags = 0;
  static constexpr std::int32_t kCanAutomate = 1 << 0;
  static constexpr std::int32_t kIsReadOnly = 1 << 1;
  static constexpr std::int32_t kIsWrapAround = 1 << 2;
  static constexpr std::int32_t kIsList = 1 << 3;
  static constexpr std::int32_t kIsHidden = 1 << 4;
  static constexpr std::int32_t kIsProgramChange = 1 << 15;
  static constexpr std::int32_t kIsBypass = 1 << 16;

  ParamId id;
  String128 title;
  String128 short_title;
  String128 units;
  std::int32_t step_count;  // 0 = continuous, n = n + 1 discrete values
  ParamValue default_normalized_value;
  UnitId unit_id;
  std::int32_t flags;
};
static_assert(sizeof(ParameterInfo) == 792);
static_assert(offsetof(ParameterInfo, title) == 4);
static_assert(offsetof(ParameterInfo, short_title) == 260);
static_assert(offsetof(ParameterInfo, units) == 516);
static_assert(offsetof(ParameterInfo, step_count) == 772);
static_assert(offsetof(ParameterInfo, default_normalized_value) == 776);
static_assert(offsetof(ParameterInfo, unit_id) == 784);
static_assert(offsetof(ParameterInfo, flags) == 788);

// IComponentHandler::restart_component flags.
inline constexpr std::int32_t kReloadComponent = 1 << 0;
inline constexpr std::int32_t kIoChanged = 1 << 1;
inline constexpr std::int32_t kParamValuesChanged = 1 << 2;
inline constexpr std::int32_t kLatencyChanged = 1 << 3;
inline constexpr std::int32_t kParamTitlesChanged = 1 << 4;
inline constexpr std::int32_t kMidiCCAssignmentChanged = 1 << 5;
inline constexpr std::int32_t kNoteExpressionChanged = 1 << 6;
inline constexpr std::int32_t kIoTitlesChanged = 1 << 7;
inline constexpr std::int32_t kPrefetchableSupportChanged = 1 << 8;
inline constexpr std::int32_t kRoutingInfoChanged = 1 << 9;
inline constexpr std::int32_t kKeyswitchChanged = 1 << 10;
inline constexpr std::int32_t kParamIDMappingChanged = 1 << 11;

// Knob modes (IEditController2::set_knob_mode).
using KnobMode = std::int32_t;
inline constexpr KnobMode kCircularMode = 0;
inline constexpr KnobMode kRelativCircularMode = 1;
inline constexpr KnobMode kLinearMode = 2;

// Implemented by the host; the controller reports edits through it. Slots 3..6.
struct IComponentHandler : FUnknown {
  virtual tresult begin_edit(ParamId id) = 0;
  virtual tresult perform_edit(ParamId id, ParamValue value_normalized) = 0;
  virtual tresult end_edit(ParamId id) = 0;
  virtual tresult restart_component(std::int32_t flags) = 0;

  static constexpr Iid iid = make_iid(0x93A0BEA3, 0x0BD045DB, 0x8E890B0C, 0xC1E46AC6);

protected:
  ~IComponentHandler() = default;
};

// Optional extension of the host's handler. Slots 3..6.
struct IComponentHandler2 : FUnknown {
  virtual tresult set_dirty(TBool state) = 0;
  virtual tresult request_open_editor(FIDString name) = 0;
  virtual tresult start_group_edit() = 0;
  virtual tresult finish_group_edit() = 0;

  static constexpr Iid iid = make_iid(0xF040B4B3, 0xA36045EC, 0xABCDC045, 0xB4D5A2CC);

protected:
  ~IComponentHandler2() = default;
};

// Slots 5..17 (after IPluginBase).
struct IEditController : IPluginBase {
  virtual tresult set_component_state(IBStream* state) = 0;
  virtual tresult set_state(IBStream* state) = 0;
  virtual tresult get_state(IBStream* state) = 0;
  virtual std::int32_t get_parameter_count() = 0;
  virtual tresult get_parameter_info(std::int32_t param_index, ParameterInfo& info) = 0;
  virtual tresult get_param_string_by_value(ParamId id, ParamValue value_normalized, char16* string128) = 0;
  virtual tresult get_param_value_by_string(ParamId id, char16* string, ParamValue& value_normalized) = 0;
  virtual ParamValue normalized_param_to_plain(ParamId id, ParamValue value_normalized) = 0;
  virtual ParamValue plain_param_to_normalized(ParamId id, ParamValue plain_value) = 0;
  virtual ParamValue get_param_normalized(ParamId id) = 0;
  virtual tresult set_param_normalized(ParamId id, ParamValue value) = 0;
  virtual tresult set_component_handler(IComponentHandler* handler) = 0;
  virtual IPlugView* create_view(FIDString name) = 0;

  static constexpr Iid iid = make_iid(0xDCD7BBE3, 0x7742448D, 0xA874AACC, 0x979C759E);

protected:
  ~IEditController() = default;
};

// Optional. Slots 3..5.
struct IEditController2 : FUnknown {
  virtual tresult set_knob_mode(KnobMode mode) = 0;
  virtual tresult open_help(TBool only_check) = 0;
  virtual tresult open_about_box(TBool only_check) = 0;

  static constexpr Iid iid = make_iid(0x7F4EFE59, 0xF3204967, 0xAC27A3AE, 0xAFB63038);

protected:
  ~IEditController2() = default;
};

// MIDI controller numbers beyond 0..127 used by IMidiMapping and LegacyMIDICCOutEvent.
inline constexpr CtrlNumber kCtrlModWheel = 1;
inline constexpr CtrlNumber kCtrlVolume = 7;
inline constexpr CtrlNumber kCtrlPan = 10;
inline constexpr CtrlNumber kCtrlExpression = 11;
inline constexpr CtrlNumber kCtrlSustainOnOff = 64;
inline constexpr CtrlNumber kCtrlAllSoundsOff = 120;
inline constexpr CtrlNumber kCtrlResetAllCtrlers = 121;
inline constexpr CtrlNumber kCtrlAllNotesOff = 123;
inline constexpr CtrlNumber kAfterTouch = 128;  // channel pressure
inline constexpr CtrlNumber kPitchBend = 129;
inline constexpr CtrlNumber kCountCtrlNumber = 130;    // number of mappable controllers
inline constexpr CtrlNumber kCtrlProgramChange = 130;  // output only (LegacyMIDICCOutEvent)
inline constexpr CtrlNumber kCtrlPolyPressure = 131;   // output only
inline constexpr CtrlNumber kCtrlQuarterFrame = 132;   // output only

// Maps MIDI controllers to parameters. Slot 3.
struct IMidiMapping : FUnknown {
  virtual tresult get_midi_controller_assignment(std::int32_t bus_index, std::int16_t channel,
                                                 CtrlNumber midi_controller_number, ParamId& id) = 0;

  static constexpr Iid iid = make_iid(0xDF0FF9F7, 0x49B74669, 0xB63AB732, 0x7ADBF5E5);

protected:
  ~IMidiMapping() = default;
};

// A unit (group of parameters). 4 + 4 + 256 + 4 = 268 bytes.
struct UnitInfo {
  UnitId id;
  UnitId parent_unit_id;
  String128 name;
  ProgramListId program_list_id;
};
static_assert(sizeof(UnitInfo) == 268);
static_assert(offsetof(UnitInfo, name) == 8);
static_assert(offsetof(UnitInfo, program_list_id) == 264);

// A program list. 4 + 256 + 4 = 264 bytes.
struct ProgramListInfo {
  ProgramListId id;
  String128 name;
  std::int32_t program_count;
};
static_assert(sizeof(ProgramListInfo) == 264);
static_assert(offsetof(ProgramListInfo, program_count) == 260);

// Implemented by the host. Slots 3..4.
struct IUnitHandler : FUnknown {
  virtual tresult notify_unit_selection(UnitId unit_id) = 0;
  virtual tresult notify_program_list_change(ProgramListId list_id, std::int32_t program_index) = 0;

  static constexpr Iid iid = make_iid(0x4B5147F8, 0x4654486B, 0x8DAB30BA, 0x163A3C56);

protected:
  ~IUnitHandler() = default;
};

// Units and program lists of the controller. Slots 3..14.
struct IUnitInfo : FUnknown {
  virtual std::int32_t get_unit_count() = 0;
  virtual tresult get_unit_info(std::int32_t unit_index, UnitInfo& info) = 0;
  virtual std::int32_t get_program_list_count() = 0;
  virtual tresult get_program_list_info(std::int32_t list_index, ProgramListInfo& info) = 0;
  virtual tresult get_program_name(ProgramListId list_id, std::int32_t program_index, char16* name128) = 0;
  virtual tresult get_program_info(ProgramListId list_id, std::int32_t program_index, CString attribute_id,
                                   char16* attribute_value128) = 0;
  virtual tresult has_program_pitch_names(ProgramListId list_id, std::int32_t program_index) = 0;
  virtual tresult get_program_pitch_name(ProgramListId list_id, std::int32_t program_index, std::int16_t midi_pitch,
                                         char16* name128) = 0;
  virtual UnitId get_selected_unit() = 0;
  virtual tresult select_unit(UnitId unit_id) = 0;
  virtual tresult get_unit_by_bus(MediaType type, BusDirection dir, std::int32_t bus_index, std::int32_t channel,
                                  UnitId& unit_id) = 0;
  virtual tresult set_unit_program_data(std::int32_t list_or_unit_id, std::int32_t program_index, IBStream* data) = 0;

  static constexpr Iid iid = make_iid(0x3D4BD6B5, 0x913A4FD2, 0xA886E768, 0xA5EB92C1);

protected:
  ~IUnitInfo() = default;
};

}  // namespace plinth::abi
