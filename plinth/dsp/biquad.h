// Plinth DSP: RBJ cookbook biquads, safe under modulation.
//
// Types: LowPass, HighPass, BandPass (0 dB peak), Notch, Peak, LowShelf, HighShelf,
// AllPass, with the formulas of Robert Bristow-Johnson's "Audio EQ Cookbook" (the shelves
// use its Q form: alpha = sin(w0) / (2Q)). Designs are computed in double.
//
// Structure: transposed direct form II,
//     y  = b0 x + s1
//     s1 = b1 x - a1 y + s2
//     s2 = b2 x - a2 y
// chosen because it needs two state values per channel, has good float behaviour (the
// states hold output-scaled values, no large intermediate sums as in direct form II) and
// keeps working when coefficients change between samples.
//
// Modulation: a parameter change does not jump. The five coefficients glide linearly to
// the new design over the smoothing time (default 5 ms; set_smoothing_time). Every point
// on the glide is a stable filter: the stable (a1, a2) region of a second-order
// denominator is the triangle |a2| < 1, |a1| < 1 + a2, which is convex, so any mix of two
// stable designs is stable. reset() (and prepare()) jump straight to the target.
//
// Ranges (clamped, see filter_parameters.h): frequency 1 Hz .. 0.49 fs, Q 0.05 .. 50,
// gain -48 .. +48 dB (Peak and shelves only), smoothing 0 .. 1 s.
//
// Usage:
//   Biquad<float> eq;
//   eq.set_parameters(BiquadType::Peak, 1000.0, 0.7, 6.0);
//   eq.prepare(48000.0, 512, 2);
//   eq.process(leftBlock, 0); eq.process(rightBlock, 1);
#pragma once

#include "plinth/dsp/filter_parameters.h"

#include <cmath>
#include <complex>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>
#include "plinth/dsp/non_finite.h"

namespace plinth::dsp {

enum class BiquadType { LowPass, HighPass, BandPass, Notch, Peak, LowShelf, HighShelf, AllPass };

// Normalized coefficients (a0 = 1).
template <std::floating_point T>
struct BiquadCoefficients {
  T b0 = T(1), b1 = T(0), b2 = T(0), a1 = T(0), a2 = T(0);

  // RBJ design. Parameters are clamped to the documented ranges.
  [[nodiscard]] static BiquadCoefficients design(BiquadType type, double sample_rate, double frequency, double q,
                                                 double gain_db = 0.0) noexcept {
    sample_rate = FilterLimits::sample_rate(sample_rate);
    frequency = FilterLimits::frequency(frequency, sample_rate);
    q = FilterLimits::q(q);
    gain_db = FilterLimits::gain_db(gain_db);

    const double w0 = 2.0 * std::numbers::pi * frequency / sample_rate;
    const double cw = std::cos(w0);
    const double sw = std::sin(w0);
    const double alpha = sw / (2.0 * q);
    const double A = std::pow(10.0, gain_db / 40.0);
    double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
    switch (type) {
      case BiquadType::LowPass:
        b0 = (1.0 - cw) / 2.0;
        b1 = 1.0 - cw;
        b2 = b0;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
      case BiquadType::HighPass:
        b0 = (1.0 + cw) / 2.0;
        b1 = -(1.0 + cw);
        b2 = b0;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
      case BiquadType::BandPass:
        b0 = alpha;
        b1 = 0.0;
        b2 = -alpha;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
      case BiquadType::Notch:
        b0 = 1.0;
        b1 = -2.0 * cw;
        b2 = 1.0;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
      case BiquadType::Peak:
        b0 = 1.0 + alpha * A;
        b1 = -2.0 * cw;
        b2 = 1.0 - alpha * A;
        a0 = 1.0 + alpha / A;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha / A;
        break;
      case BiquadType::LowShelf: {
        const double t = 2.0 * std::sqrt(A) * alpha;
        b0 = A * ((A + 1.0) - (A - 1.0) * cw + t);
        b1 = 2.0 * A * ((A - 1.0) - (A + 1.0) * cw);
        b2 = A * ((A + 1.0) - (A - 1.0) * cw - t);
        a0 = (A + 1.0) + (A - 1.0) * cw + t;
        a1 = -2.0 * ((A - 1.0) + (A + 1.0) * cw);
        a2 = (A + 1.0) + (A - 1.0) * cw - t;
        break;
      }
      case BiquadType::HighShelf: {
        const double t = 2.0 * std::sqrt(A) * alpha;
        b0 = A * ((A + 1.0) + (A - 1.0) * cw + t);
        b1 = -2.0 * A * ((A - 1.0) + (A + 1.0) * cw);
        b2 = A * ((A + 1.0) + (A - 1.0) * cw - t);
        a0 = (A + 1.0) - (A - 1.0) * cw + t;
        a1 = 2.0 * ((A - 1.0) - (A + 1.0) * cw);
        a2 = (A + 1.0) - (A - 1.0) * cw - t;
        break;
      }
      case BiquadType::AllPass:
        b0 = 1.0 - alpha;
        b1 = -2.0 * cw;
        b2 = 1.0 + alpha;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
    }
    const double inv = 1.0 / a0;
    return {T(b0 * inv), T(b1 * inv), T(b2 * inv), T(a1 * inv), T(a2 * inv)};
  }

