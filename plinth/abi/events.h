// Note and other events passed in and out of process().
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// Note ids in this range are free for the plug-in's own use.
inline constexpr std::int32_t kNoteIdUserRangeLowerBound = -10000;
inline constexpr std::int32_t kNoteIdUserRangeUpperBound = -1000;

// Note-expression type ids (NoteExpressionValueEvent::type_id).
using NoteExpressionTypeId = std::uint32_t;
using NoteExpressionValue = double;
inline constexpr NoteExpressionTypeId kVolumeTypeId = 0;
inline constexpr NoteExpressionTypeId kPanTypeId = 1;
inline constexpr NoteExpressionTypeId kTuningTypeId = 2;
inline constexpr NoteExpressionTypeId kVibratoTypeId = 3;
inline constexpr NoteExpressionTypeId kExpressionTypeId = 4;
inline constexpr NoteExpressionTypeId kBrightnessTypeId = 5;
inline constexpr NoteExpressionTypeId kTextTypeId = 6;
inline constexpr NoteExpressionTypeId kPhonemeTypeId = 7;
inline constexpr NoteExpressionTypeId kCustomStart = 100000;
inline constexpr NoteExpressionTypeId kCustomEnd = 200000;
inline constexpr NoteExpressionTypeId kInvalidTypeId = 0xFFFFFFFF;

// 2 + 2 + 4 * 4 = 20 bytes.
struct NoteOnEvent {
  std::int16_t channel;
  std::int16_t pitch;    // MIDI note number, 0..127
  float tuning;          // cents
  float velocity;        // 0..1
  std::int32_t length;   // samples, 0 if unknown
  std::int32_t note_id;  // -1 if not used
};
static_assert(sizeof(NoteOnEvent) == 20);

// 2 + 2 + 3 * 4 = 16 bytes. Note the field order differs from NoteOnEvent.
struct NoteOffEvent {
  std::int16_t channel;
  std::int16_t pitch;
  float velocity;
  std::int32_t note_id;
  float tuning;
};
static_assert(sizeof(NoteOffEvent) == 16);
static_assert(offsetof(NoteOffEvent, note_id) == 8);

// Raw data (SysEx). 4 + 4 + pointer = 16 bytes.
struct DataEvent {
  static constexpr std::uint32_t kMidiSysEx = 0;  // type

  std::uint32_t size;
  std::uint32_t type;
  const std::uint8_t* bytes;
};
static_assert(sizeof(DataEvent) == 16);

// 12 bytes.
struct PolyPressureEvent {
  std::int16_t channel;
  std::int16_t pitch;
  float pressure;  // 0..1
  std::int32_t note_id;
};
static_assert(sizeof(PolyPressureEvent) == 12);

// 4 + 4 + double = 16 bytes.
struct NoteExpressionValueEvent {
  NoteExpressionTypeId type_id;
  std::int32_t note_id;
  NoteExpressionValue value;  // normalized
};
static_assert(sizeof(NoteExpressionValueEvent) == 16);

// 3 * 4 = 12, then 4 bytes padding before the pointer: 24 bytes. This is the
// largest event variant, so it sets the size of Event's union.
struct NoteExpressionTextEvent {
  NoteExpressionTypeId type_id;
  std::int32_t note_id;
  std::uint32_t text_len;  // in char16 units, without terminator
  const TChar* text;
};
static_assert(sizeof(NoteExpressionTextEvent) == 24);
static_assert(offsetof(NoteExpressionTextEvent, text) == 16);

// 4 * 2 = 8, then the pointer: 16 bytes.
struct ChordEvent {
  std::int16_t root;
  std::int16_t bass_note;
  std::int16_t mask;
  std::uint16_t text_len;
  const TChar* text;
};
static_assert(sizeof(ChordEvent) == 16);

// 3 * 2 = 6, 2 bytes padding, then the pointer: 16 bytes.
struct ScaleEvent {
  std::int16_t root;
  std::int16_t mask;
  std::uint16_t text_len;
  const TChar* text;
};
static_assert(sizeof(ScaleEvent) == 16);
static_assert(offsetof(ScaleEvent, text) == 8);

// MIDI controller output (IMidiMapping's kAfterTouch, kPitchBend, ... numbers). 4 bytes.
struct LegacyMIDICCOutEvent {
  std::uint8_t control_number;
  std::int8_t channel;
  std::int8_t value;
  std::int8_t value2;
};
static_assert(sizeof(LegacyMIDICCOutEvent) == 4);

// Layout: bus_index 0, sample_offset 4, ppq_position 8 (double), flags 16,
// type 18; the union holds pointers so it is 8-byte aligned and starts at 24
// (4 bytes padding after type). The largest variant is 24 bytes: 48 in all.
struct Event {
  // flags bits
  static constexpr std::uint16_t kIsLive = 1u << 0;
  static constexpr std::uint16_t kUserReserved1 = 1u << 14;
  static constexpr std::uint16_t kUserReserved2 = 1u << 15;

  // type values
  static constexpr std::uint16_t kNoteOnEvent = 0;
  static constexpr std::uint16_t kNoteOffEvent = 1;
  static constexpr std::uint16_t kDataEvent = 2;
  static constexpr std::uint16_t kPolyPressureEvent = 3;
  static constexpr std::uint16_t kNoteExpressionValueEvent = 4;
  static constexpr std::uint16_t kNoteExpressionTextEvent = 5;
  static constexpr std::uint16_t kChordEvent = 6;
  static constexpr std::uint16_t kScaleEvent = 7;
  static constexpr std::uint16_t kLegacyMIDICCOutEvent = 65535;

  std::int32_t bus_index;
  std::int32_t sample_offset;  // within the block
  TQuarterNotes ppq_position;  // relative to the project start
  std::uint16_t flags;
  std::uint16_t type;
  union {
    NoteOnEvent note_on;
    NoteOffEvent note_off;
    DataEvent data;
    PolyPressureEvent poly_pressure;
    NoteExpressionValueEvent note_expression_value;
    NoteExpressionTextEvent note_expression_text;
    ChordEvent chord;
    ScaleEvent scale;
    LegacyMIDICCOutEvent midi_cc_out;
  };
};
static_assert(sizeof(Event) == 48);
static_assert(offsetof(Event, ppq_position) == 8);
static_assert(offsetof(Event, flags) == 16);
static_assert(offsetof(Event, type) == 18);
static_assert(offsetof(Event, note_on) == 24);
static_assert(offsetof(Event, note_expression_text) == 24);

// Slots 3..5.
struct IEventList : FUnknown {
  virtual std::int32_t get_event_count() = 0;
  virtual tresult get_event(std::int32_t index, Event& e) = 0;
  virtual tresult add_event(Event& e) = 0;

  static constexpr Iid iid = make_iid(0x3A2C4214, 0x346349FE, 0xB2C4F397, 0xB9695A44);

protected:
  ~IEventList() = default;
};

}  // namespace plinth::abi
