#include "plinth/dsp/buffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace pd = plinth::dsp;

namespace {
template <typename T>
std::vector<T> noise(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(dist(rng));
  return v;
}
// Sizes around the chunk width, to exercise both the vector body and the scalar tail.
const std::size_t kSizes[] = {0, 1, 7, 8, 9, 15, 16, 17, 100, 513};
}  // namespace

template <typename T>
class BufferTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(BufferTyped, SampleTypes);

TYPED_TEST(BufferTyped, ElementwiseOpsMatchPlainLoops) {
  using T = TypeParam;
  for (std::size_t n : kSizes) {
    const auto a = noise<T>(n, 1);
    const auto b = noise<T>(n, 2);
    const T g = T(0.37), h = T(-1.25);
    std::vector<T> d;

    d = b;
    pd::add<T>(a, d);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(d[i], b[i] + a[i]);
    d = b;
    pd::subtract<T>(a, d);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(d[i], b[i] - a[i]);
    d = b;
    pd::scale<T>(d, g);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(d[i], b[i] * g);
    d.assign(n, T(9));
    pd::copy_with_gain<T>(a, d, g);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(d[i], a[i] * g);
    d = b;
    pd::add_with_gain<T>(a, d, g);
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(d[i], b[i] + a[i] * g, T(1e-6));
    d.assign(n, T(9));
    pd::mix<T>(a, g, b, h, d);
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(d[i], a[i] * g + b[i] * h, T(1e-6));
    d.assign(n, T(9));
    pd::copy<T>(a, d);
    EXPECT_EQ(d, a);
    pd::clear<T>(d);
    for (T v : d) ASSERT_EQ(v, T(0));
    pd::fill<T>(d, T(0.5));
    for (T v : d) ASSERT_EQ(v, T(0.5));
  }
}

TYPED_TEST(BufferTyped, InPlaceOnSameBuffer) {
  using T = TypeParam;
  auto d = noise<T>(37, 3);
  const auto orig = d;
  pd::add<T>(d, d);
  for (std::size_t i = 0; i < d.size(); ++i) ASSERT_EQ(d[i], orig[i] * T(2));
  pd::copy<T>(d, d);
  pd::add_with_gain<T>(d, d, T(-0.5));  // d = 2x - x = x
  for (std::size_t i = 0; i < d.size(); ++i) ASSERT_NEAR(d[i], orig[i], T(1e-6));
}

TYPED_TEST(BufferTyped, MismatchedLengthsNeverOverrun) {
  using T = TypeParam;
  std::vector<T> src(10, T(1));
  std::vector<T> dst(4, T(0));
  pd::add<T>(src, dst);
  pd::copy<T>(src, dst);
  pd::mix<T>(src, T(1), std::span<const T>(src).first(3), T(1), dst);
  EXPECT_EQ(dst[3], T(1));  // mix touched only 3 samples
  EXPECT_EQ(dst[2], T(2));
}

TYPED_TEST(BufferTyped, GainRampIsLinearAndJoinsSeamlessly) {
  using T = TypeParam;
  for (std::size_t n : kSizes) {
    if (n == 0) continue;
    std::vector<T> d(n, T(1));
    pd::apply_gain_ramp<T>(d, T(0.2), T(1.0));
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(d[i], T(0.2) + T(0.8) * T(i) / T(n), T(1e-6)) << n << " " << i;
    const auto a = noise<T>(n, 4);
    std::vector<T> acc(n, T(0.5));
    pd::add_with_gain_ramp<T>(a, acc, T(1), T(0));
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(acc[i], T(0.5) + a[i] * (T(1) - T(i) / T(n)), T(1e-6));
  }
  // Two consecutive half blocks equal one full block's ramp.
  std::vector<T> whole(64, T(1)), halves(64, T(1));
  pd::apply_gain_ramp<T>(whole, T(0), T(1));
  pd::apply_gain_ramp<T>(std::span<T>(halves).first(32), T(0), T(0.5));
  pd::apply_gain_ramp<T>(std::span<T>(halves).last(32), T(0.5), T(1));
  for (std::size_t i = 0; i < 64; ++i) ASSERT_NEAR(whole[i], halves[i], T(1e-6));
}

