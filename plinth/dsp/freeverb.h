// Freeverb-style stereo reverb, written from the published description of Jezar's
// Freeverb (e.g. J. O. Smith, "Physical Audio Signal Processing", section "Freeverb"):
//
//   - the input is summed to mono and scaled by 0.015;
//   - per side, 8 low-pass-feedback combs in parallel:
//       out = buf[n - D];  lp = (1 - d) out + d lp;  buf[n] = in + f lp
//     with f = 0.7 + 0.28 roomSize and d = 0.4 damping, delays 1116, 1188, 1277, 1356,
//     1422, 1491, 1557, 1617 samples at 44.1 kHz;
//   - then 4 all-passes in series, delays 556, 441, 341, 225 samples, gain 0.5;
//   - the right side's delays are 23 samples longer (stereo spread);
//   - outputs: L = wet1 revL + wet2 revR + dry in_l, R = wet1 revR + wet2 revL + dry in_r,
//     wet1 = 3 wet (1 + width) / 2, wet2 = 3 wet (1 - width) / 2.
// All delays are scaled by fs / 44100 in prepare().
//
// One deliberate difference: the all-passes here are true Schroeder all-passes
// (flat magnitude), where the original's are an approximation of one.
//
// Denormals: process(span...) sets flush-to-zero for the block (ScopedNoDenormals); if
// you call the per-sample process() yourself, hold a ScopedNoDenormals around the loop.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>

#include "plinth/dsp/denormal.h"
#include "plinth/dsp/envelope_follower.h"

namespace plinth::dsp {

template <std::floating_point T>
class Freeverb {
public:
  static constexpr int kCombs = 8;
  static constexpr int kAllpasses = 4;
  static constexpr std::array<int, kCombs> kCombTuning{1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
  static constexpr std::array<int, kAllpasses> kAllpassTuning{556, 441, 341, 225};
  static constexpr int kStereoSpread = 23;
  static constexpr double kTuningRate = 44100.0;
  static constexpr T kInputGain = T(0.015);
  static constexpr T kWetScale = T(3);
  static constexpr T kAllpassGain = T(0.5);

  void prepare(double sample_rate, int /*max_block_size*/, int /*channels*/) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    const double scale = sample_rate_ / kTuningRate;
    for (int side = 0; side < 2; ++side) {
      const int spread = side * kStereoSpread;
      for (int i = 0; i < kCombs; ++i) {
        lines_[index(side, i)].size = scaled(kCombTuning[static_cast<std::size_t>(i)] + spread, scale);
      }
      for (int i = 0; i < kAllpasses; ++i) {
        lines_[index(side, kCombs + i)].size = scaled(kAllpassTuning[static_cast<std::size_t>(i)] + spread, scale);
      }
    }
    std::size_t total = 0;
    for (auto& l : lines_) {
      l.offset = total;
      total += l.size;
    }
    storage_.assign(total, T(0));
    smoothing_ = static_cast<T>(follower_rate(0.01, sample_rate_));
    reset();
  }

  void reset() noexcept {
    std::fill(storage_.begin(), storage_.end(), T(0));
    for (auto& l : lines_) l.pos = 0;
    lp_.fill(T(0));
    update_gains();
    wet1_ = wet1_target_;
    wet2_ = wet2_target_;
    dry_ = dry_target_;
  }

  // Room size, clamped to [0, 1]: comb feedback 0.7 ... 0.98.
  void set_room_size(T size) noexcept {
    room_ = clamp01(size, T(0.5));
    update_gains();
  }
  // High-frequency damping, clamped to [0, 1].
  void set_damping(T damping) noexcept {
    damp_ = clamp01(damping, T(0.5));
    update_gains();
  }
  // Stereo width, clamped to [0, 1] (0 = mono reverb).
  void set_width(T width) noexcept {
    width_ = clamp01(width, T(1));
    update_gains();
  }
  // Wet and dry levels, clamped to [0, 1]. Defaults 1/3 and 0 (wet only).
  void set_wet(T wet) noexcept {
    wet_ = clamp01(wet, T(1) / T(3));
    update_gains();
  }
  void set_dry(T dry) noexcept { dry_target_ = clamp01(dry, T(0)); }
  // Freeze: infinite sustain (feedback 1, no damping, input muted).
  void set_freeze(bool freeze) noexcept {
    freeze_ = freeze;
    update_gains();
  }

  [[nodiscard]] T comb_feedback() const noexcept { return feedback_; }

  // One stereo sample (see the note on denormals above).
  void process(T in_l, T in_r, T& out_l, T& out_r) noexcept {
    const T* l = &in_l;
    const T* r = &in_r;
    run(l, r, &out_l, &out_r, 1);
  }

  // Stereo in place.
  void process(std::span<T> left, std::span<T> right) noexcept {
    ScopedNoDenormals guard;
    const std::size_t n = std::min(left.size(), right.size());
    run(left.data(), right.data(), left.data(), right.data(), n);
    sanitize();
  }

