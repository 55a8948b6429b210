#include "plinth/dsp/butterworth.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

template <typename T>
class ButterworthTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(ButterworthTyped, SampleTypes);

TYPED_TEST(ButterworthTyped, MinusThreeDbAtCutoffAndMaximallyFlat) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  for (int order : {2, 4, 8}) {
    for (auto type : {pd::ButterworthType::LowPass, pd::ButterworthType::HighPass}) {
      const double fc = 2000.0;
      pd::Butterworth<T> f;
      f.set_order(order);
      f.set_type(type);
      f.set_cutoff(fc);
      f.prepare(fs, 256, 1);
      const auto h = impulse_response([&](double x) { return f.process(T(x)); });
      EXPECT_NEAR(db(dft(h, fc, fs)), -3.0103, 0.02) << "order " << order;
      // Analytic magnitude: 1 / sqrt(1 + W^2N) with W the warped ratio (inverted for HP).
      for (double freq : {50.0, 500.0, 1000.0, 1500.0, 1800.0, 2200.0, 3000.0, 6000.0, 15000.0}) {
        double w = std::abs(warped_s(freq, fc, fs).imag());
        if (type == pd::ButterworthType::HighPass) w = 1.0 / w;
        const double expected = -10.0 * std::log10(1.0 + std::pow(w, 2.0 * order));
        if (expected > -80.0) {
          EXPECT_NEAR(db(dft(h, freq, fs)), expected, 0.1) << "order " << order << " f " << freq;
        }
      }
      // Maximally flat: pass band monotonic and within 0.02 dB up to half the cutoff
      // (LP) / from twice the cutoff (HP), for order >= 4.
      double previous = 1e9;
      for (int i = 0; i <= 40; ++i) {
        const double freq =
            type == pd::ButterworthType::LowPass ? 20.0 + i * (fc - 20.0) / 40.0 : 20000.0 - i * (20000.0 - fc) / 40.0;
        const double m = db(dft(h, freq, fs));
        EXPECT_LE(m, previous + 1e-4) << "not monotonic at " << freq;
        previous = m;
        const bool deep_pass = type == pd::ButterworthType::LowPass ? freq <= fc / 2 : freq >= 2 * fc;
        if (order >= 4 && deep_pass) {
          EXPECT_GT(m, -0.02) << "order " << order << " f " << freq;  // analytic: -0.012 dB (N=4)
        }
      }
    }
  }
}

TEST(Butterworth, SectionQsAndOrderClamping) {
  EXPECT_NEAR(pd::Butterworth<double>::section_q(2, 0), std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(pd::Butterworth<double>::section_q(4, 0), 0.5411961, 1e-6);
  EXPECT_NEAR(pd::Butterworth<double>::section_q(4, 1), 1.3065630, 1e-6);
  pd::Butterworth<float> f;
  f.prepare(48000, 64, 1);
  f.set_order(5);
  EXPECT_EQ(f.order(), 6);
  f.set_order(1000);
  EXPECT_EQ(f.order(), 32);
  f.set_order(-3);
  EXPECT_EQ(f.order(), 2);
  f.set_cutoff(1e6);
  EXPECT_DOUBLE_EQ(f.cutoff(), 0.49 * 48000);
}

TEST(Butterworth, Order32StableAndNanRecovers) {
  pd::Butterworth<double> f;
  f.set_order(32);
  f.set_cutoff(500);
  f.prepare(48000, 512, 2);
  std::vector<double> blk(512);
  double peak = 0;
  for (int b = 0; b < 50; ++b) {
    for (size_t i = 0; i < blk.size(); ++i) blk[i] = (i % 100) < 50 ? 1.0 : -1.0;
    f.process(blk, 1);
    for (double v : blk) peak = std::max(peak, std::abs(v));
  }
  EXPECT_TRUE(std::isfinite(peak));
  EXPECT_LT(peak, 3.0);
  (void)f.process(std::nan(""), 0);
  f.reset();
  EXPECT_TRUE(std::isfinite(f.process(1.0, 0)));
}
