// Plinth DSP: N independent biquads run side by side, one per lane (channels of a
// multichannel bus, or the filters of N synth voices), each lane with its own coefficients.
//
// A single biquad is latency-bound: every output waits for the previous one (a multiply and
// a subtract per sample), so one channel after another leaves the vector unit idle. Here
// the recursion runs over all lanes at once, one vector of N lanes per sample, so N
// channels cost about what one costs. Each block is handled in chunks of kChunk frames:
// the lanes' samples are gathered into a frame-major scratch (lane fastest), the vector
// recursion runs, and the results are scattered back.
//
// SIMD choice: GNU vector extensions (T __attribute__((vector_size))), which g++ and clang
// both compile to packed instructions whatever the optimizer decides, and which buffer.h's
// all_finite already uses. A plain lane loop was tried first: clang packs it (SLP), g++ 12
// leaves it scalar, and nothing would catch the day clang stops. std::experimental::simd
// is not in libc++ and xsimd/Highway would add a dependency to a header-only library.
// See docs/dsp/filter.md.
//
// Same transposed direct form II and the same coefficients as Biquad<T> (BiquadCoefficients
// ::design), so each lane's output equals a Biquad's to rounding; coefficients change at
// once (no glide; use Biquad for automated single filters). Non-finite input is scrubbed;
// non-finite state (which finite input cannot produce) is cleared per block.
//
//   BiquadBank<float, 8> bank;
//   bank.set_parameters(lane, BiquadType::LowPass, 48000.0, 1000.0, 0.707);
//   bank.process(channel_pointers, num_frames);   // channel_pointers: N pointers
#pragma once

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstring>
#include <span>

#include "plinth/dsp/biquad.h"
#include "plinth/dsp/lane_vector.h"
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

template <std::floating_point T, std::size_t N>
class BiquadBank {
  static_assert(N >= 2 && (N & (N - 1)) == 0 && N * sizeof(T) <= 64, "lanes: a power of two, at most 64 bytes");
  using Vec = typename detail::LaneVector<T, N * sizeof(T)>::type;

public:
  static constexpr std::size_t kLanes = N;
  static constexpr std::size_t kChunk = 32;

  void reset() noexcept {
    w_.fill(T(0));
    y_prev_.fill(T(0));
    s2_.fill(T(0));
  }

  void set_coefficients(std::size_t lane, const BiquadCoefficients<T>& c) noexcept {
    if (lane >= N) return;
    if (!(std::isfinite(c.b0) && std::isfinite(c.b1) && std::isfinite(c.b2) && std::isfinite(c.a1) &&
          std::isfinite(c.a2)))
      return;
    b0_[lane] = c.b0;
    b1_[lane] = c.b1;
    b2_[lane] = c.b2;
    a1_[lane] = c.a1;
    a2_[lane] = c.a2;
  }
  void set_parameters(std::size_t lane, BiquadType type, double sample_rate, double hz, double q,
                      double gain_db = 0.0) noexcept {
    set_coefficients(lane, BiquadCoefficients<T>::design(type, sample_rate, hz, q, gain_db));
  }

  // In place: lane c processes channels[c][0 .. frames).
  void process(std::span<T* const, N> channels, std::size_t frames) noexcept {
    for (std::size_t c = 0; c < N; ++c) scrub_non_finite(std::span<T>(channels[c], frames));
    alignas(64) std::array<T, kChunk * N> scratch;
    for (std::size_t start = 0; start < frames; start += kChunk) {
      const std::size_t n = frames - start < kChunk ? frames - start : kChunk;
      for (std::size_t c = 0; c < N; ++c) {
        const T* in = channels[c] + start;
        for (std::size_t i = 0; i < n; ++i) scratch[i * N + c] = in[i];
      }
      run(scratch.data(), n);
      for (std::size_t c = 0; c < N; ++c) {
        T* out = channels[c] + start;
        for (std::size_t i = 0; i < n; ++i) out[i] = scratch[i * N + c];
      }
    }
    bool finite = true;
    for (std::size_t c = 0; c < N; ++c) finite = finite && std::isfinite(w_[c]) && std::isfinite(s2_[c]);
    if (!finite) reset();
  }

  // Frame-major (interleaved) in place: frames[i * N + c] is lane c's sample i.
  void process_interleaved(std::span<T> interleaved) noexcept {
    scrub_non_finite(interleaved);
    run(interleaved.data(), interleaved.size() / N);
    bool finite = true;
    for (std::size_t c = 0; c < N; ++c) finite = finite && std::isfinite(w_[c]) && std::isfinite(s2_[c]);
    if (!finite) reset();
  }

private:
  // Vectors are only loaded and stored with memcpy here, never passed to or returned from
  // a function: a vector wider than the target's registers would change the call ABI.
  // As in Biquad's steady loop, the first state s1 is carried as w - a1 y_prev
  // (w = b1 x + s2), so the chain from one output to the next is one multiply and one
  // subtract. The state is kept in that form (w, y_prev, s2) between calls.
  void run(T* x, std::size_t frames) noexcept {
    Vec b0, b1, b2, a1, a2, w, y_prev, s2;
    std::memcpy(&b0, b0_.data(), sizeof(Vec));
    std::memcpy(&b1, b1_.data(), sizeof(Vec));
    std::memcpy(&b2, b2_.data(), sizeof(Vec));
    std::memcpy(&a1, a1_.data(), sizeof(Vec));
    std::memcpy(&a2, a2_.data(), sizeof(Vec));
    std::memcpy(&w, w_.data(), sizeof(Vec));
    std::memcpy(&y_prev, y_prev_.data(), sizeof(Vec));
    std::memcpy(&s2, s2_.data(), sizeof(Vec));
    for (std::size_t i = 0; i < frames; ++i) {
      Vec in;
      std::memcpy(&in, x + i * N, sizeof(Vec));
      const Vec y = (b0 * in + w) - a1 * y_prev;
      w = b1 * in + s2;
      s2 = b2 * in - a2 * y;
      y_prev = y;
      std::memcpy(x + i * N, &y, sizeof(Vec));
    }
    std::memcpy(w_.data(), &w, sizeof(Vec));
    std::memcpy(y_prev_.data(), &y_prev, sizeof(Vec));
    std::memcpy(s2_.data(), &s2, sizeof(Vec));
  }

  alignas(64) std::array<T, N> b0_ = filled(T(1)), b1_{}, b2_{}, a1_{}, a2_{}, w_{}, y_prev_{}, s2_{};

  static constexpr std::array<T, N> filled(T v) noexcept {
    std::array<T, N> a{};
    a.fill(v);
    return a;
  }
};

}  // namespace plinth::dsp
