// Low-frequency oscillator with the common shapes, tempo-sync helpers, and a cheap
// rotating phasor (exact sine/cosine by complex rotation) used by the modulation effects.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>

namespace plinth::dsp {

// ---------------------------------------------------------------------------------------
// Tempo sync
// ---------------------------------------------------------------------------------------

enum class NoteModifier { straight, dotted, triplet };

// Length of a note value in quarter notes: noteFraction 1/4 is one quarter, 1/1 is four.
// Dotted notes last 3/2 as long, triplets 2/3. noteFraction clamped to [1/256, 64].
[[nodiscard]] constexpr double noteLengthInQuarters(double noteFraction,
                                                    NoteModifier modifier = NoteModifier::straight) noexcept
{
    const double f = (noteFraction >= 1.0 / 256.0) ? std::min(noteFraction, 64.0) : 1.0 / 256.0;
    const double factor = modifier == NoteModifier::dotted ? 1.5 : modifier == NoteModifier::triplet ? 2.0 / 3.0 : 1.0;
    return 4.0 * f * factor;
}

// Frequency in Hz of one cycle per note value at the given tempo (BPM clamped to
// [1, 1000]). 1/4 at 120 BPM is 2 Hz.
[[nodiscard]] inline double tempoSyncHz(double bpm, double noteFraction,
                                        NoteModifier modifier = NoteModifier::straight) noexcept
{
    const double b = (bpm >= 1.0) ? std::min(bpm, 1000.0) : 1.0;
    return (b / 60.0) / noteLengthInQuarters(noteFraction, modifier);
}

// LFO phase in [0, 1) at song position ppq (in quarter notes), for a cycle lasting
// cycleQuarters quarter notes (e.g. noteLengthInQuarters(1.0 / 8)) plus a phase offset in
// turns. Lets an LFO restart in step with the host's transport after a jump.
[[nodiscard]] inline double phaseFromPpq(double ppq, double cycleQuarters, double phaseOffset = 0.0) noexcept
{
    if (!std::isfinite(ppq) || !std::isfinite(cycleQuarters) || cycleQuarters <= 0.0) return 0.0;
    const double p = ppq / cycleQuarters + (std::isfinite(phaseOffset) ? phaseOffset : 0.0);
    const double wrapped = p - std::floor(p);
    return wrapped >= 1.0 ? 0.0 : wrapped;
}

// ---------------------------------------------------------------------------------------
// RotatingPhasor: (cos, sin) advanced by a complex multiply each step, renormalised with
// one Newton step, so a sine costs four multiplies instead of a std::sin call. Runs in
// double whatever the sample type, so its phase stays accurate over long runs.
// ---------------------------------------------------------------------------------------
class RotatingPhasor {
public:
    // Increment per advance() in turns (cycles); any finite value.
    void setIncrement(double turns) noexcept
    {
        const double w = 2.0 * std::numbers::pi * (std::isfinite(turns) ? turns : 0.0);
        stepCos_ = std::cos(w);
        stepSin_ = std::sin(w);
    }
    void setFrequency(double hz, double sampleRate) noexcept { setIncrement(hz / sampleRate); }
    // Phase in turns.
    void setPhase(double turns) noexcept
    {
        const double w = 2.0 * std::numbers::pi * (std::isfinite(turns) ? turns : 0.0);
        cos_ = std::cos(w);
        sin_ = std::sin(w);
    }
    [[nodiscard]] double sin() const noexcept { return sin_; }
    [[nodiscard]] double cos() const noexcept { return cos_; }
    void advance() noexcept
    {
        const double c = cos_ * stepCos_ - sin_ * stepSin_;
        const double s = sin_ * stepCos_ + cos_ * stepSin_;
        // First-order correction of the radius towards 1 (errors are ~1e-16 per step).
        const double k = 1.5 - 0.5 * (c * c + s * s);
        cos_ = c * k;
        sin_ = s * k;
    }

private:
    double cos_ = 1.0, sin_ = 0.0;
    double stepCos_ = 1.0, stepSin_ = 0.0;
};

// ---------------------------------------------------------------------------------------
// BlockSine: the same exact sine, but a run of values at once with no serial dependency
// between them, sin(p + j d) = sin p cos(j d) + cos p sin(j d), using a table of
// cos/sin(j d) refreshed when the increment changes. A recurrence (like RotatingPhasor)
// costs its full multiply-add latency per sample; this form vectorises.
// ---------------------------------------------------------------------------------------
class BlockSine {
public:
    static constexpr int kChunk = 32;

