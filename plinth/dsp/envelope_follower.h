// Plinth DSP: peak and RMS envelope followers (the level detectors of all dynamics
// processors: compressor, limiter release, expander, gate, transient shaper).
//
// A one-pole smoother with separate attack (level rising) and release (level falling)
// coefficients (pole exp(-1 / (tau * sample_rate))): after a step the follower covers 1 - 1/e
// (63.2 %) of the way in exactly tau seconds. State is kept in double for float too, so long
// time constants stay exact.
//   peak  smooths |x| and returns it;
//   rms   smooths x^2 (the time constants apply to the mean square) and returns its root.
// Per-channel state; channel indices outside [0, channels) are clamped.
// Non-finite input is ignored for the state (a NaN cannot stick), tiny state flushes to 0.
//
// Ranges: attack and release [0, 10] s (0 = instantaneous).
//
//   plinth::dsp::EnvelopeFollower<float> env;
//   env.prepare(48000.0, 512, 2);
//   env.set_mode(plinth::dsp::DetectorMode::rms);
//   env.set_attack(0.010); env.set_release(0.100);
//   float level = env.process(x, channel);
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

enum class DetectorMode { peak, rms };

// The rate 1 - pole of a one-pole smoother with time constant `seconds` (0 -> 1: no
// smoothing). Computed with expm1 so it is exact even for very long times.
[[nodiscard]] inline double follower_rate(double seconds, double sample_rate) noexcept {
  if (!(seconds > 0.0) || !(sample_rate > 0.0)) return 1.0;
  return -std::expm1(-1.0 / (seconds * sample_rate));
}

// Pole and rate (1 - pole) of the attack and release branches. Both are kept: the rate for
// exact time constants, the pole so an update is one multiply-add deep in the feedback loop.
struct FollowerCoefficients {
  double attack_pole = 0.0, attack_rate = 1.0, release_pole = 0.0, release_rate = 1.0;

  [[nodiscard]] static FollowerCoefficients make(double attack_seconds, double release_seconds,
                                                 double sample_rate) noexcept {
    FollowerCoefficients c;
    c.attack_rate = follower_rate(attack_seconds, sample_rate);
    c.attack_pole = 1.0 - c.attack_rate;
    c.release_rate = follower_rate(release_seconds, sample_rate);
    c.release_pole = 1.0 - c.release_rate;
    return c;
  }
};

// Single-channel detector core, reusable inside other processors. The state is double for
// every T: float would put long time constants off by a few samples (the pole's rounding),
// and the update costs the same.
template <std::floating_point T>
struct EnvelopeDetector {
  double state = 0.0;

  // `in` is |x| (peak) or x^2 (rms); returns the smoothed value (not yet rooted).
  T update(T in, const FollowerCoefficients& c) noexcept {
    double s = step(static_cast<double>(in), c);
    // A non-finite input gives a non-finite state: drop it (this also catches NaN, for
    // which every comparison is false). Tiny values flush to zero (no denormals).
    if (!(s <= 1e30)) s = state <= 1e30 ? state : 0.0;
    if (s < 1e-30) s = 0.0;
    state = s;
    return static_cast<T>(s);
  }

  // The same step without the checks, for block loops that call sanitize() at the end
  // (keeps the checks off the loop-carried dependency).
  T update_unchecked(T in, const FollowerCoefficients& c) noexcept {
    state = step(static_cast<double>(in), c);
    return static_cast<T>(state);
  }
  void sanitize() noexcept {
    if (!(state <= 1e30) || state < 1e-30) state = 0.0;
  }

private:
  double step(double x, const FollowerCoefficients& c) const noexcept {
    // Both branches are cheap; written so the compiler can compute both and select.
    const double up = c.attack_pole * state + c.attack_rate * x;
    const double down = c.release_pole * state + c.release_rate * x;
    return x > state ? up : down;
  }
};

