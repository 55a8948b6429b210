// Plinth DSP: loudness meter to ITU-R BS.1770-4 / EBU R 128 (EBU Tech 3341 "EBU mode").
//
//   plinth::dsp::LoudnessMeter<float> meter;
//   meter.prepare(sample_rate, max_block_size, 2);      // allocates (about 160 kB of histogram)
//   meter.process(left, right);                      // each block, on the audio thread
//   double m = meter.momentary_lufs();                // 400 ms window
//   double s = meter.short_term_lufs();                // 3 s window
//   double i = meter.integrated_lufs();               // gated, since reset()
//
// Method (BS.1770-4 section 2 and annex 1):
// - K-weighting: a high shelf (+4 dB above ~1.7 kHz, head effects) then a high pass
//   (revised low-frequency B curve, ~38 Hz). The standard publishes both biquads for
//   48 kHz only. Here they are defined by exactly those published 48 kHz coefficients and
//   carried to any other rate by re-mapping the bilinear transform: with u = (z-1)/(z+1),
//   a filter designed at fs0 is a polynomial in u0 = (fs/fs0) u at rate fs. That keeps the
//   analog prototype the standard's filter came from, and is the identity at 48 kHz.
//   The filters run in double whatever T is.
// - Mean square per channel, weighted by G_i (1.0 for L, R, C; 1.41 for the surrounds;
//   LFE is not measured: give it weight 0). set_channel_weight() sets G_i (default 1.0).
//   Loudness = -0.691 + 10 log10(sum_i G_i <y_i^2>) LUFS.
// - Everything is built from 100 ms sub-blocks (round(0.1 fs) samples): momentary is the
//   mean over the last 4 (400 ms), short-term over the last 30 (3 s); both update every
//   100 ms. Before a window has filled, the missing part counts as silence.
// - Integrated: gating blocks of 400 ms with 75 % overlap (one per sub-block), absolute
//   gate -70 LUFS, relative gate -10 LU below the loudness of the blocks above the absolute
//   gate. Blocks are kept in a pre-sized histogram of 0.01 LU bins from -70 to +30 LUFS
//   holding each bin's block count and summed energy, so measuring hours never allocates;
//   the mean energy is exact, only the relative-gate decision has 0.01 LU resolution.
//   Blocks louder than +30 LUFS go in the top bin (with their true energy).
// Silence reads -infinity. A non-finite input sample makes its chunk (the part of the
// block inside one 100 ms sub-block) count as silence for that channel and clears the
// channel's filter state, so the meter recovers at once. process() never allocates, locks or throws;
// the getters are cheap except integrated_lufs(), which scans the histogram (10 000 bins).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace plinth::dsp {

// Biquad coefficients, normalised so a0 = 1: y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2.
struct KWeightingBiquad {
  double b0, b1, b2, a1, a2;
};

// The ITU-R BS.1770-4 K-weighting coefficients (table 1 and table 2, 48 kHz).
inline constexpr KWeightingBiquad kBs1770Shelf48k{1.53512485958697, -2.69169618940638, 1.19839281085285,
                                                  -1.69065929318241, 0.73248077421585};
inline constexpr KWeightingBiquad kBs1770HighPass48k{1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};

// Carries a biquad designed at from_rate to to_rate through its bilinear-transform prototype.
[[nodiscard]] inline KWeightingBiquad remap_bilinear(const KWeightingBiquad& f, double from_rate,
                                                     double to_rate) noexcept {
  // H as a polynomial ratio in u0 = (z0 - 1)/(z0 + 1): multiply by (1 + u0)^2, with
  // z0^-1 = (1 - u0)/(1 + u0): p(u0) = (c0 + c1 + c2) + 2 (c0 - c2) u0 + (c0 - c1 + c2) u0^2.
  const double r = to_rate / from_rate;  // u0 = r u, since 2 fs0 u0 = 2 fs u = s
  auto remap = [r](double c0, double c1, double c2, double out[3]) {
    const double n0 = c0 + c1 + c2;
    const double n1 = 2.0 * (c0 - c2) * r;
    const double n2 = (c0 - c1 + c2) * r * r;
    // Back to z^-1 with u = (1 - z^-1)/(1 + z^-1), multiplied by (1 + z^-1)^2.
    out[0] = n0 + n1 + n2;
    out[1] = 2.0 * (n0 - n2);
    out[2] = n0 - n1 + n2;
  };
  double b[3], a[3];
  remap(f.b0, f.b1, f.b2, b);
  remap(1.0, f.a1, f.a2, a);
  return {b[0] / a[0], b[1] / a[0], b[2] / a[0], a[1] / a[0], a[2] / a[0]};
}

