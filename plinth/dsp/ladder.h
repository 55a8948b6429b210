// Plinth DSP: Moog-style 4-pole ladder low pass with resonance (TPT / zero-delay feedback).
//
// Four trapezoidal one-pole low passes in series with global negative feedback k. Each
// stage is y = G u + S_i (G = g / (1 + g), g = tan(pi fc / fs), S_i from its state), so
// the cascade is y4 = G^4 u + S and the feedback equation u = x - k y4 is solved exactly:
//     u = (x - k S) / (1 + k G^4)
// (Zavalishin, "The Art of VA Filter Design", ch. 5). u then goes through tanh before the
// first stage, which bounds the loop: at high resonance the filter self-oscillates at a
// stable level instead of blowing up. The tanh is tanh_rational (fast_math.h): within
// 1.5e-6 of std::tanh, branch-free, and no library call on the feedback chain. For small
// signals (|x| << 1) the response is exactly
//     H(s) = G(s)^4 / (1 + k G(s)^4),  G(s) = 1 / (1 + s),  s prewarped at the cutoff.
// The form is modulation safe; cutoff and resonance may change every sample.
//
// Ranges (clamped): cutoff 1 Hz .. 0.49 fs; resonance 0 .. 1.2 with k = 4 * resonance
// (1.0 is the self-oscillation threshold, above it the filter sings at the cutoff);
// drive 0.1 .. 10 (input gain into the tanh; the output is not compensated).
// As in the analog ladder, the pass band drops by 1 / (1 + k) as resonance rises.
//
//   LadderFilter<float> moog;
//   moog.set_cutoff(800.0); moog.set_resonance(0.7);
//   moog.prepare(48000.0, 512, 2);
//   moog.process(block, channel);
#pragma once

#include "plinth/dsp/fast_math.h"
#include "plinth/dsp/filter_parameters.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class LadderFilter {
public:
  static constexpr double kMaxResonance = 1.2;
  static constexpr double kMinDrive = 0.1;
  static constexpr double kMaxDrive = 10.0;

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
  void set_resonance(double r) noexcept {
    resonance_ = std::isnan(r) ? 0.0 : std::clamp(r, 0.0, kMaxResonance);
    k_ = T(4.0 * resonance_);
    update();
  }
  void set_drive(double drive) noexcept { drive_ = std::isnan(drive) ? 1.0 : std::clamp(drive, kMinDrive, kMaxDrive); }

  [[nodiscard]] double cutoff() const noexcept { return FilterLimits::frequency(cutoff_, sample_rate_); }
  [[nodiscard]] double resonance() const noexcept { return resonance_; }
  [[nodiscard]] double drive() const noexcept { return drive_; }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return x;
    return tick(state_[static_cast<std::size_t>(channel)], std::isfinite(x) ? x : T(0), coefficients());
  }

  void process(std::span<T> block, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return;
    scrub_non_finite(block);
    State& st = state_[static_cast<std::size_t>(channel)];
    // Coefficients copied to locals: the state writes could otherwise alias them and
    // force reloads every sample.
    const Coefficients c = coefficients();
    State local = st;  // state in a local: no stores back to the vector each sample
    for (T& x : block) x = tick(local, x, c);
    st = local;
    // NaN/inf never sticks past a block; tiny state is flushed (no denormals).
    for (T& s : st.s) {
      if (!std::isfinite(s)) {
        st = State{};
        break;
      }
      if (std::abs(s) < T(1e-30)) s = T(0);
    }
  }

private:
  struct State {
    std::array<T, 4> s{};
  };

  struct Coefficients {
    T G, G2, G3, G4, beta, c0, c1, c2, k, inv_den, drive;
  };
  [[nodiscard]] Coefficients coefficients() const noexcept {
    return {G_, G2_, G3_, G4_, beta_, c0_, c1_, c2_, k_, inv_den_, T(drive_)};
  }

  // Stage i's output is y_i = G^i in + P_i, where P_i depends on the states alone
  // (P_1 = beta s_1, P_i = G P_(i-1) + beta s_i, beta = 1 - G; P_4 = S). So from one sample
  // to the next only S (a 4-term dot product), u, the tanh and one multiply-add per stage
  // are in series; the P_i are computed while the tanh runs. Each stage's state becomes
  // 2 y_i - s_i (trapezoidal integrator).
  static T tick(State& st, T x, const Coefficients c) noexcept {
    const T s0 = st.s[0], s1 = st.s[1], s2 = st.s[2], s3 = st.s[3];
    const T S = (c.c0 * s0 + c.c1 * s1) + (c.c2 * s2 + c.beta * s3);  // G^3 beta s0 + ... + beta s3
    const T u = (c.drive * x - c.k * S) * c.inv_den;
    const T in = tanh_rational(u);
    const T p1 = c.beta * s0;
    const T p2 = c.G * p1 + c.beta * s1;
    const T p3 = c.G * p2 + c.beta * s2;
    const T y1 = c.G * in + p1, y2 = c.G2 * in + p2, y3 = c.G3 * in + p3, y4 = c.G4 * in + S;
    st.s = {T(2) * y1 - s0, T(2) * y2 - s1, T(2) * y3 - s2, T(2) * y4 - s3};
    return y4;
  }

  void update() noexcept {
    const double g = std::tan(std::numbers::pi * cutoff() / sample_rate_);
    const double G = g / (1.0 + g);
    G_ = T(G);
    G2_ = T(G * G);
    G3_ = T(G * G * G);
    G4_ = T(G * G * G * G);
    beta_ = T(1.0 - G);
    c0_ = T(G * G * G * (1.0 - G));
    c1_ = T(G * G * (1.0 - G));
    c2_ = T(G * (1.0 - G));
    inv_den_ = T(1.0 / (1.0 + 4.0 * resonance_ * G * G * G * G));
  }

  std::vector<State> state_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double cutoff_ = 1000.0;
  double resonance_ = 0.0;
  double drive_ = 1.0;
  T k_ = T(0), G_ = T(0), G2_ = T(0), G3_ = T(0), G4_ = T(0), beta_ = T(1), inv_den_ = T(1);
  T c0_ = T(0), c1_ = T(0), c2_ = T(0);
};

}  // namespace plinth::dsp