template <std::floating_point T>
class EnvelopeFollower {
public:
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int channels = 1) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0.0) ? sample_rate : 48000.0;
    detectors_.assign(static_cast<std::size_t>(channels < 1 ? 1 : channels), EnvelopeDetector<T>{});
    update_coefficients();
  }
  void reset() noexcept {
    for (auto& d : detectors_) d.state = 0.0;
  }

  void set_attack(double seconds) noexcept {
    attack_ = clamp_time(seconds);
    update_coefficients();
  }
  void set_release(double seconds) noexcept {
    release_ = clamp_time(seconds);
    update_coefficients();
  }
  void set_mode(DetectorMode m) noexcept { mode_ = m; }
  [[nodiscard]] double attack() const noexcept { return attack_; }
  [[nodiscard]] double release() const noexcept { return release_; }
  [[nodiscard]] DetectorMode mode() const noexcept { return mode_; }
  [[nodiscard]] int channels() const noexcept { return static_cast<int>(detectors_.size()); }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    EnvelopeDetector<T>& d = detector(channel);
    if (mode_ == DetectorMode::peak) return d.update(std::fabs(x), coefficients_);
    return std::sqrt(d.update(x * x, coefficients_));
  }

  // Replaces the block by its envelope. State is sanitized once per block: a NaN within the
  // block shows in the rest of that block's envelope but never in the next one.
  void process(std::span<T> block, int channel = 0) noexcept {
    EnvelopeDetector<T>& d = detector(channel);
    scrub_non_finite(block);
    const FollowerCoefficients c = coefficients_;
    if (mode_ == DetectorMode::peak) {
      for (T& v : block) v = d.update_unchecked(std::fabs(v), c);
    } else {
      for (T& v : block) v = d.update_unchecked(v * v, c);
      for (T& v : block) v = std::sqrt(v);  // separate pass, off the recursion
    }
    d.sanitize();
  }

  // The detector's smoothed value for each of n samples of `in` (which must be finite),
  // written to `out` (may be `in`): |x| smoothed for peak, x^2 smoothed for rms, NOT
  // rooted, so a caller working in dB halves the log instead of taking a square root.
  void detect(const T* in, T* out, std::size_t n, int channel = 0) noexcept {
    EnvelopeDetector<T>& state = detector(channel);
    EnvelopeDetector<T> d = state;  // a local: for double, `out` could alias the member
    const FollowerCoefficients c = coefficients_;
    if (mode_ == DetectorMode::peak) {
      for (std::size_t i = 0; i < n; ++i) out[i] = d.update_unchecked(std::fabs(in[i]), c);
    } else {
      for (std::size_t i = 0; i < n; ++i) out[i] = d.update_unchecked(in[i] * in[i], c);
    }
    d.sanitize();
    state = d;
  }

  // detect() for two different channels in one loop: their recursions are independent, so
  // the CPU overlaps them and a stereo pair costs little more than one channel.
  void detect(const T* in0, const T* in1, T* out0, T* out1, std::size_t n, int channel0, int channel1) noexcept {
    EnvelopeDetector<T>& d0 = detector(channel0);
    EnvelopeDetector<T>& d1 = detector(channel1);
    if (&d0 == &d1) {
      detect(in0, out0, n, channel0);
      detect(in1, out1, n, channel1);
      return;
    }
    const FollowerCoefficients c = coefficients_;
    EnvelopeDetector<T> a = d0, b = d1;  // locals: the output stores cannot alias them
    if (mode_ == DetectorMode::peak) {
      for (std::size_t i = 0; i < n; ++i) {
        out0[i] = a.update_unchecked(std::fabs(in0[i]), c);
        out1[i] = b.update_unchecked(std::fabs(in1[i]), c);
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        out0[i] = a.update_unchecked(in0[i] * in0[i], c);
        out1[i] = b.update_unchecked(in1[i] * in1[i], c);
      }
    }
    a.sanitize();
    b.sanitize();
    d0 = a;
    d1 = b;
  }

  [[nodiscard]] T envelope(int channel = 0) const noexcept {
    const T s =
        detectors_.empty() ? T(0) : static_cast<T>(detectors_[static_cast<std::size_t>(clamp_channel(channel))].state);
    return mode_ == DetectorMode::peak ? s : std::sqrt(s);
  }

private:
  static double clamp_time(double s) noexcept {
    if (!std::isfinite(s)) return 0.0;
    return s < 0.0 ? 0.0 : (s > 10.0 ? 10.0 : s);
  }
  int clamp_channel(int c) const noexcept {
    const int n = static_cast<int>(detectors_.size());
    return c < 0 ? 0 : (c >= n ? n - 1 : c);
  }
  EnvelopeDetector<T>& detector(int channel) noexcept {
    if (detectors_.empty()) return fallback_;  // used before prepare(): still safe
    return detectors_[static_cast<std::size_t>(clamp_channel(channel))];
  }
  void update_coefficients() noexcept { coefficients_ = FollowerCoefficients::make(attack_, release_, sample_rate_); }

  std::vector<EnvelopeDetector<T>> detectors_;
  EnvelopeDetector<T> fallback_{};
  double sample_rate_ = 48000.0;
  double attack_ = 0.01, release_ = 0.1;
  FollowerCoefficients coefficients_{};
  DetectorMode mode_ = DetectorMode::peak;
};

}  // namespace plinth::dsp
