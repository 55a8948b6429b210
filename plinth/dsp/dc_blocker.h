// Plinth DSP: DC blocker.
//
//   y[n] = x[n] - x[n-1] + R y[n-1],   H(z) = (1 - z^-1) / (1 - R z^-1)
// a zero at DC and a pole just inside it. R = exp(-2 pi fc / fs) puts the -3 dB corner
// close to fc (within 1% for fc << fs). Default fc = 10 Hz.
//
// Range (clamped): cutoff 1 .. 200 Hz (and at most 0.1 fs).
//
//   DcBlocker<float> dc;  dc.prepare(48000.0, 512, 2);  dc.process(block, channel);
#pragma once

#include "plinth/dsp/filter_parameters.h"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class DcBlocker {
public:
  static constexpr double kMinCutoff = 1.0;
  static constexpr double kMaxCutoff = 200.0;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    state_.assign(static_cast<std::size_t>(FilterLimits::channels(channels)), State{});
    update();
  }

  void reset() noexcept {
    for (State& s : state_) s = State{};
  }

  void set_cutoff(double hz) noexcept {
    cutoff_ = hz;
    update();
  }
  [[nodiscard]] double cutoff() const noexcept {
    const double hz = std::isnan(cutoff_) ? 10.0 : cutoff_;
    return std::clamp(hz, kMinCutoff, std::min(kMaxCutoff, 0.1 * sample_rate_));
  }
  [[nodiscard]] T pole() const noexcept { return R_; }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return x;
    State& s = state_[static_cast<std::size_t>(channel)];
    const T y = x - s.x1 + R_ * s.y1;
    s.x1 = x;
    s.y1 = y;
    return y;
  }

  void process(std::span<T> block, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return;
    State& st = state_[static_cast<std::size_t>(channel)];
    T x1 = st.x1, y1 = st.y1;
    const T R = R_;
    // Non-finite input is silence, zeroed inside the loop: the loop is bound by its
    // recursion's latency, so the select is free, where a separate pass is not.
    for (T& x : block) {
      x = std::isfinite(x) ? x : T(0);
      const T y = x - x1 + R * y1;
      x1 = x;
      y1 = y;
      x = y;
    }
    if (!std::isfinite(x1) || !std::isfinite(y1)) x1 = y1 = T(0);
    st.x1 = x1;
    st.y1 = std::abs(y1) < T(1e-30) ? T(0) : y1;
  }

private:
  struct State {
    T x1 = T(0), y1 = T(0);
  };
  void update() noexcept { R_ = T(std::exp(-2.0 * std::numbers::pi * cutoff() / sample_rate_)); }

  std::vector<State> state_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double cutoff_ = 10.0;
  T R_ = T(0.9986);
};

}  // namespace plinth::dsp
