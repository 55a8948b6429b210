#include "plinth/dsp/sine_osc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <span>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

namespace {

constexpr double kSr = 48000.0;
constexpr double kTwoPi = 6.283185307179586476925286766559;

// Frequency from rising zero crossings (linearly interpolated) over the whole signal.
template <typename T>
double zero_crossing_frequency(const std::vector<T>& y, double sr) {
  double first = -1, last = -1;
  long count = 0;
  for (std::size_t i = 1; i < y.size(); ++i) {
    if (y[i - 1] < 0 && y[i] >= 0) {
      const double t =
          static_cast<double>(i - 1) + static_cast<double>(y[i - 1]) / static_cast<double>(y[i - 1] - y[i]);
      if (first < 0) first = t;
      last = t;
      ++count;
    }
  }
  return static_cast<double>(count - 1) * sr / (last - first);
}

template <typename T>
void check_frequencies() {
  for (double f : {1.0, 55.0, 440.0, 1234.567, 9999.9, 17000.0, 21000.0}) {
    pd::SineOsc<T> osc;
    osc.prepare(kSr, 512, 1);
    osc.set_frequency(f);
    osc.set_start_phase(0.1);  // so the first sample is not a crossing
    osc.reset();
    std::vector<T> y(static_cast<std::size_t>(kSr * 10));  // 10 s
    for (auto& v : y) v = osc.process();
    const double measured = zero_crossing_frequency(y, kSr);
    EXPECT_NEAR(measured / f - 1.0, 0.0, 1e-4) << "f=" << f << " measured " << measured;
  }
}

template <typename T>
void check_against_std_sin(double tolerance) {
  for (double f : {100.0, 997.0, 15000.0}) {
    pd::SineOsc<T> osc;
    osc.prepare(kSr, 512, 1);
    osc.set_frequency(f);
    double worst = 0;
    for (int n = 0; n < 96000; ++n) {
      const double phase = std::fmod(static_cast<double>(n) * f / kSr, 1.0);
      const double expected = std::sin(kTwoPi * phase);
      worst = std::fmax(worst, std::fabs(static_cast<double>(osc.process()) - expected));
    }
    EXPECT_LT(worst, tolerance) << "f=" << f;
  }
}

template <typename T>
void check_block_matches_samples(double tolerance) {
  pd::SineOsc<T> a, b;
  for (auto* o : {&a, &b}) {
    o->prepare(kSr, 512, 1);
    o->set_frequency(3333.3);
  }
  std::vector<T> block(512);
  for (int rep = 0; rep < 50; ++rep) {
    b.process(std::span<T>(block.data(), rep % 2 ? 512 : 37));  // odd block sizes too
    const std::size_t n = rep % 2 ? 512 : 37;
    for (std::size_t i = 0; i < n; ++i)
      ASSERT_NEAR(static_cast<double>(block[i]), static_cast<double>(a.process()), tolerance);
  }
  EXPECT_NEAR(a.phase(), b.phase(), 1e-9);
}

}  // namespace

TEST(SineOsc, FrequencyWithinOneHundredthPercentFloat) { check_frequencies<float>(); }
TEST(SineOsc, FrequencyWithinOneHundredthPercentDouble) { check_frequencies<double>(); }

TEST(SineOsc, MatchesAnalyticSineFloat) { check_against_std_sin<float>(3e-7); }
// The double accumulator itself drifts by ~n*eps in phase over the 2 s compared.
TEST(SineOsc, MatchesAnalyticSineDouble) { check_against_std_sin<double>(1e-10); }

TEST(SineOsc, BlockMatchesPerSampleFloat) { check_block_matches_samples<float>(3e-7); }
TEST(SineOsc, BlockMatchesPerSampleDouble) { check_block_matches_samples<double>(1e-11); }

