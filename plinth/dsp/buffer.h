// Plinth DSP: buffer operations over std::span.
//
// Loops written so g++ and clang vectorize them at -O2 and -O3 (checked with
// -fopt-info-vec-optimized and -Rpass=loop-vectorize; see docs/dsp/buffer.md):
//  - element-wise operations go through detail::transform_chunked (how, and why, there);
//  - reductions (peak, sum of squares) keep kLanes independent accumulators, since the
//    compiler may not reorder one floating-point accumulator without -ffast-math.
//
// Lengths: two-buffer operations work on min(src.size(), dst.size()) samples, so a short
// buffer never causes an overrun. A source may be the very same buffer as the destination
// (in place); partially overlapping, shifted buffers are not supported.
//
// Pan position is -1 (left) .. 0 (centre) .. +1 (right), clamped.
//   PanLaw::Linear         L = (1-p)/2, R = (1+p)/2              centre 0.5 (-6.02 dB)
//   PanLaw::ConstantPower  L = cos(th), R = sin(th), th=(p+1)pi/4 centre 0.7071 (-3.01 dB)
//   PanLaw::Minus4_5dB     sqrt(linear * constant power)          centre 0.5946 (-4.52 dB)
// Mid/side: M = (L+R)/2, S = (L-R)/2; back: L = M+S, R = M-S (round trip is exact up to
// rounding, and a centred mono source gives S = 0).
#pragma once

#include "plinth/dsp/decibel.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <span>
#include <type_traits>
#include <utility>

