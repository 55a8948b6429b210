// Feedback delay network reverb (Jot/Chaigne style) with 8 delay lines.
//
//   x_i   = output of line i (delayed by m_i samples)
//   f_i   = H_i(x_i)                    per-line absorption filter
//   line_i <- (A f)_i + b_i * input     A = 8x8 Hadamard / sqrt(8): orthogonal, so the
//                                       loop is lossless when every H_i = 1
//   out   = sum_i c_i f_i               (separate sign patterns for left and right)
//
// Absorption: a first-order shelf per line with gain gL below and gH above the crossover,
//   g = 10^(-3 m_i / (fs RT60)),
// so one trip round line i loses exactly its share of 60 dB per RT60 seconds: the low band
// decays in decayLow seconds and the high band in decayHigh seconds. The shelf (bilinear
// transform of (gH s + gL wc) / (s + wc)) is exact at DC and Nyquist and crosses over at the
// set frequency.
//
// Delay lengths are given in ms, scaled by size and by the sample rate in prepare().
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/denormal.h"
#include "plinth/dsp/envelope_follower.h"

namespace plinth::dsp {

template <std::floating_point T>
class FdnReverb {
public:
  static constexpr int kLines = 8;
  // Mutually prime-ish lengths (ms) spread over a 2:1 range for a dense, even echo pattern.
  static constexpr std::array<double, kLines> kDelayMs{29.3, 33.7, 37.9, 41.3, 45.7, 49.9, 53.1, 58.7};
  static constexpr double kMaxSize = 2.0;

  // Applies the orthogonal feedback matrix (Hadamard / sqrt(8)) in place: a fast
  // Walsh-Hadamard transform, 24 adds, written out so it stays in registers.
  static void apply_feedback_matrix(std::array<T, kLines>& v) noexcept {
    // Stage 1: pairs one apart.
    const T a0 = v[0] + v[1], a1 = v[0] - v[1], a2 = v[2] + v[3], a3 = v[2] - v[3];
    const T a4 = v[4] + v[5], a5 = v[4] - v[5], a6 = v[6] + v[7], a7 = v[6] - v[7];
    // Stage 2: two apart.
    const T b0 = a0 + a2, b2 = a0 - a2, b1 = a1 + a3, b3 = a1 - a3;
    const T b4 = a4 + a6, b6 = a4 - a6, b5 = a5 + a7, b7 = a5 - a7;
    // Stage 3: four apart, with the 1/sqrt(8) normalisation.
    constexpr T s = static_cast<T>(0.35355339059327376220);
    v[0] = (b0 + b4) * s;
    v[4] = (b0 - b4) * s;
    v[1] = (b1 + b5) * s;
    v[5] = (b1 - b5) * s;
    v[2] = (b2 + b6) * s;
    v[6] = (b2 - b6) * s;
    v[3] = (b3 + b7) * s;
    v[7] = (b3 - b7) * s;
  }

  void prepare(double sample_rate, int /*max_block_size*/, int /*channels*/) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    for (std::size_t i = 0; i < kLines; ++i) {
      lines_[i].prepare(static_cast<int>(std::ceil(kDelayMs[i] * kMaxSize * 1e-3 * sample_rate_)) + 1);
    }
    smoothing_ = static_cast<T>(follower_rate(0.01, sample_rate_));
    update_lengths();
    reset();
  }

  void reset() noexcept {
    for (std::size_t i = 0; i < kLines; ++i) {
      lines_[i].reset();
      // Equal-sized power-of-two buffers walked in lockstep would all hit the same
      // cache sets; staggering the start positions avoids those conflicts.
      lines_[i].set_write_index(i * 1031u);
    }
    x1_.fill(T(0));
    y1_.fill(T(0));
    wet_ = wet_target_;
    dry_ = dry_target_;
  }

