// Plinth DSP: 2x / 4x / 8x oversampling with polyphase half-band FIR filters.
//
//   plinth::dsp::Oversampler<float> os;
//   os.set_factor(4);                                  // 1, 2, 4 or 8
//   os.prepare(sample_rate, max_block_size, channels);   // allocates for every factor
//   int latency = os.latency_samples();                // report it to the host
//   ws.prepare(sample_rate * os.factor(), max_block_size * os.factor(), 1);
//   os.process(block, channel, [&](std::span<float> up) { ws.process(up); });
//   // or per sample: os.process(block, channel, [](float x) { return std::tanh(3 * x); });
//
// Structure: each 2x stage is a linear-phase half-band FIR (every second tap zero, centre
// tap 1/2) run as two polyphase branches, so upsampling computes only the non-zero taps of
// the even phase (the odd phase is a pure delay) and downsampling filters only the samples
// it keeps. Symmetric taps are folded (one multiply per pair). Stages cascade for 4x and 8x;
// later stages see a signal that only occupies the bottom of their band, so they need far
// fewer taps.
//
// Filter design (design_half_band, done once in the constructor): Kaiser-windowed sinc with
// cutoff at a quarter of the stage's rate, taps count from Kaiser's formula
// N - 1 = (A - 7.95) / (2.285 * 2 pi * df), rounded up to the half-band form N = 4K - 1 and
// grown until the stop band measured on a grid is within 4 dB of A (the formula is
// optimistic for short filters), beta from A; the even-phase taps are then scaled to sum
// to exactly 1/2 (both phases have unit DC gain, no DC image). Target A = 100 dB per stage:
//   stage 1 (fs -> 2fs):   pass band up to 0.45 fs, stop band from 0.55 fs, 131 taps (33 pairs)
//   stage 2 (2fs -> 4fs):  pass to 0.55 fs, stop from 1.45 fs,                 31 taps (8 pairs)
//   stage 3 (4fs -> 8fs):  pass to 0.55 fs, stop from 3.45 fs,                 23 taps (6 pairs)
// Measured in tests/dsp/oversampler_test.cpp: stop-band attenuation >= 96 dB and pass-band
// ripple <= 0.001 dB for each stage (a half-band's pass ripple equals its stop ripple).
// Content between 0.45 fs and 0.55 fs (the transition band) is only partly attenuated.
//
// Latency (base-rate samples) is the sum of each stage's up and down group delays,
// (N_k - 1) / 2^k, padded with a short delay at the top rate to a whole number of samples:
// 2x: 65, 4x: 73, 8x: 76; 1x: 0. A sine through os.process with an identity function comes
// out delayed by exactly latency_samples() (tested).
//
// Rules: set_factor() rounds to 1, 2, 4 or 8 and, after prepare(), clears the filter state
// (the latency changes; tell the host). Blocks longer than max_block_size are processed in
// chunks. process/upsample/downsample never allocate, lock or throw. Non-finite values in
// the filter state are cleared at the end of each block, so NaN input cannot persist.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <type_traits>
#include <vector>

#include "plinth/dsp/window.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

// Half-band low pass for a 2x stage: full impulse response, N = 4K - 1 taps, centre tap
// 1/2 at index 2K - 1, zeros at even offsets from the centre.
// transition_width: stop edge minus pass edge, in cycles per sample of the stage's high rate
// (symmetric around 1/4). attenuation_db: design target for the stop band.
[[nodiscard]] inline std::vector<double> design_half_band(double transition_width, double attenuation_db) {
  const double df = std::clamp(transition_width, 0.005, 0.49);
  const double a = std::clamp(attenuation_db, 20.0, 200.0);
  const double taps = (a - 7.95) / (2.285 * 2.0 * std::numbers::pi * df) + 1.0;
  const double beta = kaiser_beta_for_attenuation(a);
  const double norm = 1.0 / bessel_i0(beta);
  const double stop_edge = 0.25 + 0.5 * df;
  // Kaiser's length formula is optimistic for short filters: grow K until the measured
  // stop band (checked on a grid) is within 4 dB of the target.
  for (int k = std::max(1, static_cast<int>(std::ceil((taps + 1.0) / 4.0)));; ++k) {
    const int n = 4 * k - 1;
    const int centre = 2 * k - 1;
    std::vector<double> h(static_cast<std::size_t>(n), 0.0);
    double even_sum = 0.0;
    for (int i = 0; i < n; ++i) {
      const int m = i - centre;
      if (m == 0) {
        h[static_cast<std::size_t>(i)] = 0.5;
        continue;
      }
      if (m % 2 == 0) continue;  // exact zeros of 0.5 sinc(m / 2)
      const double x = std::numbers::pi * m / 2.0;
      const double r = static_cast<double>(m) / centre;
      const double w = bessel_i0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) * norm;
      h[static_cast<std::size_t>(i)] = 0.5 * std::sin(x) / x * w;
      even_sum += h[static_cast<std::size_t>(i)];
    }
    for (int i = 0; i < n; i += 2) h[static_cast<std::size_t>(i)] *= 0.5 / even_sum;
    // Zero-phase response of the symmetric filter: h_c + 2 sum h_{c+m} cos(2 pi f m).
    double worst = 0.0;
    for (int g = 0; g <= 256; ++g) {
      const double f = stop_edge + (0.5 - stop_edge) * g / 256.0;
      double v = 0.5;
      for (int m = 1; m <= centre; m += 2)
        v += 2.0 * h[static_cast<std::size_t>(centre + m)] * std::cos(2.0 * std::numbers::pi * f * m);
      worst = std::max(worst, std::abs(v));
    }
    if (worst <= std::pow(10.0, -(a - 4.0) / 20.0) || k >= 512) return h;
  }
}

