// Plinth DSP: sine oscillator.
//
// A phase accumulator kept in double precision (so the frequency is exact to ~1e-16 relative
// at any frequency, even in a float oscillator that runs for hours) feeding a polynomial sine.
//
//   plinth::dsp::SineOsc<float> osc;
//   osc.prepare(48000.0, 512, 1);
//   osc.set_frequency(440.0);
//   osc.process(std::span<float>(buffer, n));   // fills the block
//
// Frequency: clamped to [-sample_rate/2, sample_rate/2]; phase in turns, [0, 1).
// Accuracy of the sine itself: |error| < 1e-7 (float), < 1e-15 (double) (Taylor series on
// a quarter wave after folding, see sin_turns()).
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <span>

namespace plinth::dsp {

// sin(2*pi*x) for x in [-0.25, 0.25] turns. Odd Taylor series in y = 2*pi*x, whose
// truncation error at |y| = pi/2 is below 6e-8 (degree 11, float) and 1e-18 (degree 21,
// double); evaluated by Horner's rule in the target type so float code vectorizes 4/8 wide.
template <std::floating_point T>
[[nodiscard]] constexpr T sin_quarter_turns(T x) noexcept {
  const T y = x * static_cast<T>(6.283185307179586476925286766559);
  const T y2 = y * y;
  if constexpr (sizeof(T) <= 4) {
    // 1/3!, 1/5!, ..., 1/11!
    T p = static_cast<T>(-2.5052108385441718775e-8);
    p = p * y2 + static_cast<T>(2.7557319223985890653e-6);
    p = p * y2 + static_cast<T>(-1.9841269841269841270e-4);
    p = p * y2 + static_cast<T>(8.3333333333333333333e-3);
    p = p * y2 + static_cast<T>(-1.6666666666666666667e-1);
    p = p * y2 + static_cast<T>(1.0);
    return y * p;
  } else {
    T p = static_cast<T>(-1.9572941063391261231e-20);  // -1/21!
    p = p * y2 + static_cast<T>(8.2206352466243297170e-18);
    p = p * y2 + static_cast<T>(-2.8114572543455207632e-15);
    p = p * y2 + static_cast<T>(7.6471637318198164759e-13);
    p = p * y2 + static_cast<T>(-1.6059043836821614599e-10);
    p = p * y2 + static_cast<T>(2.5052108385441718775e-8);
    p = p * y2 + static_cast<T>(-2.7557319223985890653e-6);
    p = p * y2 + static_cast<T>(1.9841269841269841270e-4);
    p = p * y2 + static_cast<T>(-8.3333333333333333333e-3);
    p = p * y2 + static_cast<T>(1.6666666666666666667e-1);
    p = p * y2 + static_cast<T>(-1.0);
    return -y * p;
  }
}

// sin(2*pi*phase) for any finite phase in turns. The fold to a quarter wave is done in double
// so a float result keeps the accumulator's precision.
template <std::floating_point T>
[[nodiscard]] inline T sin_turns(double phase) noexcept {
  double x = phase - std::floor(phase + 0.5);  // [-0.5, 0.5)
  if (x > 0.25)
    x = 0.5 - x;  // sin(pi - a) = sin(a)
  else if (x < -0.25)
    x = -0.5 - x;
  return sin_quarter_turns<T>(static_cast<T>(x));
}

template <std::floating_point T>
class SineOsc {
public:
  // Oscillators are generators: channels is accepted for a uniform interface and ignored.
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0.0) ? sample_rate : 48000.0;
    set_frequency(frequency_);
    reset();
  }

  // Restarts at the start phase (see set_start_phase).
  void reset() noexcept { phase_ = start_phase_; }

  void set_frequency(double hz) noexcept {
    const double nyquist = 0.5 * sample_rate_;
    if (!std::isfinite(hz)) hz = 0.0;
    frequency_ = hz < -nyquist ? -nyquist : (hz > nyquist ? nyquist : hz);
    increment_ = frequency_ / sample_rate_;
  }
  [[nodiscard]] double frequency() const noexcept { return frequency_; }

  // Phase in turns; any finite value is wrapped into [0, 1).
  void set_phase(double turns) noexcept { phase_ = wrap(turns); }
  void set_start_phase(double turns) noexcept { start_phase_ = wrap(turns); }
  [[nodiscard]] double phase() const noexcept { return phase_; }

  [[nodiscard]] T process() noexcept {
    const T y = sin_turns<T>(phase_);
    phase_ += increment_;
    // One conditional subtraction suffices: |increment| <= 0.5.
    if (phase_ >= 1.0)
      phase_ -= 1.0;
    else if (phase_ < 0.0)
      phase_ += 1.0;
    return y;
  }

  // Block form: phases are computed from the block's start phase (phase + n*increment), not
  // accumulated, so the loop has no carried dependency; and it has no compares or selects
  // either, so g++ 12 and clang vectorize it (checked by tests/dsp/vectorization):
  //   x = p - round(p)          in double, round by adding and subtracting 1.5 * 2^52
  //   z = 1/4 - | 1/4 - |x| |    in double, [0, 1/4]: sin(2 pi x) = sign(x) sin(2 pi z)
  //   out = copysign(sin_quarter_turns(z), x)   the polynomial in T (float: 4 wide)
  void process(std::span<T> out) noexcept {
    const double inc = increment_;
    constexpr double round_magic = 6755399441055744.0;  // 1.5 * 2^52: |p| <= 1 + n/2 fits
    // Chunks keep the index in int32 (int32 -> double converts in SSE2, int64 does not).
    constexpr std::size_t kChunk = 1 << 16;
    for (std::size_t start = 0; start < out.size(); start += kChunk) {
      const double p0 = phase_;
      const auto n = static_cast<std::int32_t>(std::min(out.size() - start, kChunk));
      T* o = out.data() + start;
      // vectorized: SineOsc block
      for (std::int32_t i = 0; i < n; ++i) {
        const double p = p0 + static_cast<double>(i) * inc;
        const double r = (p + round_magic) - round_magic;
        const double x = p - r;                                  // [-0.5, 0.5]
        const double z = 0.25 - std::fabs(0.25 - std::fabs(x));  // in double: exact
        o[i] = std::copysign(sin_quarter_turns<T>(static_cast<T>(z)), static_cast<T>(x));
      }
      phase_ = wrap(p0 + static_cast<double>(n) * inc);
    }
  }

private:
  static double wrap(double t) noexcept {
    if (!std::isfinite(t)) return 0.0;
    t -= std::floor(t);
    return t >= 1.0 ? 0.0 : t;
  }

  double sample_rate_ = 48000.0;
  double frequency_ = 440.0;
  double increment_ = 440.0 / 48000.0;
  double phase_ = 0.0;
  double start_phase_ = 0.0;
};

}  // namespace plinth::dsp
