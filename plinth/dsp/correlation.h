// Plinth DSP: stereo correlation meter and goniometer (phase scope) points.
//
//   plinth::dsp::CorrelationMeter<float> corr;  corr.prepare(sr, 512, 2);
//   corr.set_time_ms(300);
//   corr.process(left, right);          // per block
//   float r = corr.correlation();       // +1 mono, 0 unrelated, -1 one side inverted
//
//   auto p = plinth::dsp::goniometer_point(l, r);   // p.x = side, p.y = mid
//
// Correlation r = <L R> / sqrt(<L^2> <R^2>), where <.> is a one-pole (exponential) average
// with time constant time_ms, clamped to [10, 10000] ms (default 300 ms). When either side
// is silent (mean square below 1e-12, about -120 dBFS) the reading is 0. The averages are
// kept in double; non-finite input clears them. Nothing allocates after prepare().
//
// Goniometer: the L/R Lissajous figure rotated by 45 degrees so a mono signal is a vertical
// line: x = (R - L) / sqrt 2, y = (L + R) / sqrt 2. Left-only signals lean left, right-only
// lean right, out-of-phase content lies horizontally. Scale is preserved (rotation only).
#pragma once

#include "plinth/dsp/envelope_follower.h"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>

namespace plinth::dsp {

template <std::floating_point T>
struct GoniometerPoint {
  T x;  // side axis: (R - L) / sqrt 2
  T y;  // mid axis:  (L + R) / sqrt 2
};

template <std::floating_point T>
[[nodiscard]] inline GoniometerPoint<T> goniometer_point(T left, T right) noexcept {
  constexpr T k = static_cast<T>(std::numbers::sqrt2 / 2.0);
  return {(right - left) * k, (left + right) * k};
}

// Fills out[i] for i < min(left, right, out sizes); returns the number of points written.
template <std::floating_point T>
std::size_t goniometer_points(std::span<const T> left, std::span<const T> right,
                              std::span<GoniometerPoint<T>> out) noexcept {
  const std::size_t n = std::min({left.size(), right.size(), out.size()});
  for (std::size_t i = 0; i < n; ++i) out[i] = goniometer_point(left[i], right[i]);
  return n;
}

template <std::floating_point T>
class CorrelationMeter {
public:
  void prepare(double sample_rate, int /*max_block_size*/, int /*channels*/ = 2) noexcept {
    sample_rate_ = std::isfinite(sample_rate) ? std::clamp(sample_rate, 1000.0, 1.0e6) : 48000.0;
    update_coefficient();
    reset();
  }

  void reset() noexcept { lr_ = ll_ = rr_ = 0.0; }

  void set_time_ms(double ms) noexcept {
    time_ms_ = std::isfinite(ms) ? std::clamp(ms, 10.0, 10000.0) : 300.0;
    update_coefficient();
  }

  T process(T left, T right) noexcept {
    step(static_cast<double>(left), static_cast<double>(right));
    sanitize();
    return correlation();
  }

  void process(std::span<const T> left, std::span<const T> right) noexcept {
    const std::size_t n = std::min(left.size(), right.size());
    double lr = lr_, ll = ll_, rr = rr_;  // locals: kept in registers across the loop
    const double a = a_;
    for (std::size_t i = 0; i < n; ++i) {
      const double l = static_cast<double>(left[i]), r = static_cast<double>(right[i]);
      lr += a * (l * r - lr);
      ll += a * (l * l - ll);
      rr += a * (r * r - rr);
    }
    lr_ = lr;
    ll_ = ll;
    rr_ = rr;
    sanitize();
  }

  [[nodiscard]] T correlation() const noexcept {
    constexpr double silent = 1e-12;
    if (!(ll_ > silent) || !(rr_ > silent)) return T(0);
    const double r = lr_ / std::sqrt(ll_ * rr_);
    return static_cast<T>(std::clamp(r, -1.0, 1.0));
  }

private:
  void step(double l, double r) noexcept {
    lr_ += a_ * (l * r - lr_);
    ll_ += a_ * (l * l - ll_);
    rr_ += a_ * (r * r - rr_);
  }

  void sanitize() noexcept {
    if (!std::isfinite(lr_) || !std::isfinite(ll_) || !std::isfinite(rr_)) reset();
    // Flush long silence so the averages never become denormal.
    if (ll_ < 1e-30 && rr_ < 1e-30) reset();
  }

  void update_coefficient() noexcept { a_ = follower_rate(time_ms_ * 0.001, sample_rate_); }

  double sample_rate_ = 48000.0;
  double time_ms_ = 300.0;
  double a_ = 0.0;
  double lr_ = 0.0, ll_ = 0.0, rr_ = 0.0;
};

}  // namespace plinth::dsp