namespace plinth::dsp {

namespace detail {
inline constexpr std::size_t kLanes = 8;
inline constexpr std::size_t kRampSegment = std::size_t{1} << 24;

template <typename A, typename B>
[[nodiscard]] constexpr std::size_t common_size(const A& a, const B& b) noexcept {
  return std::min(a.size(), b.size());
}

// dst[i] = compute(i) for i in [0, n) (see the note at the top). For g++, the "ivdep"
// pragma states that no iteration depends on another (true when dst is either the very
// same buffer as the sources or separate from them), and the loop runs to a multiple of
// kLanes so that g++ 12 at -O2 (its "very cheap" cost model) needs no run-time overlap
// check or vector epilogue and vectorizes it; the remainder is a short scalar loop.
// clang vectorizes the plain loop at -O2 with a run-time check, so it gets that.
template <typename T, typename Compute>
inline void transform_chunked(T* dst, std::size_t n, Compute compute) noexcept {
#if defined(__clang__)
  // vectorized (clang): element-wise buffer operations (transform_chunked)
  for (std::size_t i = 0; i < n; ++i) dst[i] = compute(i);
#else
  const std::size_t blocks = n / kLanes * kLanes;
#pragma GCC ivdep
  // vectorized (g++): element-wise buffer operations (transform_chunked)
  for (std::size_t i = 0; i < blocks; ++i) dst[i] = compute(i);
  for (std::size_t i = blocks; i < n; ++i) dst[i] = compute(i);
#endif
}

// Two outputs per index: (a[i], b[i]) = compute(i), same scheme.
template <typename T, typename Compute>
inline void transform_chunked2(T* a, T* b, std::size_t n, Compute compute) noexcept {
  std::size_t start = 0;
#if !defined(__clang__)
  const std::size_t blocks = n / kLanes * kLanes;
#pragma GCC ivdep
  // vectorized (g++): two-output buffer operations (transform_chunked2)
  for (std::size_t i = 0; i < blocks; ++i) {
    const auto [x, y] = compute(i);
    a[i] = x;
    b[i] = y;
  }
  start = blocks;
#endif
  // vectorized (clang): two-output buffer operations (transform_chunked2)
  for (std::size_t i = start; i < n; ++i) {
    const auto [x, y] = compute(i);
    a[i] = x;
    b[i] = y;
  }
}
}  // namespace detail

// dst = 0
template <std::floating_point T>
inline void clear(std::span<T> dst) noexcept {
  std::fill(dst.begin(), dst.end(), T(0));
}

// dst = value
template <std::floating_point T>
inline void fill(std::span<T> dst, T value) noexcept {
  std::fill(dst.begin(), dst.end(), value);
}

// dst = src
template <std::floating_point T>
inline void copy(std::span<const T> src, std::span<T> dst) noexcept {
  const std::size_t n = detail::common_size(src, dst);
  if (n != 0 && src.data() != dst.data())
    std::copy_n(src.data(), n, dst.data());  // memmove: safe for overlap, memory speed
}

// dst += src
template <std::floating_point T>
inline void add(std::span<const T> src, std::span<T> dst) noexcept {
  const std::size_t n = detail::common_size(src, dst);
  const T* s = src.data();
  T* d = dst.data();
  detail::transform_chunked(d, n, [d, s](std::size_t i) { return d[i] + s[i]; });
}

// dst -= src
template <std::floating_point T>
inline void subtract(std::span<const T> src, std::span<T> dst) noexcept {
  const std::size_t n = detail::common_size(src, dst);
  const T* s = src.data();
  T* d = dst.data();
  detail::transform_chunked(d, n, [d, s](std::size_t i) { return d[i] - s[i]; });
}

// dst *= gain
template <std::floating_point T>
inline void scale(std::span<T> dst, T gain) noexcept {
  T* d = dst.data();
  detail::transform_chunked(d, dst.size(), [d, gain](std::size_t i) { return d[i] * gain; });
}

// dst = src * gain
template <std::floating_point T>
inline void copy_with_gain(std::span<const T> src, std::span<T> dst, T gain) noexcept {
  const std::size_t n = detail::common_size(src, dst);
  const T* s = src.data();
  T* d = dst.data();
  detail::transform_chunked(d, n, [s, gain](std::size_t i) { return s[i] * gain; });
}

// dst += src * gain  (mix a source into a bus)
template <std::floating_point T>
inline void add_with_gain(std::span<const T> src, std::span<T> dst, T gain) noexcept {
  const std::size_t n = detail::common_size(src, dst);
  const T* s = src.data();
  T* d = dst.data();
  detail::transform_chunked(d, n, [d, s, gain](std::size_t i) { return d[i] + s[i] * gain; });
}

// dst = a * gain_a + b * gain_b  (crossfade / dry-wet mix)
template <std::floating_point T>
inline void mix(std::span<const T> a, T gain_a, std::span<const T> b, T gain_b, std::span<T> dst) noexcept {
  const std::size_t n = std::min(detail::common_size(a, b), dst.size());
  const T* pa = a.data();
  const T* pb = b.data();
  T* d = dst.data();
  detail::transform_chunked(d, n, [pa, pb, gain_a, gain_b](std::size_t i) { return pa[i] * gain_a + pb[i] * gain_b; });
}

// dst[i] *= g(i), g going linearly from start_gain (i = 0) towards end_gain (reached at
// i = n, i.e. the first sample of the next block, so consecutive ramps join seamlessly).
template <std::floating_point T>
inline void apply_gain_ramp(std::span<T> dst, T start_gain, T end_gain) noexcept {
  const std::size_t n = dst.size();
  if (n == 0) return;
  if (start_gain == end_gain) {
    scale(dst, start_gain);
    return;
  }
  const T step = (end_gain - start_gain) / static_cast<T>(n);
  // Gain from the index, not by accumulation: no drift, and the loop vectorizes. The
  // index is converted from a 32-bit int (a packed conversion on x86, unlike 64-bit),
  // hence segments of at most 2^24 samples.
  for (std::size_t base = 0; base < n; base += detail::kRampSegment) {
    const std::size_t m = std::min(detail::kRampSegment, n - base);
    const T g0 = start_gain + step * static_cast<T>(base);
    T* d = dst.data() + base;
    detail::transform_chunked(d, m, [d, g0, step](std::size_t i) {
      return d[i] * (g0 + step * static_cast<T>(static_cast<std::int32_t>(i)));
    });
  }
}

// dst[i] += src[i] * g(i), with the same ramp as apply_gain_ramp.
template <std::floating_point T>
inline void add_with_gain_ramp(std::span<const T> src, std::span<T> dst, T start_gain, T end_gain) noexcept {
  const std::size_t n = detail::common_size(src, dst);
  if (n == 0) return;
  const T step = (end_gain - start_gain) / static_cast<T>(n);
  for (std::size_t base = 0; base < n; base += detail::kRampSegment) {
    const std::size_t m = std::min(detail::kRampSegment, n - base);
    const T g0 = start_gain + step * static_cast<T>(base);
    const T* s = src.data() + base;
    T* d = dst.data() + base;
    detail::transform_chunked(d, m, [d, s, g0, step](std::size_t i) {
      return d[i] + s[i] * (g0 + step * static_cast<T>(static_cast<std::int32_t>(i)));
    });
  }
}

// Largest absolute value (0 for an empty buffer). NaN samples are ignored.
template <std::floating_point T>
[[nodiscard]] inline T peak(std::span<const T> src) noexcept {
  constexpr std::size_t L = detail::kLanes;
  const std::size_t n = src.size();
  const std::size_t blocks = n / L * L;
  const T* s = src.data();
  T lanes[L] = {};
  for (std::size_t i = 0; i < blocks; i += L)
    for (std::size_t k = 0; k < L; ++k) {
      const T a = std::abs(s[i + k]);
      lanes[k] = a > lanes[k] ? a : lanes[k];
    }
  T m = T(0);
  for (std::size_t k = 0; k < L; ++k) m = lanes[k] > m ? lanes[k] : m;
  for (std::size_t i = blocks; i < n; ++i) {
    const T a = std::abs(s[i]);
    m = a > m ? a : m;
  }
  return m;
}

// Sum of squares, accumulated in kLanes partial sums.
template <std::floating_point T>
[[nodiscard]] inline T sum_of_squares(std::span<const T> src) noexcept {
  constexpr std::size_t L = detail::kLanes;
  const std::size_t n = src.size();
  const std::size_t blocks = n / L * L;
  const T* s = src.data();
  T lanes[L] = {};
  // vectorized (g++): sum_of_squares (clang packs the unrolled lanes with its SLP pass)
  for (std::size_t i = 0; i < blocks; i += L)
    for (std::size_t k = 0; k < L; ++k) lanes[k] += s[i + k] * s[i + k];
  T sum = T(0);
  for (std::size_t k = 0; k < L; ++k) sum += lanes[k];
  for (std::size_t i = blocks; i < n; ++i) sum += s[i] * s[i];
  return sum;
}

// Root mean square (0 for an empty buffer).
template <std::floating_point T>
[[nodiscard]] inline T rms(std::span<const T> src) noexcept {
  if (src.empty()) return T(0);
  return std::sqrt(sum_of_squares(src) / static_cast<T>(src.size()));
}

// Finiteness (no NaN or infinity) of any number of blocks, as one read-only pass over the
// bits with one reduction at the end: add() each block, then ask all_finite().
// Floats shifted left once (dropping the sign) are below 0xff000000 exactly when finite,
// so one unsigned max over the samples answers (SHIFT and MAX per sample). Doubles: x86
// has no 64-bit unsigned max before AVX-512, so the exponent's lowest bit is added to the
// masked exponent, which carries into the sign bit only when the exponent is all ones
// (AND, ADD, OR per sample). Independent accumulators of a GNU vector type (two SSE2
// registers, or one AVX2 register) keep the loop bound by loads, not by one accumulator's
// latency. Always inlined, so a caller built for a wider vector unit (the core's AVX2
// clone, plinth/core/plugin.cpp) compiles its own copy.
template <std::floating_point T>
class FiniteScan {
public:
  [[gnu::always_inline]] void add(const T* x, std::size_t n) noexcept {
    std::size_t i = 0;
    if constexpr (std::is_same_v<T, float>) {
      for (; i + 4 * width <= n; i += 4 * width) {
        Lanes v0, v1, v2, v3;
        std::memcpy(&v0, x + i, sizeof v0);
        std::memcpy(&v1, x + i + width, sizeof v1);
        std::memcpy(&v2, x + i + 2 * width, sizeof v2);
        std::memcpy(&v3, x + i + 3 * width, sizeof v3);
        v0 <<= 1;
        v1 <<= 1;
        v2 <<= 1;
        v3 <<= 1;
        a0_ = v0 > a0_ ? v0 : a0_;
        a1_ = v1 > a1_ ? v1 : a1_;
        a2_ = v2 > a2_ ? v2 : a2_;
        a3_ = v3 > a3_ ? v3 : a3_;
      }
      for (; i < n; ++i) tail_ = std::max(tail_, std::bit_cast<std::uint32_t>(x[i]) << 1);
    } else if constexpr (std::is_same_v<T, double>) {
      for (; i + 2 * width <= n; i += 2 * width) {
        Lanes v0, v1;
        std::memcpy(&v0, x + i, sizeof v0);
        std::memcpy(&v1, x + i + width, sizeof v1);
        a0_ |= (v0 & exponent) + lowest_exponent_bit;
        a1_ |= (v1 & exponent) + lowest_exponent_bit;
      }
      for (; i < n; ++i) tail_ |= (std::bit_cast<std::uint64_t>(x[i]) & exponent) + lowest_exponent_bit;
    } else {
      for (; i < n; ++i) tail_ = tail_ || !std::isfinite(x[i]);
    }
  }