TYPED_TEST(BufferTyped, PeakAndRms) {
  using T = TypeParam;
  for (std::size_t n : kSizes) {
    const auto a = noise<T>(n, 5);
    T m = 0;
    double ss = 0;
    for (T v : a) {
      m = std::max(m, std::abs(v));
      ss += double(v) * double(v);
    }
    EXPECT_EQ(pd::peak<T>(a), m);
    EXPECT_NEAR(pd::sum_of_squares<T>(a), ss, 1e-4 * (1 + ss));
    EXPECT_NEAR(pd::rms<T>(a), n ? std::sqrt(ss / n) : 0.0, 1e-5);
  }
  // Analytic: a sine of amplitude A over whole periods has RMS A / sqrt(2).
  std::vector<T> s(480);
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = T(0.8) * T(std::sin(2.0 * std::numbers::pi * 5.0 * double(i) / 480.0));
  EXPECT_NEAR(pd::rms<T>(s), 0.8 / std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(pd::peak<T>(s), 0.8, 1e-6);
  EXPECT_NEAR(pd::rms_decibels<T>(s), 20 * std::log10(0.8 / std::sqrt(2.0)), 1e-4);
  EXPECT_NEAR(pd::peak_decibels<T>(s), 20 * std::log10(0.8), 1e-4);
  // A negative peak counts.
  std::vector<T> neg{T(0.1), T(-0.9), T(0.2)};
  EXPECT_EQ(pd::peak<T>(neg), T(0.9));
  EXPECT_EQ(pd::peak_decibels<T>(std::vector<T>(5, T(0))), T(-100));
}

TYPED_TEST(BufferTyped, FiniteCheckAndSanitize) {
  using T = TypeParam;
  auto a = noise<T>(33, 6);
  EXPECT_TRUE(pd::all_finite<T>(a));
  a[20] = std::numeric_limits<T>::quiet_NaN();
  EXPECT_FALSE(pd::all_finite<T>(a));
  a[31] = -std::numeric_limits<T>::infinity();
  EXPECT_FALSE(pd::all_finite<T>(std::span<const T>(a).last(3)));
  EXPECT_EQ(pd::sanitize<T>(a), 2u);
  EXPECT_TRUE(pd::all_finite<T>(a));
  EXPECT_EQ(a[20], T(0));
}

TYPED_TEST(BufferTyped, InterleaveRoundTrip) {
  using T = TypeParam;
  for (std::size_t n : kSizes) {
    const auto l = noise<T>(n, 7), r = noise<T>(n, 8), c = noise<T>(n, 9);
    std::vector<T> inter(3 * n, T(-5));
    const T* chans[] = {l.data(), r.data(), c.data()};
    EXPECT_EQ(pd::interleave<T>(chans, n, inter), n);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(inter[3 * i], l[i]);
      ASSERT_EQ(inter[3 * i + 1], r[i]);
      ASSERT_EQ(inter[3 * i + 2], c[i]);
    }
    std::vector<T> l2(n), r2(n), c2(n);
    T* outs[] = {l2.data(), r2.data(), c2.data()};
    EXPECT_EQ(pd::deinterleave<T>(inter, outs, n), n);
    EXPECT_EQ(l2, l);
    EXPECT_EQ(r2, r);
    EXPECT_EQ(c2, c);

    std::vector<T> st(2 * n);
    pd::interleave_stereo<T>(l, r, st);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(st[2 * i], l[i]);
      ASSERT_EQ(st[2 * i + 1], r[i]);
    }
    std::vector<T> l3(n), r3(n);
    pd::deinterleave_stereo<T>(st, l3, r3);
    EXPECT_EQ(l3, l);
    EXPECT_EQ(r3, r);
  }
  // Frames clamped to what the interleaved buffer holds.
  std::vector<T> a(10, T(1)), small(7);
  const T* chans[] = {a.data(), a.data()};
  EXPECT_EQ(pd::interleave<T>(chans, 10, small), 3u);
}

