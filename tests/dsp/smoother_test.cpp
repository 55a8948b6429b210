#include "plinth/dsp/smoother.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pd = plinth::dsp;

TEST(Smoother, RampLengthIsRoundedSeconds) {
  pd::LinearSmoother<float> s;
  s.prepare(48000.0);
  s.set_ramp_time(0.01);
  EXPECT_EQ(s.ramp_length_samples(), 480);
  s.set_ramp_time(-1.0);  // clamped to 0
  EXPECT_EQ(s.ramp_length_samples(), 0);
  s.set_ramp_time(1e9);  // clamped to 60 s
  EXPECT_EQ(s.ramp_length_samples(), 60 * 48000);
  s.set_ramp_time(std::nan(""));
  EXPECT_EQ(s.ramp_length_samples(), 0);
}

template <typename T>
class LinearSmootherTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(LinearSmootherTyped, SampleTypes);

TYPED_TEST(LinearSmootherTyped, ReachesTargetExactlyAtRampEnd) {
  using T = TypeParam;
  pd::LinearSmoother<T> s;
  s.prepare(44100.0);
  s.set_ramp_time(0.01);  // 441 samples
  const int n = s.ramp_length_samples();
  ASSERT_EQ(n, 441);
  s.set_current_and_target(T(-1));
  s.set_target(T(3));
  for (int i = 1; i < n; ++i) {
    const T v = s.next();
    // On the straight line from -1 to 3 (analytic), and not yet at the target.
    EXPECT_NEAR(v, T(-1) + T(4) * T(i) / T(n), T(1e-4)) << i;
    ASSERT_NE(v, T(3)) << "reached target early at " << i;
  }
  EXPECT_EQ(s.next(), T(3));  // sample n: exactly the target
  EXPECT_FALSE(s.is_smoothing());
  EXPECT_EQ(s.next(), T(3));
}

TYPED_TEST(LinearSmootherTyped, RetargetStartsFreshRamp) {
  using T = TypeParam;
  pd::LinearSmoother<T> s;
  s.prepare(1000.0);
  s.set_ramp_time(0.1);  // 100 samples
  s.set_current_and_target(T(0));
  s.set_target(T(1));
  s.skip(50);
  EXPECT_NEAR(s.current(), T(0.5), T(1e-5));
  s.set_target(T(0));
  for (int i = 0; i < 99; ++i) ASSERT_NE(s.next(), T(0));
  EXPECT_EQ(s.next(), T(0));
}

TEST(Smoother, LinearBlockHelpers) {
  pd::LinearSmoother<float> s;
  s.prepare(100.0);
  s.set_ramp_time(0.04);  // 4 samples
  s.set_current_and_target(0.0f);
  s.set_target(1.0f);
  std::vector<float> block(6, 2.0f);
  s.apply_gain(block);
  const float expected[] = {0.5f, 1.0f, 1.5f, 2.0f, 2.0f, 2.0f};
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(block[static_cast<size_t>(i)], expected[i]);
  s.set_target(0.0f);
  std::vector<float> values(4);
  s.process(values);
  EXPECT_FLOAT_EQ(values[0], 0.75f);
  EXPECT_EQ(values[3], 0.0f);
}

TEST(Smoother, NonFiniteTargetsAreSanitized) {
  pd::LinearSmoother<double> s;
  s.prepare(48000.0);
  s.set_target(std::nan(""));
  s.skip(100000);
  EXPECT_TRUE(std::isfinite(s.current()));
  pd::MultiplicativeSmoother<double> m;
  m.prepare(48000.0);
  m.set_current_and_target(-5.0);  // clamped to the minimum positive value
  EXPECT_EQ(m.current(), pd::MultiplicativeSmoother<double>::kMinValue);
  m.set_target(std::nan(""));
  EXPECT_EQ(m.target(), pd::MultiplicativeSmoother<double>::kMinValue);
  pd::OnePoleSmoother<float> o;
  o.prepare(48000.0);
  o.set_target(INFINITY);
  EXPECT_EQ(o.target(), 0.0f);
}

TEST(Smoother, ZeroRampJumps) {
  pd::LinearSmoother<float> s;
  s.prepare(48000.0);
  s.set_ramp_time(0.0);
  s.set_target(0.7f);
  EXPECT_EQ(s.current(), 0.7f);
  pd::OnePoleSmoother<float> o;
  o.prepare(48000.0);
  o.set_ramp_time(0.0);
  o.set_target(0.3f);
  EXPECT_EQ(o.next(), 0.3f);
}