  // H(e^jw) of these coefficients at a frequency (for plotting; tests use the analog
  // prototypes instead).
  [[nodiscard]] std::complex<double> response(double frequency, double sample_rate) const noexcept {
    const double w = 2.0 * std::numbers::pi * frequency / sample_rate;
    const std::complex<double> z1 = std::polar(1.0, -w);
    const std::complex<double> z2 = z1 * z1;
    return (double(b0) + double(b1) * z1 + double(b2) * z2) / (1.0 + double(a1) * z1 + double(a2) * z2);
  }
};

template <std::floating_point T>
class Biquad {
public:
  using Coefficients = BiquadCoefficients<T>;

  void prepare(double sample_rate, int /*max_block_size*/, int channels) {
    sample_rate_ = FilterLimits::sample_rate(sample_rate);
    channels_.assign(static_cast<std::size_t>(FilterLimits::channels(channels)), Channel{});
    update_ramp_length();
    if (designed_) redesign();
    reset();
  }

  // Clears the state and jumps to the target coefficients.
  void reset() noexcept {
    for (Channel& c : channels_) {
      c.s1 = c.s2 = T(0);
      c.current = target_;
      c.remaining = 0;
    }
  }

  void set_type(BiquadType type) noexcept {
    type_ = type;
    redesign();
  }
  void set_frequency(double hz) noexcept {
    frequency_ = hz;
    redesign();
  }
  void set_q(double q) noexcept {
    q_ = q;
    redesign();
  }
  void set_gain_db(double db) noexcept {
    gain_db_ = db;
    redesign();
  }
  // All at once (one redesign).
  void set_parameters(BiquadType type, double hz, double q, double gain_db = 0.0) noexcept {
    type_ = type;
    frequency_ = hz;
    q_ = q;
    gain_db_ = gain_db;
    redesign();
  }

  // Use externally designed coefficients (glides like any other change). Non-finite
  // coefficients are ignored.
  void set_coefficients(const Coefficients& c) noexcept {
    if (!(std::isfinite(c.b0) && std::isfinite(c.b1) && std::isfinite(c.b2) && std::isfinite(c.a1) &&
          std::isfinite(c.a2)))
      return;
    designed_ = false;
    set_target(c);
  }

  // Glide time for coefficient changes, clamped to [0, 1] s; 0 = jump.
  void set_smoothing_time(double seconds) noexcept {
    smoothing_seconds_ = std::isfinite(seconds) ? std::clamp(seconds, 0.0, 1.0) : 0.0;
    update_ramp_length();
  }

  [[nodiscard]] BiquadType type() const noexcept { return type_; }
  [[nodiscard]] double frequency() const noexcept { return FilterLimits::frequency(frequency_, sample_rate_); }
  [[nodiscard]] double q() const noexcept { return FilterLimits::q(q_); }
  [[nodiscard]] double gain_db() const noexcept { return FilterLimits::gain_db(gain_db_); }
  [[nodiscard]] double sample_rate() const noexcept { return sample_rate_; }
  [[nodiscard]] int channels() const noexcept { return static_cast<int>(channels_.size()); }
  [[nodiscard]] const Coefficients& target_coefficients() const noexcept { return target_; }
  [[nodiscard]] bool is_smoothing() const noexcept {
    for (const Channel& c : channels_)
      if (c.remaining > 0) return true;
    return false;
  }

