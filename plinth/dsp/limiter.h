// Plinth DSP: look-ahead peak limiter (channels linked).
//
// The signal is delayed by L = round(lookahead * sampleRate) samples (the latency, reported
// by latencySamples()). For every input frame the gain that would put its peak (over all
// channels) exactly at the ceiling is computed; then
//   1. a running minimum over the last L+1 target gains (O(1) amortized, monotonic queue),
//   2. release smoothing (instant down, one-pole back up),
//   3. a moving average over L+1 samples,
// and the result multiplies the delayed frame. Every term of the average is at most the
// target gain of the frame being output (each minimum window in it contains that frame), so
// the output never exceeds the ceiling, and the gain ramps down smoothly over L samples ahead
// of a peak instead of jumping. With lookahead 0 it is an instant (clipping-free) gain.
// Non-finite input samples are replaced by silence.
//
// Ranges: ceiling [-60, 0] dB; lookahead [0, 20 ms]; release [0.001, 5] s.
// prepare() sizes everything for the 20 ms maximum, so setLookahead() may be called at any
// time (it clears the delay line; the host must be told the new latency).
//
//   plinth::dsp::Limiter<float> lim;
//   lim.prepare(48000.0, 512, 2);
//   lim.setCeiling(-1.0); lim.setLookahead(0.005); lim.setRelease(0.05);
//   lim.process(left, right);                // or lim.process(mono) / process(channelPointers, n)
//   int latency = lim.latencySamples();
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <cmath>
#include <concepts>
#include <span>
#include <vector>

namespace plinth::dsp {

template <std::floating_point T>
class Limiter {
public:
    static constexpr double kMaxLookahead = 0.020;

    void prepare(double sampleRate, int /*maxBlockSize*/, int channels)
    {
        sampleRate_ = dynamics_detail::sanitizeRate(sampleRate);
        channels_ = channels < 1 ? 1 : channels;
        capacity_ = static_cast<int>(std::ceil(kMaxLookahead * sampleRate_)) + 1;
        delay_.assign(static_cast<std::size_t>(capacity_ * channels_), T(0));
        queueValue_.assign(static_cast<std::size_t>(capacity_ + 1), 1.0);
        queueIndex_.assign(static_cast<std::size_t>(capacity_ + 1), 0);
        boxRing_.assign(static_cast<std::size_t>(capacity_), 1.0);
        updateRelease();
        configure();
    }

    void reset() noexcept { configure(); }

    void setCeiling(double db) noexcept
    {
        ceilingDb_ = dynamics_detail::clampParam(db, -60.0, 0.0, -0.3);
        // A hair under the ceiling so rounding of the final multiply cannot cross it.
        ceiling_ = std::pow(10.0, ceilingDb_ / 20.0) * (1.0 - 1e-6);
    }
    void setLookahead(double seconds) noexcept
    {
        lookahead_ = dynamics_detail::clampParam(seconds, 0.0, kMaxLookahead, 0.005);
        configure();
    }
    void setRelease(double seconds) noexcept
    {
        release_ = dynamics_detail::clampParam(seconds, 0.001, 5.0, 0.05);
        updateRelease();
    }

    [[nodiscard]] double ceiling() const noexcept { return ceilingDb_; }
    [[nodiscard]] double lookahead() const noexcept { return lookahead_; }
    [[nodiscard]] double release() const noexcept { return release_; }
    [[nodiscard]] int latencySamples() const noexcept { return length_; }
    [[nodiscard]] int channels() const noexcept { return channels_; }
    // Gain applied to the last output frame (linear, <= 1).
    [[nodiscard]] double currentGain() const noexcept { return gain_; }

    // One frame of channels() samples, in place.
    void processFrame(T* frame) noexcept
    {
        if (delay_.empty()) return; // not prepared: pass through
        const std::size_t base = static_cast<std::size_t>(writePos_ * channels_);
        double peak = 0.0;
        for (int c = 0; c < channels_; ++c) {
            T x = frame[c];
            if (!std::isfinite(x)) x = T(0);
            const double a = std::fabs(static_cast<double>(x));
            peak = a > peak ? a : peak;
            // Swap: read the sample L frames old, store the new one.
            const std::size_t slot = base + static_cast<std::size_t>(c);
            const std::size_t readSlot = static_cast<std::size_t>(readPos_ * channels_ + c);
            frame[c] = delay_[readSlot];
            delay_[slot] = x;
        }
        // When L == 0 read and write share a slot: the frame just stored is the one output.
        if (length_ == 0)
            for (int c = 0; c < channels_; ++c) frame[c] = delay_[base + static_cast<std::size_t>(c)];

        const double target = peak > ceiling_ ? ceiling_ / peak : 1.0;
        const double held = pushMinimum(target);
        smoothed_ = held < smoothed_ ? held : smoothed_ + releaseRate_ * (held - smoothed_);
        const double g = average(smoothed_);
        gain_ = g;
        for (int c = 0; c < channels_; ++c) frame[c] = static_cast<T>(static_cast<double>(frame[c]) * g);

        ++count_;
        if (++writePos_ == capacity_) writePos_ = 0;
        if (++readPos_ == capacity_) readPos_ = 0;
    }

