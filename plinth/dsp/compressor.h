// Plinth DSP: feed-forward compressor with soft knee and external side-chain.
//
// Side-chain -> envelope follower (peak or RMS, with the attack and release times) -> level
// in dB -> static curve (GainComputer::compressorOutputDb, Giannoulis et al. quadratic knee)
// -> gain, plus make-up. With a steady input the gain settles on the closed-form static
// curve (tested within 0.1 dB; with DC or peak detection it is exact to rounding).
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
//   comp.setThreshold(-20); comp.setRatio(4); comp.setKnee(6);
//   comp.setAttack(0.005); comp.setRelease(0.1); comp.setMakeup(6);
//   comp.process(left, 0);                   // or comp.process(left, sidechain, 0)
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>
#include <vector>

namespace plinth::dsp {

template <std::floating_point T>
class Compressor {
public:
    Compressor() noexcept { updateCurve(); }

    void prepare(double sampleRate, int maxBlockSize, int channels)
    {
        detector_.prepare(dynamics_detail::sanitizeRate(sampleRate), maxBlockSize, channels);
        detector_.setAttack(attack_);
        detector_.setRelease(release_);
        lastGain_.assign(static_cast<std::size_t>(detector_.channels()), T(1));
    }
    void reset() noexcept
    {
        detector_.reset();
        for (T& g : lastGain_) g = T(1);
    }

    void setThreshold(double db) noexcept { threshold_ = dynamics_detail::clampParam(db, -96.0, 0.0, -18.0); updateCurve(); }
    void setRatio(double r) noexcept { ratio_ = dynamics_detail::clampParam(r, 1.0, 100.0, 4.0); updateCurve(); }
    void setKnee(double db) noexcept { knee_ = dynamics_detail::clampParam(db, 0.0, 36.0, 6.0); updateCurve(); }
    void setMakeup(double db) noexcept { makeup_ = dynamics_detail::clampParam(db, -24.0, 48.0, 0.0); updateCurve(); }
    void setAttack(double s) noexcept { attack_ = dynamics_detail::clampParam(s, 0.0, 1.0, 0.01); detector_.setAttack(attack_); }
    void setRelease(double s) noexcept { release_ = dynamics_detail::clampParam(s, 0.001, 5.0, 0.1); detector_.setRelease(release_); }
    void setDetector(DetectorMode m) noexcept { detector_.setMode(m); }

    [[nodiscard]] double threshold() const noexcept { return threshold_; }
    [[nodiscard]] double ratio() const noexcept { return ratio_; }
    [[nodiscard]] double knee() const noexcept { return knee_; }
    [[nodiscard]] double makeup() const noexcept { return makeup_; }
    [[nodiscard]] double attack() const noexcept { return attack_; }
    [[nodiscard]] double release() const noexcept { return release_; }

    // Linear gain (make-up included) for a detected level (linear amplitude).
    [[nodiscard]] T gainForLevel(T level) const noexcept
    {
        if (!(level > kneeStart_)) return makeupGain_; // below the knee: no log/exp needed
        const T x = GainComputer::amplitudeToDb(level);
        const T g = GainComputer::compressorGainDb(x, threshold_T_, ratio_T_, knee_T_);
        return GainComputer::dbToAmplitude(g + makeup_T_);
    }

    [[nodiscard]] T process(T x, int channel = 0) noexcept { return process(x, x, channel); }
    [[nodiscard]] T process(T x, T sidechain, int channel) noexcept
    {
        const T g = gainForLevel(detector_.process(sidechain, channel));
        storeGain(g, channel);
        return x * g;
    }

    void process(std::span<T> block, int channel = 0) noexcept
    {
        T g = T(1);
        for (T& v : block) {
            g = gainForLevel(detector_.process(v, channel));
            v *= g;
        }
        if (!block.empty()) storeGain(g, channel);
    }
    // Side-chain block must be at least as long as the block; a shorter one is used as far as
    // it goes and the input itself detects the rest.
    void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept
    {
        T g = T(1);
        const std::size_t n = block.size();
        const std::size_t m = sidechain.size() < n ? sidechain.size() : n;
        for (std::size_t i = 0; i < m; ++i) {
            g = gainForLevel(detector_.process(sidechain[i], channel));
            block[i] *= g;
        }
        for (std::size_t i = m; i < n; ++i) {
            g = gainForLevel(detector_.process(block[i], channel));
            block[i] *= g;
        }
        if (n > 0) storeGain(g, channel);
    }

    // Gain reduction of the last processed sample in dB (<= 0, make-up excluded), for meters.
    [[nodiscard]] T gainReductionDb(int channel = 0) const noexcept
    {
        if (lastGain_.empty()) return T(0);
        const int c = channel < 0 ? 0 : (channel >= static_cast<int>(lastGain_.size()) ? static_cast<int>(lastGain_.size()) - 1 : channel);
        return GainComputer::amplitudeToDb(lastGain_[static_cast<std::size_t>(c)]) - makeup_T_;
    }

private:
    void storeGain(T g, int channel) noexcept
    {
        if (channel >= 0 && channel < static_cast<int>(lastGain_.size())) lastGain_[static_cast<std::size_t>(channel)] = g;
    }
    void updateCurve() noexcept
    {
        threshold_T_ = static_cast<T>(threshold_);
        ratio_T_ = static_cast<T>(ratio_);
        knee_T_ = static_cast<T>(knee_);
        makeup_T_ = static_cast<T>(makeup_);
        makeupGain_ = GainComputer::dbToAmplitude(makeup_T_);
        kneeStart_ = GainComputer::dbToAmplitude(static_cast<T>(threshold_ - knee_ / 2));
    }

    EnvelopeFollower<T> detector_;
    std::vector<T> lastGain_;
    double threshold_ = -18.0, ratio_ = 4.0, knee_ = 6.0, makeup_ = 0.0, attack_ = 0.01, release_ = 0.1;
    T threshold_T_{}, ratio_T_{}, knee_T_{}, makeup_T_{}, makeupGain_{1}, kneeStart_{};
};

} // namespace plinth::dsp
