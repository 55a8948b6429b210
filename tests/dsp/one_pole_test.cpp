#include "plinth/dsp/one_pole.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

template <typename T>
class OnePoleTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(OnePoleTyped, SampleTypes);

TYPED_TEST(OnePoleTyped, MinusThreeDbAtCutoffAndAnalyticResponse) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  for (double fc : {50.0, 1000.0, 12000.0}) {
    for (auto mode : {pd::OnePoleMode::LowPass, pd::OnePoleMode::HighPass}) {
      pd::OnePole<T> f;
      f.set_cutoff(fc);
      f.set_mode(mode);
      f.prepare(fs, 64, 1);
      const auto h = impulse_response([&](double x) { return f.process(T(x)); }, 1 << 16);
      EXPECT_NEAR(db(dft(h, fc, fs)), -3.0103, 0.01) << fc;
      for (double freq : {10.0, 200.0, 1000.0, 5000.0, 20000.0}) {
        const cd s = warped_s(freq, fc, fs);
        const cd expected = mode == pd::OnePoleMode::LowPass ? 1.0 / (1.0 + s) : s / (1.0 + s);
        const cd m = dft(h, freq, fs);
        if (db(expected) > -60) {
          EXPECT_NEAR(db(m), db(expected), 0.1) << fc << " " << freq;
          EXPECT_NEAR(phase_diff(m, expected), 0.0, 0.01) << fc << " " << freq;
        }
      }
    }
  }
}

TEST(OnePole, LowPlusHighIsInputAndBlockMatches) {
  pd::OnePole<double> lp, hp, blk;
  for (auto* f : {&lp, &hp, &blk}) {
    f->set_cutoff(300);
    f->prepare(44100, 64, 1);
  }
  hp.set_mode(pd::OnePoleMode::HighPass);
  blk.set_mode(pd::OnePoleMode::HighPass);
  std::vector<double> x(200);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.3 * double(i)) * (i % 7);
  auto b = x;
  blk.process(b);
  for (size_t i = 0; i < x.size(); ++i) {
    const double h = hp.process(x[i]);
    EXPECT_NEAR(lp.process(x[i]) + h, x[i], 1e-12);
    EXPECT_NEAR(b[i], h, 1e-12);
  }
}

TEST(OnePole, ClampsAndRecovers) {
  pd::OnePole<float> f;
  f.prepare(48000, 64, 1);
  f.set_cutoff(1e9);
  EXPECT_DOUBLE_EQ(f.cutoff(), 0.49 * 48000);
  f.set_cutoff(0);
  EXPECT_DOUBLE_EQ(f.cutoff(), 1.0);
  (void)f.process(std::nanf(""));
  f.reset();
  EXPECT_TRUE(std::isfinite(f.process(1.0f)));
  EXPECT_EQ(f.process(0.5f, 3), 0.5f);
}
