// Plinth DSP: attack-release envelope.
//
// An ADSR without decay whose sustain level is 1, in two modes:
//   gate     attack to 1 on note_on, hold while the gate is held, release on note_off;
//   one_shot  trigger(): attack to 1, then release at once (percussive), no note_off needed.
// Same exact-to-the-sample timing, shapes and retrigger modes as Adsr (see adsr.h): the peak
// is at sample n_attack - 1 after the note-on; in one_shot mode the release starts on the
// next sample and reaches 0 at sample n_attack + n_release - 1.
//
// Ranges: attack/release [0, 60] s.
//
//   plinth::dsp::ArEnvelope<float> env;
//   env.prepare(48000.0, 512, 1);
//   env.set_mode(plinth::dsp::ArMode::one_shot);
//   env.set_attack(0.001); env.set_release(0.3);
//   env.trigger();  env.process(gainBlock);
#pragma once

#include "plinth/dsp/adsr.h"

#include <concepts>
#include <span>

namespace plinth::dsp {

enum class ArMode { gate, one_shot };

template <std::floating_point T>
class ArEnvelope {
public:
  ArEnvelope() noexcept {
    adsr_.set_decay(0.0);
    adsr_.set_sustain(1.0);
    adsr_.set_attack_shape(EnvelopeShape::linear);
    adsr_.set_release_shape(EnvelopeShape::exponential);
  }

  void prepare(double sample_rate, int max_block_size = 0, int channels = 1) noexcept {
    adsr_.prepare(sample_rate, max_block_size, channels);
  }
  void reset() noexcept { adsr_.reset(); }

  void set_attack(double seconds) noexcept { adsr_.set_attack(seconds); }
  void set_release(double seconds) noexcept { adsr_.set_release(seconds); }
  void set_attack_shape(EnvelopeShape s) noexcept { adsr_.set_attack_shape(s); }
  void set_release_shape(EnvelopeShape s) noexcept { adsr_.set_release_shape(s); }
  void set_curvature(double k) noexcept { adsr_.set_curvature(k); }
  void set_retrigger_mode(RetriggerMode m) noexcept { adsr_.set_retrigger_mode(m); }
  void set_mode(ArMode m) noexcept { mode_ = m; }
  [[nodiscard]] ArMode mode() const noexcept { return mode_; }
  [[nodiscard]] double attack() const noexcept { return adsr_.attack(); }
  [[nodiscard]] double release() const noexcept { return adsr_.release(); }

  void note_on() noexcept { adsr_.note_on(); }
  void note_off() noexcept { adsr_.note_off(); }
  void trigger() noexcept { adsr_.note_on(); }

  [[nodiscard]] bool is_active() const noexcept { return adsr_.is_active(); }
  [[nodiscard]] AdsrStage stage() const noexcept { return adsr_.stage(); }
  [[nodiscard]] T level() const noexcept { return adsr_.level(); }

  [[nodiscard]] T process() noexcept {
    // One-shot: the attack has landed on 1 (the ADSR sits in sustain), so release now.
    if (mode_ == ArMode::one_shot && adsr_.stage() == AdsrStage::sustain) adsr_.note_off();
    return adsr_.process();
  }
  void process(std::span<T> out) noexcept {
    for (T& o : out) o = process();
  }

private:
  Adsr<T> adsr_;
  ArMode mode_ = ArMode::gate;
};

}  // namespace plinth::dsp
