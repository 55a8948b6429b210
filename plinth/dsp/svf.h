// Plinth DSP: topology-preserving state-variable filter (Zavalishin / Simper form).
//
// Two trapezoidal integrators with the zero-delay feedback solved per sample. One pass
// gives all outputs at once; with g = tan(pi fc / fs), k = 1/Q and s the prewarped
// Laplace variable, their transfer functions are exactly those of the analog SVF:
//   low_pass  1 / (s^2 + k s + 1)
//   band_pass k s / (s^2 + k s + 1)         (0 dB at the centre frequency)
//   high_pass s^2 / (s^2 + k s + 1)
//   notch    (s^2 + 1) / (s^2 + k s + 1)
//   all_pass  (s^2 - k s + 1) / (s^2 + k s + 1)
// The form is modulation safe as it stands (the state is integrator state, not past
// outputs), so cutoff and Q may change every sample without smoothing.
//
// Ranges (clamped): cutoff 1 Hz .. 0.49 fs, Q 0.05 .. 50.
//
// Usage:
//   StateVariableFilter<float> svf;
//   svf.set_cutoff(800.0); svf.set_q(2.0); svf.set_mode(SvfMode::BandPass);
//   svf.prepare(48000.0, 512, 2);
//   float y = svf.process(x, 0);                 // selected mode
//   auto all = svf.process_all(x, 1);             // all.low_pass, all.band_pass, ...
#pragma once

#include "plinth/dsp/filter_parameters.h"

#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

enum class SvfMode { LowPass, BandPass, HighPass, Notch, AllPass };

template <std::floating_point T>
struct SvfOutputs {
  T low_pass;
  T band_pass;
  T high_pass;
  T notch;
  T all_pass;
};

template <std::floating_point T>
class StateVariableFilter {
public:
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
  void set_q(double q) noexcept {
    q_ = q;
    update();
  }
  void set_mode(SvfMode mode) noexcept { mode_ = mode; }

  [[nodiscard]] double cutoff() const noexcept { return FilterLimits::frequency(cutoff_, sample_rate_); }
  [[nodiscard]] double q() const noexcept { return FilterLimits::q(q_); }
  [[nodiscard]] SvfMode mode() const noexcept { return mode_; }

  // All outputs for one sample. A channel outside [0, channels) gives the input as
  // low pass and all-pass and zeros elsewhere.
  [[nodiscard]] SvfOutputs<T> process_all(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return {x, T(0), T(0), x, x};
    State& s = state_[static_cast<std::size_t>(channel)];
    const T v3 = x - s.ic2;
    const T v1 = a1_ * s.ic1 + a2_ * v3;          // band pass (unnormalized)
    const T v2 = s.ic2 + a2_ * s.ic1 + a3_ * v3;  // low pass
    // State update as in the block loop (see run()), so both paths agree exactly.
    const T next1 = (d1_ * x + c12_ * s.ic2) + c11_ * s.ic1;
    const T next2 = (d2_ * x + c21_ * s.ic1) + c22_ * s.ic2;
    s.ic1 = next1;
    s.ic2 = next2;
    const T kv1 = k_ * v1;
    return {v2, kv1, x - kv1 - v2, x - kv1, x - T(2) * kv1};
  }

  // The selected mode's output for one sample.
  [[nodiscard]] T process(T x, int channel = 0) noexcept { return select(process_all(x, channel), mode_); }

  // A block of one channel, in place, in the selected mode.
  void process(std::span<T> block, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return;
    switch (mode_) {
      case SvfMode::LowPass: run<SvfMode::LowPass>(block, channel); break;
      case SvfMode::BandPass: run<SvfMode::BandPass>(block, channel); break;
      case SvfMode::HighPass: run<SvfMode::HighPass>(block, channel); break;
      case SvfMode::Notch: run<SvfMode::Notch>(block, channel); break;
      case SvfMode::AllPass: run<SvfMode::AllPass>(block, channel); break;
    }
  }

private:
  struct State {
    T ic1 = T(0), ic2 = T(0);
  };

