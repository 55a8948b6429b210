// Plinth DSP: downward expander with soft knee, range and external side-chain.
//
// Like the compressor (see compressor.h) but below the threshold the level falls `ratio`
// times faster than the input (GainComputer::expander_output_db, quadratic knee), and the
// attenuation never exceeds `range` dB. A very large ratio with a small range makes a soft
// gate; gate.h has the hard, hysteretic gate with hold.
//
// Ranges: threshold [-96, 0] dB; ratio [1, 100]; knee [0, 36] dB; range [-120, 0] dB;
// attack [0, 1] s; release [0.001, 5] s.
//
//   plinth::dsp::Expander<float> ex;
//   ex.prepare(48000.0, 512, 1);
//   ex.set_threshold(-40); ex.set_ratio(2); ex.set_range(-30);
//   ex.process(block, 0);
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class Expander {
public:
  Expander() noexcept {
    detector_.set_attack(attack_);
    detector_.set_release(release_);
    update_curve();
  }

  void prepare(double sample_rate, int max_block_size, int channels) {
    detector_.prepare(dynamics_detail::sanitize_rate(sample_rate), max_block_size, channels);
  }
  void reset() noexcept { detector_.reset(); }

  void set_threshold(double db) noexcept {
    threshold_ = dynamics_detail::clamp_param(db, -96.0, 0.0, -40.0);
    update_curve();
  }
  void set_ratio(double r) noexcept {
    ratio_ = dynamics_detail::clamp_param(r, 1.0, 100.0, 2.0);
    update_curve();
  }
  void set_knee(double db) noexcept {
    knee_ = dynamics_detail::clamp_param(db, 0.0, 36.0, 0.0);
    update_curve();
  }
  void set_range(double db) noexcept {
    range_ = dynamics_detail::clamp_param(db, -120.0, 0.0, -40.0);
    update_curve();
  }
  void set_attack(double s) noexcept {
    attack_ = dynamics_detail::clamp_param(s, 0.0, 1.0, 0.001);
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
  [[nodiscard]] double range() const noexcept { return range_; }

  // Linear gain for a detected level (linear amplitude).
  [[nodiscard]] T gain_for_level(T level) const noexcept {
    if (level > knee_end_) return T(1);  // above the knee: unity, no log/exp needed
    T g = GainComputer::expander_gain_db(GainComputer::amplitude_to_db(level), threshold_T_, ratio_T_, knee_T_);
    if (g < range_T_) g = range_T_;
    return GainComputer::db_to_amplitude(g);
  }

  [[nodiscard]] T process(T x, int channel = 0) noexcept { return process(x, x, channel); }
  [[nodiscard]] T process(T x, T sidechain, int channel) noexcept {
    return x * gain_for_level(detector_.process(sidechain, channel));
  }
  void process(std::span<T> block, int channel = 0) noexcept {
    scrub_non_finite(block);
    for (T& v : block) v *= gain_for_level(detector_.process(v, channel));
  }
  void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept {
    scrub_non_finite(block);
    const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
    for (std::size_t i = 0; i < m; ++i) block[i] *= gain_for_level(detector_.process(sidechain[i], channel));
    for (std::size_t i = m; i < block.size(); ++i) block[i] *= gain_for_level(detector_.process(block[i], channel));
  }

private:
  void update_curve() noexcept {
    threshold_T_ = static_cast<T>(threshold_);
    ratio_T_ = static_cast<T>(ratio_);
    knee_T_ = static_cast<T>(knee_);
    range_T_ = static_cast<T>(range_);
    knee_end_ = GainComputer::db_to_amplitude(static_cast<T>(threshold_ + knee_ / 2));
  }

  EnvelopeFollower<T> detector_;
  double threshold_ = -40.0, ratio_ = 2.0, knee_ = 0.0, range_ = -40.0, attack_ = 0.001, release_ = 0.1;
  T threshold_T_{}, ratio_T_{}, knee_T_{}, range_T_{}, knee_end_{};
};

}  // namespace plinth::dsp
