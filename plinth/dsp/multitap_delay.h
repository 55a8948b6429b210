// Multi-tap delay: one delay line fed with the (mono) input, N taps each with its own
// delay, gain and stereo pan, and a feedback path from the sum of the taps.
//
//   line input  = x + feedback * (sum_i gain_i * tap_i) / max(1, sum_i |gain_i|)
//   left/right  = dry * x + wet * sum_i gain_i * pan_{L/R}(pan_i) * tap_i
//
// Pan uses the constant-power law: L = cos(theta), R = sin(theta),
// theta = (pan + 1) * pi / 4, pan in [-1, 1]. Normalising the feedback by the total tap
// gain keeps the loop stable for any tap settings while feedback < 1.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <numbers>
#include <span>

#include "plinth/dsp/delay_line.h"

namespace plinth::dsp {

template <std::floating_point T, int MaxTaps = 8>
class MultitapDelay {
    static_assert(MaxTaps >= 1);

public:
    static constexpr int kMaxTaps = MaxTaps;
    static constexpr double kMaxDelayLimitSeconds = 60.0;

    // Longest delay the line can hold, clamped to [0.001, 60] s. Takes effect at prepare().
    void setMaxDelaySeconds(double seconds) noexcept
    {
        maxDelaySeconds_ = std::isfinite(seconds) ? std::clamp(seconds, 0.001, kMaxDelayLimitSeconds) : 2.0;
    }

    // channels is unused: the line is mono, outputs are stereo (or mono via process(x)).
    void prepare(double sampleRate, int /*maxBlockSize*/, int /*channels*/)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        line_.prepare(static_cast<int>(std::ceil(maxDelaySeconds_ * sampleRate_ - 1e-9)));
        for (int i = 0; i < MaxTaps; ++i) setTapDelaySamples(i, taps_[static_cast<std::size_t>(i)].delaySamplesRequested);
        reset();
    }

    void reset() noexcept { line_.reset(); }

    // Number of active taps, clamped to [0, MaxTaps].
    void setNumTaps(int n) noexcept { numTaps_ = std::clamp(n, 0, MaxTaps); updateFeedbackNorm(); }
    [[nodiscard]] int numTaps() const noexcept { return numTaps_; }

    // Tap delay in seconds; clamped to [1 sample, max delay]. Fractional sample delays
    // are read with linear interpolation.
    void setTapDelaySeconds(int tap, double seconds) noexcept
    {
        setTapDelaySamples(tap, std::isfinite(seconds) ? seconds * sampleRate_ : 1.0);
    }
    void setTapDelaySamples(int tap, double samples) noexcept
    {
        if (tap < 0 || tap >= MaxTaps) return;
        auto& t = taps_[static_cast<std::size_t>(tap)];
        t.delaySamplesRequested = std::isfinite(samples) ? samples : 1.0;
        // Read before the current sample is written: delay d reads d - 1 back.
        t.readDelay = static_cast<T>(std::clamp(t.delaySamplesRequested, 1.0, static_cast<double>(line_.maxDelay())) - 1.0);
    }
    // Tap gain, clamped to [-2, 2].
    void setTapGain(int tap, T gain) noexcept
    {
        if (tap < 0 || tap >= MaxTaps) return;
        taps_[static_cast<std::size_t>(tap)].gain = std::isfinite(gain) ? std::clamp(gain, T(-2), T(2)) : T(0);
        updateFeedbackNorm();
    }
    // Tap pan, clamped to [-1 (left), 1 (right)].
    void setTapPan(int tap, T pan) noexcept
    {
        if (tap < 0 || tap >= MaxTaps) return;
        const double p = std::isfinite(pan) ? std::clamp(static_cast<double>(pan), -1.0, 1.0) : 0.0;
        const double theta = (p + 1.0) * std::numbers::pi / 4.0;
        auto& t = taps_[static_cast<std::size_t>(tap)];
        t.panL = static_cast<T>(std::cos(theta));
        t.panR = static_cast<T>(std::sin(theta));
    }
    void setTap(int tap, double delaySeconds, T gain, T pan = T(0)) noexcept
    {
        setTapDelaySeconds(tap, delaySeconds);
        setTapGain(tap, gain);
        setTapPan(tap, pan);
    }