  // Reverberation time below / above the crossover, each clamped to [0.05, 60] s.
  void set_decay_low(double seconds) noexcept {
    rt_low_ = clamp_or(seconds, 0.05, 60.0, 2.0);
    update_filters();
  }
  void set_decay_high(double seconds) noexcept {
    rt_high_ = clamp_or(seconds, 0.05, 60.0, 1.0);
    update_filters();
  }
  void set_decay(double seconds) noexcept {
    rt_low_ = rt_high_ = clamp_or(seconds, 0.05, 60.0, 2.0);
    update_filters();
  }
  // Crossover between the two decay bands in Hz, clamped to [50, 0.4 fs].
  void set_crossover(double hz) noexcept {
    crossover_ = clamp_or(hz, 50.0, 0.4 * sample_rate_, 2000.0);
    update_filters();
  }
  // Room size: scales every delay length, clamped to [0.25, 2]. Changing it while the
  // tail is running jumps the read points (not click-free); set it before playing.
  void set_size(double size) noexcept {
    size_ = clamp_or(size, 0.25, kMaxSize, 1.0);
    update_lengths();
  }
  // Wet and dry levels, clamped to [0, 1] and smoothed.
  void set_wet(T wet) noexcept { wet_target_ = std::isfinite(wet) ? std::clamp(wet, T(0), T(1)) : T(0.3); }
  void set_dry(T dry) noexcept { dry_target_ = std::isfinite(dry) ? std::clamp(dry, T(0), T(1)) : T(1); }
  // Freeze: absorption off and input muted; the orthogonal loop then keeps its energy
  // (infinite sustain).
  void set_freeze(bool freeze) noexcept { freeze_ = freeze; }

  [[nodiscard]] int delay_samples(int line) const noexcept { return lengths_[static_cast<std::size_t>(line)]; }
  // Energy held in the loop: the sum of squares of every sample still to come out.
  [[nodiscard]] double stored_energy() const noexcept {
    double e = 0;
    for (std::size_t i = 0; i < kLines; ++i) {
      for (int k = 0; k < lengths_[i]; ++k) {
        const double v = lines_[i].at(static_cast<std::size_t>(k));
        e += v * v;
      }
    }
    return e;
  }

  // One stereo sample; the input is summed to mono. (Denormals: the block calls run
  // under ScopedNoDenormals; around per-sample calls, hold one yourself.)
  void process(T in_l, T in_r, T& out_l, T& out_r) noexcept {
    if (freeze_) {
      run<true>(&in_l, &in_r, &out_l, &out_r, 1);
    } else {
      run<false>(&in_l, &in_r, &out_l, &out_r, 1);
    }
  }

  // Stereo in place.
  void process(std::span<T> left, std::span<T> right) noexcept {
    ScopedNoDenormals guard;
    const std::size_t n = std::min(left.size(), right.size());
    if (freeze_) {
      run<true>(left.data(), right.data(), left.data(), right.data(), n);
    } else {
      run<false>(left.data(), right.data(), left.data(), right.data(), n);
    }
    sanitize();
  }
  // Mono in place (left output).
  void process(std::span<T> block) noexcept {
    ScopedNoDenormals guard;
    std::array<T, 64> scratch;
    std::size_t done = 0;
    while (done < block.size()) {
      const std::size_t n = std::min<std::size_t>(scratch.size(), block.size() - done);
      T* p = block.data() + done;
      if (freeze_) {
        run<true>(p, p, p, scratch.data(), n);
      } else {
        run<false>(p, p, p, scratch.data(), n);
      }
      done += n;
    }
    sanitize();
  }

private:
  // Input and output sign patterns: the two output patterns are orthogonal to each
  // other (decorrelated left and right).
  static constexpr std::array<T, kLines> kIn{T(1), T(-1), T(1), T(-1), T(1), T(1), T(-1), T(-1)};
  static constexpr std::array<T, kLines> kOutL{T(1), T(1), T(1), T(1), T(-1), T(-1), T(-1), T(-1)};
  static constexpr std::array<T, kLines> kOutR{T(1), T(-1), T(1), T(-1), T(1), T(-1), T(1), T(-1)};
  static constexpr T kOutScale = T(0.35);

  static double clamp_or(double v, double lo, double hi, double fallback) noexcept {
    return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
  }

  void update_lengths() noexcept {
    for (std::size_t i = 0; i < kLines; ++i) {
      const long m = std::lround(kDelayMs[i] * size_ * 1e-3 * sample_rate_);
      lengths_[i] = std::clamp(static_cast<int>(m), 1, lines_[i].max_delay());
    }
    update_filters();
  }

