// Tremolo: amplitude modulation by an LFO,
//   gain(t) = 1 - depth * (1 + lfo(t)) / 2,
// so the gain swings between 1 and 1 - depth. Each channel's LFO can be offset in phase
// (0.5 turns between left and right makes an auto-panner). Depth is smoothed (~10 ms).
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <span>
#include <vector>

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class Tremolo {
public:
  static constexpr double kMaxRateHz = 50.0;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    lfos_.resize(static_cast<std::size_t>(std::max(1, channels)));
    depths_.resize(lfos_.size());
    smoothing_ = static_cast<T>(follower_rate(0.01, sample_rate_));
    for (auto& l : lfos_) l.prepare(sample_rate_);
    reset();
  }

  void reset() noexcept {
    for (std::size_t i = 0; i < lfos_.size(); ++i) {
      auto& l = lfos_[i];
      l.set_frequency(rate_);
      l.set_shape(shape_);
      l.set_phase_offset(static_cast<double>(i) * stereo_phase_);
      l.reset();
      depths_[i] = depth_;
    }
  }

  // Rate in Hz, clamped to [0, 50].
  void set_rate_hz(double hz) noexcept {
    rate_ = std::isfinite(hz) ? std::clamp(hz, 0.0, kMaxRateHz) : 0.0;
    for (auto& l : lfos_) l.set_frequency(rate_);
  }
  void set_tempo_sync(double bpm, double note_fraction, NoteModifier modifier = NoteModifier::straight) noexcept {
    set_rate_hz(tempo_sync_hz(bpm, note_fraction, modifier));
  }
  // Depth, clamped to [0, 1]: 1 swings the gain all the way to silence.
  void set_depth(T depth) noexcept { depth_ = std::isfinite(depth) ? std::clamp(depth, T(0), T(1)) : T(0); }
  // LFO shape (any LfoShape; sine, triangle and square are the usual ones).
  void set_shape(LfoShape shape) noexcept {
    shape_ = shape;
    for (auto& l : lfos_) l.set_shape(shape);
  }
  // Phase offset between consecutive channels in turns, [0, 1]; applied at reset().
  void set_stereo_phase(double turns) noexcept {
    stereo_phase_ = std::isfinite(turns) ? std::clamp(turns, 0.0, 1.0) : 0.0;
  }

  [[nodiscard]] T process(T x, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= lfos_.size()) return x;
    return x * gain(static_cast<std::size_t>(channel));
  }
  void process(std::span<T> block, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= lfos_.size()) return;
    const auto ch = static_cast<std::size_t>(channel);
    scrub_non_finite(block);
    for (auto& s : block) s *= gain(ch);
  }

private:
  T gain(std::size_t ch) noexcept {
    T& d = depths_[ch];
    d += smoothing_ * (depth_ - d);
    return T(1) - d * T(0.5) * (T(1) + lfos_[ch].process());
  }

  std::vector<Lfo<T>> lfos_ = std::vector<Lfo<T>>(1);
  std::vector<T> depths_ = std::vector<T>(1, T(0.5));
  double sample_rate_ = 48000.0;
  double rate_ = 5.0, stereo_phase_ = 0.0;
  LfoShape shape_ = LfoShape::sine;
  T depth_ = T(0.5);
  T smoothing_ = T(0.002);
};

}  // namespace plinth::dsp
