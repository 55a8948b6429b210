// Multi-tap delay: one delay line fed with the (mono) input, N taps each with its own
// delay, gain and stereo pan, and a feedback path from the sum of the taps.
//
//   line input  = x + feedback * (sum_i gain_i * tap_i) / max(1, sum_i |gain_i|)
//   left/right  = dry * x + wet * sum_i gain_i * pan_{L/R}(pan_i) * tap_i
//
// Pan uses the constant-power law: L = cos(theta), R = sin(theta),
// theta = (pan + 1) * pi / 4, pan in [-1, 1]. Normalising the feedback by the total tap
// gain keeps the loop stable for any tap settings while feedback < 1.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <numbers>
#include <span>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T, int MaxTaps = 8>
class MultitapDelay {
  static_assert(MaxTaps >= 1);

public:
  static constexpr int kMaxTaps = MaxTaps;
  static constexpr double kMaxDelayLimitSeconds = 60.0;

  // Longest delay the line can hold, clamped to [0.001, 60] s. Takes effect at prepare().
  void set_max_delay_seconds(double seconds) noexcept {
    max_delay_seconds_ = std::isfinite(seconds) ? std::clamp(seconds, 0.001, kMaxDelayLimitSeconds) : 2.0;
  }

  // channels is unused: the line is mono, outputs are stereo (or mono via process(x)).
  void prepare(double sample_rate, int /*max_block_size*/, int /*channels*/) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    line_.prepare(static_cast<int>(std::ceil(max_delay_seconds_ * sample_rate_ - 1e-9)));
    for (int i = 0; i < MaxTaps; ++i)
      set_tap_delay_samples(i, taps_[static_cast<std::size_t>(i)].delay_samples_requested);
    reset();
  }

  void reset() noexcept { line_.reset(); }

  // Number of active taps, clamped to [0, MaxTaps].
  void set_num_taps(int n) noexcept {
    num_taps_ = std::clamp(n, 0, MaxTaps);
    update_feedback_norm();
  }
  [[nodiscard]] int num_taps() const noexcept { return num_taps_; }

  // Tap delay in seconds; clamped to [1 sample, max delay]. Fractional sample delays
  // are read with linear interpolation.
  void set_tap_delay_seconds(int tap, double seconds) noexcept {
    set_tap_delay_samples(tap, std::isfinite(seconds) ? seconds * sample_rate_ : 1.0);
  }
  void set_tap_delay_samples(int tap, double samples) noexcept {
    if (tap < 0 || tap >= MaxTaps) return;
    auto& t = taps_[static_cast<std::size_t>(tap)];
    t.delay_samples_requested = std::isfinite(samples) ? samples : 1.0;
    // Read before the current sample is written: delay d reads d - 1 back.
    t.read_delay =
        static_cast<T>(std::clamp(t.delay_samples_requested, 1.0, static_cast<double>(line_.max_delay())) - 1.0);
  }
  // Tap gain, clamped to [-2, 2].
  void set_tap_gain(int tap, T gain) noexcept {
    if (tap < 0 || tap >= MaxTaps) return;
    taps_[static_cast<std::size_t>(tap)].gain = std::isfinite(gain) ? std::clamp(gain, T(-2), T(2)) : T(0);
    update_feedback_norm();
  }
  // Tap pan, clamped to [-1 (left), 1 (right)].
  void set_tap_pan(int tap, T pan) noexcept {
    if (tap < 0 || tap >= MaxTaps) return;
    const double p = std::isfinite(pan) ? std::clamp(static_cast<double>(pan), -1.0, 1.0) : 0.0;
    const double theta = (p + 1.0) * std::numbers::pi / 4.0;
    auto& t = taps_[static_cast<std::size_t>(tap)];
    t.pan_l = static_cast<T>(std::cos(theta));
    t.pan_r = static_cast<T>(std::sin(theta));
  }
  void set_tap(int tap, double delay_seconds, T gain, T pan = T(0)) noexcept {
    set_tap_delay_seconds(tap, delay_seconds);
    set_tap_gain(tap, gain);
    set_tap_pan(tap, pan);
  }

  // Feedback, clamped to [-0.99, 0.99].
  void set_feedback(T fb) noexcept {
    feedback_ = std::isfinite(fb) ? std::clamp(fb, T(-0.99), T(0.99)) : T(0);
    update_feedback_norm();
  }
  // Dry and wet levels, each clamped to [0, 1].
  void set_dry_level(T g) noexcept { dry_ = std::isfinite(g) ? std::clamp(g, T(0), T(1)) : T(0); }
  void set_wet_level(T g) noexcept { wet_ = std::isfinite(g) ? std::clamp(g, T(0), T(1)) : T(0); }

  // Mono in, stereo out.
  void process(T x, T& out_l, T& out_r) noexcept {
    T sum_l, sum_r;
    tick(x, sum_l, sum_r);
    out_l = dry_ * x + wet_ * sum_l;
    out_r = dry_ * x + wet_ * sum_r;
  }

  // Mono in, mono out: pan is ignored (taps summed with their gains).
  [[nodiscard]] T process(T x) noexcept {
    T sum = T(0);
    for (int i = 0; i < num_taps_; ++i) {
      const auto& t = taps_[static_cast<std::size_t>(i)];
      sum += t.gain * line_.read_linear(t.read_delay);
    }
    line_.push(
        delay_detail::flush_tiny(delay_detail::finite_or_zero(delay_detail::finite_or_zero(x) + fb_scaled_ * sum)));
    return dry_ * x + wet_ * sum;
  }

  void process(std::span<T> block) noexcept {
    scrub_non_finite(block);
    for (auto& s : block) s = process(s);
  }

  // Stereo in place: the line is fed (left + right) / 2, each side keeps its own dry.
  void process(std::span<T> left, std::span<T> right) noexcept {
    scrub_non_finite(left);
    scrub_non_finite(right);
    const std::size_t n = std::min(left.size(), right.size());
    for (std::size_t i = 0; i < n; ++i) {
      T sum_l, sum_r;
      tick(T(0.5) * (left[i] + right[i]), sum_l, sum_r);
      left[i] = dry_ * left[i] + wet_ * sum_l;
      right[i] = dry_ * right[i] + wet_ * sum_r;
    }
  }

  // Mono in, separate stereo outputs.
  void process(std::span<const T> in, std::span<T> out_l, std::span<T> out_r) noexcept {
    const std::size_t n = std::min({in.size(), out_l.size(), out_r.size()});
    for (std::size_t i = 0; i < n; ++i) process(in[i], out_l[i], out_r[i]);
  }

