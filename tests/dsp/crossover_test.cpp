#include "plinth/dsp/crossover.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

namespace {
const double kProbe[] = {20.0,   60.0,   150.0,  240.0,  250.0,  260.0,   500.0,
                         1000.0, 2000.0, 2500.0, 3000.0, 6000.0, 12000.0, 20000.0};
}

template <typename T>
class CrossoverTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(CrossoverTyped, SampleTypes);

TYPED_TEST(CrossoverTyped, TwoBandSumIsFlatAndBandsAreLR4) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  const double fc = 1000.0;
  pd::LinkwitzRiley2Band<T> x;
  x.set_frequency(fc);
  x.prepare(fs, 256, 1);
  std::vector<double> low, high, sum;
  const int len = 1 << 15;
  for (int n = 0; n < len; ++n) {
    const auto b = x.process(n == 0 ? T(1) : T(0));
    low.push_back(double(b.low));
    high.push_back(double(b.high));
    sum.push_back(double(b.low) + double(b.high));
  }
  for (double f : kProbe) {
    // The magnitude of the sum is what matters: it is an all-pass.
    EXPECT_NEAR(db(dft(sum, f, fs)), 0.0, 0.1) << f;
    // Each band: the square of a 2nd-order Butterworth (analytic).
    const cd s = warped_s(f, fc, fs);
    const cd bw = 1.0 / (s * s + std::sqrt(2.0) * s + 1.0);
    if (db(bw * bw) > -60) {
      EXPECT_NEAR(db(dft(low, f, fs)), db(bw * bw), 0.1) << f;
    }
    const cd hp = s * s * bw;
    if (db(hp * hp) > -60) {
      EXPECT_NEAR(db(dft(high, f, fs)), db(hp * hp), 0.1) << f;
    }
  }
  EXPECT_NEAR(db(dft(low, fc, fs)), -6.0206, 0.01);
  EXPECT_NEAR(db(dft(high, fc, fs)), -6.0206, 0.01);
}

TYPED_TEST(CrossoverTyped, ThreeBandSumIsFlat) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  pd::LinkwitzRiley3Band<T> x;
  x.set_frequencies(250.0, 2500.0);
  x.prepare(fs, 256, 2);
  std::vector<double> sum, low, mid, high;
  const int len = 1 << 15;
  for (int n = 0; n < len; ++n) {
    const auto b = x.process(n == 0 ? T(1) : T(0), 1);
    sum.push_back(double(b.low) + double(b.mid) + double(b.high));
    low.push_back(double(b.low));
    mid.push_back(double(b.mid));
    high.push_back(double(b.high));
  }
  for (double f : kProbe) EXPECT_NEAR(db(dft(sum, f, fs)), 0.0, 0.1) << f;
  // Bands do their job: low dominates at 50 Hz, mid at 800 Hz, high at 10 kHz.
  EXPECT_GT(db(dft(low, 50, fs)), -0.1);
  EXPECT_LT(db(dft(low, 2500, fs)), -40);
  EXPECT_GT(db(dft(mid, 800, fs)), -1.0);
  EXPECT_LT(db(dft(mid, 20, fs)), -40);
  EXPECT_GT(db(dft(high, 10000, fs)), -0.1);
  EXPECT_LT(db(dft(high, 250, fs)), -40);
}

TEST(Crossover, BlockMatchesSamplesAndInPlaceWorks) {
  pd::LinkwitzRiley3Band<float> a, b;
  for (auto* x : {&a, &b}) {
    x->set_frequencies(300, 3000);
    x->prepare(44100, 128, 1);
  }
  std::vector<float> in(128), low(128), mid(128);
  for (size_t i = 0; i < in.size(); ++i) in[i] = std::sin(0.2f * float(i)) + 0.5f * std::sin(1.3f * float(i));
  std::vector<float> high = in;  // in place: the input buffer becomes the high band
  a.process(high, low, mid, high);
  for (size_t i = 0; i < in.size(); ++i) {
    const auto r = b.process(in[i]);
    // Block and per-sample biquad loops associate the sums differently; float rounding,
    // amplified by the low-frequency poles (exact match in double: biquad_test).
    ASSERT_NEAR(low[i], r.low, 1e-4f);
    ASSERT_NEAR(mid[i], r.mid, 1e-4f);
    ASSERT_NEAR(high[i], r.high, 1e-4f);
  }
}

TEST(Crossover, ClampsAndOrdersFrequencies) {
  pd::LinkwitzRiley3Band<double> x;
  x.prepare(48000, 64, 1);
  x.set_frequencies(5000, 100);  // reversed: upper split kept at the lower one
  EXPECT_DOUBLE_EQ(x.low_mid_frequency(), 5000);
  EXPECT_DOUBLE_EQ(x.mid_high_frequency(), 5000);
  x.set_frequencies(-1, 1e9);
  EXPECT_DOUBLE_EQ(x.low_mid_frequency(), 1.0);
  EXPECT_DOUBLE_EQ(x.mid_high_frequency(), 0.49 * 48000);
  (void)x.process(std::nan(""));
  x.reset();
  const auto b = x.process(1.0);
  EXPECT_TRUE(std::isfinite(b.low + b.mid + b.high));
}
