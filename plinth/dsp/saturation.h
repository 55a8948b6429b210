// Plinth DSP: tube-style and tape-style saturation.
//
//   plinth::dsp::TubeSaturator<float> tube;  tube.prepare(sr, max_block, 2);
//   tube.set_drive_db(12); tube.set_bias(0.2);
//   tube.process(left, 0); tube.process(right, 1);
//
//   plinth::dsp::TapeSaturator<float> tape;  tape.prepare(sr, max_block, 2);
//   tape.set_drive_db(6); tape.set_emphasis_db(6);
//   tape.process(left, 0); tape.process(right, 1);
//
// Both are nonlinear: run them inside an Oversampler (oversampler.h) when aliasing matters.
//
// TubeSaturator: y = f(d x + b) - f(b), then a DC blocker.
//   f(u) = tanh(u) for u >= 0 and 0.6 tanh(u / 0.6) for u < 0 (shape_asymmetric): the negative
//   half clips earlier, like a triode's grid current, so the output has even harmonics.
//   The bias b shifts the operating point along the curve (more asymmetry); subtracting f(b)
//   removes the static offset, and a one-pole DC blocker (5 Hz) removes the signal-dependent
//   DC that asymmetric clipping creates. Small-signal gain: d f'(b), f'(b) = 1 - tanh^2(b)
//   for b >= 0. Ranges: drive [0, 36] dB, bias [-0.5, 0.5], output gain [-36, 12] dB.
//
// TapeSaturator: pre-emphasis -> y = tanh(d u) -> de-emphasis (the exact inverse filter).
//   Tape saturates high frequencies first because recording pre-emphasis boosts them; here a
//   first-order high shelf (zero at 1.5 kHz, pole at 1.5 kHz * emphasis gain, bilinear with
//   both corners pre-warped) boosts the treble before the curve and its inverse restores the
//   balance after it. At low level the chain is transparent with gain d at every frequency;
//   driven hard, the treble compresses more than the bass. This is the only "memory"; there
//   is no hysteresis model (kept simple on purpose). Ranges: drive [-12, 36] dB, emphasis
//   [0, 18] dB, output gain [-36, 12] dB.
//
// Drive and output gain ramp linearly over 10 ms per channel. State is per channel, flushed
// when tiny and cleared when non-finite; NaN in cannot leave NaN after reset().
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

#include "plinth/dsp/decibel.h"
#include "plinth/dsp/waveshaper.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

namespace saturation_detail {

// Linear parameter ramp, one per channel so channel-by-channel block processing stays in step.
template <std::floating_point T>
struct Ramp {
  T value = T(1), target = T(1), step = T(0);
  int remaining = 0;

  void start(T new_target, int length) noexcept {
    target = new_target;
    remaining = length;
    step = (target - value) / static_cast<T>(length);
  }
  T next() noexcept {
    if (remaining > 0) {
      value = --remaining == 0 ? target : value + step;
    }
    return value;
  }
  void jump() noexcept {
    value = target;
    remaining = 0;
  }
};

inline int ramp_length(double sample_rate) noexcept { return std::max(1, static_cast<int>(0.010 * sample_rate)); }

inline double sanitize_rate(double sample_rate) noexcept {
  return std::isfinite(sample_rate) ? std::clamp(sample_rate, 1000.0, 1.0e6) : 48000.0;
}

template <std::floating_point T>
inline void clean_state(T& s) noexcept {
  if (!(std::abs(s) >= T(1e-25)) || !std::isfinite(s)) s = T(0);
}

}  // namespace saturation_detail

template <std::floating_point T>
class TubeSaturator {
public:
  static constexpr T kNegativeCeiling = T(0.6);

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = saturation_detail::sanitize_rate(sample_rate);
    ramp_length_ = saturation_detail::ramp_length(sample_rate_);
    dc_pole_ = static_cast<T>(std::exp(-2.0 * std::numbers::pi * 5.0 / sample_rate_));
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    ch_.assign(n, Channel{});
    reset();
  }

  void reset() noexcept {
    for (auto& c : ch_) {
      c.x1 = c.y1 = T(0);
      c.drive.target = drive_target_;
      c.gain.target = gain_target_;
      c.drive.jump();
      c.gain.jump();
    }
  }

  void set_drive_db(double db) noexcept {
    drive_target_ = db_to_gain(std::isfinite(db) ? std::clamp(db, 0.0, 36.0) : 0.0);
    for (auto& c : ch_) c.drive.start(drive_target_, ramp_length_);
  }

  void set_output_gain_db(double db) noexcept {
    gain_target_ = db_to_gain(std::isfinite(db) ? std::clamp(db, -36.0, 12.0) : 0.0);
    for (auto& c : ch_) c.gain.start(gain_target_, ramp_length_);
  }

  // Operating point, clamped to [-0.5, 0.5].
  void set_bias(double bias) noexcept {
    bias_ = static_cast<T>(std::isfinite(bias) ? std::clamp(bias, -0.5, 0.5) : 0.0);
    offset_ = shape_asymmetric(bias_, kNegativeCeiling);
  }

  T process(T x, int channel) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= ch_.size()) return x;
    Channel& c = ch_[static_cast<std::size_t>(channel)];
    const T y = step(c, x);
    sanitize(c);
    return y;
  }

  void process(std::span<T> block, int channel) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= ch_.size()) return;
    Channel& c = ch_[static_cast<std::size_t>(channel)];
    scrub_non_finite(block);
    for (T& x : block) x = step(c, x);
    sanitize(c);
  }

