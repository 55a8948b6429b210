// Tremolo: amplitude modulation by an LFO,
//   gain(t) = 1 - depth * (1 + lfo(t)) / 2,
// so the gain swings between 1 and 1 - depth. Each channel's LFO can be offset in phase
// (0.5 turns between left and right makes an auto-panner). Depth is smoothed (~10 ms).
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <span>
#include <vector>

#include "plinth/dsp/lfo.h"

namespace plinth::dsp {

template <std::floating_point T>
class Tremolo {
public:
    static constexpr double kMaxRateHz = 50.0;

    void prepare(double sampleRate, int /*maxBlockSize*/, int channels)
    {
        sampleRate_ = (std::isfinite(sampleRate) && sampleRate > 0) ? sampleRate : 48000.0;
        lfos_.resize(static_cast<std::size_t>(std::max(1, channels)));
        depths_.resize(lfos_.size());
        smoothing_ = static_cast<T>(1.0 - std::exp(-1.0 / (0.01 * sampleRate_)));
        for (auto& l : lfos_) l.prepare(sampleRate_);
        reset();
    }

    void reset() noexcept
    {
        for (std::size_t i = 0; i < lfos_.size(); ++i) {
            auto& l = lfos_[i];
            l.setFrequency(rate_);
            l.setShape(shape_);
            l.setPhaseOffset(static_cast<double>(i) * stereoPhase_);
            l.reset();
            depths_[i] = depth_;
        }
    }

    // Rate in Hz, clamped to [0, 50].
    void setRateHz(double hz) noexcept
    {
        rate_ = std::isfinite(hz) ? std::clamp(hz, 0.0, kMaxRateHz) : 0.0;
        for (auto& l : lfos_) l.setFrequency(rate_);
    }
    void setTempoSync(double bpm, double noteFraction, NoteModifier modifier = NoteModifier::straight) noexcept
    {
        setRateHz(tempoSyncHz(bpm, noteFraction, modifier));
    }
    // Depth, clamped to [0, 1]: 1 swings the gain all the way to silence.
    void setDepth(T depth) noexcept { depth_ = std::isfinite(depth) ? std::clamp(depth, T(0), T(1)) : T(0); }
    // LFO shape (any LfoShape; sine, triangle and square are the usual ones).
    void setShape(LfoShape shape) noexcept
    {
        shape_ = shape;
        for (auto& l : lfos_) l.setShape(shape);
    }
    // Phase offset between consecutive channels in turns, [0, 1]; applied at reset().
    void setStereoPhase(double turns) noexcept { stereoPhase_ = std::isfinite(turns) ? std::clamp(turns, 0.0, 1.0) : 0.0; }

    [[nodiscard]] T process(T x, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= lfos_.size()) return x;
        return x * gain(static_cast<std::size_t>(channel));
    }
    void process(std::span<T> block, int channel) noexcept
    {
        if (static_cast<std::size_t>(channel) >= lfos_.size()) return;
        const auto ch = static_cast<std::size_t>(channel);
        for (auto& s : block) s *= gain(ch);
    }

private:
    T gain(std::size_t ch) noexcept
    {
        T& d = depths_[ch];
        d += smoothing_ * (depth_ - d);
        return T(1) - d * T(0.5) * (T(1) + lfos_[ch].process());
    }

    std::vector<Lfo<T>> lfos_ = std::vector<Lfo<T>>(1);
    std::vector<T> depths_ = std::vector<T>(1, T(0.5));
    double sampleRate_ = 48000.0;
    double rate_ = 5.0, stereoPhase_ = 0.0;
    LfoShape shape_ = LfoShape::sine;
    T depth_ = T(0.5);
    T smoothing_ = T(0.002);
};

}  // namespace plinth::dsp
