// Plinth DSP: transient shaper (attack / sustain emphasis), level-independent.
//
// A peak follower on the side-chain and two followers of that envelope:
//   fast         attack 0.5 ms, release 50 ms on |x|    (follows the signal closely)
//   slow_attack   attack `attack_time`, instant release   (lags behind every rise of fast)
//   slow_release  instant attack, release `sustain_time`  (hangs on after every fall of fast)
// onset = (fast - slow_attack) / fast, in [0, 1], is positive only while a transient rises;
// tail  = (slow_release - fast) / slow_release, in [0, 1], only while the sound decays.
// gain (dB) = depth * (attack * onset + sustain * tail). Both terms are ratios of envelopes,
// so the effect does not depend on the level, and for a steady signal both vanish: the
// shaper only acts on changes.
//
// Ranges: attack and sustain amounts [-1, 1]; depth [0, 24] dB (default 12: full attack on
// a hit from silence adds up to 12 dB); attack_time [1 ms, 200 ms]; sustain_time [20 ms, 2 s].
//
//   plinth::dsp::TransientShaper<float> ts;
//   ts.prepare(48000.0, 512, 2);
//   ts.set_attack(0.7); ts.set_sustain(-0.3);
//   ts.process(left, 0);
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class TransientShaper {
public:
  static constexpr double kFastAttack = 0.0005;
  static constexpr double kFastRelease = 0.050;

  TransientShaper() noexcept { configure(); }

  void prepare(double sample_rate, int max_block_size, int channels) {
    const double sr = dynamics_detail::sanitize_rate(sample_rate);
    fast_.prepare(sr, max_block_size, channels);
    slow_attack_.prepare(sr, max_block_size, channels);
    slow_release_.prepare(sr, max_block_size, channels);
    configure();
  }
  void reset() noexcept {
    fast_.reset();
    slow_attack_.reset();
    slow_release_.reset();
  }

  void set_attack(double amount) noexcept {
    attack_ = static_cast<T>(dynamics_detail::clamp_param(amount, -1.0, 1.0, 0.0));
  }
  void set_sustain(double amount) noexcept {
    sustain_ = static_cast<T>(dynamics_detail::clamp_param(amount, -1.0, 1.0, 0.0));
  }
  void set_attack_time(double s) noexcept {
    attack_time_ = dynamics_detail::clamp_param(s, 0.001, 0.2, 0.02);
    slow_attack_.set_attack(attack_time_);
  }
  void set_sustain_time(double s) noexcept {
    sustain_time_ = dynamics_detail::clamp_param(s, 0.02, 2.0, 0.3);
    slow_release_.set_release(sustain_time_);
  }
  void set_depth(double db) noexcept { depth_ = static_cast<T>(dynamics_detail::clamp_param(db, 0.0, 24.0, 12.0)); }
  [[nodiscard]] double depth() const noexcept { return static_cast<double>(depth_); }
  [[nodiscard]] double attack() const noexcept { return static_cast<double>(attack_); }
  [[nodiscard]] double sustain() const noexcept { return static_cast<double>(sustain_); }
  [[nodiscard]] double attack_time() const noexcept { return attack_time_; }
  [[nodiscard]] double sustain_time() const noexcept { return sustain_time_; }

  // Linear gain for one side-chain sample (advances the detectors).
  [[nodiscard]] T gain_for(T sidechain, int channel) noexcept {
    const T f = fast_.process(sidechain, channel);
    const T sa = slow_attack_.process(f, channel);
    const T sr = slow_release_.process(f, channel);
    // f > sa implies f > 0 and sr > f implies sr > 0: the divisions are safe.
    const T onset = f > sa ? (f - sa) / f : T(0);
    const T tail = sr > f ? (sr - f) / sr : T(0);
    return GainComputer::db_to_amplitude(depth_ * (attack_ * onset + sustain_ * tail));
  }

  [[nodiscard]] T process(T x, int channel = 0) noexcept { return x * gain_for(x, channel); }
  [[nodiscard]] T process(T x, T sidechain, int channel) noexcept { return x * gain_for(sidechain, channel); }
  void process(std::span<T> block, int channel = 0) noexcept {
    scrub_non_finite(block);
    for (T& v : block) v *= gain_for(v, channel);
  }
  void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept {
    scrub_non_finite(block);
    const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
    for (std::size_t i = 0; i < m; ++i) block[i] *= gain_for(sidechain[i], channel);
    for (std::size_t i = m; i < block.size(); ++i) block[i] *= gain_for(block[i], channel);
  }

private:
  void configure() noexcept {
    fast_.set_attack(kFastAttack);
    fast_.set_release(kFastRelease);
    slow_attack_.set_attack(attack_time_);
    slow_attack_.set_release(0.0);
    slow_release_.set_attack(0.0);
    slow_release_.set_release(sustain_time_);
  }

  EnvelopeFollower<T> fast_, slow_attack_, slow_release_;
  double attack_time_ = 0.02, sustain_time_ = 0.3;
  T attack_ = T(0), sustain_ = T(0), depth_ = T(12);
};

}  // namespace plinth::dsp