template <std::floating_point T>
class Oversampler {
public:
  static constexpr int kMaxStages = 3;
  static constexpr int kMaxFactor = 1 << kMaxStages;
  static constexpr double kAttenuationDb = 100.0;

  explicit Oversampler(int factor = 2) {
    for (int s = 0; s < kMaxStages; ++s) {
      // Stage s + 1 runs at 2^(s+1) fs. Stage 1 keeps 0.45 fs; later stages must keep
      // everything stage 1 lets through (up to 0.55 fs) and may alias into what stage 1
      // removes afterwards.
      const double rate = static_cast<double>(2 << s);
      const double pass_edge = (s == 0 ? 0.45 : 0.55) / rate;
      const auto h = design_half_band(0.5 - 2.0 * pass_edge, kAttenuationDb);
      Stage& st = stages_[static_cast<std::size_t>(s)];
      st.k = (static_cast<int>(h.size()) + 1) / 4;
      st.full.assign(h.begin(), h.end());
      st.pairs.resize(static_cast<std::size_t>(st.k));
      for (int i = 0; i < st.k; ++i)
        st.pairs[static_cast<std::size_t>(i)] = static_cast<T>(h[static_cast<std::size_t>(2 * i)]);
    }
    set_factor_internal(factor);
  }

  // 1, 2, 4 or 8 (other values round to the nearest of these). Clears the state.
  void set_factor(int factor) noexcept {
    set_factor_internal(factor);
    reset();
  }

  [[nodiscard]] int factor() const noexcept { return 1 << num_stages_; }
  [[nodiscard]] int num_stages() const noexcept { return num_stages_; }
  [[nodiscard]] int latency_samples() const noexcept { return latency_; }

  // The designed half-band of stage s (0-based), full impulse response.
  [[nodiscard]] std::span<const double> stage_coefficients(int s) const noexcept {
    return stages_[static_cast<std::size_t>(std::clamp(s, 0, kMaxStages - 1))].full;
  }

  void prepare(double /*sample_rate*/, int max_block_size, int channels) {
    max_block_ = std::clamp(max_block_size, 1, 1 << 20);
    const auto nch = static_cast<std::size_t>(std::clamp(channels, 1, 256));
    ch_.assign(nch, Channel{});
    for (auto& c : ch_) {
      for (int s = 0; s < kMaxStages; ++s) {
        const Stage& st = stages_[static_cast<std::size_t>(s)];
        const auto low_len = static_cast<std::size_t>(max_block_) << s;  // input length at this stage
        auto& cs = c.stage[static_cast<std::size_t>(s)];
        cs.up_hist.assign(static_cast<std::size_t>(2 * st.k - 1) + low_len, T(0));
        cs.even.assign(low_len, T(0));
        cs.down_even.assign(static_cast<std::size_t>(2 * st.k - 1) + low_len, T(0));
        cs.down_odd.assign(static_cast<std::size_t>(st.k) + low_len, T(0));
        c.buf[static_cast<std::size_t>(s)].assign(low_len * 2, T(0));
      }
      c.pad.assign(static_cast<std::size_t>(kMaxPad + (max_block_ << kMaxStages)), T(0));
    }
    reset();
  }

  void reset() noexcept {
    for (auto& c : ch_) {
      for (auto& cs : c.stage) {
        std::fill(cs.up_hist.begin(), cs.up_hist.end(), T(0));
        std::fill(cs.down_even.begin(), cs.down_even.end(), T(0));
        std::fill(cs.down_odd.begin(), cs.down_odd.end(), T(0));
      }
      std::fill(c.pad.begin(), c.pad.end(), T(0));
    }
  }

