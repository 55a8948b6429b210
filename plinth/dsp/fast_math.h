// Plinth DSP: fast approximations of transcendental functions.
//
// Each function states its error bound; tests/dsp/fast_math_test.cpp checks every bound by
// a dense sweep against the standard library. Use them where a few ulps don't matter
// (modulation, envelopes, waveshaping), not for filter design.
//
//   fast_exp2(x)   2^x. Relative error < 2e-7 (float), < 2e-8 (double; a float-grade
//                 approximation in both types). x is clamped to the normal range of T, so
//                 results are never inf, denormal or NaN (NaN input gives 2^min).
//   fast_exp(x)    e^x via fast_exp2. Relative error in float < 1e-6 for |x| <= 10 and
//                 < 5e-6 for |x| <= 80 (the rounding of x * log2(e) in float dominates);
//                 in double < 2e-8.
//   fast_log2(x)   log2(x). Absolute error < 2e-7 + 6e-8 |log2 x| (float; the second term is
//                 the rounding of the result) and < 2e-9 (double). x <= 0 or NaN is
//                 treated as the smallest normal number.
//   fast_sin(x)    sin(x). Absolute error < 2e-7 (float) / 2e-9 (double) for |x| <= 2 pi,
//   fast_cos(x)    plus about |x| * epsilon from range reduction for larger arguments.
//   fast_tanh(x)   tanh(x), [7/6] Pade approximant, clamped to +-1 beyond |x| = 4.97.
//                 Absolute error < 1e-4, odd, monotonic, exactly +-1 in saturation.
//   fast_decibels_to_gain(db), fast_gain_to_decibels(g)   via fast_exp2/fast_log2 (relative
//                 gain error < 5e-7, dB error < 5e-5 over -120..+24 dB in double).
#pragma once

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <numbers>

namespace plinth::dsp {

namespace detail {
template <std::floating_point T>
struct FloatBits;
template <>
struct FloatBits<float> {
  using Int = std::uint32_t;
  static constexpr int mantissa_bits = 23;
  static constexpr int bias = 127;
};
template <>
struct FloatBits<double> {
  using Int = std::uint64_t;
  static constexpr int mantissa_bits = 52;
  static constexpr int bias = 1023;
};
}  // namespace detail

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T fast_exp2(T x) noexcept {
  using B = detail::FloatBits<T>;
  constexpr T lo = T(1 - B::bias);     // smallest normal exponent
  constexpr T hi = T(B::bias) - T(1);  // keep a margin below overflow
  x = (x >= lo) ? x : lo;              // also maps NaN to lo
  x = (x <= hi) ? x : hi;
  // Split x = n + f, f in [-0.5, 0.5]; 2^n is built from the exponent bits.
  const T n = std::nearbyint(x);
  const T f = x - n;
  // Taylor series of 2^f = e^(f ln2) to degree 7: truncation below
  // (0.5 ln2)^8 / 8! ~ 5e-9 relative.
  constexpr T l = std::numbers::ln2_v<T>;
  constexpr T c1 = l;
  constexpr T c2 = c1 * l / T(2);
  constexpr T c3 = c2 * l / T(3);
  constexpr T c4 = c3 * l / T(4);
  constexpr T c5 = c4 * l / T(5);
  constexpr T c6 = c5 * l / T(6);
  constexpr T c7 = c6 * l / T(7);
  const T p = T(1) + f * (c1 + f * (c2 + f * (c3 + f * (c4 + f * (c5 + f * (c6 + f * c7))))));
  const auto e = static_cast<typename B::Int>(static_cast<std::int64_t>(n) + B::bias) << B::mantissa_bits;
  return p * std::bit_cast<T>(e);
}

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T fast_exp(T x) noexcept {
  return fast_exp2(x * std::numbers::log2e_v<T>);
}

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T fast_log2(T x) noexcept {
  using B = detail::FloatBits<T>;
  using I = typename B::Int;
  if (!(x >= std::numeric_limits<T>::min())) x = std::numeric_limits<T>::min();
  if (!(x <= std::numeric_limits<T>::max())) x = std::numeric_limits<T>::max();
  const I bits = std::bit_cast<I>(x);
  int exponent = static_cast<int>(bits >> B::mantissa_bits) - B::bias;
  // Mantissa m in [1, 2); move it to [sqrt(1/2), sqrt(2)) so the series below is short.
  T m = std::bit_cast<T>((bits & ((I(1) << B::mantissa_bits) - 1)) | (I(B::bias) << B::mantissa_bits));
  if (m > std::numbers::sqrt2_v<T>) {
    m *= T(0.5);
    ++exponent;
  }
  // log(m) = 2 atanh(t), t = (m-1)/(m+1), |t| <= 0.1716: odd series to t^9.
  const T t = (m - T(1)) / (m + T(1));
  const T t2 = t * t;
  const T series = t * (T(1) + t2 * (T(1) / T(3) + t2 * (T(1) / T(5) + t2 * (T(1) / T(7) + t2 * (T(1) / T(9))))));
  return static_cast<T>(exponent) + T(2) * std::numbers::log2e_v<T> * series;
}

template <std::floating_point T>
[[nodiscard]] inline T fast_sin(T x) noexcept {
  constexpr T pi = std::numbers::pi_v<T>;
  constexpr T two_pi = T(2) * pi;
  constexpr T half_pi = T(0.5) * pi;
  if (!std::isfinite(x)) return T(0);
  // Reduce to [-pi, pi], then fold to [-pi/2, pi/2] using sin(pi - x) = sin(x).
  x -= two_pi * std::nearbyint(x * (T(1) / two_pi));
  if (x > half_pi)
    x = pi - x;
  else if (x < -half_pi)
    x = -pi - x;
  // Odd Taylor series to x^13: truncation < (pi/2)^15 / 15! ~ 6e-10.
  const T x2 = x * x;
  constexpr T s3 = T(-1) / T(6);
  constexpr T s5 = T(1) / T(120);
  constexpr T s7 = T(-1) / T(5040);
  constexpr T s9 = T(1) / T(362880);
  constexpr T s11 = T(-1) / T(39916800);
  constexpr T s13 = T(1) / T(6227020800.0);
  return x * (T(1) + x2 * (s3 + x2 * (s5 + x2 * (s7 + x2 * (s9 + x2 * (s11 + x2 * s13))))));
}

template <std::floating_point T>
[[nodiscard]] inline T fast_cos(T x) noexcept {
  return fast_sin(x + std::numbers::pi_v<T> * T(0.5));
}

template <std::floating_point T>
[[nodiscard]] constexpr T fast_tanh(T x) noexcept {
  // Beyond this point the approximant would exceed 1; tanh(4.97) = 1 - 9.6e-5.
  constexpr T limit = T(4.971786858528);
  if (!(x < limit)) return x != x ? T(0) : T(1);  // NaN maps to 0
  if (!(x > -limit)) return T(-1);
  const T x2 = x * x;
  const T num = x * (T(135135) + x2 * (T(17325) + x2 * (T(378) + x2)));
  const T den = T(135135) + x2 * (T(62370) + x2 * (T(3150) + x2 * T(28)));
  return num / den;
}

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T
    fast_decibels_to_gain(T db) noexcept {
  // 10^(db/20) = 2^(db * log2(10) / 20)
  return fast_exp2(db * T(0.16609640474436813));
}

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T
    fast_gain_to_decibels(T gain) noexcept {
  // 20 log10(g) = 20 log10(2) log2(g)
  return T(6.020599913279624) * fast_log2(std::abs(gain));
}

}  // namespace plinth::dsp
