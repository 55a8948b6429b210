// Plinth DSP: level meters: sample peak with hold and decay, windowed RMS, and true peak
// (ITU-R BS.1770-4 annex 2).
//
//   plinth::dsp::PeakMeter<float> peak;        peak.prepare(sr, 512, 2);
//   peak.set_hold_ms(500); peak.set_decay_db_per_second(20);
//   peak.process(leftBlock, 0); peak.process(rightBlock, 1);
//   float db = peak.peak_db(0);                 // for the UI
//
//   plinth::dsp::TruePeakMeter<float> tp;      tp.prepare(sr, 512, 2);
//   tp.process(leftBlock, 0);  float dbtp = tp.true_peak_db(0);   // maximum since reset()
//
// All meters: prepare() allocates, process() never allocates, locks or throws. A channel
// index outside [0, channels) is ignored. Non-finite samples (NaN, inf) are ignored so one
// bad sample cannot pin a meter; reset() clears everything. Readings are meant to be read
// on the audio thread and handed to the UI (e.g. through an atomic).
//
// True peak: the signal is interpolated 4x (the annex's oversampling factor, used at every
// sample rate) by a polyphase windowed-sinc filter designed here: 25-tap phases, Kaiser
// window (beta 8) over +-12.5 input samples, each phase normalised to unit DC gain; phase 0
// is the input itself. Each phase's gain is flat within 0.004 dB up to 0.4 fs (so the
// meter does not over-read), and the peak of the interpolated signal can under-read by at
// most 20 log10 cos(pi f / (4 fs)) between the 4x points (-0.2 dB at 0.4 fs, far less at
// low frequencies). tests/dsp/meters_test.cpp checks a fs/4 sine whose samples all miss
// its peak, and sines up to 19 kHz at random phases.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include "plinth/dsp/decibel.h"
#include "plinth/dsp/window.h"

namespace plinth::dsp {

namespace meter_detail {

template <std::floating_point T>
[[nodiscard]] inline T to_db(T linear) noexcept {
  return gain_to_decibels(linear, T(-200));  // floor -200 dB (linear 1e-10)
}

inline bool valid_channel(int channel, std::size_t count) noexcept {
  return channel >= 0 && static_cast<std::size_t>(channel) < count;
}

}  // namespace meter_detail

// Sample-peak meter: instant attack, hold for hold_ms, then a linear-in-dB fall.
template <std::floating_point T>
class PeakMeter {
public:
  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = std::isfinite(sample_rate) ? std::clamp(sample_rate, 1000.0, 1.0e6) : 48000.0;
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    value_.assign(n, T(0));
    hold_.assign(n, 0);
    update_coefficients();
  }

  void reset() noexcept {
    std::fill(value_.begin(), value_.end(), T(0));
    std::fill(hold_.begin(), hold_.end(), 0);
  }

  // Hold time, clamped to [0, 10000] ms.
  void set_hold_ms(double ms) noexcept {
    hold_ms_ = std::isfinite(ms) ? std::clamp(ms, 0.0, 10000.0) : 500.0;
    update_coefficients();
  }

  // Fall rate after the hold, clamped to [0.1, 1000] dB per second.
  void set_decay_db_per_second(double db_per_second) noexcept {
    decay_db_per_second_ = std::isfinite(db_per_second) ? std::clamp(db_per_second, 0.1, 1000.0) : 20.0;
    update_coefficients();
  }

  [[nodiscard]] int hold_samples() const noexcept { return hold_samples_; }

  void process(std::span<const T> block, int channel) noexcept {
    if (!meter_detail::valid_channel(channel, value_.size())) return;
    const auto c = static_cast<std::size_t>(channel);
    T v = value_[c];
    int h = hold_[c];
    for (const T x : block) {
      const T a = std::abs(x);
      if (a >= v && a <= std::numeric_limits<T>::max()) {  // false for NaN and inf
        v = a;
        h = hold_samples_;
      } else if (h > 0) {
        --h;
      } else {
        v *= decay_;
      }
    }
    value_[c] = v < T(1e-20) ? T(0) : v;  // no denormal tail
    hold_[c] = h;
  }

