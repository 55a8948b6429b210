// Schroeder all-pass section: H(z) = (-g + z^-D) / (1 - g z^-D).
// Flat magnitude at every frequency; used in series to diffuse reverb tails.
// A single-channel building block sized in samples: prepare(max_delay_samples).
#pragma once

#include <algorithm>
#include <concepts>
#include <span>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class SchroederAllpass {
public:
  void prepare(int max_delay_samples) {
    line_.prepare(std::max(1, max_delay_samples));
    delay_ = std::clamp(delay_, 1, line_.max_delay());
  }
  void reset() noexcept { line_.reset(); }

  // Delay in samples, clamped to [1, max_delay_samples].
  void set_delay(int samples) noexcept { delay_ = std::clamp(samples, 1, line_.max_delay()); }
  // Gain g, clamped to [-0.9999, 0.9999] (|g| < 1 keeps the pole inside the unit circle).
  void set_gain(T g) noexcept {
    constexpr T lim = T(0.9999);
    gain_ = (g >= -lim) ? std::min(g, lim) : -lim;
  }

  [[nodiscard]] int delay() const noexcept { return delay_; }
  [[nodiscard]] T gain() const noexcept { return gain_; }

  // One delay line holds v[n] = x[n] + g v[n-D]; y[n] = -g v[n] + v[n-D].
  [[nodiscard]] T process(T x) noexcept {
    const T delayed = line_.at(static_cast<std::size_t>(delay_ - 1));
    const T v = delay_detail::flush_tiny(delay_detail::finite_or_zero(x + gain_ * delayed));
    line_.push(v);
    return delayed - gain_ * v;
  }
  void process(std::span<T> block) noexcept {
    scrub_non_finite(block);
    for (auto& s : block) s = process(s);
  }

private:
  DelayLine<T> line_;
  int delay_ = 1;
  T gain_ = T(0.5);
};

}  // namespace plinth::dsp
