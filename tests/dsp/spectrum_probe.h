// Test-only spectrum measurements for the oscillator and noise tests: a plain radix-2 FFT,
// a Blackman-Harris window, an alias meter and a Welch power spectrum.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <utility>
#include <vector>

namespace spectrum_probe {

inline constexpr double kPi = 3.14159265358979323846;

// In-place iterative radix-2 FFT; size must be a power of two.
inline void fft(std::vector<std::complex<double>>& a) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double ang = -2.0 * kPi / static_cast<double>(len);
    for (std::size_t i = 0; i < n; i += len) {
      for (std::size_t k = 0; k < len / 2; ++k) {
        const std::complex<double> w = std::polar(1.0, ang * static_cast<double>(k));
        const auto u = a[i + k];
        const auto v = a[i + k + len / 2] * w;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
      }
    }
  }
}

// 4-term Blackman-Harris (side lobes below -92 dB, main lobe +-4 bins).
inline double blackman_harris(std::size_t i, std::size_t n) {
  const double x = 2.0 * kPi * static_cast<double>(i) / static_cast<double>(n);
  return 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2 * x) - 0.01168 * std::cos(3 * x);
}

// Power spectrum (bins 0..n/2) of the windowed signal (n = signal size, power of two).
template <typename Sample>
std::vector<double> power_spectrum(const std::vector<Sample>& x) {
  const std::size_t n = x.size();
  std::vector<std::complex<double>> a(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<double>(x[i]) * blackman_harris(i, n);
  fft(a);
  std::vector<double> p(n / 2 + 1);
  for (std::size_t k = 0; k <= n / 2; ++k) p[k] = std::norm(a[k]);
  return p;
}

struct AliasFigure {
  double fundamental = 0;  // power in the fundamental's bins
  double alias = 0;        // power in bins that are neither a harmonic below Nyquist nor DC
  [[nodiscard]] double ratio_db() const { return 10.0 * std::log10(alias / fundamental); }
};

// Every bin within `guard` bins of a harmonic k*f0 <= sr/2 counts as wanted (harmonic 1 as the
// fundamental); bins near DC are ignored (pulses have DC); all the rest is aliasing.
template <typename Sample>
AliasFigure measure_aliasing(const std::vector<Sample>& x, double sample_rate, double f0, int guard = 6) {
  const auto p = power_spectrum(x);
  const double bin_hz = sample_rate / static_cast<double>(x.size());
  AliasFigure fig;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const double f = static_cast<double>(k) * bin_hz;
    if (f <= guard * bin_hz) continue;
    const double h = std::round(f / f0);
    const bool near_harmonic = h >= 1 && h * f0 <= sample_rate / 2 && std::fabs(f - h * f0) <= guard * bin_hz;
    if (near_harmonic && h == 1)
      fig.fundamental += p[k];
    else if (!near_harmonic)
      fig.alias += p[k];
  }
  return fig;
}

// Welch average of windowed periodograms (segments of `n`, 50 % overlap).
template <typename Sample>
std::vector<double> welch(const std::vector<Sample>& x, std::size_t n) {
  std::vector<double> acc(n / 2 + 1, 0.0);
  int segments = 0;
  for (std::size_t start = 0; start + n <= x.size(); start += n / 2) {
    std::vector<Sample> seg(x.begin() + static_cast<std::ptrdiff_t>(start),
                            x.begin() + static_cast<std::ptrdiff_t>(start + n));
    const auto p = power_spectrum(seg);
    for (std::size_t k = 0; k < acc.size(); ++k) acc[k] += p[k];
    ++segments;
  }
  for (double& v : acc) v /= segments;
  return acc;
}

}  // namespace spectrum_probe
