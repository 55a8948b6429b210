// Plinth DSP: feed-forward compressor with soft knee and external side-chain.
//
// Side-chain -> envelope follower (peak or RMS, with the attack and release times) -> level
// in dB -> static curve (GainComputer::compressor_output_db, Giannoulis et al. quadratic knee)
// -> gain, plus make-up. With a steady input the gain settles on the closed-form static
// curve (tested within 0.1 dB; with DC or peak detection it is exact to rounding).
// Block path: per chunk of 64 samples, the detector's recursion runs alone (one
// multiply-add and a select per sample), then one branch-free loop turns detected levels
// into gains: dB via fast_log2's core (rms: half the log of the mean square, no square
// root), the knee curve as selects, gain via fast_exp2; g++ and clang vectorize it for
// float (checked by tests/dsp/vectorization). fast_log2/fast_exp2 add < 2e-5 dB to the
// curve. That loop is also compiled for AVX2+FMA and prepare() picks that copy when the CPU
// has them (about 2.7x faster). A chunk whose levels all sit below the knee skips the loop
// (make-up gain only).
// process(left, right) and process(channels, frames) run two channels' detectors in one
// loop: the recursions are independent, so the CPU overlaps them.
// Each channel detects on its own; to link channels, feed every channel the same side-chain
// (e.g. the louder of left and right).
//
// Ranges: threshold [-96, 0] dB; ratio [1, 100]; knee [0, 36] dB; attack [0, 1] s;
// release [0.001, 5] s; make-up [-24, 48] dB. Threshold/ratio/knee act on the next sample;
// the detector keeps the gain smooth, but large jumps in threshold still step the gain: smooth
// automated values first (plinth/dsp/smoother.h).
//
//   plinth::dsp::Compressor<float> comp;
//   comp.prepare(48000.0, 512, 2);
//   comp.set_threshold(-20); comp.set_ratio(4); comp.set_knee(6);
//   comp.set_attack(0.005); comp.set_release(0.1); comp.set_makeup(6);
//   comp.process(left, 0);                   // or comp.process(left, sidechain, 0)
//   comp.process(left, right);               // stereo: both detectors in one loop
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/fast_math.h"
#include "plinth/dsp/gain_computer.h"

#include <array>
#include <type_traits>
#include <limits>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

namespace detail {
// The static curve in the form the gain loop uses (see Compressor::gain_for_log2).
template <std::floating_point T>
struct CompressorCurve {
  T threshold{}, makeup{}, half_knee{}, inv_two_knee{}, slope{};

  // Gain for a level given as log2 of the detector's value; `db_per_unit` is 20 log10(2)
  // (peak) or half that (rms: the value is a mean square). The knee curve of
  // GainComputer::compressor_gain_db written as selects: gain dB = (1/R - 1) * d with
  // d = 0 below the knee, (over + W/2)^2 / (2W) in it and `over` above it.
  [[nodiscard]] T gain_for_log2(T log2_value, T db_per_unit) const noexcept {
    const T over = db_per_unit * log2_value - threshold;
    const T a = over + half_knee;
    const T in_knee = a * a * inv_two_knee;
    const T d = select(over > half_knee, over, select(over > -half_knee, in_knee, T(0)));
    return fast_exp2((slope * d + makeup) * T(GainComputer::kOctavesPerDb));
  }
};

// Detected levels (finite, >= 0) -> gains, in place. Adding the smallest normal number keeps
// log2_positive's argument normal (a zero level) and changes no level above 1e-31 (float);
// +inf (an rms level of |x| > 1e19) gives 128 octaves, finite.
template <std::floating_point T>
[[gnu::always_inline]] inline void compressor_gains(T* level, std::size_t k, T db_per_unit,
                                                    const CompressorCurve<T>& curve) noexcept {
  constexpr T tiny = std::numeric_limits<T>::min();
  const CompressorCurve<T> c = curve;  // a local: the level stores cannot alias it
  // vectorized: compressor gain from detected level (log2, knee, fast_exp2)
  for (std::size_t i = 0; i < k; ++i) level[i] = c.gain_for_log2(log2_positive(level[i] + tiny), db_per_unit);
}

// The same loop compiled for the baseline target and, on x86-64, for AVX2+FMA (chosen by
// Compressor::prepare when the CPU has them): 8 floats a vector and fused multiply-adds
// make the loop, most of the compressor's time, about 2.7x faster.
template <std::floating_point T>
void compressor_gains_baseline(T* level, std::size_t k, T db_per_unit, const CompressorCurve<T>& c) noexcept {
  compressor_gains(level, k, db_per_unit, c);
}
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PLINTH_COMPRESSOR_AVX2 1
template <std::floating_point T>
[[gnu::target("avx2,fma")]] void compressor_gains_avx2(T* level, std::size_t k, T db_per_unit,
                                                       const CompressorCurve<T>& c) noexcept {
  compressor_gains(level, k, db_per_unit, c);
}
#endif
}  // namespace detail

