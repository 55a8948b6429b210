// Plinth DSP: analysis windows.
//
//   std::vector<float> w(1024);
//   plinth::dsp::fill_window(std::span<float>(w), plinth::dsp::WindowType::Hann);
//   double enbw = plinth::dsp::window_enbw(std::span<const float>(w)); // 1.5 bins for Hann
//
// Cosine-sum windows w[n] = sum_k (-1)^k a_k cos(2 pi k n / D) with D = N (periodic, the
// right choice for FFT analysis) or D = N - 1 (symmetric, for FIR design). Coefficients:
//   Hann            a = 0.5, 0.5                                     ENBW 1.5000 bins
//   Hamming         a = 0.54, 0.46                                   ENBW 1.3628
//   Blackman        a = 0.42, 0.5, 0.08                              ENBW 1.7268
//   Blackman-Harris a = 0.35875, 0.48829, 0.14128, 0.01168 (4-term,  ENBW 2.0044
//                   -92 dB side lobes; Harris 1978)
//   Flat top        a = 0.21557895, 0.41663158, 0.277263158,         ENBW 3.7702
//                   0.083578947, 0.006947368 (the common "flattopwin" set; scalloping
//                   loss below 0.01 dB, so a sine's amplitude reads right between bins)
//   Kaiser          I0(beta sqrt(1 - (2n/D - 1)^2)) / I0(beta), beta clamped to [0, 50]
// The ENBW figures are for large N and are checked in tests/dsp/window_test.cpp.
// fill_window() does not allocate; it is fine to call it on the audio thread.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <numbers>
#include <span>

namespace plinth::dsp {

enum class WindowType { Rectangular, Hann, Hamming, Blackman, BlackmanHarris, FlatTop, Kaiser };

enum class WindowSymmetry { Periodic, Symmetric };

// Modified Bessel function of the first kind, order 0, by its power series
// sum ((x/2)^k / k!)^2; terms are added until they stop changing the sum.
[[nodiscard]] inline double bessel_i0(double x) noexcept {
  const double q = 0.25 * x * x;
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k < 500; ++k) {
    term *= q / (static_cast<double>(k) * static_cast<double>(k));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

// Kaiser's empirical beta for a wanted side-lobe/stop-band attenuation in dB.
[[nodiscard]] inline double kaiser_beta_for_attenuation(double attenuation_db) noexcept {
  if (attenuation_db > 50.0) return 0.1102 * (attenuation_db - 8.7);
  if (attenuation_db >= 21.0) return 0.5842 * std::pow(attenuation_db - 21.0, 0.4) + 0.07886 * (attenuation_db - 21.0);
  return 0.0;
}

template <std::floating_point T>
void fill_window(std::span<T> w, WindowType type, WindowSymmetry symmetry = WindowSymmetry::Periodic,
                 double kaiser_beta = 8.6) noexcept {
  const std::size_t n = w.size();
  if (n == 0) return;
  if (n == 1) {
    w[0] = T(1);
    return;
  }
  const double d = symmetry == WindowSymmetry::Periodic ? static_cast<double>(n) : static_cast<double>(n - 1);
  auto cosine_sum = [&](std::initializer_list<double> a) {
    for (std::size_t i = 0; i < n; ++i) {
      const double x = 2.0 * std::numbers::pi * static_cast<double>(i) / d;
      double v = 0.0;
      double sign = 1.0;
      int k = 0;
      for (double ak : a) {
        v += sign * ak * std::cos(k * x);
        sign = -sign;
        ++k;
      }
      w[i] = static_cast<T>(v);
    }
  };
  switch (type) {
    case WindowType::Rectangular: std::fill(w.begin(), w.end(), T(1)); break;
    case WindowType::Hann: cosine_sum({0.5, 0.5}); break;
    case WindowType::Hamming: cosine_sum({0.54, 0.46}); break;
    case WindowType::Blackman: cosine_sum({0.42, 0.5, 0.08}); break;
    case WindowType::BlackmanHarris: cosine_sum({0.35875, 0.48829, 0.14128, 0.01168}); break;
    case WindowType::FlatTop: cosine_sum({0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368}); break;
    case WindowType::Kaiser: {
      const double beta = std::isfinite(kaiser_beta) ? std::clamp(kaiser_beta, 0.0, 50.0) : 8.6;
      const double norm = 1.0 / bessel_i0(beta);
      for (std::size_t i = 0; i < n; ++i) {
        const double r = 2.0 * static_cast<double>(i) / d - 1.0;
        const double arg = std::max(0.0, 1.0 - r * r);
        w[i] = static_cast<T>(bessel_i0(beta * std::sqrt(arg)) * norm);
      }
      break;
    }
  }
}

// Coherent gain: mean of the window (a bin-centred sine of amplitude A reads A * gain * N/2).
template <std::floating_point T>
[[nodiscard]] double window_coherent_gain(std::span<const T> w) noexcept {
  if (w.empty()) return 0.0;
  double s = 0.0;
  for (T v : w) s += static_cast<double>(v);
  return s / static_cast<double>(w.size());
}

// Equivalent noise bandwidth in bins: N sum(w^2) / (sum w)^2.
template <std::floating_point T>
[[nodiscard]] double window_enbw(std::span<const T> w) noexcept {
  double s = 0.0, s2 = 0.0;
  for (T v : w) {
    s += static_cast<double>(v);
    s2 += static_cast<double>(v) * static_cast<double>(v);
  }
  if (s == 0.0) return 0.0;
  return static_cast<double>(w.size()) * s2 / (s * s);
}

}  // namespace plinth::dsp
