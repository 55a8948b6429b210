// Plinth DSP: attack-release envelope.
//
// An ADSR without decay whose sustain level is 1, in two modes:
//   gate     attack to 1 on noteOn, hold while the gate is held, release on noteOff;
//   oneShot  trigger(): attack to 1, then release at once (percussive), no noteOff needed.
// Same exact-to-the-sample timing, shapes and retrigger modes as Adsr (see adsr.h): the peak
// is at sample n_attack - 1 after the note-on; in oneShot mode the release starts on the
// next sample and reaches 0 at sample n_attack + n_release - 1.
//
// Ranges: attack/release [0, 60] s.
//
//   plinth::dsp::ArEnvelope<float> env;
//   env.prepare(48000.0, 512, 1);
//   env.setMode(plinth::dsp::ArMode::oneShot);
//   env.setAttack(0.001); env.setRelease(0.3);
//   env.trigger();  env.process(gainBlock);
#pragma once

#include "plinth/dsp/adsr.h"

#include <concepts>
#include <span>

namespace plinth::dsp {

enum class ArMode { gate, oneShot };

template <std::floating_point T>
class ArEnvelope {
public:
    ArEnvelope() noexcept
    {
        adsr_.setDecay(0.0);
        adsr_.setSustain(1.0);
        adsr_.setAttackShape(EnvelopeShape::linear);
        adsr_.setReleaseShape(EnvelopeShape::exponential);
    }

    void prepare(double sampleRate, int maxBlockSize = 0, int channels = 1) noexcept
    {
        adsr_.prepare(sampleRate, maxBlockSize, channels);
    }
    void reset() noexcept { adsr_.reset(); }

    void setAttack(double seconds) noexcept { adsr_.setAttack(seconds); }
    void setRelease(double seconds) noexcept { adsr_.setRelease(seconds); }
    void setAttackShape(EnvelopeShape s) noexcept { adsr_.setAttackShape(s); }
    void setReleaseShape(EnvelopeShape s) noexcept { adsr_.setReleaseShape(s); }
    void setCurvature(double k) noexcept { adsr_.setCurvature(k); }
    void setRetriggerMode(RetriggerMode m) noexcept { adsr_.setRetriggerMode(m); }
    void setMode(ArMode m) noexcept { mode_ = m; }
    [[nodiscard]] ArMode mode() const noexcept { return mode_; }
    [[nodiscard]] double attack() const noexcept { return adsr_.attack(); }
    [[nodiscard]] double release() const noexcept { return adsr_.release(); }

    void noteOn() noexcept { adsr_.noteOn(); }
    void noteOff() noexcept { adsr_.noteOff(); }
    void trigger() noexcept { adsr_.noteOn(); }

    [[nodiscard]] bool isActive() const noexcept { return adsr_.isActive(); }
    [[nodiscard]] AdsrStage stage() const noexcept { return adsr_.stage(); }
    [[nodiscard]] T level() const noexcept { return adsr_.level(); }

    [[nodiscard]] T process() noexcept
    {
        // One-shot: the attack has landed on 1 (the ADSR sits in sustain), so release now.
        if (mode_ == ArMode::oneShot && adsr_.stage() == AdsrStage::sustain) adsr_.noteOff();
        return adsr_.process();
    }
    void process(std::span<T> out) noexcept
    {
        for (T& o : out) o = process();
    }

private:
    Adsr<T> adsr_;
    ArMode mode_ = ArMode::gate;
};

} // namespace plinth::dsp