    BlockSine() noexcept { setIncrement(0.0); }

    // Increment per sample in turns; rebuilds the table (kChunk complex multiplies).
    void setIncrement(double turns) noexcept
    {
        RotatingPhasor r;
        r.setIncrement(std::isfinite(turns) ? turns : 0.0);
        for (std::size_t j = 0; j <= kChunk; ++j) {
            cosTable_[j] = r.cos();
            sinTable_[j] = r.sin();
            r.advance();
        }
    }
    void setFrequency(double hz, double sampleRate) noexcept { setIncrement(hz / sampleRate); }
    void setPhase(double turns) noexcept
    {
        const double w = 2.0 * std::numbers::pi * (std::isfinite(turns) ? turns : 0.0);
        cos_ = std::cos(w);
        sin_ = std::sin(w);
    }
    [[nodiscard]] double sin() const noexcept { return sin_; }

    // Writes the sine at the next n samples (n clamped to [0, kChunk]) and advances by n.
    template <typename U>
    void fill(U* out, int n) noexcept
    {
        n = std::clamp(n, 0, kChunk);
        const double s0 = sin_, c0 = cos_;
        for (int j = 0; j < n; ++j) {
            out[j] = static_cast<U>(s0 * cosTable_[static_cast<std::size_t>(j)] + c0 * sinTable_[static_cast<std::size_t>(j)]);
        }
        const double cn = cosTable_[static_cast<std::size_t>(n)], sn = sinTable_[static_cast<std::size_t>(n)];
        const double c = c0 * cn - s0 * sn;
        const double s = s0 * cn + c0 * sn;
        const double k = 1.5 - 0.5 * (c * c + s * s);
        cos_ = c * k;
        sin_ = s * k;
    }

private:
    std::array<double, kChunk + 1> cosTable_{};
    std::array<double, kChunk + 1> sinTable_{};
    double cos_ = 1.0, sin_ = 0.0;
};

// ---------------------------------------------------------------------------------------
// Lfo
// ---------------------------------------------------------------------------------------

enum class LfoShape { sine, triangle, sawUp, sawDown, square, sampleAndHold, smoothRandom };

// Bipolar output in [-1, 1]. With phase p in turns:
//   sine     sin(2 pi p)
//   triangle 0 at p = 0, +1 at 1/4, 0 at 1/2, -1 at 3/4 (in phase with the sine)
//   sawUp    2p - 1,  sawDown 1 - 2p
//   square   +1 for p < 1/2, -1 after
//   sampleAndHold  a new uniform random value at each cycle start, held
//   smoothRandom   cosine-interpolated between successive random values, one per cycle
template <std::floating_point T>
class Lfo {
public:
    void prepare(double sampleRate, int /*maxBlockSize*/ = 0, int /*channels*/ = 1)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        setFrequency(frequency_);
        reset();
    }

    // Restarts at the phase offset and re-seeds the random shapes (deterministic).
    void reset() noexcept
    {
        phase_ = offset_;
        rng_ = seed_;
        prev_ = nextRandom();
        next_ = nextRandom();
    }

    // Frequency in Hz, clamped to [0, sampleRate / 4].
    void setFrequency(double hz) noexcept
    {
        frequency_ = std::isfinite(hz) ? std::clamp(hz, 0.0, sampleRate_ * 0.25) : 0.0;
        increment_ = frequency_ / sampleRate_;
    }
    [[nodiscard]] double frequency() const noexcept { return frequency_; }

    // One cycle per note value at the given tempo (see tempoSyncHz).
    void setTempoSync(double bpm, double noteFraction, NoteModifier modifier = NoteModifier::straight) noexcept
    {
        setFrequency(tempoSyncHz(bpm, noteFraction, modifier));
    }

