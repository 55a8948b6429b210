#pragma once
// Measuring an effect through a host instance: its impulse response (latency removed),
// the frequency response computed from it, and the harmonic distortion of a steady sine.
// The instance must be set up, its parameters set and activated; these drive it with the
// same signal on every channel of its main input and read every channel of its main output.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "plinth/host/instance.h"

namespace plinth::host {

// Runs `input` (mono; zeros after its end) for `frames` frames through the instance in
// blocks of its max_block and returns each main output channel. False with `error` set
// when a process call fails.
bool run_mono(PluginInstance& p, std::span<const double> input, std::size_t frames,
              std::vector<std::vector<double>>& out, std::string& error);

struct ImpulseResponse {
  double sample_rate = 0.0;
  std::uint32_t latency = 0;                  // samples dropped from the front (reported latency)
  double amplitude = 1.0;                     // of the impulse; the response is divided by it
  bool decayed = false;                       // the response fell below -140 dB of its peak in time
  std::vector<std::vector<double>> channels;  // per output channel, starting at the latency
};

// An impulse of `amplitude` into the plugin, recorded until the response has decayed to
// -140 dB of its peak (checked every 8192 samples, at least `min_seconds`) or until
// `max_seconds`. The plugin's reported latency is read first and removed, so a pure delay
// equal to the latency shows as a flat phase.
bool measure_impulse(PluginInstance& p, double amplitude, double min_seconds, double max_seconds,
                     ImpulseResponse& out, std::string& error);

// Frequencies 2^(k/per_octave) * 1 kHz from `lo` to `hi`: log spaced and anchored at
// 1 kHz, so octaves of 1 kHz (125, 250, 500, 2000, ...) are points exactly.
std::vector<double> log_frequencies(double lo, double hi, int per_octave);

struct FrequencyResponse {
  std::vector<double> hz;
  std::vector<std::vector<double>> magnitude_db;  // [channel][point]
  std::vector<std::vector<double>> phase_deg;     // [channel][point], in (-180, 180]
};

// The discrete-time Fourier transform of the impulse response evaluated at each frequency
// exactly (not interpolated from FFT bins): H(f) = sum h[n] e^(-j 2 pi f n / rate).
FrequencyResponse frequency_response(const ImpulseResponse& ir, std::span<const double> hz);

// The same response measured with steady sines instead, one frequency after another at
// `level_dbfs` peak: each played for `settle_seconds`, then the ratio of output to input
// at that frequency over a Hann-windowed stretch of at least 20 periods (and 4096
// samples), the reported latency removed from the phase. Slower than the impulse, but
// right for an effect that is not linear (a saturator or compressor at a given level).
// `progress`, when given, is called after each frequency with (done, total).
bool measure_sine_response(PluginInstance& p, std::span<const double> hz, double level_dbfs, double settle_seconds,
                           FrequencyResponse& out, std::string& error,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});

struct Harmonics {
  double hz = 0.0;                      // the fundamental actually used (a whole DFT bin)
  double level_dbfs = 0.0;              // input sine peak level
  std::vector<std::vector<double>> db;  // [channel][k-1]: harmonic k re the fundamental; [0] is the gain in dB
  std::vector<double> thd;              // [channel]: sqrt(sum of harmonics 2..n power) / fundamental
};

// A sine of `level_dbfs` peak at (about) `hz` played for `settle_seconds`, then a whole
// number of its periods measured: harmonics 1..count (those below Nyquist) by DFT at
// their exact bins, so no window is needed.
bool measure_harmonics(PluginInstance& p, double hz, double level_dbfs, int count, double settle_seconds,
                       Harmonics& out, std::string& error);

}  // namespace plinth::host
