// Test support for the filter tests: measuring a processor's frequency response from its
// impulse response, and the analog prototypes (evaluated at the bilinear-warped
// frequency) that give the exact digital response of a bilinear-transformed design.
#pragma once

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

namespace plinth::dsp::test {

using cd = std::complex<double>;

// H(e^{j 2 pi f / fs}) = sum h[n] e^{-j w n}, from the first `length` impulse-response
// samples produced by `step(x)`; the filter must have decayed within `length`.
template <typename Step>
cd measure_response(Step&& step, double freq, double sample_rate, int length = 1 << 15) {
  const double w = 2.0 * std::numbers::pi * freq / sample_rate;
  cd sum = 0;
  // Accumulate the phasor by rotation, renormalized, to keep it cheap and accurate.
  for (int n = 0; n < length; ++n) {
    const double h = static_cast<double>(step(n == 0 ? 1.0 : 0.0));
    sum += h * std::polar(1.0, -w * n);
  }
  return sum;
}

// Impulse response as a vector (for several frequencies from one run).
template <typename Step>
std::vector<double> impulse_response(Step&& step, int length = 1 << 15) {
  std::vector<double> h(static_cast<size_t>(length));
  for (int n = 0; n < length; ++n) h[static_cast<size_t>(n)] = static_cast<double>(step(n == 0 ? 1.0 : 0.0));
  return h;
}

inline cd dft(const std::vector<double>& h, double freq, double sample_rate) {
  const double w = 2.0 * std::numbers::pi * freq / sample_rate;
  cd sum = 0;
  for (size_t n = 0; n < h.size(); ++n) sum += h[n] * std::polar(1.0, -w * static_cast<double>(n));
  return sum;
}

// The normalized Laplace variable s = j tan(pi f / fs) / tan(pi f0 / fs): an analog
// prototype H(s) with cutoff 1 evaluated here equals the bilinear design (prewarped at f0)
// at frequency f.
inline cd warped_s(double f, double f0, double sample_rate) {
  return cd(0.0, std::tan(std::numbers::pi * f / sample_rate) / std::tan(std::numbers::pi * f0 / sample_rate));
}

inline double db(cd h) { return 20.0 * std::log10(std::abs(h)); }
inline double db(double mag) { return 20.0 * std::log10(mag); }

// Wrapped phase difference in radians.
inline double phase_diff(cd a, cd b) { return std::arg(a / b); }

}  // namespace plinth::dsp::test