  static T select(const SvfOutputs<T>& o, SvfMode m) noexcept {
    switch (m) {
      case SvfMode::LowPass: return o.low_pass;
      case SvfMode::BandPass: return o.band_pass;
      case SvfMode::HighPass: return o.high_pass;
      case SvfMode::Notch: return o.notch;
      case SvfMode::AllPass: return o.all_pass;
    }
    return o.low_pass;
  }

  // Mode fixed at compile time: the loop holds coefficients and state in registers.
  template <SvfMode M>
  void run(std::span<T> block, int channel) noexcept {
    State& st = state_[static_cast<std::size_t>(channel)];
    const T a1 = a1_, a2 = a2_, a3 = a3_, k = k_;
    // The state update written out as a 2x2 recurrence with coefficients precomputed in
    // double (update()):  ic1' = c11 ic1 + c12 ic2 + d1 x,  ic2' = c21 ic1 + c22 ic2 + d2 x.
    // Same filter; the loop-carried chain is a multiply and two adds instead of five
    // dependent operations (v3, a3 v3, the sums, 2 v - ic).
    const T c11 = c11_, c12 = c12_, c21 = c21_, c22 = c22_, d1 = d1_, d2 = d2_;
    T ic1 = st.ic1, ic2 = st.ic2;
    // Non-finite input is silence, zeroed inside the loop: the loop is bound by its
    // recursion's latency, so the select is free, where a separate pass is not.
    for (T& x : block) {
      x = std::isfinite(x) ? x : T(0);
      const T v3 = x - ic2;
      const T v1 = a1 * ic1 + a2 * v3;
      const T v2 = ic2 + a2 * ic1 + a3 * v3;
      const T next1 = (d1 * x + c12 * ic2) + c11 * ic1;
      const T next2 = (d2 * x + c21 * ic1) + c22 * ic2;
      ic1 = next1;
      ic2 = next2;
      if constexpr (M == SvfMode::LowPass)
        x = v2;
      else if constexpr (M == SvfMode::BandPass)
        x = k * v1;
      else if constexpr (M == SvfMode::HighPass)
        x = x - k * v1 - v2;
      else if constexpr (M == SvfMode::Notch)
        x = x - k * v1;
      else
        x = x - T(2) * k * v1;
    }
    // NaN/inf never sticks past a block; tiny state is flushed (no denormals).
    constexpr T tiny = T(1e-30);
    if (!std::isfinite(ic1) || !std::isfinite(ic2)) ic1 = ic2 = T(0);
    st.ic1 = std::abs(ic1) < tiny ? T(0) : ic1;
    st.ic2 = std::abs(ic2) < tiny ? T(0) : ic2;
  }

  void update() noexcept {
    const double g = std::tan(std::numbers::pi * cutoff() / sample_rate_);
    const double k = 1.0 / q();
    const double a1 = 1.0 / (1.0 + g * (g + k));
    k_ = T(k);
    a1_ = T(a1);
    a2_ = T(g * a1);
    a3_ = T(g * g * a1);
    // ic1' = 2 v1 - ic1, ic2' = 2 v2 - ic2 expanded (v3 = x - ic2):
    c11_ = T(2.0 * a1 - 1.0);
    c12_ = T(-2.0 * g * a1);
    c21_ = T(2.0 * g * a1);
    c22_ = T(1.0 - 2.0 * g * g * a1);
    d1_ = T(2.0 * g * a1);
    d2_ = T(2.0 * g * g * a1);
  }

  std::vector<State> state_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double cutoff_ = 1000.0;
  double q_ = 0.7071067811865476;
  SvfMode mode_ = SvfMode::LowPass;
  T k_ = T(0), a1_ = T(0), a2_ = T(0), a3_ = T(0);
  T c11_ = T(1), c12_ = T(0), c21_ = T(0), c22_ = T(1), d1_ = T(0), d2_ = T(0);
};

}  // namespace plinth::dsp
