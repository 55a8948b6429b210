// Circular delay line with integer, linear, cubic and all-pass fractional reads.
//
// The buffer is a power of two long so that wrapping is a mask, not a modulo. It is
// sized once, in prepare(), for a maximum delay; processing never allocates.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>

namespace plinth::dsp {

namespace delay_detail {

// Feedback structures decay towards denormals; flushing the value written back keeps
// the buffer (and therefore everything downstream) free of them.
template <std::floating_point T>
[[nodiscard]] inline T flush_tiny(T x) noexcept {
  return std::abs(x) < T(1e-25) ? T(0) : x;
}

// A non-finite value in a feedback path would circulate forever; treat it as silence.
template <std::floating_point T>
[[nodiscard]] inline T finite_or_zero(T x) noexcept {
  return std::isfinite(x) ? x : T(0);
}

}  // namespace delay_detail

// A single-channel delay line (a building block: processors own one per channel).
//
// Reading convention: after push(x), read(0) is x and read(d) is the sample pushed d
// pushes earlier. So "push, then read(D)" delays by D samples, and "read(D - 1), then
// push" gives the D-sample delayed value before the current sample enters, which is
// what feedback structures need.
template <std::floating_point T>
class DelayLine {
public:
  // Takes all memory: room for delays up to max_delay_samples (clamped to >= 1), plus
  // the few extra samples cubic reads look at.
  void prepare(int max_delay_samples) {
    max_delay_ = std::max(1, max_delay_samples);
    std::size_t size = 4;
    while (size < static_cast<std::size_t>(max_delay_) + 4) size <<= 1;
    buffer_.assign(size, T(0));
    mask_ = size - 1;
    write_ = 0;
  }

  void reset() noexcept {
    std::fill(buffer_.begin(), buffer_.end(), T(0));
    write_ = 0;
  }

  [[nodiscard]] int max_delay() const noexcept { return max_delay_; }
  [[nodiscard]] std::size_t buffer_size() const noexcept { return buffer_.size(); }

  void push(T x) noexcept {
    write_ = (write_ + 1) & mask_;
    buffer_[write_] = x;
  }

  // Integer read, delay clamped to [0, max_delay].
  [[nodiscard]] T read(int delay) const noexcept {
    delay = std::clamp(delay, 0, max_delay_);
    return at(static_cast<std::size_t>(delay));
  }

  // Linear interpolation, delay clamped to [0, max_delay].
  [[nodiscard]] T read_linear(T delay) const noexcept {
    delay = clamp_delay(delay, T(0));
    const auto i = static_cast<std::size_t>(delay);
    const T f = delay - static_cast<T>(i);
    const T a = at(i);
    const T b = at(i + 1);
    return a + f * (b - a);
  }

  // Third-order Lagrange interpolation over the four samples around the read point.
  // Delay clamped to [1, max_delay] (it needs one newer sample than the read point).
  [[nodiscard]] T read_lagrange(T delay) const noexcept {
    delay = clamp_delay(delay, T(1));
    const auto i = static_cast<std::size_t>(delay);
    const T f = delay - static_cast<T>(i);
    const T xm1 = at(i - 1);
    const T x0 = at(i);
    const T x1 = at(i + 1);
    const T x2 = at(i + 2);
    // Lagrange basis for the nodes -1, 0, 1, 2 evaluated at f.
    const T fp1 = f + T(1);
    const T fm1 = f - T(1);
    const T fm2 = f - T(2);
    const T wm1 = -f * fm1 * fm2 * T(1.0 / 6.0);
    const T w0 = fp1 * fm1 * fm2 * T(0.5);
    const T w1 = -fp1 * f * fm2 * T(0.5);
    const T w2 = fp1 * f * fm1 * T(1.0 / 6.0);
    return wm1 * xm1 + w0 * x0 + w1 * x1 + w2 * x2;
  }

  // Cubic Hermite (Catmull-Rom) interpolation; continuous first derivative, so it
  // sounds smoother than Lagrange under modulation. Delay clamped to [1, max_delay].
  [[nodiscard]] T read_hermite(T delay) const noexcept {
    delay = clamp_delay(delay, T(1));
    const auto i = static_cast<std::size_t>(delay);
    const T f = delay - static_cast<T>(i);
    const T xm1 = at(i - 1);
    const T x0 = at(i);
    const T x1 = at(i + 1);
    const T x2 = at(i + 2);
    const T c1 = T(0.5) * (x1 - xm1);
    const T c2 = xm1 - T(2.5) * x0 + T(2) * x1 - T(0.5) * x2;
    const T c3 = T(0.5) * (x2 - xm1) + T(1.5) * (x0 - x1);
    return ((c3 * f + c2) * f + c1) * f + x0;
  }

  // Raw access for the all-pass reader and for tests: the sample d pushes back,
  // no clamping (d must be below buffer_size()).
  [[nodiscard]] T at(std::size_t d) const noexcept { return buffer_[(write_ - d) & mask_]; }

  // For block kernels that keep the write index in a register: the newest sample is
  // data()[write_index()], the one d pushes back data()[(write_index() - d) & mask()];
  // a push is write_index = (write_index + 1) & mask, then a store there.
  [[nodiscard]] T* data() noexcept { return buffer_.data(); }
  [[nodiscard]] std::size_t mask() const noexcept { return mask_; }
  [[nodiscard]] std::size_t write_index() const noexcept { return write_; }
  void set_write_index(std::size_t index) noexcept { write_ = index & mask_; }

private:
  [[nodiscard]] T clamp_delay(T delay, T lo) const noexcept {
    // Written so NaN falls to the lower bound instead of into the index maths.
    const T hi = static_cast<T>(max_delay_);
    if (!(delay >= lo)) return lo;
    return delay > hi ? hi : delay;
  }

  std::vector<T> buffer_ = std::vector<T>(4, T(0));
  std::size_t mask_ = 3;
  std::size_t write_ = 0;
  int max_delay_ = 1;
};

// First-order Thiran all-pass fractional read. Flat magnitude at every frequency (no
// high-frequency loss, unlike linear interpolation), exact phase delay at DC, but it has
// state: call read() exactly once per pushed sample, and change the delay slowly.
// The delay is split as N + D with D in [0.5, 1.5), where the all-pass is well behaved.
template <std::floating_point T>
class ThiranReader {
public:
  void reset() noexcept { y1_ = T(0); }

  // delay clamped to [0.5, line.max_delay()].
  [[nodiscard]] T read(const DelayLine<T>& line, T delay) noexcept {
    const T hi = static_cast<T>(line.max_delay());
    if (!(delay >= T(0.5))) delay = T(0.5);
    if (delay > hi) delay = hi;
    const auto n = static_cast<std::size_t>(delay - T(0.5));
    const T d = delay - static_cast<T>(n);
    const T a = (T(1) - d) / (T(1) + d);
    // No sanitising here: it would sit on the recursion's critical path. The state only
    // follows the signal (|a| <= 1/3), and reset() clears it.
    y1_ = a * (line.at(n) - y1_) + line.at(n + 1);
    return y1_;
  }

private:
  T y1_ = T(0);
};

}  // namespace plinth::dsp