  // Upsamples in (at most max_block_size samples) and returns the oversampled block, which
  // lives in this object until the next call for the channel. Empty span on bad input.
  [[nodiscard]] std::span<T> upsample(std::span<const T> in, int channel) noexcept {
    if (!valid_channel(channel) || in.size() > static_cast<std::size_t>(max_block_) || num_stages_ == 0) return {};
    Channel& c = ch_[static_cast<std::size_t>(channel)];
    const T* src = in.data();
    std::size_t len = in.size();
    for (int s = 0; s < num_stages_; ++s) {
      T* dst = c.buf[static_cast<std::size_t>(s)].data();
      up_stage(stages_[static_cast<std::size_t>(s)], c.stage[static_cast<std::size_t>(s)], src, len, dst);
      src = dst;
      len *= 2;
    }
    return {c.buf[static_cast<std::size_t>(num_stages_ - 1)].data(), len};
  }

  // Takes the block last returned by upsample() for this channel (as modified by the
  // caller) back to the base rate into out, whose size must match that upsample() call.
  void downsample(std::span<T> out, int channel) noexcept {
    if (!valid_channel(channel) || out.size() > static_cast<std::size_t>(max_block_) || num_stages_ == 0) return;
    Channel& c = ch_[static_cast<std::size_t>(channel)];
    const std::size_t len = out.size();
    std::size_t top_len = len << num_stages_;
    T* top = c.buf[static_cast<std::size_t>(num_stages_ - 1)].data();
    apply_pad(c, top, top_len);
    for (int s = num_stages_ - 1; s >= 0; --s) {
      const std::size_t out_len = (len << s);
      T* src = c.buf[static_cast<std::size_t>(s)].data();
      T* dst = s == 0 ? out.data() : c.buf[static_cast<std::size_t>(s - 1)].data();
      down_stage(stages_[static_cast<std::size_t>(s)], c.stage[static_cast<std::size_t>(s)], src, out_len, dst);
    }
    sanitize(c);
  }

  // Upsample -> fn -> downsample, in place. fn is called either once per chunk with the
  // oversampled std::span<T> (if it accepts one) or once per oversampled sample (T -> T).
  template <class Fn>
  void process(std::span<T> block, int channel, Fn&& fn) noexcept {
    if (!valid_channel(channel)) return;
    scrub_non_finite(block);
    if (num_stages_ == 0) {
      apply(block, fn);
      return;
    }
    for (std::size_t start = 0; start < block.size(); start += static_cast<std::size_t>(max_block_)) {
      const std::size_t n = std::min(block.size() - start, static_cast<std::size_t>(max_block_));
      std::span<T> part = block.subspan(start, n);
      std::span<T> up = upsample(std::span<const T>(part.data(), n), channel);
      apply(up, fn);
      downsample(part, channel);
    }
  }

private:
  static constexpr int kMaxPad = 8;

  struct Stage {
    int k = 1;                 // pairs of non-zero even-phase taps
    std::vector<T> pairs;      // h[2i], i < k (h[2(2k-1-i)] is the same)
    std::vector<double> full;  // the whole design, for inspection and tests
  };

  struct ChannelStage {
    std::vector<T> up_hist;    // 2k-1 past inputs, then the block
    std::vector<T> even;       // even-phase outputs of the upsampler
    std::vector<T> down_even;  // 2k-1 past even-phase inputs, then the block
    std::vector<T> down_odd;   // k past odd-phase inputs, then the block
  };

  struct Channel {
    std::array<ChannelStage, kMaxStages> stage;
    std::array<std::vector<T>, kMaxStages> buf;  // output of up stage s (length 2^(s+1) n)
    std::vector<T> pad;                          // top-rate delay line for integer latency
  };

  template <class Fn>
  static void apply(std::span<T> block, Fn& fn) noexcept {
    if constexpr (std::is_invocable_v<Fn&, std::span<T>>) {
      fn(block);
    } else {
      for (T& x : block) x = static_cast<T>(fn(x));
    }
  }

  bool valid_channel(int channel) const noexcept {
    return channel >= 0 && static_cast<std::size_t>(channel) < ch_.size();
  }

  void set_factor_internal(int factor) noexcept {
    int s = 0;
    if (factor >= 6)
      s = 3;
    else if (factor >= 3)
      s = 2;
    else if (factor >= 2)
      s = 1;
    num_stages_ = s;
    // Latency in top-rate samples: sum of (N_k - 1) 2^(S - k); pad up to a multiple of 2^S.
    const int top = 1 << s;
    int total = 0;
    for (int i = 0; i < s; ++i) {
      const int n = 4 * stages_[static_cast<std::size_t>(i)].k - 1;
      total += (n - 1) << (s - 1 - i);
    }
    const int whole = (total + top - 1) / top;
    pad_ = whole * top - total;
    latency_ = whole;
  }

