// Plinth DSP: band-limited saw, pulse/square and triangle oscillators.
//
// The naive waveform is computed from a phase accumulator and the discontinuities are
// replaced by band-limited ones: a step (saw, pulse) gets a BLEP residual, a corner
// (triangle) gets a BLAMP (integrated BLEP) residual. Two kernels:
//   - BlepQuality::poly_blep   2-point polynomial BLEP/BLAMP (cheapest; aliasing of a 5 kHz saw
//                             at 48 kHz is about -21 dB, fine for low notes and LFO-ish use);
//   - BlepQuality::kaiser     Kaiser-windowed sinc (cutoff 0.45 fs, beta 6.5) integrated into
//                             a table, 16 samples either side of the discontinuity; aliasing
//                             of a 5 kHz saw at 48 kHz is about -80 dB (default).
// Both need no delay: the phase is deterministic, so the time to the next discontinuity is
// known in advance (assuming the frequency holds over the kernel's 16 samples; under fast
// modulation the error is small and smooth).
//
//   plinth::dsp::BlepOsc<float> osc;
//   osc.prepare(48000.0, 512, 1);
//   osc.set_shape(plinth::dsp::BlepShape::pulse);
//   osc.set_pulse_width(0.25);
//   osc.set_frequency(110.0);
//   osc.process(block);
//
// Ranges: frequency [0, 0.49 * sample_rate]; pulse width [0.01, 0.99] of a period.
// Output in [-1, 1] (plus the small Gibbs overshoot of a band-limited edge). The pulse keeps
// its natural DC offset 2*width - 1; the saw rises from -1 to 1; the triangle starts at 0
// rising (sine phase).
#pragma once

#include <array>
#include <cmath>
#include <concepts>
#include <span>

namespace plinth::dsp {

enum class BlepShape { saw, pulse, triangle };
enum class BlepQuality { poly_blep, kaiser };

// 2-point polynomial residuals for a unit step and a unit change of slope (per sample) at
// d = 0, d being the time since the discontinuity in samples (negative before it).
struct PolyBlepKernel {
  static constexpr int kHalfWidth = 1;
  [[nodiscard]] static double step(double d) noexcept {
    // Integral of a triangular (linear B-spline) impulse minus the ideal unit step.
    if (d >= 0.0) {
      const double a = 1.0 - d;
      return -0.5 * a * a;
    }
    const double a = 1.0 + d;
    return 0.5 * a * a;
  }
  [[nodiscard]] static double ramp(double d) noexcept {
    const double a = 1.0 - std::fabs(d);
    return a * a * a * (1.0 / 6.0);
  }
};

// Kaiser-windowed-sinc BLEP and BLAMP residuals, tabulated once (static storage, no heap).
class KaiserBlepKernel {
public:
  static constexpr int kHalfWidth = 16;
  static constexpr int kOversample = 128;
  static constexpr int kPoints = 2 * kHalfWidth * kOversample + 2;
  static constexpr double kCutoff = 0.45;  // of the sample rate
  static constexpr double kBeta = 6.5;

  [[nodiscard]] static const KaiserBlepKernel& instance() noexcept {
    static const KaiserBlepKernel kernel;
    return kernel;
  }

  // Band-limited unit step minus the ideal one; |d| < kHalfWidth.
  [[nodiscard]] double step(double d) const noexcept { return lookup(band_step_, d) - (d >= 0.0 ? 1.0 : 0.0); }
  // Band-limited unit ramp minus the ideal max(0, d); |d| < kHalfWidth.
  [[nodiscard]] double ramp(double d) const noexcept { return lookup(band_ramp_, d) - (d >= 0.0 ? d : 0.0); }

private:
  KaiserBlepKernel() noexcept { build(); }

