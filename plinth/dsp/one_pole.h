// Plinth DSP: one-pole low and high pass (topology-preserving, trapezoidal).
//
// With g = tan(pi fc / fs) and prewarped s, the outputs are exactly
//   lowPass  1 / (1 + s)      (-3.01 dB at the cutoff)
//   highPass s / (1 + s)
// and lowPass + highPass = input. TPT form: modulation safe, cutoff may change per sample.
//
// Range (clamped): cutoff 1 Hz .. 0.49 fs.
//
//   OnePole<float> lp;  lp.setCutoff(200.0);  lp.prepare(48000.0, 512, 2);
//   y = lp.process(x, channel);             // mode LowPass by default
#pragma once

#include "plinth/dsp/filter_parameters.h"

#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

namespace plinth::dsp {

enum class OnePoleMode { LowPass, HighPass };

template <std::floating_point T>
class OnePole {
public:
    void prepare(double sampleRate, int /*maxBlockSize*/, int channels)
    {
        sampleRate_ = FilterLimits::sampleRate(sampleRate);
        state_.assign(static_cast<std::size_t>(FilterLimits::channels(channels)), T(0));
        update();
    }

    void reset() noexcept
    {
        for (T& s : state_)
            s = T(0);
    }

    void setCutoff(double hz) noexcept
    {
        cutoff_ = hz;
        update();
    }
    void setMode(OnePoleMode mode) noexcept { mode_ = mode; }
    [[nodiscard]] double cutoff() const noexcept { return FilterLimits::frequency(cutoff_, sampleRate_); }
    [[nodiscard]] OnePoleMode mode() const noexcept { return mode_; }

    // Low-pass output for one sample (high pass = x - lowPass).
    [[nodiscard]] T processLowPass(T x, int channel = 0) noexcept
    {
        if (static_cast<std::size_t>(channel) >= state_.size())
            return x;
        T& s = state_[static_cast<std::size_t>(channel)];
        const T v = (x - s) * G_;
        const T lp = v + s;
        s = lp + v;
        return lp;
    }

    [[nodiscard]] T process(T x, int channel = 0) noexcept
    {
        const T lp = processLowPass(x, channel);
        return mode_ == OnePoleMode::LowPass ? lp : x - lp;
    }

    void process(std::span<T> block, int channel = 0) noexcept
    {
        if (static_cast<std::size_t>(channel) >= state_.size())
            return;
        T s = state_[static_cast<std::size_t>(channel)];
        // The TPT update written out: lp = G x + (1 - G) s, s' = 2 G x + (1 - 2G) s, so
        // the loop-carried chain is one multiply and one add.
        const T G = G_, c = T(1) - G_, twoG = T(2) * G_, c2 = T(1) - T(2) * G_;
        if (mode_ == OnePoleMode::LowPass) {
            for (T& x : block) {
                const T lp = G * x + c * s;
                s = twoG * x + c2 * s;
                x = lp;
            }
        } else {
            for (T& x : block) {
                const T lp = G * x + c * s;
                s = twoG * x + c2 * s;
                x = x - lp;
            }
        }
        if (!std::isfinite(s) || std::abs(s) < T(1e-30))
            s = T(0); // NaN/inf never sticks past a block; no denormals
        state_[static_cast<std::size_t>(channel)] = s;
    }

private:
    void update() noexcept
    {
        const double g = std::tan(std::numbers::pi * cutoff() / sampleRate_);
        G_ = T(g / (1.0 + g));
    }

    std::vector<T> state_;
    double sampleRate_ = FilterLimits::kDefaultSampleRate;
    double cutoff_ = 1000.0;
    OnePoleMode mode_ = OnePoleMode::LowPass;
    T G_ = T(0);
};

} // namespace plinth::dsp