  // y[2n] = 2 sum_i h[2i] x[n - i] (folded pairs), y[2n + 1] = x[n - k + 1].
  static void up_stage(const Stage& st, ChannelStage& cs, const T* in, std::size_t len, T* out) noexcept {
    const int k = st.k;
    const std::size_t hist_len = static_cast<std::size_t>(2 * k - 1);
    T* xb = cs.up_hist.data();
    std::copy(in, in + len, xb + hist_len);
    T* ev = cs.even.data();
    std::fill(ev, ev + len, T(0));
    for (int i = 0; i < k; ++i) {
      const T c = T(2) * st.pairs[static_cast<std::size_t>(i)];
      const T* a = xb + hist_len - static_cast<std::size_t>(i);  // x[n - i]
      const T* b = xb + static_cast<std::size_t>(i);             // x[n - (2k - 1 - i)]
      for (std::size_t n = 0; n < len; ++n) ev[n] += c * (a[n] + b[n]);
    }
    const T* odd = xb + static_cast<std::size_t>(k);  // x[n - k + 1]
    for (std::size_t n = 0; n < len; ++n) {
      out[2 * n] = ev[n];
      out[2 * n + 1] = odd[n];
    }
    std::copy(xb + len, xb + len + hist_len, xb);
  }

  // y[n] = sum_i h[2i] v[2(n - i)] + v[2(n - k) + 1] / 2.
  static void down_stage(const Stage& st, ChannelStage& cs, const T* in, std::size_t len, T* out) noexcept {
    const int k = st.k;
    const std::size_t hist_e = static_cast<std::size_t>(2 * k - 1);
    const std::size_t hist_o = static_cast<std::size_t>(k);
    T* eb = cs.down_even.data();
    T* ob = cs.down_odd.data();
    for (std::size_t n = 0; n < len; ++n) {
      eb[hist_e + n] = in[2 * n];
      ob[hist_o + n] = in[2 * n + 1];
    }
    for (std::size_t n = 0; n < len; ++n) out[n] = T(0.5) * ob[n];
    for (int i = 0; i < k; ++i) {
      const T c = st.pairs[static_cast<std::size_t>(i)];
      const T* a = eb + hist_e - static_cast<std::size_t>(i);
      const T* b = eb + static_cast<std::size_t>(i);
      for (std::size_t n = 0; n < len; ++n) out[n] += c * (a[n] + b[n]);
    }
    std::copy(eb + len, eb + len + hist_e, eb);
    std::copy(ob + len, ob + len + hist_o, ob);
  }

  void apply_pad(Channel& c, T* top, std::size_t len) noexcept {
    if (pad_ == 0) return;
    const auto p = static_cast<std::size_t>(pad_);
    T* d = c.pad.data();
    std::copy(top, top + len, d + p);
    std::copy(d, d + len, top);
    std::copy(d + len, d + len + p, d);
  }

  void sanitize(Channel& c) noexcept {
    bool dirty = false;
    for (int s = 0; s < num_stages_; ++s) {
      const Stage& st = stages_[static_cast<std::size_t>(s)];
      const auto& cs = c.stage[static_cast<std::size_t>(s)];
      // Only the history prefixes matter.
      for (std::size_t i = 0; i < static_cast<std::size_t>(2 * st.k - 1); ++i)
        if (!std::isfinite(cs.up_hist[i]) || !std::isfinite(cs.down_even[i])) dirty = true;
      for (std::size_t i = 0; i < static_cast<std::size_t>(st.k); ++i)
        if (!std::isfinite(cs.down_odd[i])) dirty = true;
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(pad_); ++i)
      if (!std::isfinite(c.pad[i])) dirty = true;
    if (!dirty) return;
    for (auto& cs : c.stage) {
      std::fill(cs.up_hist.begin(), cs.up_hist.end(), T(0));
      std::fill(cs.down_even.begin(), cs.down_even.end(), T(0));
      std::fill(cs.down_odd.begin(), cs.down_odd.end(), T(0));
    }
    std::fill(c.pad.begin(), c.pad.end(), T(0));
  }

  std::array<Stage, kMaxStages> stages_;
  int num_stages_ = 1;
  int pad_ = 0;
  int latency_ = 0;
  int max_block_ = 0;
  std::vector<Channel> ch_;
};

}  // namespace plinth::dsp