template <std::floating_point T>
class LoudnessMeter {
public:
  static constexpr double kAbsoluteGateLufs = -70.0;
  static constexpr double kRelativeGateLu = -10.0;
  static constexpr double kHistogramTopLufs = 30.0;
  static constexpr double kBinWidthLu = 0.01;
  static constexpr int kNumBins = 10000;  // (30 - (-70)) / 0.01
  static constexpr int kMaxChannels = 64;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = std::isfinite(sample_rate) ? std::clamp(sample_rate, 8000.0, 768000.0) : 48000.0;
    const auto n = static_cast<std::size_t>(std::clamp(channels, 1, kMaxChannels));
    shelf_ = remap_bilinear(kBs1770Shelf48k, 48000.0, sample_rate_);
    high_pass_ = remap_bilinear(kBs1770HighPass48k, 48000.0, sample_rate_);
    state_.assign(n, State{});
    weights_.resize(n, 1.0);
    sub_block_length_ = std::max(1, static_cast<int>(std::lround(0.1 * sample_rate_)));
    bin_count_.assign(kNumBins, 0);
    bin_energy_.assign(kNumBins, 0.0);
    reset();
  }

  // Clears filters, windows and the integrated history.
  void reset() noexcept {
    for (auto& s : state_) s = State{};
    ring_.fill(0.0);
    ring_pos_ = 0;
    completed_ = 0;
    sub_acc_ = 0.0;
    sub_pos_ = 0;
    std::fill(bin_count_.begin(), bin_count_.end(), std::uint64_t{0});
    std::fill(bin_energy_.begin(), bin_energy_.end(), 0.0);
    gated_count_ = 0;
    gated_energy_ = 0.0;
  }

  // Channel weight G_i, clamped to [0, 2] (1.41 for surround channels, 0 for LFE).
  void set_channel_weight(int channel, double weight) noexcept {
    if (channel < 0 || static_cast<std::size_t>(channel) >= weights_.size()) return;
    weights_[static_cast<std::size_t>(channel)] = std::isfinite(weight) ? std::clamp(weight, 0.0, 2.0) : 1.0;
  }

  [[nodiscard]] int num_channels() const noexcept { return static_cast<int>(state_.size()); }
  [[nodiscard]] int sub_block_length() const noexcept { return sub_block_length_; }
  [[nodiscard]] const KWeightingBiquad& shelf_coefficients() const noexcept { return shelf_; }
  [[nodiscard]] const KWeightingBiquad& high_pass_coefficients() const noexcept { return high_pass_; }

  // channels[i] points at num_samples samples of channel i; missing channels count as silent.
  void process(std::span<const T* const> channels, int num_samples) noexcept {
    if (num_samples <= 0 || state_.empty()) return;
    const std::size_t nch = std::min(channels.size(), state_.size());
    int done = 0;
    while (done < num_samples) {
      const int len = std::min(num_samples - done, sub_block_length_ - sub_pos_);
      double acc = 0.0;
      for (std::size_t c = 0; c < nch; ++c) {
        if (channels[c] == nullptr || weights_[c] == 0.0) continue;
        acc += weights_[c] * filter_and_square(state_[c], channels[c] + done, len);
      }
      sub_acc_ += acc;
      sub_pos_ += len;
      done += len;
      if (sub_pos_ == sub_block_length_) finish_sub_block();
    }
  }

  void process(std::span<const T> mono) noexcept {
    const T* p[1] = {mono.data()};
    process(std::span<const T* const>(p, 1), static_cast<int>(mono.size()));
  }

  void process(std::span<const T> left, std::span<const T> right) noexcept {
    const T* p[2] = {left.data(), right.data()};
    process(std::span<const T* const>(p, 2), static_cast<int>(std::min(left.size(), right.size())));
  }

  [[nodiscard]] double momentary_lufs() const noexcept { return to_lufs(window_mean(4)); }
  [[nodiscard]] double short_term_lufs() const noexcept { return to_lufs(window_mean(30)); }

  [[nodiscard]] double integrated_lufs() const noexcept {
    if (gated_count_ == 0) return -std::numeric_limits<double>::infinity();
    const double relative_gate = to_lufs(gated_energy_ / static_cast<double>(gated_count_)) + kRelativeGateLu;
    // Bins whose centre lies above the relative gate count.
    int first = 0;
    const double g = std::floor((relative_gate - kAbsoluteGateLufs) / kBinWidthLu);
    if (g >= 0.0) {
      first = static_cast<int>(std::min(g, static_cast<double>(kNumBins)));
      if (kAbsoluteGateLufs + (first + 0.5) * kBinWidthLu <= relative_gate) ++first;
    }
    std::uint64_t count = 0;
    double energy = 0.0;
    for (int b = first; b < kNumBins; ++b) {
      count += bin_count_[static_cast<std::size_t>(b)];
      energy += bin_energy_[static_cast<std::size_t>(b)];
    }
    if (count == 0) return -std::numeric_limits<double>::infinity();
    return to_lufs(energy / static_cast<double>(count));
  }

  // Number of gating blocks above the absolute gate so far.
  [[nodiscard]] std::uint64_t gated_block_count() const noexcept { return gated_count_; }

