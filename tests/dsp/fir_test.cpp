#include "plinth/dsp/fir.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace pd = plinth::dsp;

namespace {
template <typename T>
std::vector<T> noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> d(-1, 1);
  std::vector<T> v(n);
  for (auto& x : v) x = T(d(rng));
  return v;
}

// The definition, computed here in double.
std::vector<double> convolve(const std::vector<double>& h, const std::vector<double>& x) {
  std::vector<double> y(x.size(), 0.0);
  for (size_t n = 0; n < x.size(); ++n)
    for (size_t k = 0; k < h.size() && k <= n; ++k) y[n] += h[k] * x[n - k];
  return y;
}
}  // namespace

template <typename T>
class FirTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(FirTyped, SampleTypes);

TYPED_TEST(FirTyped, EqualsDirectConvolution) {
  using T = TypeParam;
  for (size_t taps : {1u, 3u, 8u, 17u, 64u, 101u}) {
    const auto kernel = noise<T>(taps, 1 + unsigned(taps));
    const auto input = noise<T>(700, 99);
    pd::FirFilter<T> fir;
    fir.set_kernel(kernel);
    fir.prepare(48000, 128, 2);
    // Block and sample paths, on channel 1, in uneven blocks.
    std::vector<T> out = input;
    size_t i = 0;
    for (size_t len : {1u, 50u, 128u, 7u}) {
      for (; i + len <= out.size(); i += len) fir.process(std::span<T>(out).subspan(i, len), 1);
    }
    for (; i < out.size(); ++i) out[i] = fir.process(out[i], 1);
    const auto expected =
        convolve(std::vector<double>(kernel.begin(), kernel.end()), std::vector<double>(input.begin(), input.end()));
    const double tol = std::is_same_v<T, float> ? 2e-5 * std::sqrt(double(taps)) : 1e-12;
    for (size_t n = 0; n < input.size(); ++n) ASSERT_NEAR(double(out[n]), expected[n], tol) << taps << " taps, n=" << n;
  }
}

TEST(Fir, ImpulseGivesKernelAndChannelsIndependent) {
  const std::vector<double> k{0.5, -0.25, 0.125, 2.0};
  pd::FirFilter<double> fir;
  fir.set_kernel(k);
  fir.prepare(44100, 16, 2);
  (void)fir.process(3.0, 0);  // channel 0 busy; channel 1 must not see it
  for (size_t n = 0; n < 6; ++n) EXPECT_EQ(fir.process(n == 0 ? 1.0 : 0.0, 1), n < k.size() ? k[n] : 0.0);
  fir.reset();
  EXPECT_EQ(fir.process(1.0, 0), 0.5);
}

TEST(Fir, EdgeCases) {
  pd::FirFilter<float> fir;
  fir.prepare(48000, 16, 1);  // default kernel: identity
  EXPECT_EQ(fir.process(0.7f), 0.7f);
  fir.set_kernel(std::span<const float>{});  // empty: identity
  EXPECT_EQ(fir.length(), 1u);
  const std::vector<float> bad{1.0f, NAN, 0.5f};
  fir.set_kernel(bad);  // non-finite taps zeroed; history resized after prepare
  EXPECT_EQ(fir.kernel()[1], 0.0f);
  fir.reset();
  EXPECT_EQ(fir.process(1.0f), 1.0f);
  EXPECT_EQ(fir.process(0.0f), 0.0f);
  EXPECT_EQ(fir.process(0.0f), 0.5f);
  // NaN input: output NaN for that sample, but it does not linger.
  (void)fir.process(NAN);
  EXPECT_TRUE(std::isfinite(fir.process(0.0f)));
  EXPECT_EQ(fir.process(0.3f, 9), 0.3f);  // unknown channel
}
