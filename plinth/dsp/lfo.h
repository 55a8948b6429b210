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

// Length of a note value in quarter notes: note_fraction 1/4 is one quarter, 1/1 is four.
// Dotted notes last 3/2 as long, triplets 2/3. note_fraction clamped to [1/256, 64].
[[nodiscard]] constexpr double note_length_in_quarters(double note_fraction,
                                                       NoteModifier modifier = NoteModifier::straight) noexcept {
  const double f = (note_fraction >= 1.0 / 256.0) ? std::min(note_fraction, 64.0) : 1.0 / 256.0;
  const double factor = modifier == NoteModifier::dotted ? 1.5 : modifier == NoteModifier::triplet ? 2.0 / 3.0 : 1.0;
  return 4.0 * f * factor;
}

// Frequency in Hz of one cycle per note value at the given tempo (BPM clamped to
// [1, 1000]). 1/4 at 120 BPM is 2 Hz.
[[nodiscard]] inline double tempo_sync_hz(double bpm, double note_fraction,
                                          NoteModifier modifier = NoteModifier::straight) noexcept {
  const double b = (bpm >= 1.0) ? std::min(bpm, 1000.0) : 1.0;
  return (b / 60.0) / note_length_in_quarters(note_fraction, modifier);
}

// LFO phase in [0, 1) at song position ppq (in quarter notes), for a cycle lasting
// cycle_quarters quarter notes (e.g. note_length_in_quarters(1.0 / 8)) plus a phase offset in
// turns. Lets an LFO restart in step with the host's transport after a jump.
[[nodiscard]] inline double phase_from_ppq(double ppq, double cycle_quarters, double phase_offset = 0.0) noexcept {
  if (!std::isfinite(ppq) || !std::isfinite(cycle_quarters) || cycle_quarters <= 0.0) return 0.0;
  const double p = ppq / cycle_quarters + (std::isfinite(phase_offset) ? phase_offset : 0.0);
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
  void set_increment(double turns) noexcept {
    const double w = 2.0 * std::numbers::pi * (std::isfinite(turns) ? turns : 0.0);
    step_cos_ = std::cos(w);
    step_sin_ = std::sin(w);
  }
  void set_frequency(double hz, double sample_rate) noexcept { set_increment(hz / sample_rate); }
  // Phase in turns.
  void set_phase(double turns) noexcept {
    const double w = 2.0 * std::numbers::pi * (std::isfinite(turns) ? turns : 0.0);
    cos_ = std::cos(w);
    sin_ = std::sin(w);
  }
  [[nodiscard]] double sin() const noexcept { return sin_; }
  [[nodiscard]] double cos() const noexcept { return cos_; }
  void advance() noexcept {
    const double c = cos_ * step_cos_ - sin_ * step_sin_;
    const double s = sin_ * step_cos_ + cos_ * step_sin_;
    // First-order correction of the radius towards 1 (errors are ~1e-16 per step).
    const double k = 1.5 - 0.5 * (c * c + s * s);
    cos_ = c * k;
    sin_ = s * k;
  }

private:
  double cos_ = 1.0, sin_ = 0.0;
  double step_cos_ = 1.0, step_sin_ = 0.0;
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

  BlockSine() noexcept { set_increment(0.0); }

  // Increment per sample in turns; rebuilds the table (kChunk complex multiplies).
  void set_increment(double turns) noexcept {
    RotatingPhasor r;
    r.set_increment(std::isfinite(turns) ? turns : 0.0);
    for (std::size_t j = 0; j <= kChunk; ++j) {
      cos_table_[j] = r.cos();
      sin_table_[j] = r.sin();
      r.advance();
    }
  }
  void set_frequency(double hz, double sample_rate) noexcept { set_increment(hz / sample_rate); }
  void set_phase(double turns) noexcept {
    const double w = 2.0 * std::numbers::pi * (std::isfinite(turns) ? turns : 0.0);
    cos_ = std::cos(w);
    sin_ = std::sin(w);
  }
  [[nodiscard]] double sin() const noexcept { return sin_; }

  // Replaces each sample x of `block` by f(x, sine), generating the sine kChunk samples at
  // a time: the block loop the modulation effects share.
  template <std::floating_point T, typename F>
  void apply(std::span<T> block, F&& f) noexcept {
    std::array<T, kChunk> sine;
    std::size_t done = 0;
    while (done < block.size()) {
      const int n = static_cast<int>(std::min<std::size_t>(kChunk, block.size() - done));
      fill(sine.data(), n);
      T* p = block.data() + done;
      for (int j = 0; j < n; ++j) p[j] = f(p[j], sine[static_cast<std::size_t>(j)]);
      done += static_cast<std::size_t>(n);
    }
  }

  // Writes the sine at the next n samples (n clamped to [0, kChunk]) and advances by n.
  template <typename U>
  void fill(U* out, int n) noexcept {
    n = std::clamp(n, 0, kChunk);
    const double s0 = sin_, c0 = cos_;
    // vectorized: BlockSine::fill (the modulation effects' LFO)
    for (int j = 0; j < n; ++j) {
      out[j] =
          static_cast<U>(s0 * cos_table_[static_cast<std::size_t>(j)] + c0 * sin_table_[static_cast<std::size_t>(j)]);
    }
    const double cn = cos_table_[static_cast<std::size_t>(n)], sn = sin_table_[static_cast<std::size_t>(n)];
    const double c = c0 * cn - s0 * sn;
    const double s = s0 * cn + c0 * sn;
    const double k = 1.5 - 0.5 * (c * c + s * s);
    cos_ = c * k;
    sin_ = s * k;
  }

private:
  std::array<double, kChunk + 1> cos_table_{};
  std::array<double, kChunk + 1> sin_table_{};
  double cos_ = 1.0, sin_ = 0.0;
};