  // One sample of one channel. A channel outside [0, channels) passes the input through.
  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return x;
    Channel& c = channels_[static_cast<std::size_t>(channel)];
    if (c.remaining > 0) advance(c);
    const Coefficients& k = c.current;
    const T y = k.b0 * x + c.s1;
    c.s1 = k.b1 * x - k.a1 * y + c.s2;
    c.s2 = k.b2 * x - k.a2 * y;
    return y;
  }

  // A block of one channel, in place.
  void process(std::span<T> block, int channel = 0) noexcept {
    if (static_cast<std::size_t>(channel) >= channels_.size()) return;
    Channel& c = channels_[static_cast<std::size_t>(channel)];
    std::size_t i = 0;
    const std::size_t n = block.size();
    // Gliding part, sample by sample.
    for (; i < n && c.remaining > 0; ++i) {
      advance(c);
      const Coefficients& k = c.current;
      const T x = std::isfinite(block[i]) ? block[i] : T(0);
      const T y = k.b0 * x + c.s1;
      c.s1 = k.b1 * x - k.a1 * y + c.s2;
      c.s2 = k.b2 * x - k.a2 * y;
      block[i] = y;
    }
    // Steady part with coefficients and state in registers. Same recursion, with
    // s1 carried as w - a1 * y_prev (w = b1 x + s2) so the add of b0 x happens before
    // the feedback term arrives: the loop-carried chain is one multiply and one
    // subtract per sample instead of multiply, subtract, add, add.
    const T b0 = c.current.b0, b1 = c.current.b1, b2 = c.current.b2, a1 = c.current.a1, a2 = c.current.a2;
    T w = c.s1, y_prev = T(0), s2 = c.s2;
    T* d = block.data();
    // Non-finite input is silence, zeroed inside the loop: the loop is bound by its
    // recursion's latency, so the select is free, where a separate pass is not.
    for (; i < n; ++i) {
      const T x = std::isfinite(d[i]) ? d[i] : T(0);
      const T y = (b0 * x + w) - a1 * y_prev;
      w = b1 * x + s2;
      s2 = b2 * x - a2 * y;
      y_prev = y;
      d[i] = y;
    }
    c.s1 = w - a1 * y_prev;
    c.s2 = s2;
    sanitize_state(c);
  }

private:
  struct Channel {
    T s1 = T(0), s2 = T(0);
    Coefficients current{};
    Coefficients step{};
    int remaining = 0;
  };

  void redesign() noexcept {
    designed_ = true;
    set_target(Coefficients::design(type_, sample_rate_, frequency_, q_, gain_db_));
  }

  void set_target(const Coefficients& t) noexcept {
    target_ = t;
    for (Channel& c : channels_) {
      if (ramp_length_ <= 0) {
        c.current = t;
        c.remaining = 0;
        continue;
      }
      const T inv = T(1) / static_cast<T>(ramp_length_);
      c.step = {(t.b0 - c.current.b0) * inv, (t.b1 - c.current.b1) * inv, (t.b2 - c.current.b2) * inv,
                (t.a1 - c.current.a1) * inv, (t.a2 - c.current.a2) * inv};
      c.remaining = ramp_length_;
    }
  }

  void advance(Channel& c) const noexcept {
    if (--c.remaining == 0) {
      c.current = target_;  // land exactly
      return;
    }
    c.current.b0 += c.step.b0;
    c.current.b1 += c.step.b1;
    c.current.b2 += c.step.b2;
    c.current.a1 += c.step.a1;
    c.current.a2 += c.step.a2;
  }

  static void sanitize_state(Channel& c) noexcept {
    // NaN/inf never sticks past a block; tiny values are flushed so the recursion
    // never runs on denormals.
    constexpr T tiny = T(1e-30);
    if (!std::isfinite(c.s1) || !std::isfinite(c.s2)) {
      c.s1 = c.s2 = T(0);
      return;
    }
    if (std::abs(c.s1) < tiny) c.s1 = T(0);
    if (std::abs(c.s2) < tiny) c.s2 = T(0);
  }

  void update_ramp_length() noexcept {
    ramp_length_ = static_cast<int>(std::lround(smoothing_seconds_ * sample_rate_));
  }

  std::vector<Channel> channels_;
  Coefficients target_{};
  BiquadType type_ = BiquadType::LowPass;
  double sample_rate_ = FilterLimits::kDefaultSampleRate;
  double frequency_ = 1000.0;
  double q_ = 0.7071067811865476;
  double gain_db_ = 0.0;
  double smoothing_seconds_ = 0.005;
  int ramp_length_ = 0;
  bool designed_ = true;
};

}  // namespace plinth::dsp
