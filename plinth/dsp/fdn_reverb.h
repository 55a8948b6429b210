// Feedback delay network reverb (Jot/Chaigne style) with 8 delay lines.
//
//   x_i   = output of line i (delayed by m_i samples)
//   f_i   = H_i(x_i)                    per-line absorption filter
//   line_i <- (A f)_i + b_i * input     A = 8x8 Hadamard / sqrt(8): orthogonal, so the
//                                       loop is lossless when every H_i = 1
//   out   = sum_i c_i f_i               (separate sign patterns for left and right)
//
// Absorption: a first-order shelf per line with gain gL below and gH above the crossover,
//   g = 10^(-3 m_i / (fs RT60)),
// so one trip round line i loses exactly its share of 60 dB per RT60 seconds: the low band
// decays in decayLow seconds and the high band in decayHigh seconds. The shelf (bilinear
// transform of (gH s + gL wc) / (s + wc)) is exact at DC and Nyquist and crosses over at the
// set frequency.
//
// Delay lengths are given in ms, scaled by size and by the sample rate in prepare().
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>

#include "plinth/dsp/delay_line.h"

namespace plinth::dsp {

template <std::floating_point T>
class FdnReverb {
public:
    static constexpr int kLines = 8;
    // Mutually prime-ish lengths (ms) spread over a 2:1 range for a dense, even echo pattern.
    static constexpr std::array<double, kLines> kDelayMs{29.3, 33.7, 37.9, 41.3, 45.7, 49.9, 53.1, 58.7};
    static constexpr double kMaxSize = 2.0;

    // Applies the orthogonal feedback matrix (Hadamard / sqrt(8)) in place: 24 adds.
    static void applyFeedbackMatrix(std::array<T, kLines>& v) noexcept
    {
        for (int len = 1; len < kLines; len <<= 1) {
            for (int i = 0; i < kLines; i += 2 * len) {
                for (int j = i; j < i + len; ++j) {
                    const T a = v[static_cast<std::size_t>(j)];
                    const T b = v[static_cast<std::size_t>(j + len)];
                    v[static_cast<std::size_t>(j)] = a + b;
                    v[static_cast<std::size_t>(j + len)] = a - b;
                }
            }
        }
        const T scale = static_cast<T>(1.0 / std::sqrt(8.0));
        for (auto& x : v) x *= scale;
    }

    void prepare(double sampleRate, int /*maxBlockSize*/, int /*channels*/)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        for (std::size_t i = 0; i < kLines; ++i) {
            lines_[i].prepare(static_cast<int>(std::ceil(kDelayMs[i] * kMaxSize * 1e-3 * sampleRate_)) + 1);
        }
        smoothing_ = static_cast<T>(1.0 - std::exp(-1.0 / (0.01 * sampleRate_)));
        updateLengths();
        reset();
    }

    void reset() noexcept
    {
        for (auto& l : lines_) l.reset();
        x1_.fill(T(0));
        y1_.fill(T(0));
        wet_ = wetTarget_;
        dry_ = dryTarget_;
    }

    // Reverberation time below / above the crossover, each clamped to [0.05, 60] s.
    void setDecayLow(double seconds) noexcept { rtLow_ = clampOr(seconds, 0.05, 60.0, 2.0); updateFilters(); }
    void setDecayHigh(double seconds) noexcept { rtHigh_ = clampOr(seconds, 0.05, 60.0, 1.0); updateFilters(); }
    void setDecay(double seconds) noexcept
    {
        rtLow_ = rtHigh_ = clampOr(seconds, 0.05, 60.0, 2.0);
        updateFilters();
    }
    // Crossover between the two decay bands in Hz, clamped to [50, 0.4 fs].
    void setCrossover(double hz) noexcept { crossover_ = clampOr(hz, 50.0, 0.4 * sampleRate_, 2000.0); updateFilters(); }
    // Room size: scales every delay length, clamped to [0.25, 2]. Changing it while the
    // tail is running jumps the read points (not click-free); set it before playing.
    void setSize(double size) noexcept { size_ = clampOr(size, 0.25, kMaxSize, 1.0); updateLengths(); }
    // Wet and dry levels, clamped to [0, 1] and smoothed.
    void setWet(T wet) noexcept { wetTarget_ = std::isfinite(wet) ? std::clamp(wet, T(0), T(1)) : T(0.3); }
    void setDry(T dry) noexcept { dryTarget_ = std::isfinite(dry) ? std::clamp(dry, T(0), T(1)) : T(1); }
    // Freeze: absorption off and input muted; the orthogonal loop then keeps its energy
    // (infinite sustain).
    void setFreeze(bool freeze) noexcept { freeze_ = freeze; }

    [[nodiscard]] int delaySamples(int line) const noexcept { return lengths_[static_cast<std::size_t>(line)]; }
    // Energy held in the loop: the sum of squares of every sample still to come out.
    [[nodiscard]] double storedEnergy() const noexcept
    {
        double e = 0;
        for (std::size_t i = 0; i < kLines; ++i) {
            for (int k = 0; k < lengths_[i]; ++k) {
                const double v = lines_[i].at(static_cast<std::size_t>(k));
                e += v * v;
            }
        }
        return e;
    }

