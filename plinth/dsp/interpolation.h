// Plinth DSP: interpolation between samples.
//
// All functions take the neighbouring samples and a fraction t in [0, 1) measured from y0
// towards y1 (points at positions -1, 0, 1, 2 for the four-point forms).
//
//   linear(y0, y1, t)                    exact for straight lines
//   hermite4(ym1, y0, y1, y2, t)         cubic Hermite with Catmull-Rom tangents
//                                        ((y1 - ym1)/2, (y2 - y0)/2): C1-continuous, exact
//                                        for polynomials up to degree 2
//   lagrange4(ym1, y0, y1, y2, t)        third-order Lagrange through the four points:
//                                        exact for cubics, not C1 across segments
//   lagrange<N>(points, x)               general Lagrange through N points at 0..N-1
//
// Tested: reproduction of lines/quadratics/cubics to rounding, interpolation of a sine at
// 1/16 of the sample rate (errors in docs/dsp/utility.md).
#pragma once

#include <array>
#include <concepts>
#include <cstddef>

namespace plinth::dsp {

template <std::floating_point T>
[[nodiscard]] constexpr T linear_interpolate(T y0, T y1, T t) noexcept {
  return y0 + t * (y1 - y0);
}

template <std::floating_point T>
[[nodiscard]] constexpr T hermite4(T ym1, T y0, T y1, T y2, T t) noexcept {
  // Polynomial form of the cubic Hermite segment with tangents m0 = (y1 - ym1)/2,
  // m1 = (y2 - y0)/2, evaluated by Horner's rule.
  const T c0 = y0;
  const T c1 = T(0.5) * (y1 - ym1);
  const T c2 = ym1 - T(2.5) * y0 + T(2) * y1 - T(0.5) * y2;
  const T c3 = T(0.5) * (y2 - ym1) + T(1.5) * (y0 - y1);
  return ((c3 * t + c2) * t + c1) * t + c0;
}

template <std::floating_point T>
[[nodiscard]] constexpr T lagrange4(T ym1, T y0, T y1, T y2, T t) noexcept {
  // Lagrange basis for nodes -1, 0, 1, 2 evaluated at t.
  const T tp1 = t + T(1);
  const T tm1 = t - T(1);
  const T tm2 = t - T(2);
  const T lm1 = -t * tm1 * tm2 * (T(1) / T(6));
  const T l0 = tp1 * tm1 * tm2 * T(0.5);
  const T l1 = -tp1 * t * tm2 * T(0.5);
  const T l2 = tp1 * t * tm1 * (T(1) / T(6));
  return lm1 * ym1 + l0 * y0 + l1 * y1 + l2 * y2;
}

// Lagrange interpolation through N points at positions 0 .. N-1, evaluated at x.
// For fractional delays pick x near (N-1)/2, where the error is smallest.
template <std::size_t N, std::floating_point T>
requires(N >= 2) [[nodiscard]] constexpr T lagrange(const std::array<T, N>& points, T x) noexcept {
  T sum = T(0);
  for (std::size_t k = 0; k < N; ++k) {
    T basis = T(1);
    for (std::size_t m = 0; m < N; ++m) {
      if (m != k) basis *= (x - static_cast<T>(m)) / static_cast<T>(static_cast<double>(k) - static_cast<double>(m));
    }
    sum += basis * points[k];
  }
  return sum;
}

}  // namespace plinth::dsp