private:
  struct Channel {
    T x1 = T(0), y1 = T(0);
    saturation_detail::Ramp<T> drive, gain;
  };

  static T db_to_gain(double db) noexcept { return static_cast<T>(decibels_to_gain(db)); }

  T step(Channel& c, T x) noexcept {
    const T d = c.drive.next();
    const T g = c.gain.next();
    const T s = shape_asymmetric(d * x + bias_, kNegativeCeiling) - offset_;
    // DC blocker: y = s - s1 + p y1.
    const T y = s - c.x1 + dc_pole_ * c.y1;
    c.x1 = s;
    c.y1 = y;
    return g * y;
  }

  static void sanitize(Channel& c) noexcept {
    if (!std::isfinite(c.x1) || !std::isfinite(c.y1)) c.x1 = c.y1 = T(0);
    saturation_detail::clean_state(c.y1);
  }

  double sample_rate_ = 48000.0;
  int ramp_length_ = 480;
  T dc_pole_ = T(0.999);
  T drive_target_ = T(1), gain_target_ = T(1);
  T bias_ = T(0), offset_ = T(0);
  std::vector<Channel> ch_;
};

template <std::floating_point T>
class TapeSaturator {
public:
  static constexpr double kEmphasisCornerHz = 1500.0;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = saturation_detail::sanitize_rate(sample_rate);
    ramp_length_ = saturation_detail::ramp_length(sample_rate_);
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    ch_.assign(n, Channel{});
    design();
    reset();
  }

  void reset() noexcept {
    for (auto& c : ch_) {
      c.px1 = c.py1 = c.dx1 = c.dy1 = T(0);
      c.drive.target = drive_target_;
      c.gain.target = gain_target_;
      c.drive.jump();
      c.gain.jump();
    }
  }

  void set_drive_db(double db) noexcept {
    drive_target_ = static_cast<T>(decibels_to_gain(std::isfinite(db) ? std::clamp(db, -12.0, 36.0) : 0.0));
    for (auto& c : ch_) c.drive.start(drive_target_, ramp_length_);
  }

  void set_output_gain_db(double db) noexcept {
    gain_target_ = static_cast<T>(decibels_to_gain(std::isfinite(db) ? std::clamp(db, -36.0, 12.0) : 0.0));
    for (auto& c : ch_) c.gain.start(gain_target_, ramp_length_);
  }

  // Treble boost before the curve (and cut after it), clamped to [0, 18] dB.
  void set_emphasis_db(double db) noexcept {
    emphasis_db_ = std::isfinite(db) ? std::clamp(db, 0.0, 18.0) : 6.0;
    design();
  }

  T process(T x, int channel) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= ch_.size()) return x;
    Channel& c = ch_[static_cast<std::size_t>(channel)];
    const T y = step(c, x);
    sanitize(c);
    return y;
  }

  void process(std::span<T> block, int channel) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= ch_.size()) return;
    Channel& c = ch_[static_cast<std::size_t>(channel)];
    scrub_non_finite(block);
    for (T& x : block) x = step(c, x);
    sanitize(c);
  }

private:
  struct Channel {
    T px1 = T(0), py1 = T(0);  // pre-emphasis state
    T dx1 = T(0), dy1 = T(0);  // de-emphasis state
    saturation_detail::Ramp<T> drive, gain;
  };

  void design() noexcept {
    const double g = decibels_to_gain(emphasis_db_);
    const double fz = kEmphasisCornerHz;
    const double fp = std::min(fz * g, 0.45 * sample_rate_);
    // H(s) = (s / wz + 1) / (s / wp + 1), bilinear with each corner pre-warped:
    // k = 1 / tan(pi f / fs); H(z) = ((kz + 1) + (1 - kz) z^-1) / ((kp + 1) + (1 - kp) z^-1).
    const double kz = 1.0 / std::tan(std::numbers::pi * fz / sample_rate_);
    const double kp = 1.0 / std::tan(std::numbers::pi * fp / sample_rate_);
    pb0_ = static_cast<T>((kz + 1.0) / (kp + 1.0));
    pb1_ = static_cast<T>((1.0 - kz) / (kp + 1.0));
    pa1_ = static_cast<T>((1.0 - kp) / (kp + 1.0));
    // The inverse swaps numerator and denominator (its pole is the zero above, inside
    // the unit circle because kz > 0).
    db0_ = static_cast<T>((kp + 1.0) / (kz + 1.0));
    db1_ = static_cast<T>((1.0 - kp) / (kz + 1.0));
    da1_ = static_cast<T>((1.0 - kz) / (kz + 1.0));
  }

  T step(Channel& c, T x) noexcept {
    const T d = c.drive.next();
    const T g = c.gain.next();
    const T u = pb0_ * x + pb1_ * c.px1 - pa1_ * c.py1;
    c.px1 = x;
    c.py1 = u;
    const T s = shape_tanh(d * u);
    const T y = db0_ * s + db1_ * c.dx1 - da1_ * c.dy1;
    c.dx1 = s;
    c.dy1 = y;
    return g * y;
  }

  static void sanitize(Channel& c) noexcept {
    if (!std::isfinite(c.px1) || !std::isfinite(c.py1) || !std::isfinite(c.dx1) || !std::isfinite(c.dy1))
      c.px1 = c.py1 = c.dx1 = c.dy1 = T(0);
    saturation_detail::clean_state(c.py1);
    saturation_detail::clean_state(c.dy1);
  }

  double sample_rate_ = 48000.0;
  double emphasis_db_ = 6.0;
  int ramp_length_ = 480;
  T drive_target_ = T(1), gain_target_ = T(1);
  T pb0_ = T(1), pb1_ = T(0), pa1_ = T(0);
  T db0_ = T(1), db1_ = T(0), da1_ = T(0);
  std::vector<Channel> ch_;
};

}  // namespace plinth::dsp