    // One stereo sample; the input is summed to mono.
    void process(T inL, T inR, T& outL, T& outR) noexcept
    {
        const T in = freeze_ ? T(0) : T(0.5) * (delay_detail::finiteOrZero(inL) + delay_detail::finiteOrZero(inR));
        std::array<T, kLines> v;
        for (std::size_t i = 0; i < kLines; ++i) {
            // Read before write: a line of length m returns the sample written m ticks ago.
            v[i] = lines_[i].at(static_cast<std::size_t>(lengths_[i] - 1));
        }
        if (!freeze_) {
            for (std::size_t i = 0; i < kLines; ++i) {
                const T y = b0_[i] * v[i] + b1_[i] * x1_[i] - a1_[i] * y1_[i];
                x1_[i] = v[i];
                y1_[i] = y;
                v[i] = y;
            }
        }
        T l = T(0), r = T(0);
        for (std::size_t i = 0; i < kLines; ++i) {
            l += kOutL[i] * v[i];
            r += kOutR[i] * v[i];
        }
        applyFeedbackMatrix(v);
        for (std::size_t i = 0; i < kLines; ++i) {
            lines_[i].push(delay_detail::flushTiny(v[i] + kIn[i] * in));
        }
        wet_ += smoothing_ * (wetTarget_ - wet_);
        dry_ += smoothing_ * (dryTarget_ - dry_);
        const T outScale = wet_ * kOutScale;
        outL = dry_ * inL + outScale * l;
        outR = dry_ * inR + outScale * r;
    }

    // Stereo in place.
    void process(std::span<T> left, std::span<T> right) noexcept
    {
        const std::size_t n = std::min(left.size(), right.size());
        for (std::size_t i = 0; i < n; ++i) process(left[i], right[i], left[i], right[i]);
        sanitize();
    }
    // Mono in place (left output).
    void process(std::span<T> block) noexcept
    {
        for (auto& s : block) {
            T r;
            process(s, s, s, r);
        }
        sanitize();
    }

private:
    // Input and output sign patterns: the two output patterns are orthogonal to each
    // other (decorrelated left and right).
    static constexpr std::array<T, kLines> kIn{T(1), T(-1), T(1), T(-1), T(1), T(1), T(-1), T(-1)};
    static constexpr std::array<T, kLines> kOutL{T(1), T(1), T(1), T(1), T(-1), T(-1), T(-1), T(-1)};
    static constexpr std::array<T, kLines> kOutR{T(1), T(-1), T(1), T(-1), T(1), T(-1), T(1), T(-1)};
    static constexpr T kOutScale = T(0.35);

    static double clampOr(double v, double lo, double hi, double fallback) noexcept
    {
        return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
    }

    void updateLengths() noexcept
    {
        for (std::size_t i = 0; i < kLines; ++i) {
            const long m = std::lround(kDelayMs[i] * size_ * 1e-3 * sampleRate_);
            lengths_[i] = std::clamp(static_cast<int>(m), 1, lines_[i].maxDelay());
        }
        updateFilters();
    }

    void updateFilters() noexcept
    {
        const double k = std::tan(std::numbers::pi * std::min(crossover_, 0.4 * sampleRate_) / sampleRate_);
        for (std::size_t i = 0; i < kLines; ++i) {
            const double m = lengths_[i];
            const double gl = std::pow(10.0, -3.0 * m / (sampleRate_ * rtLow_));
            const double gh = std::pow(10.0, -3.0 * m / (sampleRate_ * rtHigh_));
            const double norm = 1.0 / (1.0 + k);
            b0_[i] = static_cast<T>((gh + gl * k) * norm);
            b1_[i] = static_cast<T>((gl * k - gh) * norm);
            a1_[i] = static_cast<T>((k - 1.0) * norm);
        }
    }

    void sanitize() noexcept
    {
        bool ok = true;
        for (std::size_t i = 0; i < kLines; ++i) ok = ok && std::isfinite(y1_[i]) && std::isfinite(lines_[i].at(0));
        if (!ok) reset();
    }

    std::array<DelayLine<T>, kLines> lines_{};
    std::array<int, kLines> lengths_{1, 1, 1, 1, 1, 1, 1, 1};
    std::array<T, kLines> b0_{}, b1_{}, a1_{}, x1_{}, y1_{};
    double sampleRate_ = 48000.0;
    double rtLow_ = 2.0, rtHigh_ = 1.0, crossover_ = 2000.0, size_ = 1.0;
    T wetTarget_ = T(0.3), dryTarget_ = T(1), wet_ = T(0.3), dry_ = T(1);
    T smoothing_ = T(0.002);
    bool freeze_ = false;
};

}  // namespace plinth::dsp
