#pragma once
// Where the host's song position is, when the host says so. Every field has a
// `has_` flag because hosts fill in only what they know.

#include <cstdint>

namespace plinth {

struct Transport {
  bool playing = false;
  bool recording = false;
  bool looping = false;
  bool has_tempo = false;
  bool has_time_signature = false;
  bool has_musical_position = false;
  double tempo_bpm = 120.0;
  int time_sig_numerator = 4;
  int time_sig_denominator = 4;
  double position_quarter_notes = 0.0;
  double bar_start_quarter_notes = 0.0;
  double loop_start_quarter_notes = 0.0;
  double loop_end_quarter_notes = 0.0;
  std::int64_t position_samples = 0;
};

}  // namespace plinth