    // Feedback, clamped to [-0.99, 0.99].
    void setFeedback(T fb) noexcept { feedback_ = std::isfinite(fb) ? std::clamp(fb, T(-0.99), T(0.99)) : T(0); updateFeedbackNorm(); }
    // Dry and wet levels, each clamped to [0, 1].
    void setDryLevel(T g) noexcept { dry_ = std::isfinite(g) ? std::clamp(g, T(0), T(1)) : T(0); }
    void setWetLevel(T g) noexcept { wet_ = std::isfinite(g) ? std::clamp(g, T(0), T(1)) : T(0); }

    // Mono in, stereo out.
    void process(T x, T& outL, T& outR) noexcept
    {
        T sumL, sumR;
        tick(x, sumL, sumR);
        outL = dry_ * x + wet_ * sumL;
        outR = dry_ * x + wet_ * sumR;
    }

    // Mono in, mono out: pan is ignored (taps summed with their gains).
    [[nodiscard]] T process(T x) noexcept
    {
        T sum = T(0);
        for (int i = 0; i < numTaps_; ++i) {
            const auto& t = taps_[static_cast<std::size_t>(i)];
            sum += t.gain * line_.readLinear(t.readDelay);
        }
        line_.push(delay_detail::flushTiny(delay_detail::finiteOrZero(delay_detail::finiteOrZero(x) + fbScaled_ * sum)));
        return dry_ * x + wet_ * sum;
    }

    void process(std::span<T> block) noexcept
    {
        for (auto& s : block) s = process(s);
    }

    // Stereo in place: the line is fed (left + right) / 2, each side keeps its own dry.
    void process(std::span<T> left, std::span<T> right) noexcept
    {
        const std::size_t n = std::min(left.size(), right.size());
        for (std::size_t i = 0; i < n; ++i) {
            T sumL, sumR;
            tick(T(0.5) * (left[i] + right[i]), sumL, sumR);
            left[i] = dry_ * left[i] + wet_ * sumL;
            right[i] = dry_ * right[i] + wet_ * sumR;
        }
    }

    // Mono in, separate stereo outputs.
    void process(std::span<const T> in, std::span<T> outL, std::span<T> outR) noexcept
    {
        const std::size_t n = std::min({in.size(), outL.size(), outR.size()});
        for (std::size_t i = 0; i < n; ++i) process(in[i], outL[i], outR[i]);
    }

private:
    struct Tap {
        double delaySamplesRequested = 1.0;
        T readDelay = T(0);
        T gain = T(0);
        T panL = static_cast<T>(std::numbers::sqrt2 / 2);
        T panR = static_cast<T>(std::numbers::sqrt2 / 2);
    };

    // Reads all taps (before the current sample enters the line), then writes the input
    // plus feedback. Returns the panned wet sums.
    void tick(T x, T& sumL, T& sumR) noexcept
    {
        T l = T(0), r = T(0), sum = T(0);
        for (int i = 0; i < numTaps_; ++i) {
            const auto& t = taps_[static_cast<std::size_t>(i)];
            const T v = t.gain * line_.readLinear(t.readDelay);
            sum += v;
            l += v * t.panL;
            r += v * t.panR;
        }
        line_.push(delay_detail::flushTiny(delay_detail::finiteOrZero(delay_detail::finiteOrZero(x) + fbScaled_ * sum)));
        sumL = l;
        sumR = r;
    }

    void updateFeedbackNorm() noexcept
    {
        T total = T(0);
        for (int i = 0; i < numTaps_; ++i) total += std::abs(taps_[static_cast<std::size_t>(i)].gain);
        fbScaled_ = feedback_ / std::max(T(1), total);
    }

    DelayLine<T> line_;
    std::array<Tap, static_cast<std::size_t>(MaxTaps)> taps_{};
    double sampleRate_ = 48000.0;
    double maxDelaySeconds_ = 2.0;
    int numTaps_ = 0;
    T feedback_ = T(0);
    T fbScaled_ = T(0);
    T dry_ = T(1);
    T wet_ = T(1);
};

}  // namespace plinth::dsp
