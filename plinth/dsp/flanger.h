// Flanger: a short modulated delay with feedback, mixed with the dry signal:
//   delay(t) = minDelay + depth * (1 + sin(2 pi (rate t + channel * stereoPhase))) / 2
//   v = x(t - delay(t)) read from a line fed with x + feedback * v
//   y = (1 - mix) x + mix * v
// The delay sweeps [minDelay, minDelay + depth]. Linear interpolation; minDelay and depth
// are smoothed (~20 ms).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <span>
#include <vector>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/lfo.h"

namespace plinth::dsp {

template <std::floating_point T>
class Flanger {
public:
    static constexpr double kMinDelayMsLo = 0.05, kMinDelayMsHi = 10.0;
    static constexpr double kMaxDepthMs = 10.0;
    static constexpr double kMaxRateHz = 20.0;
    static constexpr double kMaxFeedback = 0.95;

    void prepare(double sampleRate, int /*maxBlockSize*/, int channels)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
        const int maxSamples = static_cast<int>(std::ceil((kMinDelayMsHi + kMaxDepthMs) * 1e-3 * sampleRate_)) + 2;
        for (auto& c : channels_) c.line.prepare(maxSamples);
        smoothing_ = static_cast<T>(1.0 - std::exp(-1.0 / (0.02 * sampleRate_)));
        updateTargets();
        reset();
    }

    void reset() noexcept
    {
        for (std::size_t i = 0; i < channels_.size(); ++i) {
            auto& c = channels_[i];
            c.line.reset();
            c.lfo.setFrequency(rate_, sampleRate_);
            c.lfo.setPhase(static_cast<double>(i) * stereoPhase_);
            c.minDelay = minTarget_;
            c.depth = depthTarget_;
        }
    }

    // Shortest delay of the sweep in ms, clamped to [0.05, 10] (and to >= 1 sample).
    void setDelayMs(double ms) noexcept { delayMs_ = clampOr(ms, kMinDelayMsLo, kMinDelayMsHi, 1.0); updateTargets(); }
    // Sweep width in ms, clamped to [0, 10].
    void setDepthMs(double ms) noexcept { depthMs_ = clampOr(ms, 0.0, kMaxDepthMs, 0.0); updateTargets(); }
    // LFO rate in Hz, clamped to [0, 20].
    void setRateHz(double hz) noexcept
    {
        rate_ = clampOr(hz, 0.0, kMaxRateHz, 0.0);
        for (auto& c : channels_) c.lfo.setFrequency(rate_, sampleRate_);
    }
    // Feedback, clamped to [-0.95, 0.95].
    void setFeedback(T fb) noexcept { feedback_ = std::isfinite(fb) ? std::clamp(fb, T(-kMaxFeedback), T(kMaxFeedback)) : T(0); }
    // LFO phase offset between consecutive channels in turns, [0, 1]; applied at reset().
    void setStereoPhase(double turns) noexcept { stereoPhase_ = clampOr(turns, 0.0, 1.0, 0.25); }
    // Wet proportion, clamped to [0, 1]. 0.5 gives the deepest notches.
    void setMix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.5); }

    [[nodiscard]] T process(T x, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
        auto& c = channels_[static_cast<std::size_t>(channel)];
        T lfo;
        c.lfo.fill(&lfo, 1);
        return tick(c.line, c.minDelay, c.depth, params(), x, lfo);
    }
    void process(std::span<T> block, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= channels_.size()) return;
        auto& c = channels_[static_cast<std::size_t>(channel)];
        // Hot state in locals: the compiler cannot keep members in registers across the
        // stores to the block (they could alias).
        Params pr = params();
        T minDelay = c.minDelay, depth = c.depth;
        std::array<T, BlockSine::kChunk> lfo;
        std::size_t done = 0;
        while (done < block.size()) {
            const int n = static_cast<int>(std::min<std::size_t>(BlockSine::kChunk, block.size() - done));
            c.lfo.fill(lfo.data(), n);
            T* p = block.data() + done;
            for (int j = 0; j < n; ++j) p[j] = tick(c.line, minDelay, depth, pr, p[j], lfo[static_cast<std::size_t>(j)]);
            done += static_cast<std::size_t>(n);
        }
        c.minDelay = minDelay;
        c.depth = depth;
    }

    [[nodiscard]] T currentDelaySamples(int channel) const noexcept
    {
        const auto& c = channels_[static_cast<std::size_t>(channel)];
        return c.minDelay + c.depth * static_cast<T>(0.5 * (1.0 + c.lfo.sin()));
    }

private:
    struct Channel {
        DelayLine<T> line;
        BlockSine lfo;
        T minDelay = T(1);
        T depth = T(0);
    };

    static double clampOr(double v, double lo, double hi, double fallback) noexcept
    {
        return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
    }

    void updateTargets() noexcept
    {
        minTarget_ = static_cast<T>(std::max(1.0, delayMs_ * 1e-3 * sampleRate_));
        depthTarget_ = static_cast<T>(depthMs_ * 1e-3 * sampleRate_);
    }

    struct Params {
        T smoothing, minTarget, depthTarget, feedback, mix;
    };
    Params params() const noexcept { return {smoothing_, minTarget_, depthTarget_, feedback_, mix_}; }

    static T tick(DelayLine<T>& line, T& minDelay, T& depth, const Params& pr, T x, T lfo) noexcept
    {
        minDelay += pr.smoothing * (pr.minTarget - minDelay);
        depth += pr.smoothing * (pr.depthTarget - depth);
        const T delay = minDelay + depth * (T(0.5) + T(0.5) * lfo);
        const T wet = line.readLinear(delay - T(1));
        line.push(delay_detail::flushTiny(delay_detail::finiteOrZero(x + pr.feedback * wet)));
        return x + pr.mix * (wet - x);
    }

    std::vector<Channel> channels_ = std::vector<Channel>(1);
    double sampleRate_ = 48000.0;
    double delayMs_ = 1.0, depthMs_ = 2.0, rate_ = 0.25, stereoPhase_ = 0.25;
    T minTarget_ = T(48), depthTarget_ = T(96);
    T smoothing_ = T(0.001);
    T feedback_ = T(0);
    T mix_ = T(0.5);
};

}  // namespace plinth::dsp
