// Plinth DSP: look-ahead peak limiter (channels linked).
//
// The signal is delayed by L = round(lookahead * sample_rate) samples (the latency, reported
// by latency_samples()). For every input frame the gain that would put its peak (over all
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
// Ranges: ceiling [-60, 0] dB; lookahead [0, 20 ms]; release [0.001, 5] s; 1 .. 32 channels.
// prepare() sizes everything for the 20 ms maximum, so set_lookahead() may be called at any
// time (it clears the delay line; the host must be told the new latency).
//
//   plinth::dsp::Limiter<float> lim;
//   lim.prepare(48000.0, 512, 2);
//   lim.set_ceiling(-1.0); lim.set_lookahead(0.005); lim.set_release(0.05);
//   lim.process(left, right);                // or lim.process(mono) / process(channelPointers, n)
//   int latency = lim.latency_samples();
#pragma once

#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/gain_computer.h"

#include <cmath>
#include <concepts>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class Limiter {
public:
  static constexpr double kMaxLookahead = 0.020;
  // Linked channels; prepare() clamps its channel count to [1, kMaxChannels].
  static constexpr int kMaxChannels = 32;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = dynamics_detail::sanitize_rate(sample_rate);
    // Frames are staged in a kMaxChannels-sample stack array by the block entry points,
    // and process_frame() touches channels() samples: more channels than that would
    // write past the array.
    channels_ = channels < 1 ? 1 : (channels > kMaxChannels ? kMaxChannels : channels);
    capacity_ = static_cast<int>(std::ceil(kMaxLookahead * sample_rate_)) + 1;
    delay_.assign(static_cast<std::size_t>(capacity_ * channels_), T(0));
    queue_value_.assign(static_cast<std::size_t>(capacity_ + 1), 1.0);
    queue_index_.assign(static_cast<std::size_t>(capacity_ + 1), 0);
    box_ring_.assign(static_cast<std::size_t>(capacity_), 1.0);
    update_release();
    configure();
  }

  void reset() noexcept { configure(); }

  void set_ceiling(double db) noexcept {
    ceiling_db_ = dynamics_detail::clamp_param(db, -60.0, 0.0, -0.3);
    // A hair under the ceiling so rounding of the final multiply cannot cross it.
    ceiling_ = std::pow(10.0, ceiling_db_ / 20.0) * (1.0 - 1e-6);
  }
  void set_lookahead(double seconds) noexcept {
    lookahead_ = dynamics_detail::clamp_param(seconds, 0.0, kMaxLookahead, 0.005);
    configure();
  }
  void set_release(double seconds) noexcept {
    release_ = dynamics_detail::clamp_param(seconds, 0.001, 5.0, 0.05);
    update_release();
  }

  [[nodiscard]] double ceiling() const noexcept { return ceiling_db_; }
  [[nodiscard]] double lookahead() const noexcept { return lookahead_; }
  [[nodiscard]] double release() const noexcept { return release_; }
  [[nodiscard]] int latency_samples() const noexcept { return length_; }
  [[nodiscard]] int channels() const noexcept { return channels_; }
  // Gain applied to the last output frame (linear, <= 1).
  [[nodiscard]] double current_gain() const noexcept { return gain_; }

  // One frame of channels() samples, in place.
  void process_frame(T* frame) noexcept {
    if (delay_.empty()) return;  // not prepared: pass through
    const std::size_t base = static_cast<std::size_t>(write_pos_ * channels_);
    double peak = 0.0;
    for (int c = 0; c < channels_; ++c) {
      T x = frame[c];
      if (!std::isfinite(x)) x = T(0);
      const double a = std::fabs(static_cast<double>(x));
      peak = a > peak ? a : peak;
      // Swap: read the sample L frames old, store the new one.
      const std::size_t slot = base + static_cast<std::size_t>(c);
      const std::size_t read_slot = static_cast<std::size_t>(read_pos_ * channels_ + c);
      frame[c] = delay_[read_slot];
      delay_[slot] = x;
    }
    // When L == 0 read and write share a slot: the frame just stored is the one output.
    if (length_ == 0)
      for (int c = 0; c < channels_; ++c) frame[c] = delay_[base + static_cast<std::size_t>(c)];

    const double target = peak > ceiling_ ? ceiling_ / peak : 1.0;
    const double held = push_minimum(target);
    smoothed_ = held < smoothed_ ? held : smoothed_ + release_rate_ * (held - smoothed_);
    const double g = average(smoothed_);
    gain_ = g;
    for (int c = 0; c < channels_; ++c) frame[c] = static_cast<T>(static_cast<double>(frame[c]) * g);

    ++count_;
    if (++write_pos_ == capacity_) write_pos_ = 0;
    if (++read_pos_ == capacity_) read_pos_ = 0;
  }

  // Mono (channels() must be 1; other channels are treated as silent).
  void process(std::span<T> block) noexcept {
    scrub_non_finite(block);
    T frame[kMaxStackChannels] = {};
    for (T& v : block) {
      frame[0] = v;
      for (int c = 1; c < channels_ && c < kMaxStackChannels; ++c) frame[c] = T(0);
      process_frame(frame);
      v = frame[0];
    }
  }
  // Stereo (channels() must be 2).
  void process(std::span<T> left, std::span<T> right) noexcept {
    scrub_non_finite(left);
    scrub_non_finite(right);
    const std::size_t n = left.size() < right.size() ? left.size() : right.size();
    T frame[kMaxStackChannels] = {};
    for (std::size_t i = 0; i < n; ++i) {
      frame[0] = left[i];
      frame[1] = right[i];
      process_frame(frame);
      left[i] = frame[0];
      right[i] = frame[1];
    }
  }
  // Any channel count up to 32: one pointer per channel, n samples each.
  void process(std::span<T* const> channel_data, int n) noexcept {
    const int chans =
        static_cast<int>(channel_data.size()) < channels_ ? static_cast<int>(channel_data.size()) : channels_;
    for (int c = 0; c < chans; ++c) {
      scrub_non_finite(
          std::span<T>(channel_data[static_cast<std::size_t>(c)], static_cast<std::size_t>(n > 0 ? n : 0)));
    }
    T frame[kMaxStackChannels] = {};
    for (int i = 0; i < n; ++i) {
      for (int c = 0; c < chans && c < kMaxStackChannels; ++c) frame[c] = channel_data[static_cast<std::size_t>(c)][i];
      process_frame(frame);
      for (int c = 0; c < chans && c < kMaxStackChannels; ++c) channel_data[static_cast<std::size_t>(c)][i] = frame[c];
    }
  }

