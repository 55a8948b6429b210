// Plinth DSP: parameter smoothers.
//
// Three shapes, one interface:
//   LinearSmoother<T>         straight line, reaches the target exactly after the ramp time.
//   MultiplicativeSmoother<T> constant ratio per sample (a straight line in dB or octaves),
//                             reaches the target exactly after the ramp time. Values must
//                             be positive; they are clamped to >= kMinValue.
//   OnePoleSmoother<T>        exponential approach; after the ramp time the remaining
//                             distance is exactly 1e-3 (-60 dB) of the step, and it snaps
//                             to the target once within ~1e-7 of it (no endless tail).
//
// Usage:
//   LinearSmoother<float> gain;
//   gain.prepare(sample_rate);          // then set_ramp_time(0.02) for a 20 ms ramp
//   gain.set_current_and_target(1.0f);
//   ... audio thread: gain.set_target(newValue); for (auto& s : block) s *= gain.next();
//
// The ramp length is round(ramp_seconds * sample_rate) samples (0 = jump at once). A new
// target while ramping starts a fresh ramp of the full length from the current value.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>
#include <span>

namespace plinth::dsp {

namespace detail {
// Longest accepted ramp, so the sample count fits an int at any sample rate we accept.
inline constexpr double kMaxRampSeconds = 60.0;

[[nodiscard]] inline int ramp_samples(double seconds, double sample_rate) noexcept {
  if (!(seconds > 0.0) || !(sample_rate > 0.0)) return 0;
  seconds = std::min(seconds, kMaxRampSeconds);
  return static_cast<int>(std::lround(seconds * sample_rate));
}

[[nodiscard]] inline double sanitize_sample_rate(double sample_rate) noexcept {
  // 1 Hz .. 10 MHz; anything else (NaN, 0, negative) falls back to 44.1 kHz.
  if (!(sample_rate >= 1.0 && sample_rate <= 1.0e7)) return 44100.0;
  return sample_rate;
}
}  // namespace detail

// Shared plumbing: sample rate, ramp time, current/target, block helpers.
template <std::floating_point T, typename Derived>
class SmootherBase {
public:
  // Only the sample rate matters; the other arguments keep the processor signature.
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept {
    sample_rate_ = detail::sanitize_sample_rate(sample_rate);
    update_ramp_length();
    reset();
  }

  // Ramp time in seconds, clamped to [0, 60]. Takes effect at the next set_target().
  void set_ramp_time(double seconds) noexcept {
    ramp_seconds_ = std::isfinite(seconds) ? std::clamp(seconds, 0.0, detail::kMaxRampSeconds) : 0.0;
    update_ramp_length();
  }

  [[nodiscard]] int ramp_length_samples() const noexcept { return ramp_length_; }
  [[nodiscard]] T current() const noexcept { return current_; }
  [[nodiscard]] T target() const noexcept { return target_; }
  [[nodiscard]] bool is_smoothing() const noexcept { return current_ != target_; }

  // Jump to the target (ends any ramp).
  void reset() noexcept { self().snap(); }

  // Set both current value and target (no ramp).
  void set_current_and_target(T value) noexcept {
    target_ = self().sanitize(value);
    self().snap();
  }

  // Fill a block with successive values.
  void process(std::span<T> out) noexcept {
    for (T& v : out) v = self().next();
  }

  // Multiply a block by successive values (the usual gain use).
  void apply_gain(std::span<T> block) noexcept {
    if (!is_smoothing()) {
      const T g = current_;
      for (T& v : block) v *= g;
      return;
    }
    for (T& v : block) v *= self().next();
  }

  // Advance n samples without producing output.
  void skip(int n) noexcept {
    for (int i = 0; i < n && is_smoothing(); ++i) (void)self().next();
  }

protected:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  void update_ramp_length() noexcept { ramp_length_ = detail::ramp_samples(ramp_seconds_, sample_rate_); }

  double sample_rate_ = 44100.0;
  double ramp_seconds_ = 0.05;
  int ramp_length_ = detail::ramp_samples(0.05, 44100.0);
  T current_ = T(0);
  T target_ = T(0);
};

// Straight-line ramp: current reaches target exactly after ramp_length_samples() calls to next().
template <std::floating_point T>
class LinearSmoother : public SmootherBase<T, LinearSmoother<T>> {
  using Base = SmootherBase<T, LinearSmoother<T>>;
  friend Base;

public:
  void set_target(T value) noexcept {
    value = sanitize(value);
    if (value == this->target_ && remaining_ > 0) return;  // same ramp already under way
    this->target_ = value;
    if (this->ramp_length_ <= 0 || value == this->current_) {
      snap();
      return;
    }
    remaining_ = this->ramp_length_;
    step_ = (this->target_ - this->current_) / static_cast<T>(remaining_);
  }

  // Next value of the ramp.
  T next() noexcept {
    if (remaining_ <= 0) return this->current_;
    // Land exactly on the target on the last step (no accumulated rounding).
    this->current_ = (--remaining_ == 0) ? this->target_ : this->current_ + step_;
    return this->current_;
  }

