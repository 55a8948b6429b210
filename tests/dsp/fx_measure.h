// Measurement helpers for the delay, modulation and reverb tests: sine fitting, DFT at
// one frequency, energy decay curves. Everything here is plain textbook maths so that the
// tests compare the processors against closed forms, not against their own output.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <vector>

namespace plinth::dsp::fx_measure {

inline constexpr double kPi = std::numbers::pi;

// Least-squares fit of y[n] ~ A sin(w n) + B cos(w n) over n in [start, end). For an
// input sin(w n) through an LTI system H, the result is H(e^jw) = A + jB.
inline std::complex<double> fit_sine(const std::vector<double>& y, double w, std::size_t start, std::size_t end) {
  double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
  for (std::size_t n = start; n < end; ++n) {
    const double s = std::sin(w * static_cast<double>(n));
    const double c = std::cos(w * static_cast<double>(n));
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y[n] * s;
    yc += y[n] * c;
  }
  const double det = ss * cc - sc * sc;
  const double a = (ys * cc - yc * sc) / det;
  const double b = (yc * ss - ys * sc) / det;
  return {a, b};
}

// Phase delay in samples of a response H at angular frequency w (phase unwrapped by
// the caller's knowledge of the integer part: pass the expected delay as a hint).
inline double phase_delay(std::complex<double> h, double w, double expected) {
  double phi = -std::arg(h);  // in (-pi, pi]
  // Add the multiple of 2 pi that brings phi / w closest to the expectation.
  const double k = std::round((expected * w - phi) / (2 * kPi));
  phi += 2 * kPi * k;
  return phi / w;
}

// DFT of x at angular frequency w (sum x[n] e^{-j w n}).
inline std::complex<double> dft_at(const std::vector<double>& x, double w) {
  std::complex<double> acc{0, 0};
  for (std::size_t n = 0; n < x.size(); ++n) {
    acc += x[n] * std::polar(1.0, -w * static_cast<double>(n));
  }
  return acc;
}

inline double to_db(double amplitude) { return 20.0 * std::log10(amplitude); }

inline double energy(const std::vector<double>& x, std::size_t start, std::size_t end) {
  double e = 0;
  for (std::size_t n = start; n < end && n < x.size(); ++n) e += x[n] * x[n];
  return e;
}

// Schroeder backward integration: EDC(t) = sum_{n >= t} h^2[n], in dB relative to the
// total energy.
inline std::vector<double> energy_decay_curve_db(const std::vector<double>& h) {
  std::vector<double> edc(h.size());
  double acc = 0;
  for (std::size_t i = h.size(); i-- > 0;) {
    acc += h[i] * h[i];
    edc[i] = acc;
  }
  const double total = edc.empty() ? 1.0 : edc[0];
  for (auto& e : edc) e = 10.0 * std::log10(std::max(e / total, 1e-300));
  return edc;
}

// RT60 from the energy decay curve: a least-squares line through the part of the EDC
// between from_db and to_db (e.g. -5 and -35 for T30), extrapolated to -60 dB.
inline double rt60_from_edc(const std::vector<double>& edc_db, double sample_rate, double from_db = -5.0,
                            double to_db = -35.0) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  double count = 0;
  for (std::size_t i = 0; i < edc_db.size(); ++i) {
    if (edc_db[i] <= from_db && edc_db[i] >= to_db) {
      const double t = static_cast<double>(i) / sample_rate;
      sx += t;
      sy += edc_db[i];
      sxx += t * t;
      sxy += t * edc_db[i];
      count += 1;
    }
  }
  const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);  // dB per second
  return -60.0 / slope;
}

}  // namespace plinth::dsp::fx_measure
