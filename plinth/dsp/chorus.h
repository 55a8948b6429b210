// Chorus: each channel reads its own delay line at
//   delay(t) = centre + depth * sin(2 pi (rate t + channel * stereoPhase))
// with linear interpolation, and mixes it with the dry signal:
//   y = (1 - mix) x + mix * x(t - delay(t)).
// Centre and depth are smoothed (~20 ms) so they can be automated without clicks.
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
class Chorus {
public:
    static constexpr double kMinCentreMs = 1.0, kMaxCentreMs = 50.0;
    static constexpr double kMaxDepthMs = 20.0;
    static constexpr double kMaxRateHz = 20.0;

    void prepare(double sampleRate, int /*maxBlockSize*/, int channels)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
        const int maxSamples = static_cast<int>(std::ceil((kMaxCentreMs + kMaxDepthMs) * 1e-3 * sampleRate_)) + 2;
        for (auto& c : channels_) c.line.prepare(maxSamples);
        smoothing_ = static_cast<T>(1.0 - std::exp(-1.0 / (0.02 * sampleRate_)));
        halfMsSamples_ = static_cast<T>(0.5e-3 * sampleRate_);
        updateTargets();
        reset();
    }

    // Clears the lines, restarts the LFOs and snaps smoothed parameters to their targets.
    void reset() noexcept
    {
        for (std::size_t i = 0; i < channels_.size(); ++i) {
            auto& c = channels_[i];
            c.line.reset();
            c.lfo.setFrequency(rate_, sampleRate_);
            c.lfo.setPhase(static_cast<double>(i) * stereoPhase_);
            c.centre = centreTarget_;
            c.depth = depthTarget_;
        }
    }

    // Centre delay in ms, clamped to [1, 50].
    void setCentreDelayMs(double ms) noexcept { centreMs_ = clampOr(ms, kMinCentreMs, kMaxCentreMs, 15.0); updateTargets(); }
    // Modulation depth in ms (peak deviation), clamped to [0, 20] and, when applied, to
    // centre - 0.5 ms so the delay never reaches zero.
    void setDepthMs(double ms) noexcept { depthMs_ = clampOr(ms, 0.0, kMaxDepthMs, 0.0); updateTargets(); }
    // LFO rate in Hz, clamped to [0, 20]. The phase is kept.
    void setRateHz(double hz) noexcept
    {
        rate_ = clampOr(hz, 0.0, kMaxRateHz, 0.0);
        for (auto& c : channels_) c.lfo.setFrequency(rate_, sampleRate_);
    }
    // LFO phase offset between consecutive channels in turns, clamped to [0, 1];
    // applied at reset(). 0.25 (90 degrees) by default.
    void setStereoPhase(double turns) noexcept { stereoPhase_ = clampOr(turns, 0.0, 1.0, 0.25); }
    // Wet proportion, clamped to [0, 1].
    void setMix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.5); }

    [[nodiscard]] T process(T x, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
        auto& c = channels_[static_cast<std::size_t>(channel)];
        T lfo;
        c.lfo.fill(&lfo, 1);
        return tick(c.line, c.centre, c.depth, params(), x, lfo);
    }
    void process(std::span<T> block, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= channels_.size()) return;
        auto& c = channels_[static_cast<std::size_t>(channel)];
        // Hot state in locals: the compiler cannot keep members in registers across the
        // stores to the block (they could alias).
        Params pr = params();
        T centre = c.centre, depth = c.depth;
        std::array<T, BlockSine::kChunk> lfo;
        std::size_t done = 0;
        while (done < block.size()) {
            const int n = static_cast<int>(std::min<std::size_t>(BlockSine::kChunk, block.size() - done));
            c.lfo.fill(lfo.data(), n);
            T* p = block.data() + done;
            for (int j = 0; j < n; ++j) p[j] = tick(c.line, centre, depth, pr, p[j], lfo[static_cast<std::size_t>(j)]);
            done += static_cast<std::size_t>(n);
        }
        c.centre = centre;
        c.depth = depth;
    }

    // Current modulated delay of a channel in samples (for tests and meters).
    [[nodiscard]] T currentDelaySamples(int channel) const noexcept
    {
        const auto& c = channels_[static_cast<std::size_t>(channel)];
        return c.centre + std::min(c.depth, c.centre - halfMsSamples_) * static_cast<T>(c.lfo.sin());
    }

private:
    struct Channel {
        DelayLine<T> line;
        BlockSine lfo;
        T centre = T(0);
        T depth = T(0);
    };

    static double clampOr(double v, double lo, double hi, double fallback) noexcept
    {
        return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
    }

    void updateTargets() noexcept
    {
        centreTarget_ = static_cast<T>(centreMs_ * 1e-3 * sampleRate_);
        depthTarget_ = static_cast<T>(depthMs_ * 1e-3 * sampleRate_);
    }

    struct Params {
        T smoothing, centreTarget, depthTarget, halfMs, mix;
    };
    Params params() const noexcept { return {smoothing_, centreTarget_, depthTarget_, halfMsSamples_, mix_}; }

    static T tick(DelayLine<T>& line, T& centre, T& depth, const Params& pr, T x, T lfo) noexcept
    {
        centre += pr.smoothing * (pr.centreTarget - centre);
        depth += pr.smoothing * (pr.depthTarget - depth);
        const T delay = centre + std::min(depth, centre - pr.halfMs) * lfo;
        // Read before writing: a delay of d samples is d - 1 behind the newest sample.
        const T wet = line.readLinear(delay - T(1));
        line.push(delay_detail::finiteOrZero(x));
        return x + pr.mix * (wet - x);
    }

    std::vector<Channel> channels_ = std::vector<Channel>(1);
    double sampleRate_ = 48000.0;
    double centreMs_ = 15.0, depthMs_ = 3.0, rate_ = 0.8, stereoPhase_ = 0.25;
    T centreTarget_ = T(720), depthTarget_ = T(144);
    T smoothing_ = T(0.001);
    T halfMsSamples_ = T(24);
    T mix_ = T(0.5);
};

}  // namespace plinth::dsp