    void setShape(LfoShape shape) noexcept { shape_ = shape; }
    [[nodiscard]] LfoShape shape() const noexcept { return shape_; }

    // Phase offset in turns (wrapped into [0, 1)); shifts the running phase too.
    void setPhaseOffset(double turns) noexcept
    {
        const double o = wrap(std::isfinite(turns) ? turns : 0.0);
        phase_ = wrap(phase_ + o - offset_);
        offset_ = o;
    }
    // Sets the current phase (turns, offset added), e.g. from phaseFromPpq.
    void setPhase(double turns) noexcept { phase_ = wrap((std::isfinite(turns) ? turns : 0.0) + offset_); }
    // Jump to where the LFO would be at song position ppq for a cycle of cycleQuarters.
    void syncToPpq(double ppq, double cycleQuarters) noexcept { phase_ = phaseFromPpq(ppq, cycleQuarters, offset_); }
    [[nodiscard]] double phase() const noexcept { return phase_; }

    void setSeed(std::uint32_t seed) noexcept { seed_ = seed != 0 ? seed : 0x9e3779b9u; }

    // Value at the current phase, then advance by one sample.
    [[nodiscard]] T process() noexcept
    {
        const T v = current();
        phase_ += increment_;
        if (phase_ >= 1.0) {
            phase_ -= std::floor(phase_);
            prev_ = next_;
            next_ = nextRandom();
        }
        return v;
    }
    void process(std::span<T> out) noexcept
    {
        for (auto& s : out) s = process();
    }

    // Value at the current phase without advancing.
    [[nodiscard]] T current() const noexcept
    {
        switch (shape_) {
            case LfoShape::sampleAndHold: return static_cast<T>(prev_);
            case LfoShape::smoothRandom: {
                const double k = 0.5 - 0.5 * std::cos(std::numbers::pi * phase_);
                return static_cast<T>(prev_ + (next_ - prev_) * k);
            }
            default: return shapeAt(shape_, phase_);
        }
    }

    // Deterministic shapes at a phase in turns (random shapes return 0).
    [[nodiscard]] static T shapeAt(LfoShape shape, double phase) noexcept
    {
        const double p = wrap(phase);
        switch (shape) {
            case LfoShape::sine: return static_cast<T>(std::sin(2.0 * std::numbers::pi * p));
            case LfoShape::triangle: {
                const double q = wrap(p + 0.25);  // starts at -1 for q = 0
                return static_cast<T>(q < 0.5 ? 4.0 * q - 1.0 : 3.0 - 4.0 * q);
            }
            case LfoShape::sawUp: return static_cast<T>(2.0 * p - 1.0);
            case LfoShape::sawDown: return static_cast<T>(1.0 - 2.0 * p);
            case LfoShape::square: return p < 0.5 ? T(1) : T(-1);
            default: return T(0);
        }
    }

    // Maps a bipolar value in [-1, 1] to [0, 1].
    [[nodiscard]] static T unipolar(T v) noexcept { return T(0.5) * (v + T(1)); }

private:
    static double wrap(double p) noexcept
    {
        const double w = p - std::floor(p);
        return w >= 1.0 ? 0.0 : w;
    }

    // xorshift32 -> uniform in [-1, 1].
    double nextRandom() noexcept
    {
        rng_ ^= rng_ << 13;
        rng_ ^= rng_ >> 17;
        rng_ ^= rng_ << 5;
        return static_cast<double>(rng_) / 2147483647.5 - 1.0;
    }

    double sampleRate_ = 48000.0;
    double frequency_ = 1.0;
    double increment_ = 1.0 / 48000.0;
    double phase_ = 0.0;
    double offset_ = 0.0;
    double prev_ = 0.0, next_ = 0.0;
    std::uint32_t seed_ = 0x12345678u;
    std::uint32_t rng_ = 0x12345678u;
    LfoShape shape_ = LfoShape::sine;
};

}  // namespace plinth::dsp