TYPED_TEST(BufferTyped, PanLawCentreValues) {
  using T = TypeParam;
  const T tol = T(1e-6);
  auto lin = pd::pan_gains<T>(T(0), pd::PanLaw::Linear);
  EXPECT_NEAR(lin.left, 0.5, tol);
  EXPECT_NEAR(lin.right, 0.5, tol);
  EXPECT_NEAR(pd::gain_to_decibels(lin.left), -6.0206, 1e-3);
  auto cp = pd::pan_gains<T>(T(0), pd::PanLaw::ConstantPower);
  EXPECT_NEAR(cp.left, std::sqrt(0.5), tol);
  EXPECT_NEAR(pd::gain_to_decibels(cp.right), -3.0103, 1e-3);
  auto m45 = pd::pan_gains<T>(T(0), pd::PanLaw::Minus4_5dB);
  EXPECT_NEAR(pd::gain_to_decibels(m45.left), -4.5154, 1e-3);
  EXPECT_NEAR(pd::gain_to_decibels(m45.right), -4.5154, 1e-3);
  // Hard left / right: unity on one side, silence on the other, for every law.
  for (auto law : {pd::PanLaw::Linear, pd::PanLaw::ConstantPower, pd::PanLaw::Minus4_5dB}) {
    auto l = pd::pan_gains<T>(T(-1), law);
    EXPECT_NEAR(l.left, 1.0, tol);
    EXPECT_NEAR(l.right, 0.0, tol);
    auto r = pd::pan_gains<T>(T(1), law);
    EXPECT_NEAR(r.left, 0.0, tol);
    EXPECT_NEAR(r.right, 1.0, tol);
    // Out of range clamps; NaN means centre.
    auto beyond = pd::pan_gains<T>(T(7), law);
    EXPECT_NEAR(beyond.right, 1.0, tol);
    auto nan = pd::pan_gains<T>(std::numeric_limits<T>::quiet_NaN(), law);
    auto centre = pd::pan_gains<T>(T(0), law);
    EXPECT_EQ(nan.left, centre.left);
  }
  // Constant power keeps L^2 + R^2 = 1 everywhere; linear keeps L + R = 1.
  for (T p = T(-1); p <= T(1); p += T(0.125)) {
    auto c = pd::pan_gains<T>(p, pd::PanLaw::ConstantPower);
    EXPECT_NEAR(c.left * c.left + c.right * c.right, 1.0, tol);
    auto l = pd::pan_gains<T>(p, pd::PanLaw::Linear);
    EXPECT_NEAR(l.left + l.right, 1.0, tol);
  }
  std::vector<T> src{T(1), T(-2)}, left(2), right(2);
  pd::pan_mono<T>(src, left, right, T(0), pd::PanLaw::ConstantPower);
  EXPECT_NEAR(left[1], -2 * std::sqrt(0.5), tol);
  EXPECT_NEAR(right[0], std::sqrt(0.5), tol);
}

TYPED_TEST(BufferTyped, MidSide) {
  using T = TypeParam;
  for (std::size_t n : kSizes) {
    const auto l = noise<T>(n, 10), r = noise<T>(n, 11);
    auto a = l, b = r;
    pd::left_right_to_mid_side<T>(a, b);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_NEAR(a[i], (l[i] + r[i]) / 2, T(1e-7));
      ASSERT_NEAR(b[i], (l[i] - r[i]) / 2, T(1e-7));
    }
    pd::mid_side_to_left_right<T>(a, b);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_NEAR(a[i], l[i], T(1e-6));
      ASSERT_NEAR(b[i], r[i], T(1e-6));
    }
  }
  // Identical channels: side is silent.
  std::vector<T> x{T(0.3), T(-0.7)}, y = x;
  pd::left_right_to_mid_side<T>(x, y);
  EXPECT_EQ(y[0], T(0));
  EXPECT_EQ(x[1], T(-0.7));
}

TEST(Decibel, Conversions) {
  EXPECT_NEAR(pd::decibels_to_gain(-6.0206), 0.5, 1e-5);
  EXPECT_NEAR(pd::decibels_to_gain(20.0f), 10.0f, 1e-5f);
  EXPECT_EQ(pd::decibels_to_gain(-100.0), 0.0);  // at the floor: silence
  EXPECT_EQ(pd::decibels_to_gain(std::nan("")), 0.0);
  EXPECT_NEAR(pd::gain_to_decibels(2.0), 6.0206, 1e-4);
  EXPECT_NEAR(pd::gain_to_decibels(-0.5), -6.0206, 1e-4);  // magnitude
  EXPECT_EQ(pd::gain_to_decibels(0.0), -100.0);
  EXPECT_EQ(pd::gain_to_decibels(std::nan("")), -100.0);
  EXPECT_EQ(pd::gain_to_decibels(1e-9, -120.0), -120.0);
  EXPECT_NEAR(pd::power_to_decibels(0.5), -3.0103, 1e-4);
  for (double db = -99.0; db < 40.0; db += 0.7) EXPECT_NEAR(pd::gain_to_decibels(pd::decibels_to_gain(db)), db, 1e-9);
}
