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
//   tanh_rational(x)  tanh(x) for signal paths (the ladder's saturator): input clamped to
//                 +-7, then a [7/6] rational minimax fit (x P(x^2) / Q(x^2), P(0) = Q(0) = 1,
//                 so the slope at 0 is exactly 1). Absolute error < 1.1e-6 in double (a
//                 float-grade fit), < 1.5e-6 in float (rounding of num and den; float is
//                 monotonic to within 5e-7 for the same reason); odd, |result| < 1. No branches
//                 (an integer clamp, cubics in Estrin form, one divide): vectorizes. NaN
//                 gives +-tanh(7).
//   fast_decibels_to_gain(db), fast_gain_to_decibels(g)   via fast_exp2/fast_log2 (relative
//                 gain error < 5e-7, dB error < 5e-5 over -120..+24 dB in double).
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <numbers>
#include <type_traits>

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

// condition ? a : b on integers as mask arithmetic (see below).
template <std::integral I>
[[nodiscard]] constexpr I select_bits(bool condition, I a, I b) noexcept {
  const I mask = static_cast<I>(-static_cast<std::make_signed_t<I>>(condition));
  return b ^ ((a ^ b) & mask);
}

// Selects on float compares followed by arithmetic are turned into branches by g++ 12
// under its default -ftrapping-math ("control flow in loop": no vectorization). These
// clamps compare the bit patterns as integers instead (non-negative floats order like
// their bits), which g++ and clang both vectorize.
template <std::floating_point T>
[[nodiscard]] inline T clamp_magnitude(T x, T limit) noexcept {
  using I = std::make_signed_t<typename FloatBits<T>::Int>;
  constexpr I magnitude_mask = std::numeric_limits<I>::max();
  const I bits = std::bit_cast<I>(x);
  const I magnitude = bits & magnitude_mask;
  const I cap = std::bit_cast<I>(limit);
  return std::bit_cast<T>((magnitude < cap ? magnitude : cap) | (bits & ~magnitude_mask));  // NaN: +-limit
}
// x clamped to [lo, hi] for 0 < lo < hi; negative x, zero and NaN give lo.
template <std::floating_point T>
[[nodiscard]] inline T clamp_positive(T x, T lo, T hi) noexcept {
  using I = std::make_signed_t<typename FloatBits<T>::Int>;
  constexpr I infinity = std::bit_cast<I>(std::numeric_limits<T>::infinity());
  // Masks, not selects: g++ turns selects of constants into branches when the result
  // feeds more arithmetic (positive NaNs sit above infinity).
  const I lo_bits = std::bit_cast<I>(lo), hi_bits = std::bit_cast<I>(hi);
  I bits = std::bit_cast<I>(x);
  bits = select_bits(bits > infinity, lo_bits, bits);
  bits = select_bits(bits < lo_bits, lo_bits, bits);
  bits = select_bits(bits > hi_bits, hi_bits, bits);
  return std::bit_cast<T>(bits);
}
}  // namespace detail

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T fast_exp2(T x) noexcept {
  using B = detail::FloatBits<T>;
  using I = typename B::Int;
  // |x| <= bias - 1: normal results with a margin below overflow. NaN is first made
  // -infinity (its result, 2^-(bias - 1), is what the old branchy clamp gave).
  constexpr T hi = T(B::bias) - T(1);
  using S = std::make_signed_t<I>;
  const S bits = std::bit_cast<S>(x);
  constexpr S infinity = std::bit_cast<S>(std::numeric_limits<T>::infinity());
  constexpr S minus_hi = std::bit_cast<S>(-hi);
  const bool nan = (bits & std::numeric_limits<S>::max()) > infinity;
  x = detail::clamp_magnitude(std::bit_cast<T>(detail::select_bits(nan, minus_hi, bits)), hi);
  // Split x = n + f, f in [-0.5, 0.5]. n by the round-to-nearest of adding 1.5 * 2^mantissa
  // (exact for |x| < 2^(mantissa - 1)), whose low bits then hold n in two's complement:
  // integer adds and shifts only, so loops over fast_exp2 vectorize without SSE4.1 or
  // float-to-int64 conversions.
  constexpr T magic = T(1.5) * T(I(1) << B::mantissa_bits);
  const T shifted = x + magic;
  const T n = shifted - magic;
  const T f = x - n;
  const I k = std::bit_cast<I>(shifted) - std::bit_cast<I>(magic);  // n, modulo 2^bits
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
  return p * std::bit_cast<T>(static_cast<I>((k + I(B::bias)) << B::mantissa_bits));
}

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T fast_exp(T x) noexcept {
  return fast_exp2(x * std::numbers::log2e_v<T>);
}

