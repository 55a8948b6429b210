#pragma once
// Click-free bypass for the main bus: a linear crossfade between the plugin's output
// ("wet") and its input ("dry") over a few milliseconds, with the dry path delayed by the
// plugin's latency so switching never shifts the audio in time. Audio thread only, after
// prepare(); nothing allocates there.
//
// Wet and dry are the same signal, apart from what the plugin does to it, so the fade is
// linear in amplitude (equal gain), not equal power.

#include <algorithm>
#include <concepts>
#include <vector>

#include "plinth/core/process_context.h"

namespace plinth {

template <std::floating_point T>
class BypassFader {
public:
  // Takes all memory: one ring per channel long enough for max_latency plus a block.
  void prepare(int channels, int max_block, int max_latency, int fade_samples) {
    max_latency_ = std::max(0, max_latency);
    capacity_ = max_latency_ + std::max(1, max_block);
    fade_samples_ = std::max(1, fade_samples);
    rings_.assign(static_cast<std::size_t>(std::max(0, channels)), std::vector<T>(static_cast<std::size_t>(capacity_)));
    dry_.assign(rings_.size(), std::vector<T>(static_cast<std::size_t>(std::max(1, max_block))));
    write_ = 0;
    ring_silent_ = true;
  }

  // Jumps to the state with no fade and forgets the input history.
  void reset(bool bypassed) noexcept {
    mix_ = bypassed ? 1.0 : 0.0;
    target_ = mix_;
    remaining_ = 0;
    clear_history();
  }

  // Starts a fade when the state changes; a change mid-fade turns it around from where it is.
  void set_bypassed(bool bypassed) noexcept {
    const double target = bypassed ? 1.0 : 0.0;
    if (target == target_) return;
    target_ = target;
    remaining_ = fade_samples_;
    step_ = (target_ - mix_) / static_cast<double>(fade_samples_);
  }

  [[nodiscard]] int max_latency() const noexcept { return max_latency_; }
  [[nodiscard]] bool fading() const noexcept { return remaining_ > 0; }
  [[nodiscard]] bool fully_dry() const noexcept { return remaining_ == 0 && mix_ == 1.0; }
  [[nodiscard]] bool fully_wet() const noexcept { return remaining_ == 0 && mix_ == 0.0; }

  // Before the plugin runs on a part (the input may be overwritten by in-place hosts):
  // feeds the latency ring and, when a fade or full bypass will need it, keeps this
  // part's dry signal, the input `latency` samples ago. No work for a plugin without
  // latency that is not bypassed.
  void capture(const AudioBuffer<T>& in, int length, int latency) noexcept {
    latency = std::clamp(latency, 0, max_latency_);
    const bool need_dry = !fully_wet();
    if (latency == 0 && !need_dry) return;
    length = std::min(length, static_cast<int>(dry_.empty() ? 0 : dry_[0].size()));
    for (std::size_t c = 0; c < rings_.size(); ++c) {
      const T* src = c < in.channels.size() ? in.channels[c] : nullptr;
      std::vector<T>& ring = rings_[c];
      T* dry = dry_[c].data();
      if (latency == 0) {
        if (src != nullptr)
          std::copy_n(src, length, dry);
        else
          std::fill_n(dry, length, T(0));
        continue;
      }
      for (int i = 0; i < length; ++i) ring[static_cast<std::size_t>((write_ + i) % capacity_)] = src ? src[i] : T(0);
      if (need_dry)
        for (int i = 0; i < length; ++i)
          dry[i] = ring[static_cast<std::size_t>((write_ + i - latency + capacity_) % capacity_)];
    }
    if (latency > 0) {
      write_ = (write_ + length) % capacity_;
      ring_silent_ = false;
    }
  }

  // Fully bypassed: the main output is the dry signal captured for this part.
  void write_dry(const AudioBuffer<T>& out, int length) noexcept {
    for (int c = 0; c < out.num_channels(); ++c) {
      T* dst = out.channels[static_cast<std::size_t>(c)];
      if (static_cast<std::size_t>(c) < dry_.size())
        std::copy_n(dry_[static_cast<std::size_t>(c)].data(), length, dst);
      else
        std::fill_n(dst, length, T(0));
    }
  }

  // Fading: out = wet * (1 - m) + dry * m on the main bus, other buses scaled by (1 - m),
  // with m moving one step per sample. Advances the fade.
  void mix(std::span<const AudioBuffer<T>> outputs, int length) noexcept {
    const double start = mix_;
    const int ramp = std::min(length, remaining_);
    // The fade's last sample lands exactly on the target; past it, the target holds.
    auto m_at = [&](int i) {
      if (i >= ramp || i + 1 == remaining_) return target_;
      return start + step_ * static_cast<double>(i + 1);
    };
    for (std::size_t b = 0; b < outputs.size(); ++b) {
      const AudioBuffer<T>& out = outputs[b];
      for (int c = 0; c < out.num_channels(); ++c) {
        T* y = out.channels[static_cast<std::size_t>(c)];
        const T* dry =
            b == 0 && static_cast<std::size_t>(c) < dry_.size() ? dry_[static_cast<std::size_t>(c)].data() : nullptr;
        for (int i = 0; i < length; ++i) {
          const T m = static_cast<T>(m_at(i));
          y[i] = y[i] * (T(1) - m) + (dry != nullptr ? dry[i] * m : T(0));
        }
      }
    }
    remaining_ -= ramp;
    mix_ = remaining_ == 0 ? target_ : start + step_ * static_cast<double>(ramp);
  }

  // Silent input skipped the plugin: the history is silence now (once, not per block).
  void clear_history() noexcept {
    if (ring_silent_) return;
    for (auto& ring : rings_) std::fill(ring.begin(), ring.end(), T(0));
    ring_silent_ = true;
  }

private:
  std::vector<std::vector<T>> rings_;  // input history per channel, for the latency delay
  std::vector<std::vector<T>> dry_;    // this part's dry signal per channel
  int capacity_ = 1;
  int write_ = 0;
  int max_latency_ = 0;
  int fade_samples_ = 1;
  double mix_ = 0.0;  // 0 wet .. 1 dry
  double target_ = 0.0;
  double step_ = 0.0;
  int remaining_ = 0;
  bool ring_silent_ = true;
};

}  // namespace plinth
