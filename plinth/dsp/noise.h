// Plinth DSP: white and pink noise.
//
// WhiteNoise: uniform in [-1, 1) (mean 0, variance 1/3), from a PCG32 generator
// (O'Neill's permuted congruential generator, XSH-RR output). Seeded; reset() restarts the
// same sequence, so renders are reproducible.
// PinkNoise: white noise through a sum of first-order low-passes whose poles and gains
// follow Paul Kellet's "refined" pink filter design, which stays within about +-0.05 dB of
// -3.01 dB/octave from ~10 Hz up to the top of the audio band. Output scaled so its RMS is
// about 0.28 (measured; peaks can exceed 1, scale down if headroom matters).
//
//   plinth::dsp::PinkNoise<float> pink;
//   pink.prepare(48000.0, 512, 1);
//   pink.set_seed(1234);
//   pink.process(block);
#pragma once

#include <concepts>
#include <cstdint>
#include <span>

namespace plinth::dsp {

// PCG32 (XSH-RR): 64-bit LCG state, 32-bit output by xorshift-high then random rotation.
class Pcg32 {
public:
  explicit Pcg32(std::uint64_t seed = 0x853c49e6748fea9bULL) noexcept { seed_(seed); }
  void seed(std::uint64_t s) noexcept { seed_(s); }
  [[nodiscard]] std::uint32_t next() noexcept {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + kIncrement;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

private:
  static constexpr std::uint64_t kIncrement = 1442695040888963407ULL;  // any odd constant
  void seed_(std::uint64_t s) noexcept {
    state_ = 0;
    (void)next();
    state_ += s;
    (void)next();
  }
  std::uint64_t state_ = 0;
};

template <std::floating_point T>
class WhiteNoise {
public:
  void prepare(double /*sample_rate*/ = 48000.0, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept { reset(); }
  void reset() noexcept { rng_.seed(seed_); }
  void set_seed(std::uint64_t seed) noexcept {
    seed_ = seed;
    reset();
  }

  // Uniform in [-1, 1): the 32 random bits read as a signed integer, times 2^-31.
  [[nodiscard]] T process() noexcept {
    return static_cast<T>(static_cast<std::int32_t>(rng_.next())) * static_cast<T>(4.656612873077392578125e-10);
  }
  void process(std::span<T> out) noexcept {
    for (T& o : out) o = process();
  }

private:
  Pcg32 rng_{};
  std::uint64_t seed_ = 0x853c49e6748fea9bULL;
};

template <std::floating_point T>
class PinkNoise {
public:
  void prepare(double sample_rate = 48000.0, int max_block_size = 0, int channels = 1) noexcept {
    white_.prepare(sample_rate, max_block_size, channels);
    reset();
  }
  void reset() noexcept {
    white_.reset();
    for (T& b : state_) b = T(0);
  }
  void set_seed(std::uint64_t seed) noexcept {
    white_.set_seed(seed);
    reset();
  }

  [[nodiscard]] T process() noexcept {
    // Six parallel one-pole low-passes (poles spread so their sum approximates a
    // 1/sqrt(f) magnitude) plus a direct path; pole/gain values from Kellet's design.
    const T w = white_.process();
    T* b = state_;
    b[0] = static_cast<T>(0.99886) * b[0] + w * static_cast<T>(0.0555179);
    b[1] = static_cast<T>(0.99332) * b[1] + w * static_cast<T>(0.0750759);
    b[2] = static_cast<T>(0.96900) * b[2] + w * static_cast<T>(0.1538520);
    b[3] = static_cast<T>(0.86650) * b[3] + w * static_cast<T>(0.3104856);
    b[4] = static_cast<T>(0.55000) * b[4] + w * static_cast<T>(0.5329522);
    b[5] = static_cast<T>(-0.7616) * b[5] - w * static_cast<T>(0.0168980);
    const T pink = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * static_cast<T>(0.5362);
    b[6] = w * static_cast<T>(0.115926);
    return pink * kScale;
  }
  void process(std::span<T> out) noexcept {
    for (T& o : out) o = process();
  }

private:
  // Brings the RMS of the sum (about 1.9 for uniform white input) to about 0.3.
  static constexpr T kScale = static_cast<T>(0.16);
  WhiteNoise<T> white_{};
  T state_[7] = {};
};

}  // namespace plinth::dsp