  // Advances n samples in O(1) (the framework skips bypassed and silent blocks this way).
  void skip(int n) noexcept {
    if (n <= 0 || remaining_ <= 0) return;
    if (n >= remaining_) {
      snap();
      return;
    }
    remaining_ -= n;
    this->current_ += step_ * static_cast<T>(n);
  }

  // The next out.size() values, as successive next() calls would give them (up to
  // rounding: value k is current + k * step, not k additions). No value depends on the
  // one before, so the loop vectorizes.
  template <std::floating_point U>
  void fill(std::span<U> out) noexcept {
    const auto n = static_cast<int>(out.size());
    const int ramp = std::min(n, remaining_);
    const T start = this->current_;
    // vectorized: LinearSmoother::fill
    for (int k = 0; k < ramp; ++k)
      out[static_cast<std::size_t>(k)] = static_cast<U>(start + step_ * static_cast<T>(k + 1));
    if (ramp > 0) {
      remaining_ -= ramp;
      this->current_ = remaining_ == 0 ? this->target_ : start + step_ * static_cast<T>(ramp);
      out[static_cast<std::size_t>(ramp - 1)] = static_cast<U>(this->current_);
    }
    std::fill(out.begin() + ramp, out.end(), static_cast<U>(this->current_));
  }

private:
  static T sanitize(T v) noexcept { return std::isfinite(v) ? v : T(0); }
  void snap() noexcept {
    this->current_ = this->target_;
    remaining_ = 0;
    step_ = T(0);
  }

  int remaining_ = 0;
  T step_ = T(0);
};

// Constant-ratio ramp, for frequencies and gains: equal steps in octaves / dB.
template <std::floating_point T>
class MultiplicativeSmoother : public SmootherBase<T, MultiplicativeSmoother<T>> {
  using Base = SmootherBase<T, MultiplicativeSmoother<T>>;
  friend Base;

public:
  // Smallest accepted value (-120 dB as a gain); values are clamped to [kMinValue, max].
  static constexpr T kMinValue = T(1e-6);

  MultiplicativeSmoother() noexcept { this->current_ = this->target_ = T(1); }

  void set_target(T value) noexcept {
    value = sanitize(value);
    if (value == this->target_ && remaining_ > 0) return;
    this->target_ = value;
    if (this->ramp_length_ <= 0 || value == this->current_) {
      snap();
      return;
    }
    remaining_ = this->ramp_length_;
    // Ratio computed in double so long ramps do not drift in float.
    ratio_ = static_cast<T>(std::pow(static_cast<double>(this->target_) / static_cast<double>(this->current_),
                                     1.0 / static_cast<double>(remaining_)));
  }

  T next() noexcept {
    if (remaining_ <= 0) return this->current_;
    this->current_ = (--remaining_ == 0) ? this->target_ : this->current_ * ratio_;
    return this->current_;
  }

private:
  static T sanitize(T v) noexcept {
    if (!(v >= kMinValue))  // also catches NaN
      return kMinValue;
    return std::isfinite(v) ? v : std::numeric_limits<T>::max();
  }
  void snap() noexcept {
    this->current_ = this->target_;
    remaining_ = 0;
    ratio_ = T(1);
  }

  int remaining_ = 0;
  T ratio_ = T(1);
};

// One-pole (exponential) smoother. After ramp_length_samples() steps, the distance left is
// 1e-3 of the step (-60 dB); it snaps to the target when within 1e-7 (relative to
// max(1, |target|)) so it settles to the exact value instead of crawling into denormals.
template <std::floating_point T>
class OnePoleSmoother : public SmootherBase<T, OnePoleSmoother<T>> {
  using Base = SmootherBase<T, OnePoleSmoother<T>>;
  friend Base;

public:
  // Fraction of the step still left after the ramp time.
  static constexpr double kResidualAtRampTime = 1e-3;

  void set_target(T value) noexcept {
    this->target_ = sanitize(value);
    update_coefficient();
    if (coefficient_ == 0.0) snap();
  }

  T next() noexcept {
    if (this->current_ == this->target_) return this->current_;
    // State kept in double: in float, long ramps would stall short of the target once
    // the per-sample step falls below half an ulp.
    const double target = static_cast<double>(this->target_);
    state_ = target + (state_ - target) * coefficient_;
    const double tolerance = 1e-7 * std::max(1.0, std::abs(target));
    if (std::abs(state_ - target) <= tolerance) state_ = target;
    this->current_ = static_cast<T>(state_);
    return this->current_;
  }

  [[nodiscard]] double coefficient() const noexcept { return coefficient_; }

private:
  static T sanitize(T v) noexcept { return std::isfinite(v) ? v : T(0); }
  void update_coefficient() noexcept {
    const int n = this->ramp_length_;
    // coefficient^n == residual: distance shrinks to 1e-3 after exactly n samples.
    coefficient_ = n > 0 ? std::pow(kResidualAtRampTime, 1.0 / n) : 0.0;
  }
  void snap() noexcept {
    this->current_ = this->target_;
    state_ = static_cast<double>(this->target_);
  }

  double coefficient_ = 0.0;
  double state_ = 0.0;
};

}  // namespace plinth::dsp
