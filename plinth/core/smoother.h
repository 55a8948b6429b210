#pragma once
// Parameter smoothing for the audio thread: a linear ramp of fixed duration.
// Linear (not exponential) so a ramp ends exactly on its target after a known
// number of samples, which makes automation timing testable to the sample.

#include <cmath>
#include <cstdint>

namespace plinth {

class LinearSmoother {
public:
  // Ramp length in samples for the given time; 0 means jump straight to the target.
  void configure(double sample_rate, double time_ms) noexcept {
    const double samples = sample_rate * time_ms * 0.001;
    ramp_length_ = samples > 1.0 ? static_cast<std::int32_t>(samples) : 0;
  }

  // Starts a ramp from the current value towards `target`.
  void set_target(double target) noexcept {
    if (!std::isfinite(target)) return;  // never let NaN into the audio path
    if (target == target_) return;
    target_ = target;
    if (ramp_length_ == 0) {
      current_ = target;
      remaining_ = 0;
      return;
    }
    remaining_ = ramp_length_;
    step_ = (target_ - current_) / static_cast<double>(ramp_length_);
  }

  // Jumps to `value` with no ramp (prepare, reset, state load).
  void snap(double value) noexcept {
    if (!std::isfinite(value)) return;
    current_ = target_ = value;
    remaining_ = 0;
  }

  // Advances one sample and returns the new value.
  double next() noexcept {
    if (remaining_ > 0) {
      --remaining_;
      current_ = remaining_ == 0 ? target_ : current_ + step_;
    }
    return current_;
  }

  // Advances n samples at once (for blocks where the value is not read per sample).
  double skip(std::int32_t n) noexcept {
    if (n >= remaining_) {
      remaining_ = 0;
      current_ = target_;
    } else if (n > 0) {
      remaining_ -= n;
      current_ += step_ * n;
    }
    return current_;
  }

  [[nodiscard]] double current() const noexcept { return current_; }
  [[nodiscard]] double target() const noexcept { return target_; }
  [[nodiscard]] bool is_smoothing() const noexcept { return remaining_ > 0; }

private:
  double current_ = 0.0;
  double target_ = 0.0;
  double step_ = 0.0;
  std::int32_t remaining_ = 0;
  std::int32_t ramp_length_ = 0;
};

}  // namespace plinth
