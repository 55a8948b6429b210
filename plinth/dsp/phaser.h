// Phaser: a cascade of first-order all-passes whose break frequency an LFO sweeps
// (logarithmically) between min_hz and max_hz, with feedback, mixed with the dry signal.
//
//   stage:  A(z) = (a + z^-1) / (1 + a z^-1),  a = (tan(pi fc / fs) - 1) / (tan(pi fc / fs) + 1)
//           phase(w) = -2 atan(tan(w / 2) / tan(pi fc / fs)), -pi/2 at fc
//   chain:  w = x + feedback * previous chain output;  v = A^N(w)
//   out:    y = (1 - mix) x + mix v
// With mix 0.5 and no feedback, notches sit where N phase(w) is an odd multiple of -pi.
// The coefficient is recomputed every kControlInterval samples and ramped linearly in
// between, which keeps the sweep smooth without a tan() per sample.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <numbers>
#include <span>
#include <vector>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/denormal.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T, int MaxStages = 12>
class Phaser {
public:
  static constexpr int kMaxStages = MaxStages;
  static constexpr int kControlInterval = 16;
  static constexpr double kMaxRateHz = 20.0;
  static constexpr double kMaxFeedback = 0.95;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
    update_sweep();
    reset();
  }

  void reset() noexcept {
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      auto& c = channels_[i];
      c.state.fill(T(0));
      c.last = T(0);
      c.lfo.set_increment(rate_ * kControlInterval / sample_rate_);
      c.lfo.set_phase(static_cast<double>(i) * stereo_phase_);
      c.a = coefficient_for(c.lfo.sin());
      c.a_step = T(0);
      c.countdown = 0;
    }
  }

  // Number of all-pass stages, clamped to [1, MaxStages]. Each pair adds one notch.
  void set_stages(int n) noexcept { stages_ = std::clamp(n, 1, MaxStages); }
  [[nodiscard]] int stages() const noexcept { return stages_; }
  // Sweep range in Hz, each clamped to [10, 0.45 fs]; if min > max they swap.
  void set_min_frequency(double hz) noexcept {
    min_hz_ = clamp_or(hz, 10.0, 30000.0, 200.0);
    update_sweep();
  }
  void set_max_frequency(double hz) noexcept {
    max_hz_ = clamp_or(hz, 10.0, 30000.0, 2000.0);
    update_sweep();
  }
  // LFO rate in Hz, clamped to [0, 20]. 0 freezes the sweep where it is.
  void set_rate_hz(double hz) noexcept {
    rate_ = clamp_or(hz, 0.0, kMaxRateHz, 0.0);
    for (auto& c : channels_) c.lfo.set_increment(rate_ * kControlInterval / sample_rate_);
  }
  // Feedback, clamped to [-0.95, 0.95].
  void set_feedback(T fb) noexcept {
    feedback_ = std::isfinite(fb) ? std::clamp(fb, T(-kMaxFeedback), T(kMaxFeedback)) : T(0);
  }
  // LFO phase offset between consecutive channels in turns, [0, 1]; applied at reset().
  void set_stereo_phase(double turns) noexcept { stereo_phase_ = clamp_or(turns, 0.0, 1.0, 0.25); }
  // Wet proportion, clamped to [0, 1]; 0.5 gives full-depth notches.
  void set_mix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.5); }

  [[nodiscard]] T process(T x, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
    return tick<0>(channels_[static_cast<std::size_t>(channel)], x, feedback_, mix_);
  }
  void process(std::span<T> block, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return;
    ScopedNoDenormals guard;
    scrub_non_finite(block);
    auto& c = channels_[static_cast<std::size_t>(channel)];
    dispatch<1>([&]<int N>() { run<N>(c, block); });
  }

  // Channels 0 and 1 together: the two all-pass chains are independent, so running them
  // in the same loop overlaps their latencies (about twice the speed of two calls).
  void process(std::span<T> left, std::span<T> right) noexcept {
    if (channels_.size() < 2) {
      process(left, 0);
      return;
    }
    ScopedNoDenormals guard;
    scrub_non_finite(left);
    scrub_non_finite(right);
    dispatch<1>([&]<int N>() { run_stereo<N>(left, right); });
  }

  // Break frequency (Hz) of the stages for an LFO value in [-1, 1].
  [[nodiscard]] double break_frequency_for(double lfo) const noexcept {
    return lo_hz_ * std::exp(0.5 * (1.0 + lfo) * log_ratio_);
  }

