// Peak (hold, decay), RMS, true peak (BS.1770-4 annex 2), stereo correlation, goniometer.
#include "plinth/dsp/correlation.h"
#include "plinth/dsp/meters.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace {

using namespace plinth::dsp;

TEST(PeakMeter, InstantAttackHoldThenLinearDbDecay) {
  const double fs = 48000;
  PeakMeter<double> m;
  m.prepare(fs, 512, 1);
  m.set_hold_ms(100);  // 4800 samples
  m.set_decay_db_per_second(20);
  std::vector<double> x(1, -0.5);
  m.process(x, 0);
  EXPECT_DOUBLE_EQ(m.peak(0), 0.5);
  std::vector<double> silence(4800, 0.0);
  m.process(silence, 0);
  EXPECT_DOUBLE_EQ(m.peak(0), 0.5) << "held for exactly 4800 samples";
  std::vector<double> one(1, 0.0);
  m.process(one, 0);
  EXPECT_LT(m.peak(0), 0.5);
  std::vector<double> second(47999, 0.0);
  m.process(second, 0);
  EXPECT_NEAR(m.peak_db(0), 20 * std::log10(0.5) - 20.0, 1e-6) << "20 dB after one second of decay";
  EXPECT_EQ(m.peak(7), 0.0) << "bad channel";
}

TEST(PeakMeter, IgnoresNonFiniteAndClamps) {
  PeakMeter<float> m;
  m.prepare(48000, 64, 2);
  m.set_hold_ms(-5);
  EXPECT_EQ(m.hold_samples(), 0);
  std::vector<float> x = {0.25f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()};
  m.process(x, 1);
  EXPECT_NEAR(m.peak(1), 0.25f, 1e-3f);
  m.reset();
  EXPECT_EQ(m.peak(1), 0.0f);
}

TEST(RmsMeter, SineReadsAmplitudeOverRootTwo) {
  const double fs = 48000;
  RmsMeter<float> m;
  m.prepare(fs, 512, 1);
  m.set_window_ms(100);  // 4800 samples = 100 periods of 1 kHz
  EXPECT_EQ(m.window_samples(), 4800);
  std::vector<float> x(20000);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = 0.8f * static_cast<float>(std::sin(2 * std::numbers::pi * 1000 * i / fs));
  for (std::size_t b = 0; b < x.size(); b += 500)
    m.process(std::span<const float>(x.data() + b, std::min<std::size_t>(500, x.size() - b)), 0);
  EXPECT_NEAR(m.rms(0), 0.8 / std::sqrt(2.0), 1e-5);
  EXPECT_NEAR(m.rms_db(0), 20 * std::log10(0.8) - 3.0103, 1e-3);
  // The window is rectangular: 4800 samples of silence empty it exactly.
  std::vector<float> z(4800, 0.0f);
  m.process(z, 0);
  EXPECT_LT(m.rms(0), 1e-4f);
  m.set_window_ms(1e9);
  EXPECT_EQ(m.window_samples(), 48000);
}

template <class T>
void check_true_peak_fs_over4() {
  // fs/4 sine at 45 degrees: every sample is +-A/sqrt(2) (3.01 dB below the true peak A).
  TruePeakMeter<T> tp;
  PeakMeter<T> sp;
  tp.prepare(48000, 512, 1);
  sp.prepare(48000, 512, 1);
  const double a = 0.9;
  std::vector<T> x(4800);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<T>(a * std::sin(std::numbers::pi / 2 * static_cast<double>(i) + std::numbers::pi / 4));
  // The abrupt start rings in any interpolator: measure after it.
  tp.process(std::span<const T>(x.data(), 100), 0);
  tp.reset_peak();
  tp.process(std::span<const T>(x.data() + 100, x.size() - 100), 0);
  sp.process(x, 0);
  EXPECT_NEAR(sp.peak_db(0), 20 * std::log10(a) - 3.0103, 1e-3) << "sample peak misses the top";
  EXPECT_NEAR(tp.true_peak_db(0), 20 * std::log10(a), 0.5) << "true peak within 0.5 dB";
  EXPECT_NEAR(tp.true_peak_db(0), 20 * std::log10(a), 0.02) << "and in fact within 0.02 dB";
}

TEST(TruePeakMeter, QuarterRateSineAt45Degrees) {
  check_true_peak_fs_over4<float>();
  check_true_peak_fs_over4<double>();
}

