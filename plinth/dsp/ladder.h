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
//   moog.process(left, right);              // stereo in one pass (or process(block, channel))
//
// Speed: the block paths run up to kLanes channels at once (4 float, 2 double), one per
// lane of a 16-byte GNU vector (lane_vector.h), so a stereo pair costs about what one
// channel costs: the filter is bound by the latency of its feedback chain, not by
// arithmetic. That chain is one multiply-add and the tanh: the next sample's S is
// K in + Q, with K = 8 (1 - G) G^4 and Q a dot product of the current states computed
// off the chain, so u = (drive x - k Q) / den - (k K / den) in_prev. The tanh is
// tanh_rational's fit with its cubics in Estrin form.
#pragma once

#include "plinth/dsp/fast_math.h"
#include "plinth/dsp/filter_parameters.h"
#include "plinth/dsp/lane_vector.h"
#include "plinth/dsp/non_finite.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace plinth::dsp {

template <std::floating_point T>
class LadderFilter {
  using Vec = typename detail::LaneVector<T, 16>::type;

public:
  static constexpr double kMaxResonance = 1.2;
  static constexpr double kMinDrive = 0.1;
  static constexpr double kMaxDrive = 10.0;
  // Channels one block pass runs side by side.
  static constexpr std::size_t kLanes = 16 / sizeof(T);

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    state_.assign(static_cast<std::size_t>(FilterLimits::channels(channels)), State{});
    update_cutoff();
  }

  void reset() noexcept {
    for (State& s : state_) s = State{};
  }

  // Cheap when the value is unchanged (a host re-sending the same cutoff every block): the
  // tan is only taken when the cutoff or the sample rate changes.
  void set_cutoff(double hz) noexcept {
    if (hz == cutoff_) return;
    cutoff_ = hz;
    update_cutoff();
  }
  void set_resonance(double r) noexcept {
    resonance_ = std::isnan(r) ? 0.0 : std::clamp(r, 0.0, kMaxResonance);
    update();
  }
  void set_drive(double drive) noexcept {
    drive_ = std::isnan(drive) ? 1.0 : std::clamp(drive, kMinDrive, kMaxDrive);
    update();
  }

  [[nodiscard]] double cutoff() const noexcept { return FilterLimits::frequency(cutoff_, sample_rate_); }
  [[nodiscard]] double resonance() const noexcept { return resonance_; }
  [[nodiscard]] double drive() const noexcept { return drive_; }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return x;
    return tick(state_[static_cast<std::size_t>(channel)], std::isfinite(x) ? x : T(0));
  }

  // One channel's block, in place.
  void process(std::span<T> block, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= state_.size()) return;
    T* const channels[1] = {block.data()};
    run<1>(channels, static_cast<std::size_t>(channel), block.size());
  }

  // Two channels (0 and 1) in one pass; the shorter length is processed.
  void process(std::span<T> left, std::span<T> right) noexcept {
    T* const channels[2] = {left.data(), right.data()};
    process(std::span<T* const>(channels), left.size() < right.size() ? left.size() : right.size());
  }

  // channels[c][0 .. frames) is channel c, in place; kLanes channels per pass. Channels
  // beyond those prepared are left untouched.
  void process(std::span<T* const> channels, std::size_t frames) noexcept {
    const std::size_t count = channels.size() < state_.size() ? channels.size() : state_.size();
    for (std::size_t first = 0; first < count; first += kLanes) {
      const std::size_t n = count - first < kLanes ? count - first : kLanes;
      run_lanes(channels.data() + first, first, n, frames);
    }
  }