  static double bessel_i0(double x) noexcept {
    double sum = 1.0, term = 1.0;
    for (int k = 1; k < 50; ++k) {
      const double q = x / (2.0 * k);
      term *= q * q;
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return sum;
  }

  // Both tabulated functions are smooth (the jump and the kink live in the ideal part
  // subtracted above), so linear interpolation between table points is accurate.
  static double lookup(const std::array<double, kPoints>& table, double d) noexcept {
    const double x = (d + kHalfWidth) * kOversample;
    int i = static_cast<int>(x);
    i = i < 0 ? 0 : (i > kPoints - 2 ? kPoints - 2 : i);
    const double f = x - i;
    return table[static_cast<std::size_t>(i)] +
           f * (table[static_cast<std::size_t>(i) + 1] - table[static_cast<std::size_t>(i)]);
  }

  void build() noexcept {
    // Integrate the kernel on a grid 8x finer than the table (trapezoid rule), then
    // integrate the step again for the ramp. Runs once, at first use.
    constexpr int kSub = 8;
    constexpr int kFine = 2 * kHalfWidth * kOversample * kSub;
    constexpr double du = 1.0 / (kOversample * kSub);
    const double i0_beta = bessel_i0(kBeta);
    auto kernel = [&](double u) {
      const double x = 2.0 * kCutoff * u;
      const double px = 3.14159265358979323846 * x;
      const double sinc = std::fabs(px) < 1e-12 ? 1.0 : std::sin(px) / px;
      const double r = u / kHalfWidth;
      const double w = bessel_i0(kBeta * std::sqrt(std::fmax(0.0, 1.0 - r * r))) / i0_beta;
      return 2.0 * kCutoff * sinc * w;
    };
    // First pass: total area, to normalize the step to end exactly at 1.
    double area = 0.0;
    double prev = kernel(-kHalfWidth);
    for (int i = 1; i <= kFine; ++i) {
      const double h = kernel(-kHalfWidth + i * du);
      area += 0.5 * (h + prev) * du;
      prev = h;
    }
    double step_value = 0.0, ramp_value = 0.0, prev_step = 0.0;
    prev = kernel(-kHalfWidth);
    band_step_[0] = 0.0;
    band_ramp_[0] = 0.0;
    for (int i = 1; i <= kFine; ++i) {
      const double h = kernel(-kHalfWidth + i * du);
      step_value += 0.5 * (h + prev) * du / area;
      ramp_value += 0.5 * (step_value + prev_step) * du;
      prev = h;
      prev_step = step_value;
      if (i % kSub == 0) {
        band_step_[static_cast<std::size_t>(i / kSub)] = step_value;
        band_ramp_[static_cast<std::size_t>(i / kSub)] = ramp_value;
      }
    }
    band_step_[kPoints - 1] = band_step_[kPoints - 2];
    band_ramp_[kPoints - 1] = band_ramp_[kPoints - 2];
  }

  std::array<double, kPoints> band_step_{};
  std::array<double, kPoints> band_ramp_{};
};

template <std::floating_point T>
class BlepOsc {
public:
  BlepOsc() noexcept : kaiser_(&KaiserBlepKernel::instance()) {}

  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0.0) ? sample_rate : 48000.0;
    set_frequency(frequency_);
    reset();
  }

  void reset() noexcept { phase_ = start_phase_; }

  void set_frequency(double hz) noexcept {
    const double max_hz = 0.49 * sample_rate_;
    if (!std::isfinite(hz)) hz = 0.0;
    frequency_ = hz < 0.0 ? 0.0 : (hz > max_hz ? max_hz : hz);
    increment_ = frequency_ / sample_rate_;
    inverse_increment_ = increment_ > 1e-12 ? 1.0 / increment_ : 0.0;
  }
  [[nodiscard]] double frequency() const noexcept { return frequency_; }

  void set_shape(BlepShape s) noexcept { shape_ = s; }
  [[nodiscard]] BlepShape shape() const noexcept { return shape_; }
  void set_quality(BlepQuality q) noexcept { quality_ = q; }
  [[nodiscard]] BlepQuality quality() const noexcept { return quality_; }

  // Fraction of the period spent high, clamped to [0.01, 0.99]; 0.5 is a square.
  void set_pulse_width(double width) noexcept {
    if (!std::isfinite(width)) width = 0.5;
    pulse_width_ = width < 0.01 ? 0.01 : (width > 0.99 ? 0.99 : width);
  }
  [[nodiscard]] double pulse_width() const noexcept { return pulse_width_; }

  void set_phase(double turns) noexcept { phase_ = wrap(turns); }
  void set_start_phase(double turns) noexcept { start_phase_ = wrap(turns); }
  [[nodiscard]] double phase() const noexcept { return phase_; }

  [[nodiscard]] T process() noexcept {
    T y{};
    process(std::span<T>(&y, 1));
    return y;
  }

  void process(std::span<T> out) noexcept {
    // Quality and shape switches are hoisted out of the sample loop.
    if (quality_ == BlepQuality::kaiser)
      dispatch(out, *kaiser_);
    else
      dispatch(out, PolyBlepKernel{});
  }

private:
  template <class Kernel>
  void dispatch(std::span<T> out, const Kernel& k) noexcept {
    switch (shape_) {
      case BlepShape::saw: run<BlepShape::saw>(out, k); break;
      case BlepShape::pulse: run<BlepShape::pulse>(out, k); break;
      case BlepShape::triangle:
      default: run<BlepShape::triangle>(out, k); break;
    }
  }

