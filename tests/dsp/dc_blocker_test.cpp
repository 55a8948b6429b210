#include "plinth/dsp/dc_blocker.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

template <typename T>
class DcBlockerTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(DcBlockerTyped, SampleTypes);

TYPED_TEST(DcBlockerTyped, RemovesDcAndPassesAudio) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  pd::DcBlocker<T> dc;
  dc.prepare(fs, 512, 1);
  // 0.5 DC offset under a 1 kHz sine: after settling the mean is gone, the sine stays.
  std::vector<T> x(96000);
  for (size_t n = 0; n < x.size(); ++n) x[n] = T(0.5 + 0.25 * std::sin(2 * std::numbers::pi * 1000.0 * double(n) / fs));
  for (size_t i = 0; i < x.size(); i += 512)
    dc.process(std::span<T>(x).subspan(i, std::min<size_t>(512, x.size() - i)));
  double mean = 0, peak = 0;
  for (size_t n = 48000; n < x.size(); ++n) {
    mean += double(x[n]);
    peak = std::max(peak, std::abs(double(x[n])));
  }
  mean /= 48000.0;
  EXPECT_NEAR(mean, 0.0, 1e-4);
  EXPECT_NEAR(peak, 0.25, 0.25 * 0.002);  // 1 kHz passes within 0.02 dB
}

TEST(DcBlocker, MatchesTransferFunction) {
  constexpr double fs = 44100.0;
  pd::DcBlocker<double> dc;
  dc.set_cutoff(20.0);
  dc.prepare(fs, 64, 1);
  const double R = std::exp(-2 * std::numbers::pi * 20.0 / fs);
  EXPECT_DOUBLE_EQ(dc.pole(), R);
  const auto h = impulse_response([&](double x) { return dc.process(x); }, 1 << 17);
  for (double f : {5.0, 20.0, 100.0, 1000.0}) {
    const cd z1 = std::polar(1.0, -2 * std::numbers::pi * f / fs);
    const cd expected = (1.0 - z1) / (1.0 - R * z1);
    EXPECT_NEAR(db(dft(h, f, fs)), db(expected), 0.1) << f;
  }
  // And the corner is about -3 dB.
  EXPECT_NEAR(db(dft(h, 20.0, fs)), -3.0, 0.1);
  EXPECT_NEAR(std::abs(dft(h, 0.0, fs)), 0.0, 1e-3);
}

TEST(DcBlocker, ClampsAndRecovers) {
  pd::DcBlocker<float> dc;
  dc.prepare(48000, 64, 2);
  dc.set_cutoff(5000);
  EXPECT_DOUBLE_EQ(dc.cutoff(), 200.0);
  dc.set_cutoff(-1);
  EXPECT_DOUBLE_EQ(dc.cutoff(), 1.0);
  (void)dc.process(std::nanf(""), 1);
  dc.reset();
  EXPECT_TRUE(std::isfinite(dc.process(1.0f, 1)));
  EXPECT_EQ(dc.process(0.5f, 2), 0.5f);
}