template <std::floating_point T>
class Compressor {
public:
  Compressor() noexcept { update_curve(); }

  void prepare(double sample_rate, int max_block_size, int channels) {
    detector_.prepare(dynamics_detail::sanitize_rate(sample_rate), max_block_size, channels);
    detector_.set_attack(attack_);
    detector_.set_release(release_);
    last_gain_.assign(static_cast<std::size_t>(detector_.channels()), T(1));
    gains_ = &detail::compressor_gains_baseline<T>;
#if defined(PLINTH_COMPRESSOR_AVX2)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) gains_ = &detail::compressor_gains_avx2<T>;
#endif
  }
  void reset() noexcept {
    detector_.reset();
    for (T& g : last_gain_) g = T(1);
  }

  void set_threshold(double db) noexcept {
    threshold_ = dynamics_detail::clamp_param(db, -96.0, 0.0, -18.0);
    update_curve();
  }
  void set_ratio(double r) noexcept {
    ratio_ = dynamics_detail::clamp_param(r, 1.0, 100.0, 4.0);
    update_curve();
  }
  void set_knee(double db) noexcept {
    knee_ = dynamics_detail::clamp_param(db, 0.0, 36.0, 6.0);
    update_curve();
  }
  void set_makeup(double db) noexcept {
    makeup_ = dynamics_detail::clamp_param(db, -24.0, 48.0, 0.0);
    update_curve();
  }
  void set_attack(double s) noexcept {
    attack_ = dynamics_detail::clamp_param(s, 0.0, 1.0, 0.01);
    detector_.set_attack(attack_);
  }
  void set_release(double s) noexcept {
    release_ = dynamics_detail::clamp_param(s, 0.001, 5.0, 0.1);
    detector_.set_release(release_);
  }
  void set_detector(DetectorMode m) noexcept { detector_.set_mode(m); }

  [[nodiscard]] double threshold() const noexcept { return threshold_; }
  [[nodiscard]] double ratio() const noexcept { return ratio_; }
  [[nodiscard]] double knee() const noexcept { return knee_; }
  [[nodiscard]] double makeup() const noexcept { return makeup_; }
  [[nodiscard]] double attack() const noexcept { return attack_; }
  [[nodiscard]] double release() const noexcept { return release_; }

  // Linear gain (make-up included) for a detected level (linear amplitude).
  [[nodiscard]] T gain_for_level(T level) const noexcept {
    if (!(level > knee_start_)) return makeup_gain_;  // below the knee: no log/exp needed
    return gain_for_log2(fast_log2(level), T(GainComputer::kDbPerOctave));
  }

  [[nodiscard]] T process(T x, int channel = 0) noexcept { return process(x, x, channel); }
  [[nodiscard]] T process(T x, T sidechain, int channel) noexcept {
    const T g = gain_for_level(detector_.process(sidechain, channel));
    store_gain(g, channel);
    return x * g;
  }

  void process(std::span<T> block, int channel = 0) noexcept {
    scrub_non_finite(block);
    run(block, block.data(), block.size(), channel);
  }
  // Side-chain block must be at least as long as the block; a shorter one is used as far as
  // it goes and the input itself detects the rest.
  void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept {
    scrub_non_finite(block);
    const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
    run(block.first(m), sidechain.data(), m, channel);
    run(block.subspan(m), block.data() + m, block.size() - m, channel);
  }

  // Channels 0 and 1 in one pass (their detectors run in the same loop); the shorter
  // length is processed.
  void process(std::span<T> left, std::span<T> right) noexcept {
    const std::size_t n = left.size() < right.size() ? left.size() : right.size();
    scrub_non_finite(left.first(n));
    scrub_non_finite(right.first(n));
    run_pair(left.data(), right.data(), n, 0, 1);
  }
  // channels[c][0 .. frames) is channel c, in place, two channels per pass.
  void process(std::span<T* const> channels, std::size_t frames) noexcept {
    for (T* c : channels) scrub_non_finite(std::span<T>(c, frames));
    std::size_t c = 0;
    for (; c + 1 < channels.size(); c += 2)
      run_pair(channels[c], channels[c + 1], frames, static_cast<int>(c), static_cast<int>(c + 1));
    if (c < channels.size()) run(std::span<T>(channels[c], frames), channels[c], frames, static_cast<int>(c));
  }

  // Gain reduction of the last processed sample in dB (<= 0, make-up excluded), for meters.
  [[nodiscard]] T gain_reduction_db(int channel = 0) const noexcept {
    if (last_gain_.empty()) return T(0);
    const int c =
        channel < 0
            ? 0
            : (channel >= static_cast<int>(last_gain_.size()) ? static_cast<int>(last_gain_.size()) - 1 : channel);
    return GainComputer::amplitude_to_db(last_gain_[static_cast<std::size_t>(c)]) - makeup_T_;
  }

private:
  static constexpr std::size_t kChunk = 64;

