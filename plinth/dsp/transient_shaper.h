// Plinth DSP: transient shaper (attack / sustain emphasis), level-independent.
//
// A peak follower on the side-chain and two followers of that envelope:
//   fast         attack 0.5 ms, release 50 ms on |x|    (follows the signal closely)
//   slowAttack   attack `attackTime`, instant release   (lags behind every rise of fast)
//   slowRelease  instant attack, release `sustainTime`  (hangs on after every fall of fast)
// onset = (fast - slowAttack) / fast, in [0, 1], is positive only while a transient rises;
// tail  = (slowRelease - fast) / slowRelease, in [0, 1], only while the sound decays.
// gain (dB) = depth * (attack * onset + sustain * tail). Both terms are ratios of envelopes,
// so the effect does not depend on the level, and for a steady signal both vanish: the
// shaper only acts on changes.
//
// Ranges: attack and sustain amounts [-1, 1]; depth [0, 24] dB (default 12: full attack on
// a hit from silence adds up to 12 dB); attackTime [1 ms, 200 ms]; sustainTime [20 ms, 2 s].
//
//   plinth::dsp::TransientShaper<float> ts;
//   ts.prepare(48000.0, 512, 2);
//   ts.setAttack(0.7); ts.setSustain(-0.3);
//   ts.process(left, 0);
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <concepts>
#include <span>

namespace plinth::dsp {

template <std::floating_point T>
class TransientShaper {
public:
    static constexpr double kFastAttack = 0.0005;
    static constexpr double kFastRelease = 0.050;

    TransientShaper() noexcept { configure(); }

    void prepare(double sampleRate, int maxBlockSize, int channels)
    {
        const double sr = dynamics_detail::sanitizeRate(sampleRate);
        fast_.prepare(sr, maxBlockSize, channels);
        slowAttack_.prepare(sr, maxBlockSize, channels);
        slowRelease_.prepare(sr, maxBlockSize, channels);
        configure();
    }
    void reset() noexcept
    {
        fast_.reset();
        slowAttack_.reset();
        slowRelease_.reset();
    }

    void setAttack(double amount) noexcept { attack_ = static_cast<T>(dynamics_detail::clampParam(amount, -1.0, 1.0, 0.0)); }
    void setSustain(double amount) noexcept { sustain_ = static_cast<T>(dynamics_detail::clampParam(amount, -1.0, 1.0, 0.0)); }
    void setAttackTime(double s) noexcept
    {
        attackTime_ = dynamics_detail::clampParam(s, 0.001, 0.2, 0.02);
        slowAttack_.setAttack(attackTime_);
    }
    void setSustainTime(double s) noexcept
    {
        sustainTime_ = dynamics_detail::clampParam(s, 0.02, 2.0, 0.3);
        slowRelease_.setRelease(sustainTime_);
    }
    void setDepth(double db) noexcept { depth_ = static_cast<T>(dynamics_detail::clampParam(db, 0.0, 24.0, 12.0)); }
    [[nodiscard]] double depth() const noexcept { return static_cast<double>(depth_); }
    [[nodiscard]] double attack() const noexcept { return static_cast<double>(attack_); }
    [[nodiscard]] double sustain() const noexcept { return static_cast<double>(sustain_); }
    [[nodiscard]] double attackTime() const noexcept { return attackTime_; }
    [[nodiscard]] double sustainTime() const noexcept { return sustainTime_; }

    // Linear gain for one side-chain sample (advances the detectors).
    [[nodiscard]] T gainFor(T sidechain, int channel) noexcept
    {
        const T f = fast_.process(sidechain, channel);
        const T sa = slowAttack_.process(f, channel);
        const T sr = slowRelease_.process(f, channel);
        // f > sa implies f > 0 and sr > f implies sr > 0: the divisions are safe.
        const T onset = f > sa ? (f - sa) / f : T(0);
        const T tail = sr > f ? (sr - f) / sr : T(0);
        return GainComputer::dbToAmplitude(depth_ * (attack_ * onset + sustain_ * tail));
    }

    [[nodiscard]] T process(T x, int channel = 0) noexcept { return x * gainFor(x, channel); }
    [[nodiscard]] T process(T x, T sidechain, int channel) noexcept { return x * gainFor(sidechain, channel); }
    void process(std::span<T> block, int channel = 0) noexcept
    {
        for (T& v : block) v *= gainFor(v, channel);
    }
    void process(std::span<T> block, std::span<const T> sidechain, int channel) noexcept
    {
        const std::size_t m = sidechain.size() < block.size() ? sidechain.size() : block.size();
        for (std::size_t i = 0; i < m; ++i) block[i] *= gainFor(sidechain[i], channel);
        for (std::size_t i = m; i < block.size(); ++i) block[i] *= gainFor(block[i], channel);
    }

private:
    void configure() noexcept
    {
        fast_.setAttack(kFastAttack);
        fast_.setRelease(kFastRelease);
        slowAttack_.setAttack(attackTime_);
        slowAttack_.setRelease(0.0);
        slowRelease_.setAttack(0.0);
        slowRelease_.setRelease(sustainTime_);
    }

    EnvelopeFollower<T> fast_, slowAttack_, slowRelease_;
    double attackTime_ = 0.02, sustainTime_ = 0.3;
    T attack_ = T(0), sustain_ = T(0), depth_ = T(12);
};

} // namespace plinth::dsp
