// Plinth DSP: one-pole low and high pass (topology-preserving, trapezoidal).
//
// With g = tan(pi fc / fs) and prewarped s, the outputs are exactly
//   low_pass  1 / (1 + s)      (-3.01 dB at the cutoff)
//   high_pass s / (1 + s)
// and low_pass + high_pass = input. TPT form: modulation safe, cutoff may change per sample.
//
// Range (clamped): cutoff 1 Hz .. 0.49 fs.
//
//   OnePole<float> lp;  lp.set_cutoff(200.0);  lp.prepare(48000.0, 512, 2);
//   y = lp.process(x, channel);             // mode LowPass by default
#pragma once

#include "plinth/dsp/filter_parameters.h"

#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

enum class OnePoleMode { LowPass, HighPass };

template <std::floating_point T>
class OnePole {
public:
  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    state_.assign(static_cast<std::size_t>(FilterLimits::channels(channels)), T(0));
    update();
  }

  void reset() noexcept {
    for (T& s : state_) s = T(0);
  }

  void set_cutoff(double hz) noexcept {
    cutoff_ = hz;
    update();
  }
  void set_mode(OnePoleMode mode) noexcept { mode_ = mode; }
  [[nodiscard]] double cutoff() const noexcept { return FilterLimits::frequency(cutoff_, sample_rate_); }
  [[nodiscard]] OnePoleMode mode() const noexcept { return mode_; }

  // Low-pass output for one sample (high pass = x - low_pass).
  [[nodiscard]] T process_low_pass(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return x;
    T& s = state_[static_cast<std::size_t>(channel)];
    const T v = (x - s) * G_;
    const T lp = v + s;
    s = lp + v;
    return lp;
  }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    const T lp = process_low_pass(x, channel);
    return mode_ == OnePoleMode::LowPass ? lp : x - lp;
  }

  void process(std::span<T> block, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return;
    T s = state_[static_cast<std::size_t>(channel)];
    // The TPT update written out: lp = G x + (1 - G) s, s' = 2 G x + (1 - 2G) s, so
    // the loop-carried chain is one multiply and one add.
    const T G = G_, c = T(1) - G_, two_g = T(2) * G_, c2 = T(1) - T(2) * G_;
    // Non-finite input is silence, zeroed inside the loop: the loop is bound by its
    // recursion's latency, so the select is free, where a separate pass is not.
    if (mode_ == OnePoleMode::LowPass) {
      for (T& x : block) {
        x = std::isfinite(x) ? x : T(0);
        const T lp = G * x + c * s;
        s = two_g * x + c2 * s;
        x = lp;
      }
    } else {
      for (T& x : block) {
        x = std::isfinite(x) ? x : T(0);
        const T lp = G * x + c * s;
        s = two_g * x + c2 * s;
        x = x - lp;
      }
    }
    if (!std::isfinite(s) || std::abs(s) < T(1e-30)) s = T(0);  // NaN/inf never sticks past a block; no denormals
    state_[static_cast<std::size_t>(channel)] = s;
  }

private:
  void update() noexcept {
    const double g = std::tan(std::numbers::pi * cutoff() / sample_rate_);
    G_ = T(g / (1.0 + g));
  }

  std::vector<T> state_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double cutoff_ = 1000.0;
  OnePoleMode mode_ = OnePoleMode::LowPass;
  T G_ = T(0);
};

}  // namespace plinth::dsp