  [[nodiscard]] T gain_for_log2(T log2_value, T db_per_unit) const noexcept {
    return curve_.gain_for_log2(log2_value, db_per_unit);
  }

  // n samples of `block` scaled by the gain detected from `side` (finite or not).
  void run(std::span<T> block, const T* side, std::size_t n, int channel) noexcept {
    const T db_per_unit = T(GainComputer::kDbPerOctave) * (detector_.mode() == DetectorMode::rms ? T(0.5) : T(1));
    std::array<T, kChunk> level;
    for (std::size_t start = 0; start < n; start += kChunk) {
      const std::size_t k = n - start < kChunk ? n - start : kChunk;
      for (std::size_t i = 0; i < k; ++i) level[i] = std::isfinite(side[start + i]) ? side[start + i] : T(0);
      detector_.detect(level.data(), level.data(), k, channel);
      chunk_gains(level.data(), k, db_per_unit);
      // vectorized: compressor gain applied
      for (std::size_t i = 0; i < k; ++i) block[start + i] *= level[i];
      store_gain(level[k - 1], channel);
    }
  }

  // Detected levels (finite, >= 0) -> gains, in place. A chunk wholly below the knee gets the
  // make-up gain without any log or exp (as the per-sample path does).
  void chunk_gains(T* level, std::size_t k, T db_per_unit) const noexcept {
    using I = std::make_signed_t<typename detail::FloatBits<T>::Int>;
    // Non-negative floats order like their bit patterns: an integer compare, which
    // vectorizes where a float max reduction would not (no -ffast-math).
    const T start = detector_.mode() == DetectorMode::rms ? knee_start_ * knee_start_ : knee_start_;
    const I start_bits = std::bit_cast<I>(start);
    I over = 0;
    for (std::size_t i = 0; i < k; ++i) over |= static_cast<I>(std::bit_cast<I>(level[i]) > start_bits);
    if (over == 0) {
      for (std::size_t i = 0; i < k; ++i) level[i] = makeup_gain_;
      return;
    }
    gains_(level, k, db_per_unit, curve_);
  }

  // run() for two channels detecting on themselves (already scrubbed).
  void run_pair(T* x0, T* x1, std::size_t n, int channel0, int channel1) noexcept {
    const T db_per_unit = T(GainComputer::kDbPerOctave) * (detector_.mode() == DetectorMode::rms ? T(0.5) : T(1));
    std::array<T, kChunk> level0, level1;
    for (std::size_t start = 0; start < n; start += kChunk) {
      const std::size_t k = n - start < kChunk ? n - start : kChunk;
      detector_.detect(x0 + start, x1 + start, level0.data(), level1.data(), k, channel0, channel1);
      chunk_gains(level0.data(), k, db_per_unit);
      chunk_gains(level1.data(), k, db_per_unit);
      // vectorized: compressor gain applied, stereo
      for (std::size_t i = 0; i < k; ++i) x0[start + i] *= level0[i];
      for (std::size_t i = 0; i < k; ++i) x1[start + i] *= level1[i];
      store_gain(level0[k - 1], channel0);
      store_gain(level1[k - 1], channel1);
    }
  }

  void store_gain(T g, int channel) noexcept {
    if (channel >= 0 && channel < static_cast<int>(last_gain_.size()))
      last_gain_[static_cast<std::size_t>(channel)] = g;
  }
  void update_curve() noexcept {
    curve_.threshold = static_cast<T>(threshold_);
    curve_.makeup = makeup_T_ = static_cast<T>(makeup_);
    makeup_gain_ = GainComputer::db_to_amplitude(makeup_T_);
    knee_start_ = GainComputer::db_to_amplitude(static_cast<T>(threshold_ - knee_ / 2));
    curve_.half_knee = static_cast<T>(knee_ / 2);
    curve_.inv_two_knee = knee_ > 0 ? static_cast<T>(1 / (2 * knee_)) : T(0);
    curve_.slope = static_cast<T>(1 / ratio_ - 1);
  }

  EnvelopeFollower<T> detector_;
  std::vector<T> last_gain_;
  double threshold_ = -18.0, ratio_ = 4.0, knee_ = 6.0, makeup_ = 0.0, attack_ = 0.01, release_ = 0.1;
  T makeup_T_{}, makeup_gain_{1}, knee_start_{};
  detail::CompressorCurve<T> curve_{};
  // The gain loop for this CPU (set by prepare()).
  void (*gains_)(T*, std::size_t, T, const detail::CompressorCurve<T>&) noexcept = &detail::compressor_gains_baseline<T>;
};

}  // namespace plinth::dsp
