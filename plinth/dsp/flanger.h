// Flanger: a short modulated delay with feedback, mixed with the dry signal:
//   delay(t) = min_delay + depth * (1 + sin(2 pi (rate t + channel * stereo_phase))) / 2
//   v = x(t - delay(t)) read from a line fed with x + feedback * v
//   y = (1 - mix) x + mix * v
// The delay sweeps [min_delay, min_delay + depth]. Linear interpolation; min_delay and depth
// are smoothed (~20 ms).
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
class Flanger {
public:
  static constexpr double kMinDelayMsLo = 0.05, kMinDelayMsHi = 10.0;
  static constexpr double kMaxDepthMs = 10.0;
  static constexpr double kMaxRateHz = 20.0;
  static constexpr double kMaxFeedback = 0.95;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
    const int max_samples = static_cast<int>(std::ceil((kMinDelayMsHi + kMaxDepthMs) * 1e-3 * sample_rate_)) + 2;
    for (auto& c : channels_) c.line.prepare(max_samples);
    smoothing_ = static_cast<T>(follower_rate(0.02, sample_rate_));
    update_targets();
    reset();
  }

  void reset() noexcept {
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      auto& c = channels_[i];
      c.line.reset();
      c.lfo.set_frequency(rate_, sample_rate_);
      c.lfo.set_phase(static_cast<double>(i) * stereo_phase_);
      c.min_delay = min_target_;
      c.depth = depth_target_;
    }
  }

  // Shortest delay of the sweep in ms, clamped to [0.05, 10] (and to >= 1 sample).
  void set_delay_ms(double ms) noexcept {
    delay_ms_ = clamp_or(ms, kMinDelayMsLo, kMinDelayMsHi, 1.0);
    update_targets();
  }
  // Sweep width in ms, clamped to [0, 10].
  void set_depth_ms(double ms) noexcept {
    depth_ms_ = clamp_or(ms, 0.0, kMaxDepthMs, 0.0);
    update_targets();
  }
  // LFO rate in Hz, clamped to [0, 20].
  void set_rate_hz(double hz) noexcept {
    rate_ = clamp_or(hz, 0.0, kMaxRateHz, 0.0);
    for (auto& c : channels_) c.lfo.set_frequency(rate_, sample_rate_);
  }
  // Feedback, clamped to [-0.95, 0.95].
  void set_feedback(T fb) noexcept {
    feedback_ = std::isfinite(fb) ? std::clamp(fb, T(-kMaxFeedback), T(kMaxFeedback)) : T(0);
  }
  // LFO phase offset between consecutive channels in turns, [0, 1]; applied at reset().
  void set_stereo_phase(double turns) noexcept { stereo_phase_ = clamp_or(turns, 0.0, 1.0, 0.25); }
  // Wet proportion, clamped to [0, 1]. 0.5 gives the deepest notches.
  void set_mix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.5); }

  [[nodiscard]] T process(T x, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
    auto& c = channels_[static_cast<std::size_t>(channel)];
    T lfo;
    c.lfo.fill(&lfo, 1);
    return tick(c.line, c.min_delay, c.depth, params(), x, lfo);
  }
  void process(std::span<T> block, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return;
    auto& c = channels_[static_cast<std::size_t>(channel)];
    scrub_non_finite(block);
    // Hot state in locals: the compiler cannot keep members in registers across the
    // stores to the block (they could alias).
    Params pr = params();
    T min_delay = c.min_delay, depth = c.depth;
    c.lfo.apply(block, [&](T x, T lfo) { return tick(c.line, min_delay, depth, pr, x, lfo); });
    c.min_delay = min_delay;
    c.depth = depth;
  }

  [[nodiscard]] T current_delay_samples(int channel) const noexcept {
    const auto& c = channels_[static_cast<std::size_t>(channel)];
    return c.min_delay + c.depth * static_cast<T>(0.5 * (1.0 + c.lfo.sin()));
  }

private:
  struct Channel {
    DelayLine<T> line;
    BlockSine lfo;
    T min_delay = T(1);
    T depth = T(0);
  };

  static double clamp_or(double v, double lo, double hi, double fallback) noexcept {
    return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
  }

  void update_targets() noexcept {
    min_target_ = static_cast<T>(std::max(1.0, delay_ms_ * 1e-3 * sample_rate_));
    depth_target_ = static_cast<T>(depth_ms_ * 1e-3 * sample_rate_);
  }

  struct Params {
    T smoothing, min_target, depth_target, feedback, mix;
  };
  Params params() const noexcept { return {smoothing_, min_target_, depth_target_, feedback_, mix_}; }

  static T tick(DelayLine<T>& line, T& min_delay, T& depth, const Params& pr, T x, T lfo) noexcept {
    min_delay += pr.smoothing * (pr.min_target - min_delay);
    depth += pr.smoothing * (pr.depth_target - depth);
    const T delay = min_delay + depth * (T(0.5) + T(0.5) * lfo);
    const T wet = line.read_linear(delay - T(1));
    line.push(delay_detail::flush_tiny(delay_detail::finite_or_zero(x + pr.feedback * wet)));
    return x + pr.mix * (wet - x);
  }

  std::vector<Channel> channels_ = std::vector<Channel>(1);
  double sample_rate_ = 48000.0;
  double delay_ms_ = 1.0, depth_ms_ = 2.0, rate_ = 0.25, stereo_phase_ = 0.25;
  T min_target_ = T(48), depth_target_ = T(96);
  T smoothing_ = T(0.001);
  T feedback_ = T(0);
  T mix_ = T(0.5);
};

}  // namespace plinth::dsp
