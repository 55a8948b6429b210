// Chorus: each channel reads its own delay line at
//   delay(t) = centre + depth * sin(2 pi (rate t + channel * stereo_phase))
// with linear interpolation, and mixes it with the dry signal:
//   y = (1 - mix) x + mix * x(t - delay(t)).
// Centre and depth are smoothed (~20 ms) so they can be automated without clicks.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <span>
#include <vector>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class Chorus {
public:
  static constexpr double kMinCentreMs = 1.0, kMaxCentreMs = 50.0;
  static constexpr double kMaxDepthMs = 20.0;
  static constexpr double kMaxRateHz = 20.0;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
    const int max_samples = static_cast<int>(std::ceil((kMaxCentreMs + kMaxDepthMs) * 1e-3 * sample_rate_)) + 2;
    for (auto& c : channels_) c.line.prepare(max_samples);
    smoothing_ = static_cast<T>(follower_rate(0.02, sample_rate_));
    half_ms_samples_ = static_cast<T>(0.5e-3 * sample_rate_);
    update_targets();
    reset();
  }

  // Clears the lines, restarts the LFOs and snaps smoothed parameters to their targets.
  void reset() noexcept {
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      auto& c = channels_[i];
      c.line.reset();
      c.lfo.set_frequency(rate_, sample_rate_);
      c.lfo.set_phase(static_cast<double>(i) * stereo_phase_);
      c.centre = centre_target_;
      c.depth = depth_target_;
    }
  }

  // Centre delay in ms, clamped to [1, 50].
  void set_centre_delay_ms(double ms) noexcept {
    centre_ms_ = clamp_or(ms, kMinCentreMs, kMaxCentreMs, 15.0);
    update_targets();
  }
  // Modulation depth in ms (peak deviation), clamped to [0, 20] and, when applied, to
  // centre - 0.5 ms so the delay never reaches zero.
  void set_depth_ms(double ms) noexcept {
    depth_ms_ = clamp_or(ms, 0.0, kMaxDepthMs, 0.0);
    update_targets();
  }
  // LFO rate in Hz, clamped to [0, 20]. The phase is kept.
  void set_rate_hz(double hz) noexcept {
    rate_ = clamp_or(hz, 0.0, kMaxRateHz, 0.0);
    for (auto& c : channels_) c.lfo.set_frequency(rate_, sample_rate_);
  }
  // LFO phase offset between consecutive channels in turns, clamped to [0, 1];
  // applied at reset(). 0.25 (90 degrees) by default.
  void set_stereo_phase(double turns) noexcept { stereo_phase_ = clamp_or(turns, 0.0, 1.0, 0.25); }
  // Wet proportion, clamped to [0, 1].
  void set_mix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.5); }

  [[nodiscard]] T process(T x, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
    auto& c = channels_[static_cast<std::size_t>(channel)];
    T lfo;
    c.lfo.fill(&lfo, 1);
    return tick(c.line, c.centre, c.depth, params(), x, lfo);
  }
  void process(std::span<T> block, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return;
    auto& c = channels_[static_cast<std::size_t>(channel)];
    scrub_non_finite(block);
    // Hot state in locals: the compiler cannot keep members in registers across the
    // stores to the block (they could alias).
    Params pr = params();
    T centre = c.centre, depth = c.depth;
    c.lfo.apply(block, [&](T x, T lfo) { return tick(c.line, centre, depth, pr, x, lfo); });
    c.centre = centre;
    c.depth = depth;
  }

  // Current modulated delay of a channel in samples (for tests and meters).
  [[nodiscard]] T current_delay_samples(int channel) const noexcept {
    const auto& c = channels_[static_cast<std::size_t>(channel)];
    return c.centre + std::min(c.depth, c.centre - half_ms_samples_) * static_cast<T>(c.lfo.sin());
  }

private:
  struct Channel {
    DelayLine<T> line;
    BlockSine lfo;
    T centre = T(0);
    T depth = T(0);
  };

  static double clamp_or(double v, double lo, double hi, double fallback) noexcept {
    return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
  }

  void update_targets() noexcept {
    centre_target_ = static_cast<T>(centre_ms_ * 1e-3 * sample_rate_);
    depth_target_ = static_cast<T>(depth_ms_ * 1e-3 * sample_rate_);
  }

  struct Params {
    T smoothing, centre_target, depth_target, half_ms, mix;
  };
  Params params() const noexcept { return {smoothing_, centre_target_, depth_target_, half_ms_samples_, mix_}; }

  static T tick(DelayLine<T>& line, T& centre, T& depth, const Params& pr, T x, T lfo) noexcept {
    centre += pr.smoothing * (pr.centre_target - centre);
    depth += pr.smoothing * (pr.depth_target - depth);
    const T delay = centre + std::min(depth, centre - pr.half_ms) * lfo;
    // Read before writing: a delay of d samples is d - 1 behind the newest sample.
    const T wet = line.read_linear(delay - T(1));
    line.push(delay_detail::finite_or_zero(x));
    return x + pr.mix * (wet - x);
  }

  std::vector<Channel> channels_ = std::vector<Channel>(1);
  double sample_rate_ = 48000.0;
  double centre_ms_ = 15.0, depth_ms_ = 3.0, rate_ = 0.8, stereo_phase_ = 0.25;
  T centre_target_ = T(720), depth_target_ = T(144);
  T smoothing_ = T(0.001);
  T half_ms_samples_ = T(24);
  T mix_ = T(0.5);
};

}  // namespace plinth::dsp