  [[nodiscard, gnu::always_inline]] bool all_finite() const noexcept {
    if constexpr (std::is_same_v<T, float>) {
      Lanes top = a1_ > a0_ ? a1_ : a0_;
      const Lanes top23 = a3_ > a2_ ? a3_ : a2_;
      top = top23 > top ? top23 : top;
      std::uint32_t t = tail_;
      for (std::size_t k = 0; k < width; ++k) t = std::max(t, top[k]);
      return t < 0xff000000u;
    } else if constexpr (std::is_same_v<T, double>) {
      const Lanes acc = a0_ | a1_;
      std::uint64_t t = tail_;
      for (std::size_t k = 0; k < width; ++k) t |= acc[k];
      return (t >> 63) == 0;
    } else {
      return !tail_;
    }
  }

private:
  static constexpr std::uint64_t exponent = 0x7ff0000000000000u;
  static constexpr std::uint64_t lowest_exponent_bit = exponent & ~(exponent << 1);
  using Word = std::conditional_t<std::is_same_v<T, float>, std::uint32_t,
                                  std::conditional_t<std::is_same_v<T, double>, std::uint64_t, bool>>;
  using Lanes = std::conditional_t<std::is_same_v<T, float>, std::uint32_t __attribute__((vector_size(32))),
                                   std::uint64_t __attribute__((vector_size(32)))>;
  static constexpr std::size_t width = sizeof(Lanes) / sizeof(std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>);
  Lanes a0_{}, a1_{}, a2_{}, a3_{};  // doubles use the first two
  Word tail_{};
};

// True if every sample is finite (no NaN or infinity).
template <std::floating_point T>
[[nodiscard, gnu::always_inline]] inline bool all_finite(std::span<const T> src) noexcept {
  FiniteScan<T> scan;
  scan.add(src.data(), src.size());
  return scan.all_finite();
}

// Replace NaN and infinite samples with zero; returns how many were replaced.
template <std::floating_point T>
inline std::size_t sanitize(std::span<T> dst) noexcept {
  std::size_t bad = 0;
  for (T& v : dst)
    if (!std::isfinite(v)) {
      v = T(0);
      ++bad;
    }
  return bad;
}

// ---- interleaving ----

// interleaved[frame * channels + c] = channels[c][frame]. num_frames is clamped so no span
// is overrun; returns the frames written.
template <std::floating_point T>
inline std::size_t interleave(std::span<const T* const> channels, std::size_t num_frames,
                              std::span<T> interleaved) noexcept {
  const std::size_t nc = channels.size();
  if (nc == 0) return 0;
  num_frames = std::min(num_frames, interleaved.size() / nc);
  for (std::size_t c = 0; c < nc; ++c) {
    const T* src = channels[c];
    T* d = interleaved.data() + c;
    for (std::size_t i = 0; i < num_frames; ++i) d[i * nc] = src[i];
  }
  return num_frames;
}

// channels[c][frame] = interleaved[frame * channels + c]; returns the frames read.
template <std::floating_point T>
inline std::size_t deinterleave(std::span<const T> interleaved, std::span<T* const> channels,
                                std::size_t num_frames) noexcept {
  const std::size_t nc = channels.size();
  if (nc == 0) return 0;
  num_frames = std::min(num_frames, interleaved.size() / nc);
  for (std::size_t c = 0; c < nc; ++c) {
    const T* s = interleaved.data() + c;
    T* dst = channels[c];
    for (std::size_t i = 0; i < num_frames; ++i) dst[i] = s[i * nc];
  }
  return num_frames;
}

// Stereo fast paths (the common case): out = L0 R0 L1 R1 ...
template <std::floating_point T>
inline void interleave_stereo(std::span<const T> left, std::span<const T> right, std::span<T> out) noexcept {
  const std::size_t n = std::min(detail::common_size(left, right), out.size() / 2);
  const T* l = left.data();
  const T* r = right.data();
  T* o = out.data();
  // Plain loop: g++ -O3 vectorizes it (with shuffles; a chunked form made g++'s code
  // slower); clang's loop vectorizer leaves it to its SLP pass.
  // vectorized (g++): interleave_stereo
  for (std::size_t i = 0; i < n; ++i) {
    o[2 * i] = l[i];
    o[2 * i + 1] = r[i];
  }
}

template <std::floating_point T>
inline void deinterleave_stereo(std::span<const T> in, std::span<T> left, std::span<T> right) noexcept {
  const std::size_t n = std::min(detail::common_size(left, right), in.size() / 2);
  const T* s = in.data();
  T* l = left.data();
  T* r = right.data();
  detail::transform_chunked2(l, r, n, [s](std::size_t i) { return std::pair<T, T>{s[2 * i], s[2 * i + 1]}; });
}

// ---- panning ----

enum class PanLaw { Linear, ConstantPower, Minus4_5dB };

template <std::floating_point T>
struct PanGains {
  T left;
  T right;
};

// Gains for a pan position in [-1, 1] (clamped; NaN counts as centre).
template <std::floating_point T>
[[nodiscard]] inline PanGains<T> pan_gains(T pan, PanLaw law) noexcept {
  if (!(pan >= T(-1))) pan = (pan < T(-1)) ? T(-1) : T(0);
  pan = std::min(pan, T(1));
  const T lin_l = (T(1) - pan) * T(0.5);
  const T lin_r = (T(1) + pan) * T(0.5);
  if (law == PanLaw::Linear) return {lin_l, lin_r};
  const T theta = (pan + T(1)) * (std::numbers::pi_v<T> / T(4));
  const T cp_l = std::cos(theta);
  const T cp_r = std::sin(theta);
  if (law == PanLaw::ConstantPower) return {cp_l, cp_r};
  // -4.5 dB law: geometric mean of the two (halfway between them in dB).
  return {std::sqrt(lin_l * cp_l), std::sqrt(lin_r * cp_r)};
}

// left = src * gL, right = src * gR
template <std::floating_point T>
inline void pan_mono(std::span<const T> src, std::span<T> left, std::span<T> right, T pan, PanLaw law) noexcept {
  const PanGains<T> g = pan_gains(pan, law);
  copy_with_gain(src, left, g.left);
  copy_with_gain(src, right, g.right);
}

// ---- mid/side ----

// In place: (left, right) -> (mid, side).
template <std::floating_point T>
inline void left_right_to_mid_side(std::span<T> left, std::span<T> right) noexcept {
  const std::size_t n = detail::common_size(left, right);
  T* l = left.data();
  T* r = right.data();
  detail::transform_chunked2(l, r, n, [l, r](std::size_t i) {
    return std::pair<T, T>{(l[i] + r[i]) * T(0.5), (l[i] - r[i]) * T(0.5)};
  });
}

// In place: (mid, side) -> (left, right).
template <std::floating_point T>
inline void mid_side_to_left_right(std::span<T> mid, std::span<T> side) noexcept {
  const std::size_t n = detail::common_size(mid, side);
  T* m = mid.data();
  T* s = side.data();
  detail::transform_chunked2(m, s, n, [m, s](std::size_t i) { return std::pair<T, T>{m[i] + s[i], m[i] - s[i]}; });
}

// ---- levels in dB ----

template <std::floating_point T>
[[nodiscard]] inline T peak_decibels(std::span<const T> src, T minus_infinity_db = T(kMinusInfinityDb)) noexcept {
  return gain_to_decibels(peak(src), minus_infinity_db);
}

template <std::floating_point T>
[[nodiscard]] inline T rms_decibels(std::span<const T> src, T minus_infinity_db = T(kMinusInfinityDb)) noexcept {
  return gain_to_decibels(rms(src), minus_infinity_db);
}

}  // namespace plinth::dsp