template <typename T>
class MultiplicativeSmootherTyped : public ::testing::Test {};
TYPED_TEST_SUITE(MultiplicativeSmootherTyped, SampleTypes);

TYPED_TEST(MultiplicativeSmootherTyped, GeometricRampExactAtEnd) {
  using T = TypeParam;
  pd::MultiplicativeSmoother<T> s;
  s.prepare(48000.0);
  s.set_ramp_time(0.02);  // 960 samples
  const int n = s.ramp_length_samples();
  ASSERT_EQ(n, 960);
  s.set_current_and_target(T(100));
  s.set_target(T(6400));  // 6 octaves
  for (int i = 1; i < n; ++i) {
    const T v = s.next();
    // Analytic: equal ratio per sample, i.e. linear in octaves.
    const double expected = 100.0 * std::pow(64.0, double(i) / n);
    EXPECT_NEAR(v / expected, 1.0, 1e-4) << i;
    ASSERT_LT(v, T(6400));
  }
  EXPECT_EQ(s.next(), T(6400));
  EXPECT_FALSE(s.is_smoothing());
}

template <typename T>
class OnePoleSmootherTyped : public ::testing::Test {};
TYPED_TEST_SUITE(OnePoleSmootherTyped, SampleTypes);

TYPED_TEST(OnePoleSmootherTyped, ResidualIsMinus60dBAtRampTime) {
  using T = TypeParam;
  pd::OnePoleSmoother<T> s;
  s.prepare(44100.0);
  s.set_ramp_time(0.05);
  const int n = s.ramp_length_samples();
  ASSERT_EQ(n, 2205);
  s.set_current_and_target(T(0));
  s.set_target(T(1));
  // Analytic: remaining(k) = c^k with c^n = 1e-3; so after n-1 samples it is still above
  // 1e-3 and after n samples at (or within rounding of) 1e-3.
  for (int k = 1; k < n; ++k) {
    const T v = s.next();
    const double expected = 1.0 - std::pow(1e-3, double(k) / n);
    ASSERT_NEAR(v, expected, 2e-5) << k;
  }
  EXPECT_GT(T(1) - s.current(), T(1e-3));
  s.next();
  EXPECT_LE(T(1) - s.current(), T(1e-3) * T(1.0005));
  EXPECT_GE(T(1) - s.current(), T(1e-3) * T(0.9995));
  // And it settles exactly on the target afterwards.
  s.skip(20 * n);
  EXPECT_EQ(s.current(), T(1));
  EXPECT_FALSE(s.is_smoothing());
}

// fill() gives what successive next() calls give (within rounding), lands exactly on the
// target at the ramp's end, and leaves the smoother where next() would have.
TEST(LinearSmootherBlock, FillMatchesNextAndLandsOnTarget) {
  pd::LinearSmoother<double> a;
  pd::LinearSmoother<double> b;
  for (auto* s : {&a, &b}) {
    s->prepare(48000.0);
    s->set_ramp_time(0.01);  // 480 samples
    s->set_current_and_target(1.0);
    s->set_target(0.25);
  }
  std::vector<float> block(100);
  int seen = 0;
  while (seen < 700) {
    b.fill(std::span<float>(block));
    for (float v : block) {
      const double expected = a.next();
      ASSERT_NEAR(v, expected, 1e-6) << "sample " << seen;
      if (seen == 479) {
        ASSERT_EQ(v, 0.25f);  // exactly on target at the ramp's last sample
      }
      ++seen;
    }
    ASSERT_NEAR(b.current(), a.current(), 1e-12);
  }
  EXPECT_FALSE(b.is_smoothing());
}

TEST(LinearSmootherBlock, SkipJumpsLikeRepeatedNext) {
  pd::LinearSmoother<double> a;
  pd::LinearSmoother<double> b;
  for (auto* s : {&a, &b}) {
    s->prepare(1000.0);
    s->set_ramp_time(0.1);  // 100 samples
    s->set_current_and_target(0.0);
    s->set_target(1.0);
  }
  for (int i = 0; i < 37; ++i) (void)a.next();
  b.skip(37);
  EXPECT_NEAR(b.current(), a.current(), 1e-12);
  EXPECT_TRUE(b.is_smoothing());
  b.skip(63);
  EXPECT_EQ(b.current(), 1.0);
  EXPECT_FALSE(b.is_smoothing());
}
