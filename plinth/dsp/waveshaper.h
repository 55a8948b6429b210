// Plinth DSP: static waveshapers (memoryless nonlinearities) and a drive/shape processor.
//
//   plinth::dsp::Waveshaper<float> ws;
//   ws.prepare(sample_rate, max_block_size, channels);
//   ws.set_type(plinth::dsp::ShaperType::Tanh);
//   ws.set_drive_db(18.0);                 // input gain before the curve
//   ws.process(block);                   // in place; run it inside an Oversampler to avoid aliasing
//
// The curves (x is the driven input):
//   shape_tanh(x)          tanh(x) by a [9/8] Pade approximant (Lambert's continued fraction),
//                         input clamped to +-6.3 and output to +-1; |error| < 7e-6 (-103 dB).
//   shape_soft_clip(x)      cubic: 1.5 x - 0.5 x^3 for |x| <= 1, sign(x) beyond (C1 at +-1).
//   shape_hard_clip(x)      clamp(x, -1, 1).
//   shape_foldback(x)      reflects at +-1: a triangle wave of period 4 in x,
//                         1 - |((x + 1) mod 4) - 2|; identity on [-1, 1].
//   shape_asymmetric(x, c) tanh(x) for x >= 0, c tanh(x / c) for x < 0: slope 1 at 0 on both
//                         sides, positive half saturates at +1, negative at -c (c in
//                         [0.1, 1]); unequal halves make even harmonics (and DC).
// Waveshaper parameters: drive clamped to [-24, +48] dB, output gain to [-48, +24] dB,
// asymmetry c to [0.1, 1]. Drive and output gain are ramped linearly over 10 ms after a
// change (per sample, so per-sample modulation is click-free). The processor holds no
// audio state, so NaN in gives NaN out for that sample only; reset() is trivial.
// Curves are pure functions: safe on any thread, never allocate.
#pragma once

#include "plinth/dsp/decibel.h"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
[[nodiscard]] inline T shape_tanh(T x) noexcept {
  // tanh(x) ~= x (34459425 + 4729725 x^2 + 135135 x^4 + 990 x^6 + x^8)
  //            / (34459425 + 16216200 x^2 + 945945 x^4 + 13860 x^6 + 45 x^8)
  // which reaches 1 near |x| = 6.3; beyond, tanh differs from 1 by less than 7e-6.
  const T c = std::clamp(x, T(-6.3), T(6.3));
  const T x2 = c * c;
  const T num = c * (T(34459425) + x2 * (T(4729725) + x2 * (T(135135) + x2 * (T(990) + x2))));
  const T den = T(34459425) + x2 * (T(16216200) + x2 * (T(945945) + x2 * (T(13860) + x2 * T(45))));
  return std::clamp(num / den, T(-1), T(1));
}

template <std::floating_point T>
[[nodiscard]] inline T shape_soft_clip(T x) noexcept {
  const T c = std::clamp(x, T(-1), T(1));
  return T(1.5) * c - T(0.5) * c * c * c;
}

template <std::floating_point T>
[[nodiscard]] inline T shape_hard_clip(T x) noexcept {
  return std::clamp(x, T(-1), T(1));
}

template <std::floating_point T>
[[nodiscard]] inline T shape_foldback(T x) noexcept {
  if (!std::isfinite(x)) return std::isnan(x) ? x : T(0);
  const T p = x + T(1);
  T m = p - T(4) * std::floor(p * T(0.25));  // p mod 4, in [0, 4)
  return T(1) - std::abs(m - T(2));
}

template <std::floating_point T>
[[nodiscard]] inline T shape_asymmetric(T x, T negative_ceiling) noexcept {
  const T c = std::clamp(negative_ceiling, T(0.1), T(1));
  return x >= T(0) ? shape_tanh(x) : c * shape_tanh(x / c);
}

enum class ShaperType { Tanh, SoftClip, HardClip, Foldback, Asymmetric };

template <std::floating_point T>
class Waveshaper {
public:
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept {
    const double sr = std::isfinite(sample_rate) ? std::clamp(sample_rate, 1000.0, 1.0e6) : 48000.0;
    ramp_length_ = std::max(1, static_cast<int>(0.010 * sr));
    reset();
  }

