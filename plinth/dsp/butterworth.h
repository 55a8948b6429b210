// Plinth DSP: Butterworth low/high pass of any even order, as a cascade of biquads.
//
// Order N (2 .. 32, odd values rounded up to even) uses N/2 second-order sections at the
// cutoff with Q_k = 1 / (2 cos((2k + 1) pi / (2N))), k = 0 .. N/2 - 1: the pole pairs of
// the analog Butterworth filter, bilinear-transformed with prewarping at the cutoff. So
// |H|^2 = 1 / (1 + W^(2N)), W = tan(pi f / fs) / tan(pi fc / fs): -3.01 dB at the cutoff
// for every order, maximally flat pass band.
//
// Each section is a plinth Biquad (TDF-II with coefficient glide), so cutoff changes are
// smooth. Changing the order clears the state of sections that start running.
//
// Ranges (clamped): cutoff 1 Hz .. 0.49 fs, order 2 .. 32.
//
//   Butterworth<float> lp;
//   lp.set_order(8); lp.set_cutoff(2000.0);
//   lp.prepare(48000.0, 512, 2);
//   lp.process(block, channel);
#pragma once

#include "plinth/dsp/biquad.h"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <numbers>
#include <span>
#include <vector>

namespace plinth::dsp {

enum class ButterworthType { LowPass, HighPass };

template <std::floating_point T>
class Butterworth {
public:
  static constexpr int kMaxOrder = 32;

  // Q of section k for an order-N Butterworth (N even).
  [[nodiscard]] static double section_q(int order, int k) noexcept {
    return 1.0 / (2.0 * std::cos((2.0 * k + 1.0) * std::numbers::pi / (2.0 * order)));
  }

  void prepare(double sample_rate, int max_block_size, int channels) {
    sections_.resize(kMaxOrder / 2);
    for (Biquad<T>& s : sections_) s.prepare(sample_rate, max_block_size, channels);
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    configure();
    reset();
  }

  void reset() noexcept {
    for (Biquad<T>& s : sections_) s.reset();
  }

  void set_order(int order) noexcept {
    const int previous = active_sections();
    order_ = std::clamp(order + (order & 1), 2, kMaxOrder);
    configure();
    // Sections that start running begin from clear state and their final design.
    for (int k = previous; k < active_sections() && k < static_cast<int>(sections_.size()); ++k)
      sections_[static_cast<std::size_t>(k)].reset();
  }
  void set_cutoff(double hz) noexcept {
    cutoff_ = hz;
    configure();
  }
  void set_type(ButterworthType type) noexcept {
    type_ = type;
    configure();
  }
  void set_smoothing_time(double seconds) noexcept {
    for (Biquad<T>& s : sections_) s.set_smoothing_time(seconds);
  }

  [[nodiscard]] int order() const noexcept { return order_; }
  [[nodiscard]] int active_sections() const noexcept { return order_ / 2; }
  [[nodiscard]] double cutoff() const noexcept { return FilterLimits::frequency(cutoff_, sample_rate_); }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    const std::size_t n = std::min(static_cast<std::size_t>(active_sections()), sections_.size());
    for (std::size_t k = 0; k < n; ++k) x = sections_[k].process(x, channel);
    return x;
  }

  // Section by section over the block (each section's loop stays in registers).
  void process(std::span<T> block, int channel = 0) noexcept {
    const std::size_t n = std::min(static_cast<std::size_t>(active_sections()), sections_.size());
    for (std::size_t k = 0; k < n; ++k) sections_[k].process(block, channel);
  }

private:
  void configure() noexcept {
    const BiquadType t = type_ == ButterworthType::LowPass ? BiquadType::LowPass : BiquadType::HighPass;
    const std::size_t n = std::min(static_cast<std::size_t>(active_sections()), sections_.size());
    for (std::size_t k = 0; k < n; ++k) sections_[k].set_parameters(t, cutoff_, section_q(order_, static_cast<int>(k)));
  }

  std::vector<Biquad<T>> sections_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double cutoff_ = 1000.0;
  int order_ = 4;
  ButterworthType type_ = ButterworthType::LowPass;
};

}  // namespace plinth::dsp
