// Plinth DSP: shared parameter ranges and clamping for the filters.
//
// Every filter setter goes through these, so out-of-range or non-finite values are
// clamped to something safe instead of being trusted:
//   frequency  [1 Hz, 0.49 * sample_rate]   (NaN -> 1 kHz, then clamped)
//   Q          [0.05, 50]                  (NaN -> 1/sqrt(2))
//   gain       [-48 dB, +48 dB]            (NaN -> 0 dB)
//   channels   [1, 64]
#pragma once

#include <algorithm>
#include <cmath>

namespace plinth::dsp {

struct FilterLimits {
  static constexpr double kMinFrequency = 1.0;
  static constexpr double kMaxFrequencyRatio = 0.49;
  static constexpr double kMinQ = 0.05;
  static constexpr double kMaxQ = 50.0;
  static constexpr double kMinGainDb = -48.0;
  static constexpr double kMaxGainDb = 48.0;
  static constexpr int kMaxChannels = 64;
  static constexpr double kDefaultSampleRate = 44100.0;

  [[nodiscard]] static double sample_rate(double sr) noexcept {
    // 1 kHz .. 10 MHz; anything else (NaN, 0, negative) falls back to 44.1 kHz.
    return (sr >= 1000.0 && sr <= 1.0e7) ? sr : kDefaultSampleRate;
  }
  [[nodiscard]] static double frequency(double hz, double sr) noexcept {
    if (std::isnan(hz)) hz = 1000.0;
    return std::clamp(hz, kMinFrequency, kMaxFrequencyRatio * sr);
  }
  [[nodiscard]] static double q(double value) noexcept {
    if (std::isnan(value)) return 0.7071067811865476;
    return std::clamp(value, kMinQ, kMaxQ);
  }
  [[nodiscard]] static double gain_db(double db) noexcept {
    if (std::isnan(db)) return 0.0;
    return std::clamp(db, kMinGainDb, kMaxGainDb);
  }
  [[nodiscard]] static int channels(int n) noexcept { return std::clamp(n, 1, kMaxChannels); }
};

}  // namespace plinth::dsp