  // Jumps the ramps to their targets.
  void reset() noexcept {
    drive_ = drive_target_;
    gain_ = gain_target_;
    remaining_ = 0;
  }

  void set_type(ShaperType type) noexcept { type_ = type; }
  [[nodiscard]] ShaperType type() const noexcept { return type_; }

  void set_drive_db(double db) noexcept {
    const double d = std::isfinite(db) ? std::clamp(db, -24.0, 48.0) : 0.0;
    drive_target_ = static_cast<T>(decibels_to_gain(d));
    start_ramp();
  }

  void set_output_gain_db(double db) noexcept {
    const double d = std::isfinite(db) ? std::clamp(db, -48.0, 24.0) : 0.0;
    gain_target_ = static_cast<T>(decibels_to_gain(d));
    start_ramp();
  }

  // Negative-side ceiling c of the asymmetric curve, clamped to [0.1, 1].
  void set_asymmetry(double negative_ceiling) noexcept {
    asym_ = static_cast<T>(std::isfinite(negative_ceiling) ? std::clamp(negative_ceiling, 0.1, 1.0) : 1.0);
  }

  [[nodiscard]] T drive() const noexcept { return drive_; }

  T process(T x) noexcept {
    advance();
    return gain_ * shape(drive_ * x);
  }

  void process(std::span<T> block) noexcept {
    scrub_non_finite(block);
    std::size_t i = 0;
    const std::size_t n = block.size();
    for (; i < n && remaining_ > 0; ++i) block[i] = process(block[i]);
    if (i == n) return;
    // Steady parameters: one tight loop per curve so the compiler can vectorize it.
    const T d = drive_, g = gain_;
    T* p = block.data() + i;
    const std::size_t m = n - i;
    switch (type_) {
      case ShaperType::Tanh:
        for (std::size_t k = 0; k < m; ++k) p[k] = g * shape_tanh(d * p[k]);
        break;
      case ShaperType::SoftClip:
        for (std::size_t k = 0; k < m; ++k) p[k] = g * shape_soft_clip(d * p[k]);
        break;
      case ShaperType::HardClip:
        for (std::size_t k = 0; k < m; ++k) p[k] = g * shape_hard_clip(d * p[k]);
        break;
      case ShaperType::Foldback:
        for (std::size_t k = 0; k < m; ++k) p[k] = g * shape_foldback(d * p[k]);
        break;
      case ShaperType::Asymmetric: {
        const T c = asym_;
        for (std::size_t k = 0; k < m; ++k) p[k] = g * shape_asymmetric(d * p[k], c);
        break;
      }
    }
  }

private:
  [[nodiscard]] T shape(T x) const noexcept {
    switch (type_) {
      case ShaperType::Tanh: return shape_tanh(x);
      case ShaperType::SoftClip: return shape_soft_clip(x);
      case ShaperType::HardClip: return shape_hard_clip(x);
      case ShaperType::Foldback: return shape_foldback(x);
      case ShaperType::Asymmetric: return shape_asymmetric(x, asym_);
    }
    return x;
  }

  void start_ramp() noexcept {
    remaining_ = ramp_length_;
    drive_step_ = (drive_target_ - drive_) / static_cast<T>(ramp_length_);
    gain_step_ = (gain_target_ - gain_) / static_cast<T>(ramp_length_);
  }

  void advance() noexcept {
    if (remaining_ <= 0) return;
    if (--remaining_ == 0) {
      drive_ = drive_target_;
      gain_ = gain_target_;
    } else {
      drive_ += drive_step_;
      gain_ += gain_step_;
    }
  }

  ShaperType type_ = ShaperType::Tanh;
  T drive_ = T(1), drive_target_ = T(1), drive_step_ = T(0);
  T gain_ = T(1), gain_target_ = T(1), gain_step_ = T(0);
  T asym_ = T(1);
  int ramp_length_ = 480;
  int remaining_ = 0;
};

}  // namespace plinth::dsp