TEST(TruePeakMeter, NeverFarBelowTheContinuousPeak) {
  // Sines up to 0.4 fs, random phase: never above the true amplitude by more than 0.02 dB,
  // never below it by more than the 4x worst case 20 log10 cos(pi f / (4 fs)) (+0.02 dB).
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> ph(0, 2 * std::numbers::pi);
  for (double f : {997.0, 5000.0, 11000.0, 15000.0, 19000.0}) {
    TruePeakMeter<double> tp;
    tp.prepare(48000, 512, 1);
    std::vector<double> x(9600);
    const double p = ph(rng);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5 * std::sin(2 * std::numbers::pi * f * i / 48000 + p);
    tp.process(std::span<const double>(x.data(), 100), 0);
    tp.reset_peak();  // skip the onset transient
    tp.process(std::span<const double>(x.data() + 100, x.size() - 100), 0);
    const double worst = 20 * std::log10(std::cos(std::numbers::pi * f / (4 * 48000)));
    EXPECT_GT(tp.true_peak_db(0), 20 * std::log10(0.5) + worst - 0.02) << f;
    EXPECT_LT(tp.true_peak_db(0), 20 * std::log10(0.5) + 0.02) << f;
  }
}

TEST(TruePeakMeter, PhaseZeroIsTheInputAndNanIsIgnored) {
  TruePeakMeter<float> tp;
  tp.prepare(48000, 64, 1);
  for (int j = 0; j < TruePeakMeter<float>::kTaps; ++j) EXPECT_NEAR(tp.coefficient(0, j), j == 12 ? 1.0f : 0.0f, 1e-7f);
  std::vector<float> x = {std::numeric_limits<float>::quiet_NaN(), 0.5f, 0.0f};
  tp.process(x, 0);
  EXPECT_TRUE(std::isfinite(tp.true_peak(0)));
  EXPECT_GE(tp.true_peak(0), 0.5f);
  tp.reset_peak();
  EXPECT_EQ(tp.true_peak(0), 0.0f);
}

TEST(Correlation, IdenticalInvertedIndependent) {
  const double fs = 48000;
  std::mt19937 rng(1);
  std::normal_distribution<double> g;
  std::vector<double> a(48000), b(48000), na(48000);
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = g(rng);
    b[i] = g(rng);
    na[i] = -0.3 * a[i];
  }
  CorrelationMeter<double> c;
  c.prepare(fs, 512);
  c.process(a, a);
  EXPECT_NEAR(c.correlation(), 1.0, 1e-9);
  c.reset();
  c.process(a, na);
  EXPECT_NEAR(c.correlation(), -1.0, 1e-9) << "inverted (any gain)";
  c.reset();
  c.process(a, b);
  EXPECT_LT(std::abs(c.correlation()), 0.1) << "independent noise";
  // Quadrature sines: correlation cos(90 deg) = 0.
  c.reset();
  for (int i = 0; i < 48000; ++i)
    (void)c.process(std::sin(2 * std::numbers::pi * 1000 * i / fs), std::cos(2 * std::numbers::pi * 1000 * i / fs));
  EXPECT_NEAR(c.correlation(), 0.0, 0.02);
  // Silence reads 0, NaN is recovered from.
  c.reset();
  EXPECT_EQ(c.correlation(), 0.0);
  (void)c.process(std::numeric_limits<double>::quiet_NaN(), 1.0);
  EXPECT_TRUE(std::isfinite(c.correlation()));
  for (int i = 0; i < 1000; ++i) (void)c.process(0.5, 0.5);
  EXPECT_NEAR(c.correlation(), 1.0, 1e-9);
}

TEST(Goniometer, RotatedBy45Degrees) {
  const double k = std::sqrt(0.5);
  auto mono = goniometer_point(0.5, 0.5);
  EXPECT_NEAR(mono.x, 0.0, 1e-15);
  EXPECT_NEAR(mono.y, 2 * 0.5 * k, 1e-15);
  auto side = goniometer_point(0.5, -0.5);
  EXPECT_NEAR(side.y, 0.0, 1e-15);
  EXPECT_LT(side.x, 0.0);
  auto left = goniometer_point(1.0, 0.0);
  EXPECT_NEAR(left.x, -k, 1e-15);
  EXPECT_NEAR(left.y, k, 1e-15);
  auto right = goniometer_point(1.0f, 0.0f);
  EXPECT_NEAR(std::hypot(right.x, right.y), 1.0f, 1e-6f) << "length preserved";
  std::vector<float> l = {1, 0, 0.5f}, r = {0, 1};
  std::vector<GoniometerPoint<float>> out(3);
  EXPECT_EQ(goniometer_points<float>(l, r, out), 2u);
  EXPECT_NEAR(out[1].x, static_cast<float>(k), 1e-6f);
}

}  // namespace