// ---------------------------------------------------------------------------------------
// Lfo
// ---------------------------------------------------------------------------------------

enum class LfoShape { sine, triangle, saw_up, saw_down, square, sample_and_hold, smooth_random };

// Bipolar output in [-1, 1]. With phase p in turns:
//   sine     sin(2 pi p)
//   triangle 0 at p = 0, +1 at 1/4, 0 at 1/2, -1 at 3/4 (in phase with the sine)
//   saw_up    2p - 1,  saw_down 1 - 2p
//   square   +1 for p < 1/2, -1 after
//   sample_and_hold  a new uniform random value at each cycle start, held
//   smooth_random   cosine-interpolated between successive random values, one per cycle
template <std::floating_point T>
class Lfo {
public:
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0) ? sample_rate : 48000.0;
    set_frequency(frequency_);
    reset();
  }

  // Restarts at the phase offset and re-seeds the random shapes (deterministic).
  void reset() noexcept {
    phase_ = offset_;
    rng_ = seed_;
    prev_ = next_random();
    next_ = next_random();
  }

  // Frequency in Hz, clamped to [0, sample_rate / 4].
  void set_frequency(double hz) noexcept {
    frequency_ = std::isfinite(hz) ? std::clamp(hz, 0.0, sample_rate_ * 0.25) : 0.0;
    increment_ = frequency_ / sample_rate_;
  }
  [[nodiscard]] double frequency() const noexcept { return frequency_; }

  // One cycle per note value at the given tempo (see tempo_sync_hz).
  void set_tempo_sync(double bpm, double note_fraction, NoteModifier modifier = NoteModifier::straight) noexcept {
    set_frequency(tempo_sync_hz(bpm, note_fraction, modifier));
  }

  void set_shape(LfoShape shape) noexcept { shape_ = shape; }
  [[nodiscard]] LfoShape shape() const noexcept { return shape_; }

  // Phase offset in turns (wrapped into [0, 1)); shifts the running phase too.
  void set_phase_offset(double turns) noexcept {
    const double o = wrap(std::isfinite(turns) ? turns : 0.0);
    phase_ = wrap(phase_ + o - offset_);
    offset_ = o;
  }
  // Sets the current phase (turns, offset added), e.g. from phase_from_ppq.
  void set_phase(double turns) noexcept { phase_ = wrap((std::isfinite(turns) ? turns : 0.0) + offset_); }
  // Jump to where the LFO would be at song position ppq for a cycle of cycle_quarters.
  void sync_to_ppq(double ppq, double cycle_quarters) noexcept {
    phase_ = phase_from_ppq(ppq, cycle_quarters, offset_);
  }
  [[nodiscard]] double phase() const noexcept { return phase_; }

  void set_seed(std::uint32_t seed) noexcept { seed_ = seed != 0 ? seed : 0x9e3779b9u; }

  // Value at the current phase, then advance by one sample.
  [[nodiscard]] T process() noexcept {
    const T v = current();
    phase_ += increment_;
    if (phase_ >= 1.0) {
      phase_ -= std::floor(phase_);
      prev_ = next_;
      next_ = next_random();
    }
    return v;
  }
  void process(std::span<T> out) noexcept {
    for (auto& s : out) s = process();
  }

  // Value at the current phase without advancing.
  [[nodiscard]] T current() const noexcept {
    switch (shape_) {
      case LfoShape::sample_and_hold: return static_cast<T>(prev_);
      case LfoShape::smooth_random: {
        const double k = 0.5 - 0.5 * std::cos(std::numbers::pi * phase_);
        return static_cast<T>(prev_ + (next_ - prev_) * k);
      }
      default: return shape_at(shape_, phase_);
    }
  }

  // Deterministic shapes at a phase in turns (random shapes return 0).
  [[nodiscard]] static T shape_at(LfoShape shape, double phase) noexcept {
    const double p = wrap(phase);
    switch (shape) {
      case LfoShape::sine: return static_cast<T>(std::sin(2.0 * std::numbers::pi * p));
      case LfoShape::triangle: {
        const double q = wrap(p + 0.25);  // starts at -1 for q = 0
        return static_cast<T>(q < 0.5 ? 4.0 * q - 1.0 : 3.0 - 4.0 * q);
      }
      case LfoShape::saw_up: return static_cast<T>(2.0 * p - 1.0);
      case LfoShape::saw_down: return static_cast<T>(1.0 - 2.0 * p);
      case LfoShape::square: return p < 0.5 ? T(1) : T(-1);
      default: return T(0);
    }
  }

  // Maps a bipolar value in [-1, 1] to [0, 1].
  [[nodiscard]] static T unipolar(T v) noexcept { return T(0.5) * (v + T(1)); }

private:
  static double wrap(double p) noexcept {
    const double w = p - std::floor(p);
    return w >= 1.0 ? 0.0 : w;
  }

  // xorshift32 -> uniform in [-1, 1].
  double next_random() noexcept {
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 17;
    rng_ ^= rng_ << 5;
    return static_cast<double>(rng_) / 2147483647.5 - 1.0;
  }

  double sample_rate_ = 48000.0;
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
