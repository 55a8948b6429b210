// Plinth DSP: Linkwitz-Riley 4th-order crossovers (2 and 3 bands).
//
// LR4 = two cascaded 2nd-order Butterworth sections (Q = 1/sqrt 2) per band:
//   low  = LP^2,  high = HP^2,  low + high = (s^2 - sqrt2 s + 1) / (s^2 + sqrt2 s + 1),
// an all-pass: the bands sum to a flat magnitude (the phase turns by 360 degrees through
// the crossover). Both bands are -6.02 dB at the crossover frequency.
//
// Three bands (f1 < f2): low = LR4 low at f1 followed by the LR4 all-pass at f2 (so the low
// band sees the same phase turn as the split at f2); the rest is split at f2 into mid and
// high. Sum = AP(f1) * AP(f2): flat.
//
// Ranges (clamped): frequencies 1 Hz .. 0.49 fs; in the 3-band version the upper split is
// kept at least at the lower one.
//
//   LinkwitzRiley3Band<float> x;  x.set_frequencies(200.0, 2000.0);  x.prepare(48000.0, 512, 2);
//   auto b = x.process(sample, channel);  // b.low, b.mid, b.high
#pragma once

#include "plinth/dsp/biquad.h"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <span>

namespace plinth::dsp {

template <std::floating_point T>
struct TwoBands {
  T low;
  T high;
};

template <std::floating_point T>
struct ThreeBands {
  T low;
  T mid;
  T high;
};

template <std::floating_point T>
class LinkwitzRiley2Band {
public:
  static constexpr double kButterworthQ = 0.70710678118654752;

  void prepare(double sample_rate, int max_block_size, int channels) {
    for (Biquad<T>* f : {&lp1_, &lp2_, &hp1_, &hp2_}) f->prepare(sample_rate, max_block_size, channels);
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    configure();
    reset();
  }
  void reset() noexcept {
    for (Biquad<T>* f : {&lp1_, &lp2_, &hp1_, &hp2_}) f->reset();
  }
  void set_frequency(double hz) noexcept {
    frequency_ = hz;
    configure();
  }
  [[nodiscard]] double frequency() const noexcept { return FilterLimits::frequency(frequency_, sample_rate_); }

  [[nodiscard]] TwoBands<T> process(T x, int channel = 0) noexcept {
    const T low = lp2_.process(lp1_.process(x, channel), channel);
    const T high = hp2_.process(hp1_.process(x, channel), channel);
    return {low, high};
  }

  // Block: input to low and high (the shortest span sets the length). The input may be
  // one of the outputs; partially overlapping spans are not supported.
  void process(std::span<const T> input, std::span<T> low, std::span<T> high, int channel = 0) noexcept {
    const std::size_t n = std::min({input.size(), low.size(), high.size()});
    // The input may be the very same buffer as one of the outputs (in place).
    if (low.data() != input.data()) std::copy_n(input.data(), n, low.data());
    if (high.data() != input.data()) std::copy_n(input.data(), n, high.data());
    lp1_.process(low.first(n), channel);
    lp2_.process(low.first(n), channel);
    hp1_.process(high.first(n), channel);
    hp2_.process(high.first(n), channel);
  }

private:
  void configure() noexcept {
    for (Biquad<T>* f : {&lp1_, &lp2_}) f->set_parameters(BiquadType::LowPass, frequency_, kButterworthQ);
    for (Biquad<T>* f : {&hp1_, &hp2_}) f->set_parameters(BiquadType::HighPass, frequency_, kButterworthQ);
  }

  Biquad<T> lp1_, lp2_, hp1_, hp2_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double frequency_ = 1000.0;
};

template <std::floating_point T>
class LinkwitzRiley3Band {
public:
  void prepare(double sample_rate, int max_block_size, int channels) {
    low_split_.prepare(sample_rate, max_block_size, channels);
    high_split_.prepare(sample_rate, max_block_size, channels);
    all_pass_.prepare(sample_rate, max_block_size, channels);
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    configure();
    reset();
  }
  void reset() noexcept {
    low_split_.reset();
    high_split_.reset();
    all_pass_.reset();
  }
  void set_frequencies(double low_mid_hz, double mid_high_hz) noexcept {
    f1_ = low_mid_hz;
    f2_ = mid_high_hz;
    configure();
  }
  [[nodiscard]] double low_mid_frequency() const noexcept { return low_split_.frequency(); }
  [[nodiscard]] double mid_high_frequency() const noexcept { return high_split_.frequency(); }

  [[nodiscard]] ThreeBands<T> process(T x, int channel = 0) noexcept {
    const TwoBands<T> a = low_split_.process(x, channel);
    const TwoBands<T> b = high_split_.process(a.high, channel);
    // LR4 all-pass at f2 = 2nd-order all-pass with Q = 1/sqrt 2.
    const T low = all_pass_.process(a.low, channel);
    return {low, b.low, b.high};
  }

  void process(std::span<const T> input, std::span<T> low, std::span<T> mid, std::span<T> high,
               int channel = 0) noexcept {
    const std::size_t n = std::min({input.size(), low.size(), mid.size(), high.size()});
    // high temporarily holds the upper half (f1 high pass), then is split into mid/high.
    low_split_.process(input.first(n), low.first(n), high.first(n), channel);
    high_split_.process(high.first(n), mid.first(n), high.first(n), channel);
    all_pass_.process(low.first(n), channel);
  }

private:
  void configure() noexcept {
    const double f1 = FilterLimits::frequency(f1_, sample_rate_);
    const double f2 = std::max(f1, FilterLimits::frequency(f2_, sample_rate_));
    low_split_.set_frequency(f1);
    high_split_.set_frequency(f2);
    all_pass_.set_parameters(BiquadType::AllPass, f2, LinkwitzRiley2Band<T>::kButterworthQ);
  }

  LinkwitzRiley2Band<T> low_split_, high_split_;
  Biquad<T> all_pass_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double f1_ = 250.0;
  double f2_ = 2500.0;
};

}  // namespace plinth::dsp