private:
  static constexpr int kMaxStackChannels = kMaxChannels;

  void update_release() noexcept { release_rate_ = follower_rate(release_, sample_rate_); }

  void configure() noexcept {
    length_ = static_cast<int>(std::lround(lookahead_ * sample_rate_));
    if (capacity_ > 0 && length_ > capacity_ - 1) length_ = capacity_ - 1;
    for (T& v : delay_) v = T(0);
    write_pos_ = 0;
    read_pos_ = capacity_ > 0 ? (capacity_ - length_) % capacity_ : 0;
    queue_head_ = queue_tail_ = 0;
    count_ = 0;
    for (double& v : box_ring_) v = 1.0;
    box_pos_ = 0;
    box_sum_ = static_cast<double>(length_ + 1);
    smoothed_ = 1.0;
    gain_ = 1.0;
  }

  // Sliding minimum over the last L+1 targets: a queue of increasing values whose front is
  // the minimum; entries older than the window fall off the front.
  double push_minimum(double v) noexcept {
    const int size = static_cast<int>(queue_value_.size());
    while (queue_tail_ != queue_head_) {
      const int back = queue_tail_ == 0 ? size - 1 : queue_tail_ - 1;
      if (queue_value_[static_cast<std::size_t>(back)] < v) break;
      queue_tail_ = back;
    }
    queue_value_[static_cast<std::size_t>(queue_tail_)] = v;
    queue_index_[static_cast<std::size_t>(queue_tail_)] = count_;
    if (++queue_tail_ == size) queue_tail_ = 0;
    while (queue_index_[static_cast<std::size_t>(queue_head_)] + length_ < count_)
      if (++queue_head_ == size) queue_head_ = 0;
    return queue_value_[static_cast<std::size_t>(queue_head_)];
  }

  // Moving average over the last L+1 values; the running sum is rebuilt once per window so
  // rounding cannot drift.
  double average(double v) noexcept {
    const int window = length_ + 1;
    box_sum_ += v - box_ring_[static_cast<std::size_t>(box_pos_)];
    box_ring_[static_cast<std::size_t>(box_pos_)] = v;
    if (++box_pos_ >= window) {
      box_pos_ = 0;
      double s = 0.0;
      for (int i = 0; i < window; ++i) s += box_ring_[static_cast<std::size_t>(i)];
      box_sum_ = s;
    }
    const double a = box_sum_ / window;
    return a < 1.0 ? a : 1.0;
  }

  std::vector<T> delay_;
  std::vector<double> queue_value_;
  std::vector<long long> queue_index_;
  std::vector<double> box_ring_;
  double sample_rate_ = 48000.0;
  double ceiling_db_ = -0.3, ceiling_ = 0.966050878 * (1.0 - 1e-6), lookahead_ = 0.005, release_ = 0.05;
  double release_rate_ = 1.0, smoothed_ = 1.0, gain_ = 1.0, box_sum_ = 1.0;
  int channels_ = 1, capacity_ = 0, length_ = 0, write_pos_ = 0, read_pos_ = 0;
  int queue_head_ = 0, queue_tail_ = 0, box_pos_ = 0;
  long long count_ = 0;
};

}  // namespace plinth::dsp