  [[nodiscard]] T peak(int channel) const noexcept {
    return meter_detail::valid_channel(channel, value_.size()) ? value_[static_cast<std::size_t>(channel)] : T(0);
  }
  [[nodiscard]] T peak_db(int channel) const noexcept { return meter_detail::to_db(peak(channel)); }

private:
  void update_coefficients() noexcept {
    hold_samples_ = static_cast<int>(std::lround(hold_ms_ * 0.001 * sample_rate_));
    decay_ = static_cast<T>(std::pow(10.0, -decay_db_per_second_ / (20.0 * sample_rate_)));
  }

  double sample_rate_ = 48000.0;
  double hold_ms_ = 500.0;
  double decay_db_per_second_ = 20.0;
  int hold_samples_ = 24000;
  T decay_ = T(1);
  std::vector<T> value_;
  std::vector<int> hold_;
};

// RMS over a sliding rectangular window (exact: a running sum over a ring of squares).
template <std::floating_point T>
class RmsMeter {
public:
  static constexpr double kMaxWindowMs = 1000.0;

  // Allocates one second of squares per channel (the longest window).
  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = std::isfinite(sample_rate) ? std::clamp(sample_rate, 1000.0, 1.0e6) : 48000.0;
    capacity_ = static_cast<int>(std::ceil(kMaxWindowMs * 0.001 * sample_rate_));
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    ring_.assign(n, std::vector<T>(static_cast<std::size_t>(capacity_), T(0)));
    sum_.assign(n, 0.0);
    pos_.assign(n, 0);
    update_window();
  }

  void reset() noexcept {
    for (auto& r : ring_) std::fill(r.begin(), r.end(), T(0));
    std::fill(sum_.begin(), sum_.end(), 0.0);
    std::fill(pos_.begin(), pos_.end(), 0);
  }

  // Window length, clamped to [1, 1000] ms; changing it clears the meter.
  void set_window_ms(double ms) noexcept {
    window_ms_ = std::isfinite(ms) ? std::clamp(ms, 1.0, kMaxWindowMs) : 300.0;
    update_window();
  }

  [[nodiscard]] int window_samples() const noexcept { return window_; }

  void process(std::span<const T> block, int channel) noexcept {
    if (!meter_detail::valid_channel(channel, ring_.size())) return;
    const auto c = static_cast<std::size_t>(channel);
    T* ring = ring_[c].data();
    double sum = sum_[c];
    int pos = pos_[c];
    for (T x : block) {
      if (!std::isfinite(x)) x = T(0);
      const T sq = x * x;
      sum += static_cast<double>(sq) - static_cast<double>(ring[pos]);
      ring[pos] = sq;
      if (++pos == window_) {
        pos = 0;
        // Once per window: recompute the sum so rounding never accumulates.
        double exact = 0.0;
        for (int i = 0; i < window_; ++i) exact += static_cast<double>(ring[i]);
        sum = exact;
      }
    }
    sum_[c] = sum;
    pos_[c] = pos;
  }

  [[nodiscard]] T rms(int channel) const noexcept {
    if (!meter_detail::valid_channel(channel, sum_.size()) || window_ <= 0) return T(0);
    const double ms = sum_[static_cast<std::size_t>(channel)] / window_;
    return ms > 0.0 ? static_cast<T>(std::sqrt(ms)) : T(0);
  }
  [[nodiscard]] T rms_db(int channel) const noexcept { return meter_detail::to_db(rms(channel)); }

private:
  void update_window() noexcept {
    window_ = static_cast<int>(std::lround(window_ms_ * 0.001 * sample_rate_));
    window_ = std::clamp(window_, 1, std::max(capacity_, 1));
    reset();
  }

  double sample_rate_ = 48000.0;
  double window_ms_ = 300.0;
  int capacity_ = 0;
  int window_ = 1;
  std::vector<std::vector<T>> ring_;
  std::vector<double> sum_;
  std::vector<int> pos_;
};

