// Plinth DSP: noise gate with hysteresis, hold, range and external side-chain.
//
// Detector: peak follower of the side-chain (instant attack, 20 ms release so a low note's
// waveform does not read as silence between its peaks). The gate opens when the level rises
// above `threshold` and closes only when it falls below threshold - hysteresis and stays
// there for `hold` seconds, so a level wandering around the threshold does not chatter.
// The gain moves between 1 (open) and `range` dB (closed) with one-pole `attack` (opening)
// and `release` (closing) time constants.
//
// Ranges: threshold [-96, 0] dB; hysteresis [0, 24] dB; range [-120, 0] dB; attack
// [0, 0.5] s; hold [0, 2] s; release [0.001, 5] s.
//
//   plinth::dsp::Gate<float> gate;
//   gate.prepare(48000.0, 512, 2);
//   gate.set_threshold(-45); gate.set_hysteresis(6); gate.set_hold(0.02);
//   gate.process(left, 0);
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class Gate {
public:
  static constexpr double kDetectorRelease = 0.020;

  Gate() noexcept { update_levels(); }

  void prepare(double sample_rate, int max_block_size, int channels) {
    sample_rate_ = dynamics_detail::sanitize_rate(sample_rate);
    (void)max_block_size;
    detector_ = FollowerCoefficients::make(0.0, kDetectorRelease, sample_rate_);
    states_.assign(static_cast<std::size_t>(channels < 1 ? 1 : channels), State{});
    update_times();
    reset();
  }
  void reset() noexcept {
    for (auto& s : states_) s = State{EnvelopeDetector<T>{}, range_gain_, 0, false};
  }

  void set_threshold(double db) noexcept {
    threshold_ = dynamics_detail::clamp_param(db, -96.0, 0.0, -50.0);
    update_levels();
  }
  void set_hysteresis(double db) noexcept {
    hysteresis_ = dynamics_detail::clamp_param(db, 0.0, 24.0, 3.0);
    update_levels();
  }
  void set_range(double db) noexcept {
    range_ = dynamics_detail::clamp_param(db, -120.0, 0.0, -80.0);
    update_levels();
  }
  void set_attack(double s) noexcept {
    attack_ = dynamics_detail::clamp_param(s, 0.0, 0.5, 0.0005);
    update_times();
  }
  void set_hold(double s) noexcept {
    hold_ = dynamics_detail::clamp_param(s, 0.0, 2.0, 0.01);
    update_times();
  }
  void set_release(double s) noexcept {
    release_ = dynamics_detail::clamp_param(s, 0.001, 5.0, 0.05);
    update_times();
  }

  [[nodiscard]] double threshold() const noexcept { return threshold_; }
  [[nodiscard]] double hysteresis() const noexcept { return hysteresis_; }
  [[nodiscard]] double range() const noexcept { return range_; }
  [[nodiscard]] double hold() const noexcept { return hold_; }

  [[nodiscard]] bool is_open(int channel = 0) const noexcept {
    return states_.empty() ? false : states_[index(channel)].open;
  }
  [[nodiscard]] T gain(int channel = 0) const noexcept {
    return states_.empty() ? T(range_gain_) : states_[index(channel)].gain;
  }

  [[nodiscard]] T process(T x, int channel = 0) noexcept { return process(x, x, channel); }
  [[nodiscard]] T process(T x, T sidechain, int channel) noexcept {
    if (states_.empty()) return x;  // not prepared: pass through
    State& s = states_[index(channel)];
    return x * step(s, s.detector.update(std::fabs(sidechain), detector_));
  }
  void process(std::span<T> block, int channel = 0) noexcept {
    if (states_.empty()) return;
    scrub_non_finite(block);
    State s = states_[index(channel)];  // local copy: kept in registers over the loop
    for (T& v : block) v *= step(s, s.detector.update_unchecked(std::fabs(v), detector_));
    s.detector.sanitize();
    states_[index(channel)] = s;
  }
  void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept {
    if (states_.empty()) return;
    scrub_non_finite(block);
    State s = states_[index(channel)];
    const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
    for (std::size_t i = 0; i < m; ++i)
      block[i] *= step(s, s.detector.update_unchecked(std::fabs(sidechain[i]), detector_));
    for (std::size_t i = m; i < block.size(); ++i)
      block[i] *= step(s, s.detector.update_unchecked(std::fabs(block[i]), detector_));
    s.detector.sanitize();
    states_[index(channel)] = s;
  }

private:
  struct State {
    EnvelopeDetector<T> detector{};
    T gain = T(0);
    long hold_left = 0;
    bool open = false;
  };

  std::size_t index(int channel) const noexcept {
    const int n = static_cast<int>(states_.size());
    return static_cast<std::size_t>(channel < 0 ? 0 : (channel >= n ? n - 1 : channel));
  }

  // A NaN level compares false everywhere: the state machine just holds, and the gain only
  // ever moves towards 1 or the range gain, so it stays finite.
  T step(State& s, T level) const noexcept {
    if (level > open_level_) {
      s.open = true;
      s.hold_left = hold_samples_;
    } else if (s.open && level < close_level_) {
      // Below the close level: count the hold down, then close.
      if (s.hold_left > 0)
        --s.hold_left;
      else
        s.open = false;
    } else if (s.open) {
      s.hold_left = hold_samples_;  // in the hysteresis band: stay open, re-arm the hold
    }
    const T target = s.open ? T(1) : range_gain_;
    const T rate = target > s.gain ? attack_rate_ : release_rate_;
    s.gain += rate * (target - s.gain);
    return s.gain;
  }

  void update_levels() noexcept {
    open_level_ = GainComputer::db_to_amplitude(static_cast<T>(threshold_));
    close_level_ = GainComputer::db_to_amplitude(static_cast<T>(threshold_ - hysteresis_));
    range_gain_ = GainComputer::db_to_amplitude(static_cast<T>(range_));
  }
  void update_times() noexcept {
    attack_rate_ = static_cast<T>(follower_rate(attack_, sample_rate_));
    release_rate_ = static_cast<T>(follower_rate(release_, sample_rate_));
    hold_samples_ = static_cast<long>(hold_ * sample_rate_ + 0.5);
  }

  FollowerCoefficients detector_ = FollowerCoefficients::make(0.0, kDetectorRelease, 48000.0);
  std::vector<State> states_;
  double sample_rate_ = 48000.0;
  double threshold_ = -50.0, hysteresis_ = 3.0, range_ = -80.0, attack_ = 0.0005, hold_ = 0.01, release_ = 0.05;
  T open_level_{}, close_level_{}, range_gain_{}, attack_rate_{1}, release_rate_{1};
  long hold_samples_ = 0;
};

}  // namespace plinth::dsp