private:
  struct State {
    double s1 = 0, s2 = 0;  // shelf, transposed direct form II
    double h1 = 0, h2 = 0;  // high pass
  };

  static double to_lufs(double mean_square) noexcept {
    return mean_square > 0.0 ? -0.691 + 10.0 * std::log10(mean_square) : -std::numeric_limits<double>::infinity();
  }

  double filter_and_square(State& st, const T* x, int len) noexcept {
    const KWeightingBiquad f = shelf_;
    const KWeightingBiquad g = high_pass_;
    double s1 = st.s1, s2 = st.s2, h1 = st.h1, h2 = st.h2;
    double sum = 0.0;
    for (int i = 0; i < len; ++i) {
      const double v = static_cast<double>(x[i]);
      const double y = f.b0 * v + s1;
      s1 = f.b1 * v - f.a1 * y + s2;
      s2 = f.b2 * v - f.a2 * y;
      const double z = g.b0 * y + h1;
      h1 = g.b1 * y - g.a1 * z + h2;
      h2 = g.b2 * y - g.a2 * z;
      sum += z * z;
    }
    // A non-finite sample poisons the sum and the state: drop this chunk's energy and
    // start the filters afresh (checked once per chunk, not per sample).
    if (!std::isfinite(sum)) {
      st = State{};
      return 0.0;
    }
    // Flush tiny state so silence never turns denormal.
    auto flush = [](double& s) {
      if (std::abs(s) < 1e-30) s = 0.0;
    };
    flush(s1);
    flush(s2);
    flush(h1);
    flush(h2);
    st = {s1, s2, h1, h2};
    return sum;
  }

  void finish_sub_block() noexcept {
    ring_[static_cast<std::size_t>(ring_pos_)] = sub_acc_;
    ring_pos_ = (ring_pos_ + 1) % kRing;
    ++completed_;
    sub_acc_ = 0.0;
    sub_pos_ = 0;
    if (completed_ >= 4) {
      const double z = window_mean(4);
      const double l = to_lufs(z);
      if (l > kAbsoluteGateLufs) {
        int bin = static_cast<int>((l - kAbsoluteGateLufs) / kBinWidthLu);
        bin = std::clamp(bin, 0, kNumBins - 1);
        ++bin_count_[static_cast<std::size_t>(bin)];
        bin_energy_[static_cast<std::size_t>(bin)] += z;
        ++gated_count_;
        gated_energy_ += z;
      }
    }
  }

  // Mean square over the newest `count` completed sub-blocks.
  [[nodiscard]] double window_mean(int count) const noexcept {
    double sum = 0.0;
    for (int i = 1; i <= count; ++i) sum += ring_[static_cast<std::size_t>((ring_pos_ - i + kRing) % kRing)];
    return sum / (static_cast<double>(count) * sub_block_length_);
  }

  static constexpr int kRing = 30;

  double sample_rate_ = 48000.0;
  KWeightingBiquad shelf_{kBs1770Shelf48k};
  KWeightingBiquad high_pass_{kBs1770HighPass48k};
  std::vector<State> state_;
  std::vector<double> weights_;
  int sub_block_length_ = 4800;
  std::array<double, kRing> ring_{};
  int ring_pos_ = 0;
  std::uint64_t completed_ = 0;
  double sub_acc_ = 0.0;
  int sub_pos_ = 0;
  std::vector<std::uint64_t> bin_count_;
  std::vector<double> bin_energy_;
  std::uint64_t gated_count_ = 0;
  double gated_energy_ = 0.0;
};

}  // namespace plinth::dsp