namespace detail {
// fast_log2 without its clamp, for callers whose x is known to be a positive normal
// number or +infinity (which gives bias + 1, e.g. 128 for float: finite).
template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T log2_positive(T x) noexcept {
  using B = detail::FloatBits<T>;
  using I = typename B::Int;
  const I bits = std::bit_cast<I>(x);
  // Mantissa m in [1, 2); moved to [sqrt(1/2), sqrt(2)) so the series below is short.
  constexpr I mantissa_mask = (I(1) << B::mantissa_bits) - 1;
  constexpr I one = I(B::bias) << B::mantissa_bits;
  constexpr I half = I(B::bias - 1) << B::mantissa_bits;
  const I mantissa = bits & mantissa_mask;
  const bool high = mantissa > (std::bit_cast<I>(std::numbers::sqrt2_v<T>) & mantissa_mask);
  const T m = std::bit_cast<T>(mantissa | detail::select_bits(high, half, one));
  // The biased exponent (plus one when m was halved) as a float, by placing it in the
  // mantissa of 2^mantissa_bits: integer ops and one subtract, no int-to-float conversion.
  const I biased = (bits >> B::mantissa_bits) + static_cast<I>(high);
  constexpr T two_to_mantissa = T(I(1) << B::mantissa_bits);
  const T exponent = (std::bit_cast<T>(biased | std::bit_cast<I>(two_to_mantissa)) - two_to_mantissa) - T(B::bias);
  // log(m) = 2 atanh(t), t = (m-1)/(m+1), |t| <= 0.1716: odd series to t^9.
  const T t = (m - T(1)) / (m + T(1));
  const T t2 = t * t;
  const T series = t * (T(1) + t2 * (T(1) / T(3) + t2 * (T(1) / T(5) + t2 * (T(1) / T(7) + t2 * (T(1) / T(9))))));
  return exponent + T(2) * std::numbers::log2e_v<T> * series;
}
}  // namespace detail

template <std::floating_point T>
requires(std::same_as<T, float> || std::same_as<T, double>) [[nodiscard]] inline T fast_log2(T x) noexcept {
  // Integer selects, not float compares, throughout: loops over fast_log2 vectorize.
  return detail::log2_positive(detail::clamp_positive(x, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
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

// condition ? a : b for floats, as bit masks: g++ 12 (under -ftrapping-math) turns a
// plain select whose result feeds more arithmetic into a branch, which stops
// vectorization; this form stays a select with g++ and clang.
template <std::floating_point T>
[[nodiscard]] inline T select(bool condition, T a, T b) noexcept {
  using I = typename detail::FloatBits<T>::Int;
  return std::bit_cast<T>(detail::select_bits(condition, std::bit_cast<I>(a), std::bit_cast<I>(b)));
}

namespace detail {
// tanh_rational's fit for |x| <= 7 (input already clamped), for T or a GNU vector of T
// (LadderFilter runs it on several channels at once). Coefficients from a Lawson-weighted
// least-squares (minimax) fit of tanh on [0, 7]; beyond 7 the clamp's error,
// 1 - tanh(7) = 1.7e-6 minus the fit's own 6e-7 shortfall at 7, stays inside the same
// bound. The cubics in y = x^2 are evaluated as (c0 + c1 y) + y^2 (c2 + c3 y) (Estrin),
// not by Horner: two multiply-adds deep instead of three, which matters where the tanh is
// on a feedback chain (the ladder's).
template <std::floating_point T, typename V>
[[nodiscard]] constexpr V tanh_rational_fit(V x) noexcept {
  const V y = x * x;
  const V y2 = y * y;
  const V num = x * ((T(1) + y * T(0.12321699065806019)) +
                     y2 * (T(0.002292668489431817) + y * T(3.993693546310433e-06)));
  const V den = (T(1) + y * T(0.4565436174193413)) + y2 * (T(0.02114985296354937) + y * T(0.0001439358573137968));
  return num / den;
}
}  // namespace detail

template <std::floating_point T>
[[nodiscard]] constexpr T tanh_rational(T x) noexcept {
  return detail::tanh_rational_fit<T>(detail::clamp_magnitude(x, T(7)));
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