  template <BlepShape S, class Kernel>
  void run(std::span<T> out, const Kernel& k) noexcept {
    // Locals so the loop keeps everything in registers; a frozen oscillator (frequency 0)
    // has no moving discontinuities and takes the plain path.
    double p = phase_;
    const double inc = increment_;
    if (inverse_increment_ > 0.0) {
      for (T& o : out) {
        o = static_cast<T>(sample<S, true>(k, p));
        p += inc;
        if (p >= 1.0) p -= 1.0;
      }
    } else {
      for (T& o : out) o = static_cast<T>(sample<S, false>(k, p));
    }
    phase_ = p;
  }

  static double wrap(double t) noexcept {
    if (!std::isfinite(t)) return 0.0;
    t -= std::floor(t);
    return t >= 1.0 ? 0.0 : t;
  }

  // Sum of step residuals of all discontinuities at phase position 0 of a cycle, seen from
  // a sample whose phase since the last one is t (in turns). Past ones lie at t/inc,
  // (t+1)/inc, ... samples ago, future ones (1-t)/inc, (2-t)/inc, ... samples ahead.
  template <class Kernel>
  double step_sum(const Kernel& k, double t) const noexcept {
    if constexpr (Kernel::kHalfWidth == 1) {
      // 2-point kernel: at most one discontinuity within a sample either side (inc < 0.5).
      if (t < increment_) return k.step(t * inverse_increment_);
      if (t > 1.0 - increment_) return k.step((t - 1.0) * inverse_increment_);
      return 0.0;
    }
    constexpr double K = Kernel::kHalfWidth;
    double sum = 0.0;
    for (double d = t * inverse_increment_; d < K; d += inverse_increment_) sum += k.step(d);
    for (double d = (t - 1.0) * inverse_increment_; d > -K; d -= inverse_increment_) sum += k.step(d);
    return sum;
  }
  template <class Kernel>
  double ramp_sum(const Kernel& k, double t) const noexcept {
    if constexpr (Kernel::kHalfWidth == 1) {
      if (t < increment_) return k.ramp(t * inverse_increment_);
      if (t > 1.0 - increment_) return k.ramp((t - 1.0) * inverse_increment_);
      return 0.0;
    }
    constexpr double K = Kernel::kHalfWidth;
    double sum = 0.0;
    for (double d = t * inverse_increment_; d < K; d += inverse_increment_) sum += k.ramp(d);
    for (double d = (t - 1.0) * inverse_increment_; d > -K; d -= inverse_increment_) sum += k.ramp(d);
    return sum;
  }

  template <BlepShape S, bool moving, class Kernel>
  double sample(const Kernel& k, double p) const noexcept {
    if constexpr (S == BlepShape::saw) {
      // Falls by 2 at each wrap.
      double y = 2.0 * p - 1.0;
      if constexpr (moving) y -= 2.0 * step_sum(k, p);
      return y;
    } else if constexpr (S == BlepShape::pulse) {
      const double w = pulse_width_;
      double y = p < w ? 1.0 : -1.0;
      if constexpr (moving) {
        double tw = p - w;
        if (tw < 0.0) tw += 1.0;
        y += 2.0 * step_sum(k, p) - 2.0 * step_sum(k, tw);
      }
      return y;
    } else {
      double x = p + 0.25;
      if (x >= 1.0) x -= 1.0;
      double y = 1.0 - 4.0 * std::fabs(x - 0.5);
      if constexpr (moving) {
        // Slope is +-4 turns^-1 = +-4*inc per sample; it changes by -8*inc at the top
        // corner (p = 0.25) and by +8*inc at the bottom one (p = 0.75).
        double t_top = p - 0.25;
        if (t_top < 0.0) t_top += 1.0;
        double t_bottom = p - 0.75;
        if (t_bottom < 0.0) t_bottom += 1.0;
        y += 8.0 * increment_ * (ramp_sum(k, t_bottom) - ramp_sum(k, t_top));
      }
      return y;
    }
  }

  const KaiserBlepKernel* kaiser_;
  double sample_rate_ = 48000.0;
  double frequency_ = 440.0;
  double increment_ = 440.0 / 48000.0;
  double inverse_increment_ = 48000.0 / 440.0;
  double phase_ = 0.0;
  double start_phase_ = 0.0;
  double pulse_width_ = 0.5;
  BlepShape shape_ = BlepShape::saw;
  BlepQuality quality_ = BlepQuality::kaiser;
};

}  // namespace plinth::dsp