  // Mono in place: both sides fed the same input, the left output kept.
  void process(std::span<T> block) noexcept {
    ScopedNoDenormals guard;
    std::array<T, 64> scratch;
    std::size_t done = 0;
    while (done < block.size()) {
      const std::size_t n = std::min<std::size_t>(scratch.size(), block.size() - done);
      T* p = block.data() + done;
      run(p, p, p, scratch.data(), n);
      done += n;
    }
    sanitize();
  }

private:
  struct Line {
    std::size_t offset = 0;
    std::size_t size = 1;
    std::size_t pos = 0;
  };
  static constexpr int kLinesPerSide = kCombs + kAllpasses;

  static constexpr std::size_t index(int side, int i) noexcept {
    return static_cast<std::size_t>(side * kLinesPerSide + i);
  }
  static std::size_t scaled(int samples, double scale) noexcept {
    return static_cast<std::size_t>(std::max(1L, std::lround(samples * scale)));
  }
  static T clamp01(T v, T fallback) noexcept { return std::isfinite(v) ? std::clamp(v, T(0), T(1)) : fallback; }

  void update_gains() noexcept {
    feedback_ = freeze_ ? T(1) : T(0.7) + T(0.28) * room_;
    damp1_ = freeze_ ? T(0) : T(0.4) * damp_;
    damp2_ = T(1) - damp1_;
    input_gain_ = freeze_ ? T(0) : kInputGain;
    wet1_target_ = kWetScale * wet_ * (T(1) + width_) * T(0.5);
    wet2_target_ = kWetScale * wet_ * (T(1) - width_) * T(0.5);
  }

  // A NaN that got in would circulate forever; the block API clears the state instead.
  void sanitize() noexcept {
    bool ok = true;
    for (T v : lp_) ok = ok && std::isfinite(v);
    for (const auto& l : lines_) ok = ok && std::isfinite(storage_[l.offset + (l.pos + l.size - 1) % l.size]);
    if (!ok) reset();
  }

  // Processes n samples in chunks during which no line wraps, so the inner loop has no
  // index checks: every line's read/write pointer simply walks forward.
  void run(const T* in_l, const T* in_r, T* out_l, T* out_r, std::size_t n) noexcept {
    constexpr std::size_t kLines = 2 * kLinesPerSide;
    std::size_t done = 0;
    while (done < n) {
      std::size_t k = n - done;
      std::array<T*, kLines> p;
      for (std::size_t i = 0; i < kLines; ++i) {
        k = std::min(k, lines_[i].size - lines_[i].pos);
        p[i] = storage_.data() + lines_[i].offset + lines_[i].pos;
      }
      const T fb = feedback_, d1 = damp1_, d2 = damp2_, g = input_gain_, s = smoothing_;
      for (std::size_t j = 0; j < k; ++j) {
        // Non-finite input is silence (also on the dry path); scrubbed here so the
        // per-sample process() is covered too. A select per sample: the loop is bound by
        // the 24 delay lines, not by this.
        const T xl = std::isfinite(in_l[done + j]) ? in_l[done + j] : T(0);
        const T xr = std::isfinite(in_r[done + j]) ? in_r[done + j] : T(0);
        const T in = (xl + xr) * g;
        T acc[2];
        for (int side = 0; side < 2; ++side) {
          T sum = T(0);
          for (int c = 0; c < kCombs; ++c) {
            const std::size_t li = index(side, c);
            T& buf = p[li][j];
            const T out = buf;
            T& lp = lp_[li];
            lp = out * d2 + lp * d1;
            buf = in + lp * fb;
            sum += out;
          }
          for (int a = 0; a < kAllpasses; ++a) {
            T& buf = p[index(side, kCombs + a)][j];
            const T delayed = buf;
            const T v = sum + kAllpassGain * delayed;
            buf = v;
            sum = delayed - kAllpassGain * v;
          }
          acc[side] = sum;
        }
        wet1_ += s * (wet1_target_ - wet1_);
        wet2_ += s * (wet2_target_ - wet2_);
        dry_ += s * (dry_target_ - dry_);
        out_l[done + j] = acc[0] * wet1_ + acc[1] * wet2_ + xl * dry_;
        out_r[done + j] = acc[1] * wet1_ + acc[0] * wet2_ + xr * dry_;
      }
      for (auto& l : lines_) {
        l.pos += k;
        if (l.pos == l.size) l.pos = 0;
      }
      done += k;
    }
  }

  std::array<Line, 2 * kLinesPerSide> lines_{};
  std::array<T, 2 * kLinesPerSide> lp_{};
  std::vector<T> storage_ = std::vector<T>(2 * kLinesPerSide, T(0));
  double sample_rate_ = 48000.0;
  T room_ = T(0.5), damp_ = T(0.5), width_ = T(1), wet_ = T(1) / T(3);
  T feedback_ = T(0.84), damp1_ = T(0.2), damp2_ = T(0.8), input_gain_ = kInputGain;
  T wet1_target_ = T(1), wet2_target_ = T(0), dry_target_ = T(0);
  T wet1_ = T(1), wet2_ = T(0), dry_ = T(0);
  T smoothing_ = T(0.002);
  bool freeze_ = false;
};

}  // namespace plinth::dsp
