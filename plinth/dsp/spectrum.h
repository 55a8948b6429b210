// Plinth DSP: magnitude spectrum in dB, with windowing.
//
//   plinth::dsp::SpectrumAnalyzer<float> spec;
//   spec.prepare(2048, plinth::dsp::WindowType::BlackmanHarris);   // allocates
//   std::vector<float> db(spec.num_bins());                         // 2048/2 + 1 bins
//   spec.magnitude_db(frame, db);   // frame: the last 2048 samples; bin k is k * fs / 2048 Hz
//
// Scaling: amplitude spectrum normalised by the window's coherent gain, single-sided, so a
// sine of amplitude A centred on a bin reads 20 log10(A) dB (0 dB for a full-scale sine),
// whatever the window. Between bins the reading drops by the window's scalloping loss
// (up to 1.42 dB for Hann, below 0.01 dB for the flat top). Magnitudes below
// floor_db (default -200 dB) read floor_db. magnitude_db() never allocates.
#pragma once

#include <cmath>
#include <complex>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>

#include "plinth/dsp/fft.h"
#include "plinth/dsp/window.h"

namespace plinth::dsp {

template <std::floating_point T>
class SpectrumAnalyzer {
public:
  // fft_size is rounded up to a power of two in [2, 2^24].
  void prepare(int fft_size, WindowType window = WindowType::Hann, double kaiser_beta = 8.6) {
    fft_.prepare(fft_size);
    const auto n = static_cast<std::size_t>(fft_.size());
    window_.assign(n, T(0));
    fill_window(std::span<T>(window_), window, WindowSymmetry::Periodic, kaiser_beta);
    double sum = 0.0;
    for (T v : window_) sum += static_cast<double>(v);
    // Single-sided amplitude: |X[k]| * 2 / sum(w) (DC and Nyquist: * 1 / sum(w)).
    scale_ = sum > 0.0 ? 2.0 / sum : 0.0;
    frame_.assign(n, T(0));
    bins_.assign(n / 2 + 1, std::complex<T>());
  }

  [[nodiscard]] int fft_size() const noexcept { return fft_.size(); }
  [[nodiscard]] int num_bins() const noexcept { return fft_.size() / 2 + 1; }
  [[nodiscard]] std::span<const T> window() const noexcept { return window_; }

  // Frequency of bin k in Hz.
  [[nodiscard]] double bin_frequency(int k, double sample_rate) const noexcept {
    return fft_.size() > 0 ? k * sample_rate / fft_.size() : 0.0;
  }

  // frame: fft_size() samples; out: num_bins() values. Shorter spans: nothing is written.
  void magnitude_db(std::span<const T> frame, std::span<T> out, T floor_db = T(-200)) noexcept {
    const auto n = static_cast<std::size_t>(fft_.size());
    const std::size_t bins = n / 2 + 1;
    if (n == 0 || frame.size() < n || out.size() < bins) return;
    for (std::size_t i = 0; i < n; ++i) {
      const T v = frame[i];
      frame_[i] = std::isfinite(v) ? v * window_[i] : T(0);  // one bad sample must not blank the display
    }
    fft_.forward(frame_, bins_);
    const double floor_lin = std::pow(10.0, static_cast<double>(floor_db) / 20.0);
    for (std::size_t k = 0; k < bins; ++k) {
      const double s = (k == 0 || k == n / 2) ? 0.5 * scale_ : scale_;
      const double mag = std::abs(std::complex<double>(bins_[k])) * s;
      out[k] = mag > floor_lin ? static_cast<T>(20.0 * std::log10(mag)) : floor_db;
    }
  }

private:
  RealFFT<T> fft_;
  std::vector<T> window_;
  std::vector<T> frame_;
  std::vector<std::complex<T>> bins_;
  double scale_ = 0.0;
};

}  // namespace plinth::dsp