  void update_filters() noexcept {
    const double k = std::tan(std::numbers::pi * std::min(crossover_, 0.4 * sample_rate_) / sample_rate_);
    for (std::size_t i = 0; i < kLines; ++i) {
      const double m = lengths_[i];
      const double gl = std::pow(10.0, -3.0 * m / (sample_rate_ * rt_low_));
      const double gh = std::pow(10.0, -3.0 * m / (sample_rate_ * rt_high_));
      const double norm = 1.0 / (1.0 + k);
      b0_[i] = static_cast<T>((gh + gl * k) * norm);
      b1_[i] = static_cast<T>((gl * k - gh) * norm);
      a1_[i] = static_cast<T>((k - 1.0) * norm);
    }
  }

  // The loop keeps every pointer, index and filter state in locals (members could alias
  // the output block and would otherwise go through memory on each sample).
  template <bool Freeze>
  void run(const T* in_l, const T* in_r, T* out_l, T* out_r, std::size_t n) noexcept {
    std::array<T*, kLines> buf;
    std::array<std::size_t, kLines> mask, w, back;
    for (std::size_t i = 0; i < kLines; ++i) {
      buf[i] = lines_[i].data();
      mask[i] = lines_[i].mask();
      w[i] = lines_[i].write_index();
      back[i] = static_cast<std::size_t>(lengths_[i] - 1);
    }
    std::array<T, kLines> x1 = x1_, y1 = y1_;
    const std::array<T, kLines> b0 = b0_, b1 = b1_, a1 = a1_;
    T wet = wet_, dry = dry_;
    const T wet_target = wet_target_, dry_target = dry_target_, k = smoothing_;
    for (std::size_t j = 0; j < n; ++j) {
      // Scrubbed here, not per block, so the per-sample process() is covered too.
      const T xl = delay_detail::finite_or_zero(in_l[j]), xr = delay_detail::finite_or_zero(in_r[j]);
      const T in = Freeze ? T(0) : T(0.5) * (xl + xr);
      std::array<T, kLines> v;
      // Read before write: a line of length m returns the sample written m ticks ago.
      for (std::size_t i = 0; i < kLines; ++i) v[i] = buf[i][(w[i] - back[i]) & mask[i]];
      if constexpr (!Freeze) {
        for (std::size_t i = 0; i < kLines; ++i) {
          const T y = b0[i] * v[i] + b1[i] * x1[i] - a1[i] * y1[i];
          x1[i] = v[i];
          y1[i] = y;
          v[i] = y;
        }
      }
      T l = T(0), r = T(0);
      for (std::size_t i = 0; i < kLines; ++i) {
        l += kOutL[i] * v[i];
        r += kOutR[i] * v[i];
      }
      apply_feedback_matrix(v);
      for (std::size_t i = 0; i < kLines; ++i) {
        w[i] = (w[i] + 1) & mask[i];
        buf[i][w[i]] = v[i] + kIn[i] * in;
      }
      wet += k * (wet_target - wet);
      dry += k * (dry_target - dry);
      const T g = wet * kOutScale;
      out_l[j] = dry * xl + g * l;
      out_r[j] = dry * xr + g * r;
    }
    for (std::size_t i = 0; i < kLines; ++i) lines_[i].set_write_index(w[i]);
    x1_ = x1;
    y1_ = y1;
    wet_ = wet;
    dry_ = dry;
  }

  void sanitize() noexcept {
    bool ok = true;
    for (std::size_t i = 0; i < kLines; ++i) ok = ok && std::isfinite(y1_[i]) && std::isfinite(lines_[i].at(0));
    ok = ok && std::isfinite(wet_) && std::isfinite(dry_);
    if (!ok) reset();
  }

  std::array<DelayLine<T>, kLines> lines_{};
  std::array<int, kLines> lengths_{1, 1, 1, 1, 1, 1, 1, 1};
  std::array<T, kLines> b0_{}, b1_{}, a1_{}, x1_{}, y1_{};
  double sample_rate_ = 48000.0;
  double rt_low_ = 2.0, rt_high_ = 1.0, crossover_ = 2000.0, size_ = 1.0;
  T wet_target_ = T(0.3), dry_target_ = T(1), wet_ = T(0.3), dry_ = T(1);
  T smoothing_ = T(0.002);
  bool freeze_ = false;
};

}  // namespace plinth::dsp
