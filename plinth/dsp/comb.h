// Comb filter sections: feedforward  y[n] = x[n] + g x[n-D]
//                       feedback     y[n] = x[n] + g LP(y)[n-D]
// where LP is an optional one-pole low pass in the loop ("damping"), the building block
// of Schroeder and Freeverb-style reverbs.
//
// Sections are single-channel building blocks sized in samples: prepare(max_delay_samples).
#pragma once

#include <algorithm>
#include <concepts>
#include <span>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

// y[n] = x[n] + g x[n-D]: notches at odd multiples of fs/(2D) for g > 0.
template <std::floating_point T>
class FeedforwardComb {
public:
  void prepare(int max_delay_samples) {
    line_.prepare(std::max(1, max_delay_samples));
    delay_ = std::clamp(delay_, 1, line_.max_delay());
  }
  void reset() noexcept { line_.reset(); }

  // Delay in samples, clamped to [1, max_delay_samples].
  void set_delay(int samples) noexcept { delay_ = std::clamp(samples, 1, line_.max_delay()); }
  // Gain g, clamped to [-1, 1].
  void set_gain(T g) noexcept { gain_ = clamp_gain(g); }

  [[nodiscard]] int delay() const noexcept { return delay_; }
  [[nodiscard]] T gain() const noexcept { return gain_; }

  [[nodiscard]] T process(T x) noexcept {
    line_.push(x);
    return x + gain_ * line_.at(static_cast<std::size_t>(delay_));
  }
  void process(std::span<T> block) noexcept {
    scrub_non_finite(block);
    for (auto& s : block) s = process(s);
  }

private:
  static T clamp_gain(T g) noexcept { return (g >= T(-1)) ? std::min(g, T(1)) : T(-1); }

  DelayLine<T> line_;
  int delay_ = 1;
  T gain_ = T(0);
};

// y[n] = x[n] + g LP(y)[n-D] with LP(v)[n] = (1-d) v[n] + d LP[n-1].
// Without damping (d = 0) H(z) = 1 / (1 - g z^-D): peaks at k fs / D for g > 0.
template <std::floating_point T>
class FeedbackComb {
public:
  void prepare(int max_delay_samples) {
    line_.prepare(std::max(1, max_delay_samples));
    delay_ = std::clamp(delay_, 1, line_.max_delay());
  }
  void reset() noexcept {
    line_.reset();
    lp_ = T(0);
  }

  // Delay in samples, clamped to [1, max_delay_samples].
  void set_delay(int samples) noexcept { delay_ = std::clamp(samples, 1, line_.max_delay()); }
  // Loop gain g, clamped to [-0.9999, 0.9999] so the section always decays.
  void set_gain(T g) noexcept {
    constexpr T lim = T(0.9999);
    gain_ = (g >= -lim) ? std::min(g, lim) : -lim;
  }
  // Loop low-pass coefficient d, clamped to [0, 0.99]; 0 is no damping.
  void set_damping(T d) noexcept { damping_ = (d >= T(0)) ? std::min(d, T(0.99)) : T(0); }

  [[nodiscard]] int delay() const noexcept { return delay_; }
  [[nodiscard]] T gain() const noexcept { return gain_; }
  [[nodiscard]] T damping() const noexcept { return damping_; }

  [[nodiscard]] T process(T x) noexcept {
    const T delayed = line_.at(static_cast<std::size_t>(delay_ - 1));
    lp_ = delayed + damping_ * (lp_ - delayed);
    const T y = x + gain_ * lp_;
    // Flushing and sanitising what is fed back keeps the loop free of denormals and
    // of NaN that would otherwise circulate forever.
    line_.push(delay_detail::flush_tiny(delay_detail::finite_or_zero(y)));
    lp_ = delay_detail::flush_tiny(delay_detail::finite_or_zero(lp_));
    return y;
  }
  void process(std::span<T> block) noexcept {
    scrub_non_finite(block);
    for (auto& s : block) s = process(s);
  }

private:
  DelayLine<T> line_;
  int delay_ = 1;
  T gain_ = T(0);
  T damping_ = T(0);
  T lp_ = T(0);
};

}  // namespace plinth::dsp