// True-peak meter per ITU-R BS.1770-4 annex 2: 4x oversampled peak, held since reset().
template <std::floating_point T>
class TruePeakMeter {
public:
  static constexpr int kTaps = 25;
  static constexpr int kPhases = 4;
  // The interpolated point of phase p lies (12 - p/4) input samples before the newest one.
  static constexpr int kLatencySamples = 12;

  TruePeakMeter() { design(); }

  void prepare(double /*sample_rate*/, int /*max_block_size*/, int channels) {
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    history_.assign(n, std::array<T, 2 * kTaps>{});
    pos_.assign(n, 0);
    peak_.assign(n, T(0));
  }

  void reset() noexcept {
    for (auto& h : history_) h.fill(T(0));
    std::fill(pos_.begin(), pos_.end(), 0);
    std::fill(peak_.begin(), peak_.end(), T(0));
  }

  // Clears only the held maxima (e.g. when the user clicks the meter).
  void reset_peak() noexcept { std::fill(peak_.begin(), peak_.end(), T(0)); }

  void process(std::span<const T> block, int channel) noexcept {
    if (!meter_detail::valid_channel(channel, history_.size())) return;
    const auto c = static_cast<std::size_t>(channel);
    T* h = history_[c].data();
    int pos = pos_[c];
    T peak = peak_[c];
    for (T x : block) {
      if (!std::isfinite(x)) x = T(0);
      // Ring stored twice so the newest kTaps samples are contiguous at h + pos.
      pos = pos == 0 ? kTaps - 1 : pos - 1;
      h[pos] = x;
      h[pos + kTaps] = x;
      const T* w = h + pos;  // w[j] = x[n - j]
      peak = std::max(peak, std::abs(x));
      for (int p = 1; p < kPhases; ++p) {
        const T* k = coeffs_[static_cast<std::size_t>(p)].data();
        T acc = T(0);
        for (int j = 0; j < kTaps; ++j) acc += k[j] * w[j];
        peak = std::max(peak, std::abs(acc));
      }
    }
    pos_[c] = pos;
    peak_[c] = peak;
  }

  [[nodiscard]] T true_peak(int channel) const noexcept {
    return meter_detail::valid_channel(channel, peak_.size()) ? peak_[static_cast<std::size_t>(channel)] : T(0);
  }
  [[nodiscard]] T true_peak_db(int channel) const noexcept { return meter_detail::to_db(true_peak(channel)); }

  // Tap j of phase p weights x[n - j] for the point at time n - 12 + p/4.
  [[nodiscard]] T coefficient(int phase, int tap) const noexcept {
    return coeffs_[static_cast<std::size_t>(phase)][static_cast<std::size_t>(tap)];
  }

private:
  void design() noexcept {
    constexpr double half_width = kTaps / 2.0;
    constexpr double beta = 8.0;
    const double norm = 1.0 / bessel_i0(beta);
    for (int p = 0; p < kPhases; ++p) {
      std::array<double, kTaps> c{};
      double sum = 0.0;
      for (int j = 0; j < kTaps; ++j) {
        // Ideal interpolation x(t) = sum x[k] sinc(t - k) at t = n - 12 + p/4.
        const double u = j - static_cast<double>(kLatencySamples) + p / 4.0;
        if (std::abs(u) >= half_width) continue;
        const double r = u / half_width;
        const double sinc = u == 0.0 ? 1.0 : std::sin(std::numbers::pi * u) / (std::numbers::pi * u);
        c[static_cast<std::size_t>(j)] = sinc * bessel_i0(beta * std::sqrt(1.0 - r * r)) * norm;
        sum += c[static_cast<std::size_t>(j)];
      }
      for (int j = 0; j < kTaps; ++j)
        coeffs_[static_cast<std::size_t>(p)][static_cast<std::size_t>(j)] =
            static_cast<T>(c[static_cast<std::size_t>(j)] / sum);
    }
  }

  std::array<std::array<T, kTaps>, kPhases> coeffs_{};
  std::vector<std::array<T, 2 * kTaps>> history_;
  std::vector<int> pos_;
  std::vector<T> peak_;
};

}  // namespace plinth::dsp
