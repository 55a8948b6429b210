// Phaser: a cascade of first-order all-passes whose break frequency an LFO sweeps
// (logarithmically) between minHz and maxHz, with feedback, mixed with the dry signal.
//
//   stage:  A(z) = (a + z^-1) / (1 + a z^-1),  a = (tan(pi fc / fs) - 1) / (tan(pi fc / fs) + 1)
//           phase(w) = -2 atan(tan(w / 2) / tan(pi fc / fs)), -pi/2 at fc
//   chain:  w = x + feedback * previous chain output;  v = A^N(w)
//   out:    y = (1 - mix) x + mix v
// With mix 0.5 and no feedback, notches sit where N phase(w) is an odd multiple of -pi.
// The coefficient is recomputed every kControlInterval samples and ramped linearly in
// between, which keeps the sweep smooth without a tan() per sample.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <numbers>
#include <span>
#include <vector>

#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/lfo.h"

namespace plinth::dsp {

template <std::floating_point T, int MaxStages = 12>
class Phaser {
public:
    static constexpr int kMaxStages = MaxStages;
    static constexpr int kControlInterval = 16;
    static constexpr double kMaxRateHz = 20.0;
    static constexpr double kMaxFeedback = 0.95;

    void prepare(double sampleRate, int /*maxBlockSize*/, int channels)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        channels_.resize(static_cast<std::size_t>(std::max(1, channels)));
        reset();
    }

    void reset() noexcept
    {
        for (std::size_t i = 0; i < channels_.size(); ++i) {
            auto& c = channels_[i];
            c.state.fill(T(0));
            c.last = T(0);
            c.lfo.setIncrement(rate_ * kControlInterval / sampleRate_);
            c.lfo.setPhase(static_cast<double>(i) * stereoPhase_);
            c.a = coefficientFor(c.lfo.sin());
            c.aStep = T(0);
            c.countdown = 0;
        }
    }

    // Number of all-pass stages, clamped to [1, MaxStages]. Each pair adds one notch.
    void setStages(int n) noexcept { stages_ = std::clamp(n, 1, MaxStages); }
    [[nodiscard]] int stages() const noexcept { return stages_; }
    // Sweep range in Hz, each clamped to [10, 0.45 fs]; if min > max they swap.
    void setMinFrequency(double hz) noexcept { minHz_ = clampOr(hz, 10.0, 30000.0, 200.0); }
    void setMaxFrequency(double hz) noexcept { maxHz_ = clampOr(hz, 10.0, 30000.0, 2000.0); }
    // LFO rate in Hz, clamped to [0, 20]. 0 freezes the sweep where it is.
    void setRateHz(double hz) noexcept
    {
        rate_ = clampOr(hz, 0.0, kMaxRateHz, 0.0);
        for (auto& c : channels_) c.lfo.setIncrement(rate_ * kControlInterval / sampleRate_);
    }
    // Feedback, clamped to [-0.95, 0.95].
    void setFeedback(T fb) noexcept { feedback_ = std::isfinite(fb) ? std::clamp(fb, T(-kMaxFeedback), T(kMaxFeedback)) : T(0); }
    // LFO phase offset between consecutive channels in turns, [0, 1]; applied at reset().
    void setStereoPhase(double turns) noexcept { stereoPhase_ = clampOr(turns, 0.0, 1.0, 0.25); }
    // Wet proportion, clamped to [0, 1]; 0.5 gives full-depth notches.
    void setMix(T mix) noexcept { mix_ = std::isfinite(mix) ? std::clamp(mix, T(0), T(1)) : T(0.5); }

    [[nodiscard]] T process(T x, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
        return tick(channels_[static_cast<std::size_t>(channel)], x);
    }
    void process(std::span<T> block, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= channels_.size()) return;
        auto& c = channels_[static_cast<std::size_t>(channel)];
        for (auto& s : block) s = tick(c, s);
    }

    // Break frequency (Hz) of the stages for an LFO value in [-1, 1].
    [[nodiscard]] double breakFrequencyFor(double lfo) const noexcept
    {
        const double nyq = 0.45 * sampleRate_;
        double lo = std::min(minHz_, nyq), hi = std::min(maxHz_, nyq);
        if (lo > hi) std::swap(lo, hi);
        const double u = 0.5 * (1.0 + lfo);
        return lo * std::pow(hi / lo, u);
    }

private:
    struct Channel {
        std::array<T, static_cast<std::size_t>(MaxStages)> state{};
        RotatingPhasor lfo;
        T a = T(0), aStep = T(0), last = T(0);
        int countdown = 0;
    };

    static double clampOr(double v, double lo, double hi, double fallback) noexcept
    {
        return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
    }

    T coefficientFor(double lfo) const noexcept
    {
        const double t = std::tan(std::numbers::pi * breakFrequencyFor(lfo) / sampleRate_);
        return static_cast<T>((t - 1.0) / (t + 1.0));
    }

    T tick(Channel& c, T x) noexcept
    {
        if (c.countdown == 0) {
            c.countdown = kControlInterval;
            const T target = coefficientFor(c.lfo.sin());
            c.lfo.advance();
            c.aStep = (target - c.a) / T(kControlInterval);
            // Cheap place to catch a NaN that got into the loop.
            if (!std::isfinite(c.last)) {
                c.state.fill(T(0));
                c.last = T(0);
            }
        }
        --c.countdown;
        c.a += c.aStep;
        const T a = c.a;
        T w = x + feedback_ * c.last;
        for (int i = 0; i < stages_; ++i) {
            auto& s = c.state[static_cast<std::size_t>(i)];
            const T y = a * w + s;
            s = delay_detail::flushTiny(w - a * y);
            w = y;
        }
        c.last = delay_detail::flushTiny(w);
        return x + mix_ * (w - x);
    }

    std::vector<Channel> channels_ = std::vector<Channel>(1);
    double sampleRate_ = 48000.0;
    double minHz_ = 200.0, maxHz_ = 2000.0, rate_ = 0.3, stereoPhase_ = 0.25;
    int stages_ = 4;
    T feedback_ = T(0);
    T mix_ = T(0.5);
};

}  // namespace plinth::dsp
