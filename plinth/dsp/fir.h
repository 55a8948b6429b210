// Plinth DSP: FIR filter by direct convolution with a given kernel.
//
//   y[n] = sum_{k=0}^{L-1} h[k] x[n-k]
//
// The history is kept twice over (every sample written at i and i + L), so the L most
// recent inputs are always one contiguous run and each output is a plain dot product with
// the kernel, computed in kLanes partial sums so it vectorizes. Cost is O(L) per sample:
// right for short kernels (up to a few hundred taps); use FFT convolution for long ones.
//
// set_kernel() stores the kernel and may allocate: call it from the main thread, before
// prepare() or while not processing. prepare() sizes the history for the current kernel.
// Kernel length 1 .. 65536 (longer is truncated; an empty kernel means identity).
//
//   FirFilter<float> fir;
//   fir.set_kernel(taps);              // std::span<const float>
//   fir.prepare(48000.0, 512, 2);
//   fir.process(block, channel);
#pragma once

#include "plinth/dsp/filter_parameters.h"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T>
class FirFilter {
public:
  static constexpr std::size_t kMaxKernel = 65536;

  FirFilter() { kernel_.assign(1, T(1)); }

  // Not real-time safe (allocates). Non-finite taps are replaced by 0.
  void set_kernel(std::span<const T> kernel) {
    const std::size_t n = std::min(kernel.size(), kMaxKernel);
    if (n == 0) {
      kernel_.assign(1, T(1));
    } else {
      kernel_.assign(kernel.begin(), kernel.begin() + static_cast<std::ptrdiff_t>(n));
      for (T& t : kernel_)
        if (!std::isfinite(t)) t = T(0);
    }
    if (!history_.empty()) allocate_history(channels_);
  }

  void prepare(double /*sample_rate*/, int /*max_block_size*/, int channels) {
    allocate_history(static_cast<std::size_t>(FilterLimits::channels(channels)));
  }

  void reset() noexcept {
    std::fill(history_.begin(), history_.end(), T(0));
    std::fill(position_.begin(), position_.end(), std::size_t{0});
  }

  [[nodiscard]] std::size_t length() const noexcept { return kernel_.size(); }
  [[nodiscard]] std::span<const T> kernel() const noexcept { return kernel_; }

  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_) return x;
    const std::size_t L = kernel_.size();
    T* h = history_.data() + static_cast<std::size_t>(channel) * 2 * L;
    std::size_t& pos = position_[static_cast<std::size_t>(channel)];
    // Newest sample at pos; older ones follow at pos+1 .. pos+L-1 (the mirror copy
    // keeps that run contiguous).
    pos = (pos == 0) ? L - 1 : pos - 1;
    h[pos] = x;
    h[pos + L] = x;
    const T y = dot(kernel_.data(), h + pos, L);
    if (!std::isfinite(y)) {
      // Keep NaN/inf from living in the history for L samples after it stops.
      h[pos] = h[pos + L] = T(0);
    }
    return y;
  }

  void process(std::span<T> block, int channel = 0) noexcept {
    scrub_non_finite(block);
    for (T& x : block) x = process(x, channel);
  }

private:
  void allocate_history(std::size_t channels) {
    channels_ = channels;
    history_.assign(2 * kernel_.size() * channels, T(0));
    position_.assign(channels, 0);
  }

  static T dot(const T* a, const T* b, std::size_t n) noexcept {
    constexpr std::size_t kLanes = 8;
    T lanes[kLanes] = {};
    const std::size_t blocks = n / kLanes * kLanes;
    // vectorized (g++): FIR dot product (clang packs the unrolled lanes with its SLP pass)
    for (std::size_t i = 0; i < blocks; i += kLanes)
      for (std::size_t k = 0; k < kLanes; ++k) lanes[k] += a[i + k] * b[i + k];
    T sum = T(0);
    for (std::size_t i = blocks; i < n; ++i) sum += a[i] * b[i];
    for (std::size_t k = 0; k < kLanes; ++k) sum += lanes[k];
    return sum;
  }

  std::vector<T> kernel_;
  std::vector<T> history_;
  std::vector<std::size_t> position_;
  std::size_t channels_ = 0;
};

}  // namespace plinth::dsp