    // Mono (channels() must be 1; other channels are treated as silent).
    void process(std::span<T> block) noexcept
    {
        T frame[kMaxStackChannels] = {};
        for (T& v : block) {
            frame[0] = v;
            for (int c = 1; c < channels_ && c < kMaxStackChannels; ++c) frame[c] = T(0);
            processFrame(frame);
            v = frame[0];
        }
    }
    // Stereo (channels() must be 2).
    void process(std::span<T> left, std::span<T> right) noexcept
    {
        const std::size_t n = left.size() < right.size() ? left.size() : right.size();
        T frame[kMaxStackChannels] = {};
        for (std::size_t i = 0; i < n; ++i) {
            frame[0] = left[i];
            frame[1] = right[i];
            processFrame(frame);
            left[i] = frame[0];
            right[i] = frame[1];
        }
    }
    // Any channel count up to 32: one pointer per channel, n samples each.
    void process(std::span<T* const> channelData, int n) noexcept
    {
        const int chans = static_cast<int>(channelData.size()) < channels_ ? static_cast<int>(channelData.size()) : channels_;
        T frame[kMaxStackChannels] = {};
        for (int i = 0; i < n; ++i) {
            for (int c = 0; c < chans && c < kMaxStackChannels; ++c) frame[c] = channelData[static_cast<std::size_t>(c)][i];
            processFrame(frame);
            for (int c = 0; c < chans && c < kMaxStackChannels; ++c) channelData[static_cast<std::size_t>(c)][i] = frame[c];
        }
    }

private:
    static constexpr int kMaxStackChannels = 32;

    void updateRelease() noexcept { releaseRate_ = followerRate(release_, sampleRate_); }

    void configure() noexcept
    {
        length_ = static_cast<int>(std::lround(lookahead_ * sampleRate_));
        if (capacity_ > 0 && length_ > capacity_ - 1) length_ = capacity_ - 1;
        for (T& v : delay_) v = T(0);
        writePos_ = 0;
        readPos_ = capacity_ > 0 ? (capacity_ - length_) % capacity_ : 0;
        queueHead_ = queueTail_ = 0;
        count_ = 0;
        for (double& v : boxRing_) v = 1.0;
        boxPos_ = 0;
        boxSum_ = static_cast<double>(length_ + 1);
        smoothed_ = 1.0;
        gain_ = 1.0;
    }

    // Sliding minimum over the last L+1 targets: a queue of increasing values whose front is
    // the minimum; entries older than the window fall off the front.
    double pushMinimum(double v) noexcept
    {
        const int size = static_cast<int>(queueValue_.size());
        while (queueTail_ != queueHead_) {
            const int back = queueTail_ == 0 ? size - 1 : queueTail_ - 1;
            if (queueValue_[static_cast<std::size_t>(back)] < v) break;
            queueTail_ = back;
        }
        queueValue_[static_cast<std::size_t>(queueTail_)] = v;
        queueIndex_[static_cast<std::size_t>(queueTail_)] = count_;
        if (++queueTail_ == size) queueTail_ = 0;
        while (queueIndex_[static_cast<std::size_t>(queueHead_)] + length_ < count_)
            if (++queueHead_ == size) queueHead_ = 0;
        return queueValue_[static_cast<std::size_t>(queueHead_)];
    }

    // Moving average over the last L+1 values; the running sum is rebuilt once per window so
    // rounding cannot drift.
    double average(double v) noexcept
    {
        const int window = length_ + 1;
        boxSum_ += v - boxRing_[static_cast<std::size_t>(boxPos_)];
        boxRing_[static_cast<std::size_t>(boxPos_)] = v;
        if (++boxPos_ >= window) {
            boxPos_ = 0;
            double s = 0.0;
            for (int i = 0; i < window; ++i) s += boxRing_[static_cast<std::size_t>(i)];
            boxSum_ = s;
        }
        const double a = boxSum_ / window;
        return a < 1.0 ? a : 1.0;
    }

    std::vector<T> delay_;
    std::vector<double> queueValue_;
    std::vector<long long> queueIndex_;
    std::vector<double> boxRing_;
    double sampleRate_ = 48000.0;
    double ceilingDb_ = -0.3, ceiling_ = 0.966050878 * (1.0 - 1e-6), lookahead_ = 0.005, release_ = 0.05;
    double releaseRate_ = 1.0, smoothed_ = 1.0, gain_ = 1.0, boxSum_ = 1.0;
    int channels_ = 1, capacity_ = 0, length_ = 0, writePos_ = 0, readPos_ = 0;
    int queueHead_ = 0, queueTail_ = 0, boxPos_ = 0;
    long long count_ = 0;
};

} // namespace plinth::dsp