private:
  struct State {
    std::array<T, 4> s{};
  };

  void run_lanes(T* const* channels, std::size_t first, std::size_t n, std::size_t frames) noexcept {
    if constexpr (kLanes == 4) {
      if (n == 4) return run<4>(channels, first, frames);
      if (n == 3) return run<3>(channels, first, frames);
    }
    if (n == 2) return run<2>(channels, first, frames);
    run<1>(channels, first, frames);
  }

  // Channels first .. first + N - 1 of state_, data channels[0 .. N), lanes N.. idle (zero).
  template <std::size_t N>
  void run(T* const* channels, std::size_t first, std::size_t frames) noexcept {
    for (std::size_t c = 0; c < N; ++c) scrub_non_finite(std::span<T>(channels[c], frames));
    // Coefficients as vector locals: stores to the channels could otherwise alias members.
    const Vec G = splat(G_), G2 = splat(G2_), G3 = splat(G3_), G4 = splat(G4_), beta = splat(beta_);
    const Vec c0 = splat(c0_), c1 = splat(c1_), c2 = splat(c2_);
    const Vec w0 = splat(w_[0]), w1 = splat(w_[1]), w2 = splat(w_[2]), w3 = splat(w_[3]);
    const Vec D = splat(D_), kk = splat(kk_), kkK = splat(kkK_);
    const Vec lim = splat(T(7)), minus_lim = splat(T(-7));
    Vec s0{}, s1{}, s2{}, s3{};
    for (std::size_t c = 0; c < N; ++c) {
      const State& st = state_[first + c];
      s0[c] = st.s[0];
      s1[c] = st.s[1];
      s2[c] = st.s[2];
      s3[c] = st.s[3];
    }
    // u needs S (the states' part of y4, c . s) as K in_prev + Q: Q is known a sample early.
    Vec in_prev{};
    Vec Q = (c0 * s0 + c1 * s1) + (c2 * s2 + beta * s3);
    for (std::size_t i = 0; i < frames; ++i) {
      Vec x{};
      for (std::size_t c = 0; c < N; ++c) x[c] = channels[c][i];
      const Vec R = D * x - kk * Q;  // off the chain
      const Vec u = clamp(R - kkK * in_prev, lim, minus_lim);  // the chain: one multiply-add,
      const Vec in = detail::tanh_rational_fit<T>(u);          // a clamp and the tanh
      // y4 takes S from the states themselves: the same value up to rounding, but the
      // states must not depend on the previous sample's Q, or the recursion gains extra
      // modes (tried: it diverges within a few hundred samples).
      const Vec S = (c0 * s0 + c1 * s1) + (c2 * s2 + beta * s3);
      const Vec p1 = beta * s0;
      const Vec p2 = G * p1 + beta * s1;
      const Vec p3 = G * p2 + beta * s2;
      Q = (w0 * s0 + w1 * s1) + (w2 * s2 + w3 * s3);  // next sample's Q, from these states
      const Vec y1 = G * in + p1, y2 = G2 * in + p2, y3 = G3 * in + p3, y4 = G4 * in + S;
      s0 = T(2) * y1 - s0;
      s1 = T(2) * y2 - s1;
      s2 = T(2) * y3 - s2;
      s3 = T(2) * y4 - s3;
      in_prev = in;
      for (std::size_t c = 0; c < N; ++c) channels[c][i] = y4[c];
    }
    for (std::size_t c = 0; c < N; ++c) {
      State& st = state_[first + c];
      st.s = {s0[c], s1[c], s2[c], s3[c]};
      sanitize_state(st);
    }
  }

  // NaN/inf never sticks past a block; tiny state is flushed (no denormals).
  static void sanitize_state(State& st) noexcept {
    for (T& s : st.s) {
      if (!std::isfinite(s)) {
        st = State{};
        return;
      }
      if (std::abs(s) < T(1e-30)) s = T(0);
    }
  }

  // u clamped to [minus_lim, lim]; NaN gives lim. On x86 minps/maxps (minpd/maxpd): a
  // vector select there is a three-instruction blend on SSE2, and this is on the chain.
  static Vec clamp(Vec u, Vec lim, Vec minus_lim) noexcept {
#if defined(__SSE2__)
    if constexpr (std::is_same_v<T, float>)
      return (Vec)_mm_max_ps(_mm_min_ps((__m128)u, (__m128)lim), (__m128)minus_lim);
    else
      return (Vec)_mm_max_pd(_mm_min_pd((__m128d)u, (__m128d)lim), (__m128d)minus_lim);
#else
    u = u < lim ? u : lim;
    return u > minus_lim ? u : minus_lim;
#endif
  }

  static Vec splat(T v) noexcept {
    Vec r;
    for (std::size_t c = 0; c < kLanes; ++c) r[c] = v;
    return r;
  }

  // One sample, the direct form: stage i's output is y_i = G^i in + P_i, where P_i depends on
  // the states alone (P_1 = beta s_1, P_i = G P_(i-1) + beta s_i, beta = 1 - G; P_4 = S).
  // Each stage's state becomes 2 y_i - s_i (trapezoidal integrator).
  T tick(State& st, T x) const noexcept {
    const T s0 = st.s[0], s1 = st.s[1], s2 = st.s[2], s3 = st.s[3];
    const T S = (c0_ * s0 + c1_ * s1) + (c2_ * s2 + beta_ * s3);  // G^3 beta s0 + ... + beta s3
    const T in = tanh_rational(D_ * x - kk_ * S);
    const T p1 = beta_ * s0;
    const T p2 = G_ * p1 + beta_ * s1;
    const T p3 = G_ * p2 + beta_ * s2;
    const T y1 = G_ * in + p1, y2 = G2_ * in + p2, y3 = G3_ * in + p3, y4 = G4_ * in + S;
    st.s = {T(2) * y1 - s0, T(2) * y2 - s1, T(2) * y3 - s2, T(2) * y4 - s3};
    return y4;
  }

  void update_cutoff() noexcept {
    const double g = std::tan(std::numbers::pi * cutoff() / sample_rate_);
    G_double_ = g / (1.0 + g);
    update();
  }

  void update() noexcept {
    const double G = G_double_;
    const double beta = 1.0 - G;
    const double k = 4.0 * resonance_;
    const double inv_den = 1.0 / (1.0 + k * G * G * G * G);
    G_ = T(G);
    G2_ = T(G * G);
    G3_ = T(G * G * G);
    G4_ = T(G * G * G * G);
    beta_ = T(beta);
    const double c[4] = {G * G * G * beta, G * G * beta, G * beta, beta};  // S = c . s
    c0_ = T(c[0]);
    c1_ = T(c[1]);
    c2_ = T(c[2]);
    // With no input to the stages, s'_i = 2 P_i - s_i; w_j is S' = c . s' for s = e_j.
    for (int j = 0; j < 4; ++j) {
      double s[4] = {0, 0, 0, 0};
      s[j] = 1.0;
      const double p1 = beta * s[0];
      const double p2 = G * p1 + beta * s[1];
      const double p3 = G * p2 + beta * s[2];
      const double p4 = G * p3 + beta * s[3];
      w_[static_cast<std::size_t>(j)] =
          T(c[0] * (2 * p1 - s[0]) + c[1] * (2 * p2 - s[1]) + c[2] * (2 * p3 - s[2]) + c[3] * (2 * p4 - s[3]));
    }
    const double K = 8.0 * beta * G * G * G * G;  // c . (2 G, 2 G^2, 2 G^3, 2 G^4)
    D_ = T(drive_ * inv_den);
    kk_ = T(k * inv_den);
    kkK_ = T(k * inv_den * K);
  }

  std::vector<State> state_;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double cutoff_ = 1000.0;
  double resonance_ = 0.0;
  double drive_ = 1.0;
  double G_double_ = 0.0;  // g / (1 + g), g = tan(pi fc / fs): kept so only cutoff changes take a tan
  T G_ = T(0), G2_ = T(0), G3_ = T(0), G4_ = T(0), beta_ = T(1);
  T c0_ = T(0), c1_ = T(0), c2_ = T(0);
  std::array<T, 4> w_{};
  T D_ = T(1), kk_ = T(0), kkK_ = T(0);
};

}  // namespace plinth::dsp