private:
  struct Channel {
    std::array<T, static_cast<std::size_t>(MaxStages)> state{};
    RotatingPhasor lfo;
    T a = T(0), a_step = T(0), last = T(0);
    int countdown = 0;
  };

  static double clamp_or(double v, double lo, double hi, double fallback) noexcept {
    return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
  }

  // Sweep constants, so the control-rate update is one exp and one tan (in T).
  void update_sweep() noexcept {
    const double nyq = 0.45 * sample_rate_;
    double lo = std::min(min_hz_, nyq), hi = std::min(max_hz_, nyq);
    if (lo > hi) std::swap(lo, hi);
    lo_hz_ = lo;
    log_ratio_ = std::log(hi / lo);
    lo_warp_ = static_cast<T>(std::numbers::pi * lo / sample_rate_);
    half_log_ratio_ = static_cast<T>(0.5 * log_ratio_);
  }

  T coefficient_for(double lfo) const noexcept {
    // tan(pi fc / fs) with fc = lo (hi/lo)^u, u = (1 + lfo) / 2.
    const T t = std::tan(lo_warp_ * std::exp(half_log_ratio_ * (T(1) + static_cast<T>(lfo))));
    return (t - T(1)) / (t + T(1));
  }

  // Block processing picks a loop with the stage count fixed at compile time, so the
  // cascade is fully unrolled.
  template <int N, typename F>
  void dispatch(F&& f) noexcept {
    if constexpr (N > MaxStages) {
      f.template operator()<0>();
    } else {
      if (stages_ == N) {
        f.template operator()<N>();
      } else {
        dispatch<N + 1>(f);
      }
    }
  }

  // The loop works on a local copy of the channel: members (or anything reached through
  // a reference) could alias the block, which would force the state through memory on
  // every sample.
  template <int N>
  void run(Channel& c, std::span<T> block) noexcept {
    Channel local = c;
    const T fb = feedback_, mix = mix_;
    for (auto& s : block) s = tick<N>(local, s, fb, mix);
    c = local;
  }

  template <int N>
  void run_stereo(std::span<T> left, std::span<T> right) noexcept {
    Channel l = channels_[0], r = channels_[1];
    const T fb = feedback_, mix = mix_;
    const std::size_t n = std::min(left.size(), right.size());
    for (std::size_t i = 0; i < n; ++i) {
      left[i] = tick<N>(l, left[i], fb, mix);
      right[i] = tick<N>(r, right[i], fb, mix);
    }
    channels_[0] = l;
    channels_[1] = r;
  }

  // N > 0: N stages known at compile time; N == 0: stages_ at run time.
  template <int N>
  T tick(Channel& c, T x, T fb, T mix) noexcept {
    if (c.countdown == 0) {
      c.countdown = kControlInterval;
      const T target = coefficient_for(c.lfo.sin());
      c.lfo.advance();
      c.a_step = (target - c.a) / T(kControlInterval);
      // Cheap place to catch a NaN that got into the loop and to flush decayed state
      // (the block API also runs under ScopedNoDenormals).
      if (!std::isfinite(c.last)) {
        c.state.fill(T(0));
        c.last = T(0);
      }
      for (auto& st : c.state) st = delay_detail::flush_tiny(st);
    }
    --c.countdown;
    c.a += c.a_step;
    const T a = c.a;
    T w = x + fb * c.last;
    const int stages = N > 0 ? N : stages_;
    for (int i = 0; i < stages; ++i) {
      auto& s = c.state[static_cast<std::size_t>(i)];
      const T y = a * w + s;
      s = w - a * y;
      w = y;
    }
    c.last = w;
    return x + mix * (w - x);
  }

  std::vector<Channel> channels_ = std::vector<Channel>(1);
  double sample_rate_ = 48000.0;
  double min_hz_ = 200.0, max_hz_ = 2000.0, rate_ = 0.3, stereo_phase_ = 0.25;
  double lo_hz_ = 200.0, log_ratio_ = std::log(10.0);
  T lo_warp_ = T(0.0131), half_log_ratio_ = T(1.1513);
  int stages_ = 4;
  T feedback_ = T(0);
  T mix_ = T(0.5);
};

}  // namespace plinth::dsp
