#pragma once
// Incoming note events, in sample order within the block.

#include <cstdint>

namespace plinth {

struct NoteEvent {
  enum class Type : std::uint8_t { note_on, note_off, poly_pressure };
  Type type = Type::note_on;
  std::int32_t sample_offset = 0;
  std::int16_t channel = 0;
  std::int16_t pitch = 0;     // MIDI note number
  float velocity = 0.0f;      // 0..1 (pressure for poly_pressure)
  std::int32_t note_id = -1;  // host-given id, -1 if none
  float tuning_cents = 0.0f;
};

}  // namespace plinth
