// Schroeder reverb (1962): four feedback combs in parallel, then two all-passes in series.
//
//   comb i:   y = x + g_i LP(y)[n - D_i],  g_i = 10^(-3 D_i / (RT60 fs))
//   all-pass: D = 5.0 ms and 1.7 ms, g = 0.7
// The comb gains make every comb lose 60 dB in RT60 seconds, so the tail does too.
// Comb delays 29.7, 37.1, 41.1, 43.7 ms, scaled with the sample rate in prepare(); each
// further channel's delays are a little longer (stereo decorrelation).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <span>
#include <vector>

#include "plinth/dsp/allpass.h"
#include "plinth/dsp/comb.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class SchroederReverb {
public:
  static constexpr std::array<double, 4> kCombMs{29.7, 37.1, 41.1, 43.7};
  static constexpr std::array<double, 2> kAllpassMs{5.0, 1.7};
  static constexpr double kAllpassGain = 0.7;
  static constexpr double kChannelSpreadMs = 0.52;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
    for (std::size_t c = 0; c < channels_.size(); ++c) {
      auto& ch = channels_[c];
      const double spread = static_cast<double>(c) * kChannelSpreadMs;
      for (std::size_t i = 0; i < 4; ++i) {
        const int d = std::max(1, static_cast<int>(std::lround((kCombMs[i] + spread) * 1e-3 * sample_rate_)));
        ch.combs[i].prepare(d);
        ch.combs[i].set_delay(d);
      }
      for (std::size_t i = 0; i < 2; ++i) {
        const int d = std::max(1, static_cast<int>(std::lround((kAllpassMs[i] + 0.1 * spread) * 1e-3 * sample_rate_)));
        ch.allpasses[i].prepare(d);
        ch.allpasses[i].set_delay(d);
        ch.allpasses[i].set_gain(static_cast<T>(kAllpassGain));
      }
    }
    update_combs();
    reset();
  }

  void reset() noexcept {
    for (auto& ch : channels_) {
      for (auto& c : ch.combs) c.reset();
      for (auto& a : ch.allpasses) a.reset();
    }
  }

  // Reverberation time (60 dB decay) in seconds, clamped to [0.1, 30].
  void set_decay_seconds(double rt60) noexcept {
    rt60_ = std::isfinite(rt60) ? std::clamp(rt60, 0.1, 30.0) : 1.5;
    update_combs();
  }
  [[nodiscard]] double decay_seconds() const noexcept { return rt60_; }
  // High-frequency damping in the comb loops, clamped to [0, 1] (0 = none, the classic
  // design; more damping shortens the decay of high frequencies only).
  void set_damping(T damping) noexcept {
    damping_ = std::isfinite(damping) ? std::clamp(damping, T(0), T(1)) : T(0);
    update_combs();
  }
  // Wet proportion, clamped to [0, 1].
  void set_mix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.25); }

  [[nodiscard]] T process(T x, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
    return tick(channels_[static_cast<std::size_t>(channel)], x);
  }
  void process(std::span<T> block, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return;
    auto& ch = channels_[static_cast<std::size_t>(channel)];
    scrub_non_finite(block);
    for (auto& s : block) s = tick(ch, s);
  }

private:
  struct Channel {
    std::array<FeedbackComb<T>, 4> combs;
    std::array<SchroederAllpass<T>, 2> allpasses;
  };

  void update_combs() noexcept {
    for (auto& ch : channels_) {
      for (auto& c : ch.combs) {
        c.set_gain(static_cast<T>(std::pow(10.0, -3.0 * c.delay() / (rt60_ * sample_rate_))));
        c.set_damping(T(0.6) * damping_);
      }
    }
  }

  T tick(Channel& ch, T x) noexcept {
    const T in = delay_detail::finite_or_zero(x);
    T sum = T(0);
    // The comb output minus its input is the pure recirculated tail.
    for (auto& c : ch.combs) sum += c.process(in) - in;
    T wet = T(0.25) * sum;
    for (auto& a : ch.allpasses) wet = a.process(wet);
    return x + mix_ * (wet - x);
  }

  std::vector<Channel> channels_ = std::vector<Channel>(1);
  double sample_rate_ = 48000.0;
  double rt60_ = 1.5;
  T damping_ = T(0);
  T mix_ = T(0.25);
};

}  // namespace plinth::dsp
