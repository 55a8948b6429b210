#pragma once
// Events in and out of process(), sample-stamped and format-neutral.
//
// In: ProcessBlock::events holds, in sample order, the notes the host sent on the
// plugin's event input bus, the note expression values, and the MIDI controllers the
// plugin asked for (pitch bend, channel pressure, mod wheel, sustain...: VST 3 delivers
// those as parameters mapped by IMidiMapping; the core turns their points back into
// controller events at the point's offset). Offsets are relative to the part of the
// block process() is called for.
//
// Order at one offset: parameter points at offset N are applied before the part that
// starts at N runs, so every event at N already sees the new parameter values; among
// events at N, controllers come first (a pitch bend or a sustain pedal at N applies to
// the note that starts or ends at N), then the host's events in the host's order.
//
// Out: ProcessBlock::output (an EventOutput, pre-sized, allocation-free) takes events
// for the plugin's event output bus, offsets relative to the part; the core rebases them
// to the host block.

#include <algorithm>
#include <cstdint>
#include <span>

namespace plinth {

// Controller numbers beyond MIDI's 0..127, as VST 3 numbers them.
namespace midi {
inline constexpr int mod_wheel = 1;
inline constexpr int volume = 7;
inline constexpr int pan = 10;
inline constexpr int expression = 11;
inline constexpr int sustain = 64;
inline constexpr int brightness = 74;  // MPE timbre
inline constexpr int all_sounds_off = 120;
inline constexpr int all_notes_off = 123;
inline constexpr int channel_pressure = 128;
inline constexpr int pitch_bend = 129;
inline constexpr int controller_count = 130;  // mappable: 0..129
}  // namespace midi

// Standard note expression types (the VST 3 ids; values normalized 0..1).
enum class Expression : std::uint32_t {
  volume = 0,      // gain = 4 * value: 0.25 = 0 dB, 1 = +12 dB (VST 3's convention)
  pan = 1,         // 0 left, 0.5 centre, 1 right
  tuning = 2,      // semitones = 240 * (value - 0.5): 0.5 = none (VST 3's convention)
  vibrato = 3,     // depth 0..1
  expression = 4,  // 0..1
  brightness = 5,  // 0..1, 0.5 neutral
};
inline constexpr int expression_count = 6;

struct Event {
  enum class Type : std::uint8_t {
    note_on,
    note_off,
    poly_pressure,    // value = pressure 0..1
    note_expression,  // number = Expression (or a custom id), value normalized
    controller,       // number = MIDI controller 0..129 (midi::), value normalized 0..1
  };
  Type type = Type::note_on;
  std::int32_t sample_offset = 0;
  std::int16_t channel = 0;   // 0..15
  std::int16_t pitch = 0;     // MIDI note number (notes, poly pressure)
  float velocity = 0.0f;      // 0..1 (note on/off)
  std::int32_t note_id = -1;  // host-given id, -1 if none
  float tuning_cents = 0.0f;  // note on/off
  std::int32_t length = 0;    // note on: samples, 0 if unknown
  std::uint32_t number = 0;   // note_expression: type; controller: controller number
  double value = 0.0;         // poly pressure, note expression, controller

  // Pitch bend as -1..1 (a controller event with number midi::pitch_bend).
  [[nodiscard]] double bend() const noexcept { return value * 2.0 - 1.0; }

  static Event note_on(std::int32_t offset, int pitch, float velocity, std::int32_t id = -1, int channel = 0) noexcept {
    Event e;
    e.type = Type::note_on;
    e.sample_offset = offset;
    e.pitch = static_cast<std::int16_t>(pitch);
    e.velocity = velocity;
    e.note_id = id;
    e.channel = static_cast<std::int16_t>(channel);
    return e;
  }
  static Event note_off(std::int32_t offset, int pitch, std::int32_t id = -1, int channel = 0) noexcept {
    Event e = note_on(offset, pitch, 0.0f, id, channel);
    e.type = Type::note_off;
    return e;
  }
  static Event controller(std::int32_t offset, int number, double value, int channel = 0) noexcept {
    Event e;
    e.type = Type::controller;
    e.sample_offset = offset;
    e.number = static_cast<std::uint32_t>(number);
    e.value = value;
    e.channel = static_cast<std::int16_t>(channel);
    return e;
  }
  static Event expression(std::int32_t offset, std::int32_t id, Expression type, double value) noexcept {
    Event e;
    e.type = Type::note_expression;
    e.sample_offset = offset;
    e.note_id = id;
    e.number = static_cast<std::uint32_t>(type);
    e.value = value;
    return e;
  }
};

// The name it had when notes were all there was.
using NoteEvent = Event;

// Events a plugin writes to its event output bus. Storage is the core's, sized before
// processing; add() never allocates and returns false when full.
class EventOutput {
public:
  EventOutput() = default;
  EventOutput(std::span<Event> storage, std::int32_t base, std::int32_t limit, std::size_t* count) noexcept
      : storage_(storage), base_(base), limit_(limit), count_(count) {}

  // `e.sample_offset` relative to the current part; clamped into it.
  bool add(Event e) const noexcept {
    if (count_ == nullptr || *count_ >= storage_.size()) return false;
    e.sample_offset = base_ + std::clamp(e.sample_offset, 0, std::max(0, limit_ - 1));
    storage_[(*count_)++] = e;
    return true;
  }
  [[nodiscard]] bool enabled() const noexcept { return count_ != nullptr; }

private:
  std::span<Event> storage_;
  std::int32_t base_ = 0;
  std::int32_t limit_ = 0;
  std::size_t* count_ = nullptr;
};

}  // namespace plinth
