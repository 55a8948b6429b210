// Plinth DSP: downward expander with soft knee, range and external side-chain.
//
// Like the compressor (see compressor.h) but below the threshold the level falls `ratio`
// times faster than the input (GainComputer::expanderOutputDb, quadratic knee), and the
// attenuation never exceeds `range` dB. A very large ratio with a small range makes a soft
// gate; gate.h has the hard, hysteretic gate with hold.
//
// Ranges: threshold [-96, 0] dB; ratio [1, 100]; knee [0, 36] dB; range [-120, 0] dB;
// attack [0, 1] s; release [0.001, 5] s.
//
//   plinth::dsp::Expander<float> ex;
//   ex.prepare(48000.0, 512, 1);
//   ex.setThreshold(-40); ex.setRatio(2); ex.setRange(-30);
//   ex.process(block, 0);
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>

namespace plinth::dsp {

template <std::floating_point T>
class Expander {
public:
    Expander() noexcept
    {
        detector_.setAttack(attack_);
        detector_.setRelease(release_);
        updateCurve();
    }

    void prepare(double sampleRate, int maxBlockSize, int channels)
    {
        detector_.prepare(dynamics_detail::sanitizeRate(sampleRate), maxBlockSize, channels);
    }
    void reset() noexcept { detector_.reset(); }

    void setThreshold(double db) noexcept { threshold_ = dynamics_detail::clampParam(db, -96.0, 0.0, -40.0); updateCurve(); }
    void setRatio(double r) noexcept { ratio_ = dynamics_detail::clampParam(r, 1.0, 100.0, 2.0); updateCurve(); }
    void setKnee(double db) noexcept { knee_ = dynamics_detail::clampParam(db, 0.0, 36.0, 0.0); updateCurve(); }
    void setRange(double db) noexcept { range_ = dynamics_detail::clampParam(db, -120.0, 0.0, -40.0); updateCurve(); }
    void setAttack(double s) noexcept { attack_ = dynamics_detail::clampParam(s, 0.0, 1.0, 0.001); detector_.setAttack(attack_); }
    void setRelease(double s) noexcept { release_ = dynamics_detail::clampParam(s, 0.001, 5.0, 0.1); detector_.setRelease(release_); }
    void setDetector(DetectorMode m) noexcept { detector_.setMode(m); }

    [[nodiscard]] double threshold() const noexcept { return threshold_; }
    [[nodiscard]] double ratio() const noexcept { return ratio_; }
    [[nodiscard]] double knee() const noexcept { return knee_; }
    [[nodiscard]] double range() const noexcept { return range_; }

    // Linear gain for a detected level (linear amplitude).
    [[nodiscard]] T gainForLevel(T level) const noexcept
    {
        if (level > kneeEnd_) return T(1); // above the knee: unity, no log/exp needed
        T g = GainComputer::expanderGainDb(GainComputer::amplitudeToDb(level), threshold_T_, ratio_T_, knee_T_);
        if (g < range_T_) g = range_T_;
        return GainComputer::dbToAmplitude(g);
    }

    [[nodiscard]] T process(T x, int channel = 0) noexcept { return process(x, x, channel); }
    [[nodiscard]] T process(T x, T sidechain, int channel) noexcept
    {
        return x * gainForLevel(detector_.process(sidechain, channel));
    }
    void process(std::span<T> block, int channel = 0) noexcept
    {
        for (T& v : block) v *= gainForLevel(detector_.process(v, channel));
    }
    void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept
    {
        const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
        for (std::size_t i = 0; i < m; ++i) block[i] *= gainForLevel(detector_.process(sidechain[i], channel));
        for (std::size_t i = m; i < block.size(); ++i) block[i] *= gainForLevel(detector_.process(block[i], channel));
    }

private:
    void updateCurve() noexcept
    {
        threshold_T_ = static_cast<T>(threshold_);
        ratio_T_ = static_cast<T>(ratio_);
        knee_T_ = static_cast<T>(knee_);
        range_T_ = static_cast<T>(range_);
        kneeEnd_ = GainComputer::dbToAmplitude(static_cast<T>(threshold_ + knee_ / 2));
    }

    EnvelopeFollower<T> detector_;
    double threshold_ = -40.0, ratio_ = 2.0, knee_ = 0.0, range_ = -40.0, attack_ = 0.001, release_ = 0.1;
    T threshold_T_{}, ratio_T_{}, knee_T_{}, range_T_{}, kneeEnd_{};
};

} // namespace plinth::dsp