TEST(SineOsc, PolynomialAccuracyOverQuarterWave) {
  double worst_f = 0, worst_d = 0;
  for (int i = -10000; i <= 10000; ++i) {
    const double x = 0.25 * i / 10000.0;
    const double ref = std::sin(kTwoPi * x);
    worst_f =
        std::fmax(worst_f, std::fabs(static_cast<double>(pd::sin_quarter_turns<float>(static_cast<float>(x))) - ref));
    worst_d = std::fmax(worst_d, std::fabs(pd::sin_quarter_turns<double>(x) - ref));
  }
  EXPECT_LT(worst_f, 2e-7);
  EXPECT_LT(worst_d, 2e-15);
}

TEST(SineOsc, PhaseControl) {
  pd::SineOsc<double> osc;
  osc.prepare(kSr, 512, 1);
  osc.set_frequency(1000.0);
  osc.set_phase(0.25);
  EXPECT_NEAR(osc.process(), 1.0, 1e-12);
  osc.set_phase(-0.25);  // wraps to 0.75
  EXPECT_NEAR(osc.phase(), 0.75, 1e-12);
  EXPECT_NEAR(osc.process(), -1.0, 1e-12);
  osc.set_start_phase(0.5);
  osc.reset();
  EXPECT_NEAR(osc.process(), 0.0, 1e-12);
}

TEST(SineOsc, ParametersAreClamped) {
  pd::SineOsc<float> osc;
  osc.prepare(kSr, 512, 1);
  osc.set_frequency(1e9);
  EXPECT_DOUBLE_EQ(osc.frequency(), kSr / 2);
  osc.set_frequency(-1e9);
  EXPECT_DOUBLE_EQ(osc.frequency(), -kSr / 2);
  osc.set_frequency(std::numeric_limits<double>::quiet_NaN());
  EXPECT_DOUBLE_EQ(osc.frequency(), 0.0);
  osc.set_phase(std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isfinite(osc.process()));
  osc.prepare(-5.0, 0, 0);  // nonsense sample rate falls back to 48 kHz
  osc.set_frequency(480.0);
  std::vector<float> y(48000);
  for (auto& v : y) v = osc.process();
  EXPECT_NEAR(zero_crossing_frequency(y, 48000.0), 480.0, 0.05);
}

TEST(SineOsc, NegativeFrequencyRunsBackwards) {
  pd::SineOsc<double> osc;
  osc.prepare(kSr, 512, 1);
  osc.set_frequency(-1000.0);
  (void)osc.process();
  EXPECT_NEAR(osc.process(), std::sin(-kTwoPi * 1000.0 / kSr), 1e-12);
}

// Total harmonic distortion of the block path: 1 kHz at 48 kHz (exactly 1000 cycles in
// 48000 samples, so no window is needed), harmonics 2..20 by direct DFT, summed power
// relative to the fundamental. The sine polynomial's error (< 1e-7 float) bounds the float
// THD near -140 dB; float output rounding adds noise spread over all bins, not harmonics.
template <typename T>
double block_thd_db() {
  pd::SineOsc<T> osc;
  osc.prepare(kSr);
  osc.set_frequency(1000.0);
  std::vector<T> y(48000);
  for (std::size_t start = 0; start < y.size(); start += 480) osc.process(std::span<T>(y.data() + start, 480));
  auto power = [&](int harmonic) {
    double re = 0, im = 0;
    for (std::size_t n = 0; n < y.size(); ++n) {
      const double w = kTwoPi * harmonic * 1000.0 * static_cast<double>(n) / kSr;
      re += static_cast<double>(y[n]) * std::cos(w);
      im += static_cast<double>(y[n]) * std::sin(w);
    }
    return re * re + im * im;
  };
  double harmonics = 0;
  for (int h = 2; h <= 20; ++h) harmonics += power(h);
  const double thd = 10 * std::log10(harmonics / power(1));
  std::printf("SineOsc block THD (%s): %.1f dB\n", sizeof(T) == 4 ? "float" : "double", thd);
  return thd;
}
TEST(SineOsc, BlockThdFloat) { EXPECT_LT(block_thd_db<float>(), -130.0); }
TEST(SineOsc, BlockThdDouble) { EXPECT_LT(block_thd_db<double>(), -200.0); }
