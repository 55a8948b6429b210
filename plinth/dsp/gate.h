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
//   gate.setThreshold(-45); gate.setHysteresis(6); gate.setHold(0.02);
//   gate.process(left, 0);
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>
#include <vector>

namespace plinth::dsp {

template <std::floating_point T>
class Gate {
public:
    static constexpr double kDetectorRelease = 0.020;

    Gate() noexcept { updateLevels(); }

    void prepare(double sampleRate, int maxBlockSize, int channels)
    {
        sampleRate_ = dynamics_detail::sanitizeRate(sampleRate);
        (void)maxBlockSize;
        detector_ = FollowerCoefficients::make(0.0, kDetectorRelease, sampleRate_);
        states_.assign(static_cast<std::size_t>(channels < 1 ? 1 : channels), State{});
        updateTimes();
        reset();
    }
    void reset() noexcept
    {
        for (auto& s : states_) s = State{EnvelopeDetector<T>{}, rangeGain_, 0, false};
    }

    void setThreshold(double db) noexcept { threshold_ = dynamics_detail::clampParam(db, -96.0, 0.0, -50.0); updateLevels(); }
    void setHysteresis(double db) noexcept { hysteresis_ = dynamics_detail::clampParam(db, 0.0, 24.0, 3.0); updateLevels(); }
    void setRange(double db) noexcept { range_ = dynamics_detail::clampParam(db, -120.0, 0.0, -80.0); updateLevels(); }
    void setAttack(double s) noexcept { attack_ = dynamics_detail::clampParam(s, 0.0, 0.5, 0.0005); updateTimes(); }
    void setHold(double s) noexcept { hold_ = dynamics_detail::clampParam(s, 0.0, 2.0, 0.01); updateTimes(); }
    void setRelease(double s) noexcept { release_ = dynamics_detail::clampParam(s, 0.001, 5.0, 0.05); updateTimes(); }

    [[nodiscard]] double threshold() const noexcept { return threshold_; }
    [[nodiscard]] double hysteresis() const noexcept { return hysteresis_; }
    [[nodiscard]] double range() const noexcept { return range_; }
    [[nodiscard]] double hold() const noexcept { return hold_; }

    [[nodiscard]] bool isOpen(int channel = 0) const noexcept
    {
        return states_.empty() ? false : states_[index(channel)].open;
    }
    [[nodiscard]] T gain(int channel = 0) const noexcept
    {
        return states_.empty() ? T(rangeGain_) : states_[index(channel)].gain;
    }

    [[nodiscard]] T process(T x, int channel = 0) noexcept { return process(x, x, channel); }
    [[nodiscard]] T process(T x, T sidechain, int channel) noexcept
    {
        if (states_.empty()) return x; // not prepared: pass through
        State& s = states_[index(channel)];
        return x * step(s, s.detector.update(std::fabs(sidechain), detector_));
    }
    void process(std::span<T> block, int channel = 0) noexcept
    {
        if (states_.empty()) return;
        State s = states_[index(channel)]; // local copy: kept in registers over the loop
        for (T& v : block) v *= step(s, s.detector.updateUnchecked(std::fabs(v), detector_));
        s.detector.sanitize();
        states_[index(channel)] = s;
    }
    void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept
    {
        if (states_.empty()) return;
        State s = states_[index(channel)];
        const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
        for (std::size_t i = 0; i < m; ++i) block[i] *= step(s, s.detector.updateUnchecked(std::fabs(sidechain[i]), detector_));
        for (std::size_t i = m; i < block.size(); ++i) block[i] *= step(s, s.detector.updateUnchecked(std::fabs(block[i]), detector_));
        s.detector.sanitize();
        states_[index(channel)] = s;
    }

private:
    struct State {
        EnvelopeDetector<T> detector{};
        T gain = T(0);
        long holdLeft = 0;
        bool open = false;
    };

    std::size_t index(int channel) const noexcept
    {
        const int n = static_cast<int>(states_.size());
        return static_cast<std::size_t>(channel < 0 ? 0 : (channel >= n ? n - 1 : channel));
    }

    // A NaN level compares false everywhere: the state machine just holds, and the gain only
    // ever moves towards 1 or the range gain, so it stays finite.
    T step(State& s, T level) const noexcept
    {
        if (level > openLevel_) {
            s.open = true;
            s.holdLeft = holdSamples_;
        } else if (s.open && level < closeLevel_) {
            // Below the close level: count the hold down, then close.
            if (s.holdLeft > 0) --s.holdLeft;
            else s.open = false;
        } else if (s.open) {
            s.holdLeft = holdSamples_; // in the hysteresis band: stay open, re-arm the hold
        }
        const T target = s.open ? T(1) : rangeGain_;
        const T rate = target > s.gain ? attackRate_ : releaseRate_;
        s.gain += rate * (target - s.gain);
        return s.gain;
    }

    void updateLevels() noexcept
    {
        openLevel_ = GainComputer::dbToAmplitude(static_cast<T>(threshold_));
        closeLevel_ = GainComputer::dbToAmplitude(static_cast<T>(threshold_ - hysteresis_));
        rangeGain_ = GainComputer::dbToAmplitude(static_cast<T>(range_));
    }
    void updateTimes() noexcept
    {
        attackRate_ = static_cast<T>(followerRate(attack_, sampleRate_));
        releaseRate_ = static_cast<T>(followerRate(release_, sampleRate_));
        holdSamples_ = static_cast<long>(hold_ * sampleRate_ + 0.5);
    }

    FollowerCoefficients detector_ = FollowerCoefficients::make(0.0, kDetectorRelease, 48000.0);
    std::vector<State> states_;
    double sampleRate_ = 48000.0;
    double threshold_ = -50.0, hysteresis_ = 3.0, range_ = -80.0, attack_ = 0.0005, hold_ = 0.01, release_ = 0.05;
    T openLevel_{}, closeLevel_{}, rangeGain_{}, attackRate_{1}, releaseRate_{1};
    long holdSamples_ = 0;
};

} // namespace plinth::dsp
