// Plinth DSP: bit-depth and sample-rate reduction.
//
//   plinth::dsp::Bitcrusher<float> crush;  crush.prepare(sr, max_block, 2);
//   crush.set_bits(8);                      // 8-bit quantiser
//   crush.set_downsample(4.0);              // hold each sample for 4 samples (fs / 4)
//   crush.process(left, 0); crush.process(right, 1);
//
// Quantiser: mid-tread, step q = 2^(1 - bits), y = q round(x / q), clipped to [-1, 1]; with
// b bits the outputs are k q for integer k in [-2^(b-1), 2^(b-1)] (so 0 is a level and
// silence stays silent). bits is continuous in [1, 24]: fractional depths give in-between
// step sizes, so the parameter can be swept smoothly. 24 bits or more is a bypass of the
// quantiser.
// Rate reduction: sample-and-hold driven by a phase accumulator. factor in [1, 256]
// (fractional allowed): a new input sample is taken whenever the phase, advancing by
// 1/factor per sample, wraps; in between the last one is held. With an integer factor N the
// output changes only every N samples, at samples 0, N, 2N, ... after reset(). No
// anti-alias filter is applied on purpose (the aliasing is the effect). State is per
// channel; NaN input is held only until the next taken sample and cleared by reset().
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class Bitcrusher {
public:
  void prepare(double /*sample_rate*/, int /*max_block_size*/, int channels) {
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    held_.assign(n, T(0));
    phase_.assign(n, 1.0);
    reset();
  }

  void reset() noexcept {
    std::fill(held_.begin(), held_.end(), T(0));
    // Phase starts full so the very first sample is taken.
    std::fill(phase_.begin(), phase_.end(), 1.0);
  }

  // Bit depth, clamped to [1, 24].
  void set_bits(double bits) noexcept {
    bits_ = std::isfinite(bits) ? std::clamp(bits, 1.0, 24.0) : 24.0;
    const double q = std::pow(2.0, 1.0 - bits_);
    step_ = static_cast<T>(q);
    inv_step_ = static_cast<T>(1.0 / q);
  }

  // Sample-rate reduction factor, clamped to [1, 256].
  void set_downsample(double factor) noexcept {
    factor_ = std::isfinite(factor) ? std::clamp(factor, 1.0, 256.0) : 1.0;
    increment_ = 1.0 / factor_;
  }

  [[nodiscard]] double bits() const noexcept { return bits_; }
  [[nodiscard]] T quantization_step() const noexcept { return step_; }

  [[nodiscard]] T quantize(T x) const noexcept {
    if (bits_ >= 24.0) return x;
    const T y = std::nearbyint(x * inv_step_) * step_;
    return std::clamp(y, T(-1), T(1));
  }

  T process(T x, int channel) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= held_.size()) return x;
    const auto c = static_cast<std::size_t>(channel);
    double ph = phase_[c];
    if (ph >= 1.0 - 1e-9) {  // tolerance: 1/factor summed factor times may round below 1
      ph = std::max(0.0, ph - 1.0);
      held_[c] = quantize(x);
    }
    phase_[c] = ph + increment_;
    return held_[c];
  }

  void process(std::span<T> block, int channel) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= held_.size()) return;
    scrub_non_finite(block);
    if (increment_ >= 1.0) {  // no rate reduction: a plain quantiser loop
      for (T& x : block) x = quantize(x);
      if (!block.empty()) held_[static_cast<std::size_t>(channel)] = block.back();
      return;
    }
    for (T& x : block) x = process(x, channel);
  }

private:
  double bits_ = 24.0;
  double factor_ = 1.0;
  double increment_ = 1.0;
  T step_ = T(1.0 / 8388608.0);
  T inv_step_ = T(8388608.0);
  std::vector<T> held_;
  std::vector<double> phase_;
};

}  // namespace plinth::dsp
