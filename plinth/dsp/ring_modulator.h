// Ring modulator: multiplies the input by a sine carrier,
//   y = (1 - mix) x + mix * x * sin(2 pi f t + phase).
// A sine times a sine gives the sum and difference frequencies. The carrier is a
// BlockSine (exact sine by complex rotation, in double, computed a block at a time) so
// changing the frequency keeps the phase continuous and costs no std::sin per sample.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <span>
#include <vector>

#include "plinth/dsp/lfo.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class RingModulator {
public:
  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    carriers_.resize(static_cast<std::size_t>(std::max(1, channels)));
    set_frequency(frequency_);
    reset();
  }

  // Restarts every channel's carrier at the start phase.
  void reset() noexcept {
    for (auto& c : carriers_) c.set_phase(start_phase_);
  }

  // Carrier frequency in Hz, clamped to [0, fs / 2].
  void set_frequency(double hz) noexcept {
    frequency_ = std::isfinite(hz) ? std::clamp(hz, 0.0, 0.5 * sample_rate_) : 0.0;
    for (auto& c : carriers_) c.set_frequency(frequency_, sample_rate_);
  }
  [[nodiscard]] double frequency() const noexcept { return frequency_; }
  // Carrier phase at reset(), in turns.
  void set_start_phase(double turns) noexcept { start_phase_ = std::isfinite(turns) ? turns : 0.0; }
  // Wet proportion, clamped to [0, 1]; 1 (default) is pure ring modulation.
  void set_mix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(1); }

  [[nodiscard]] T process(T x, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= carriers_.size()) return x;
    T carrier;
    carriers_[static_cast<std::size_t>(channel)].fill(&carrier, 1);
    return x * (T(1) - mix_ + mix_ * carrier);
  }
  void process(std::span<T> block, int channel) noexcept {
    if (static_cast<std::size_t>(channel) >= carriers_.size()) return;
    auto& c = carriers_[static_cast<std::size_t>(channel)];
    scrub_non_finite(block);
    const T dry_part = T(1) - mix_, wet_part = mix_;
    c.apply(block, [=](T x, T carrier) { return x * (dry_part + wet_part * carrier); });
  }

private:
  std::vector<BlockSine> carriers_ = std::vector<BlockSine>(1);
  double sample_rate_ = 48000.0;
  double frequency_ = 440.0;
  double start_phase_ = 0.0;
  T mix_ = T(1);
};

}  // namespace plinth::dsp