private:
  struct Tap {
    double delay_samples_requested = 1.0;
    T read_delay = T(0);
    T gain = T(0);
    T pan_l = static_cast<T>(std::numbers::sqrt2 / 2);
    T pan_r = static_cast<T>(std::numbers::sqrt2 / 2);
  };

  // Reads all taps (before the current sample enters the line), then writes the input
  // plus feedback. Returns the panned wet sums.
  void tick(T x, T& sum_l, T& sum_r) noexcept {
    T l = T(0), r = T(0), sum = T(0);
    for (int i = 0; i < num_taps_; ++i) {
      const auto& t = taps_[static_cast<std::size_t>(i)];
      const T v = t.gain * line_.read_linear(t.read_delay);
      sum += v;
      l += v * t.pan_l;
      r += v * t.pan_r;
    }
    line_.push(
        delay_detail::flush_tiny(delay_detail::finite_or_zero(delay_detail::finite_or_zero(x) + fb_scaled_ * sum)));
    sum_l = l;
    sum_r = r;
  }

  void update_feedback_norm() noexcept {
    T total = T(0);
    for (int i = 0; i < num_taps_; ++i) total += std::abs(taps_[static_cast<std::size_t>(i)].gain);
    fb_scaled_ = feedback_ / std::max(T(1), total);
  }

  DelayLine<T> line_;
  std::array<Tap, static_cast<std::size_t>(MaxTaps)> taps_{};
  double sample_rate_ = 48000.0;
  double max_delay_seconds_ = 2.0;
  int num_taps_ = 0;
  T feedback_ = T(0);
  T fb_scaled_ = T(0);
  T dry_ = T(1);
  T wet_ = T(1);
};

}  // namespace plinth::dsp
