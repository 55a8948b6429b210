#include "plinth/dsp/limiter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kSr = 48000.0;
constexpr double kPi = 3.14159265358979323846;

// Quiet program with sudden peaks: single-sample spikes, short bursts and a loud step.
template <typename T>
std::vector<T> peaky_signal(std::size_t n) {
  std::vector<T> x(n);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-0.2, 0.2);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = static_cast<T>(0.3 * std::sin(2 * kPi * 220.0 * static_cast<double>(i) / kSr) + u(rng));
  for (std::size_t i = 1000; i < n; i += 3331) x[i] = static_cast<T>(i % 2 ? 4.0 : -2.5);  // spikes
  for (std::size_t i = 20000; i < 20100; ++i)
    x[i] = static_cast<T>(1.7 * std::sin(0.3 * static_cast<double>(i)));  // burst
  for (std::size_t i = 40000; i < 50000; ++i)
    x[i] = static_cast<T>(3.0 * std::sin(2 * kPi * 100.0 * static_cast<double>(i) / kSr));
  return x;
}
}  // namespace

template <typename T>
void check_never_above_ceiling() {
  for (double lookahead : {0.0, 0.001, 0.005, 0.020}) {
    for (double ceiling_db : {-1.0, -6.0, 0.0}) {
      pd::Limiter<T> lim;
      lim.prepare(kSr, 512, 2);
      lim.set_ceiling(ceiling_db);
      lim.set_lookahead(lookahead);
      lim.set_release(0.05);
      auto l = peaky_signal<T>(60000);
      auto r = l;
      for (auto& v : r) v = static_cast<T>(-0.5) * v;                          // the other channel quieter
      for (std::size_t i = 30000; i < 30010; ++i) r[i] = static_cast<T>(5.0);  // peak only on the right
      const double ceiling = std::pow(10.0, ceiling_db / 20);
      lim.process(std::span<T>(l), std::span<T>(r));
      double worst = 0;
      for (std::size_t i = 0; i < l.size(); ++i)
        worst = std::fmax(worst, std::fmax(std::fabs(static_cast<double>(l[i])), std::fabs(static_cast<double>(r[i]))));
      EXPECT_LE(worst, ceiling) << "lookahead " << lookahead << " ceiling " << ceiling_db;
      EXPECT_GT(worst, ceiling * 0.99);  // and it does reach it (it limits, not mutes)
    }
  }
}

TEST(Limiter, NeverAboveCeilingFloat) { check_never_above_ceiling<float>(); }
TEST(Limiter, NeverAboveCeilingDouble) { check_never_above_ceiling<double>(); }

TEST(Limiter, LatencyEqualsReportedAndQuietSignalIsUntouched) {
  for (double lookahead : {0.0, 0.0015, 0.005, 0.0123}) {
    pd::Limiter<double> lim;
    lim.prepare(kSr, 512, 1);
    lim.set_ceiling(-1.0);
    lim.set_lookahead(lookahead);
    const int latency = lim.latency_samples();
    EXPECT_EQ(latency, static_cast<int>(std::lround(lookahead * kSr)));
    std::vector<double> x(4000);
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> u(-0.5, 0.5);
    for (auto& v : x) v = u(rng);
    auto y = x;
    lim.process(std::span<double>(y));
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double expected = i >= static_cast<std::size_t>(latency) ? x[i - static_cast<std::size_t>(latency)] : 0.0;
      ASSERT_EQ(y[i], expected) << i;
    }
  }
}

TEST(Limiter, GainRampsBeforeThePeakAndRecovers) {
  pd::Limiter<double> lim;
  lim.prepare(kSr, 512, 1);
  lim.set_ceiling(-6.0);
  lim.set_lookahead(0.002);  // 96 samples
  lim.set_release(0.01);
  std::vector<double> x(20000, 0.1);
  x[5000] = 1.0;
  lim.process(std::span<double>(x));
  const double c = std::pow(10.0, -6.0 / 20);
  // Output index of the peak is 5000 + 96; the gain starts falling 96 samples earlier (as
  // the peak enters the look-ahead) and moves smoothly: 97 equal steps.
  EXPECT_NEAR(x[5096], c, 1e-6);
  EXPECT_NEAR(x[4999], 0.1, 1e-12);  // untouched before the ramp
  EXPECT_LT(x[5000], 0.1);
  EXPECT_LT(x[5095], 0.1 * (1.0 - 0.5 * (1.0 - c) * 0.9));  // well into the ramp
  for (std::size_t i = 5001; i < 5096; ++i) EXPECT_LT(std::fabs(x[i] - x[i - 1]), (1.0 - c) * 0.1 / 97 * 1.01);
  // Release: back to unity gain long after (10 ms time constant).
  EXPECT_NEAR(x[19999], 0.1, 1e-6);
}

TEST(Limiter, MultichannelPointersAndNanRecovery) {
  pd::Limiter<float> lim;
  lim.prepare(kSr, 512, 3);
  lim.set_ceiling(-3.0);
  lim.set_lookahead(0.001);
  std::vector<float> a(1000, 2.0f), b(1000, 0.1f), c(1000, std::numeric_limits<float>::quiet_NaN());
  float* ptrs[] = {a.data(), b.data(), c.data()};
  lim.process(std::span<float* const>(ptrs, 3), 1000);
  const float ceiling = static_cast<float>(std::pow(10.0, -3.0 / 20));
  for (int i = 0; i < 1000; ++i) {
    ASSERT_LE(std::fabs(a[static_cast<std::size_t>(i)]), ceiling);
    ASSERT_TRUE(std::isfinite(c[static_cast<std::size_t>(i)]));
    ASSERT_LE(std::fabs(b[static_cast<std::size_t>(i)]), 0.1f);  // linked: quiet channel ducked too
  }
  lim.reset();
  std::vector<float> d(200, 0.1f), e(200, 0.1f), f(200, 0.1f);
  float* p2[] = {d.data(), e.data(), f.data()};
  lim.process(std::span<float* const>(p2, 3), 200);
  EXPECT_EQ(d[199], 0.1f);
  EXPECT_EQ(f[199], 0.1f);
}

TEST(Limiter, ParametersClamped) {
  pd::Limiter<double> lim;
  lim.prepare(kSr, 512, 1);
  lim.set_ceiling(6.0);
  EXPECT_EQ(lim.ceiling(), 0.0);
  lim.set_ceiling(-100.0);
  EXPECT_EQ(lim.ceiling(), -60.0);
  lim.set_lookahead(1.0);
  EXPECT_EQ(lim.lookahead(), 0.020);
  EXPECT_EQ(lim.latency_samples(), 960);
  lim.set_lookahead(-1.0);
  EXPECT_EQ(lim.latency_samples(), 0);
  lim.set_release(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(lim.release(), 0.05);
  lim.set_release(0.0);
  EXPECT_EQ(lim.release(), 0.001);
}

TEST(Limiter, ChannelCountIsClampedToTheFrameSize) {
  // More channels than a frame holds: prepare() clamps, processing stays in bounds (this
  // wrote past the stack frame before the clamp; ASan catches a regression).
  pd::Limiter<float> lim;
  lim.prepare(kSr, 64, 40);
  EXPECT_EQ(lim.channels(), pd::Limiter<float>::kMaxChannels);
  lim.set_ceiling(-6.0);
  lim.set_lookahead(0.0);
  std::vector<std::vector<float>> data(40, std::vector<float>(64, 1.0f));
  std::vector<float*> ptrs;
  for (auto& d : data) ptrs.push_back(d.data());
  lim.process(std::span<float* const>(ptrs.data(), ptrs.size()), 64);
  const float ceiling = static_cast<float>(std::pow(10.0, -6.0 / 20));
  for (int c = 0; c < pd::Limiter<float>::kMaxChannels; ++c)
    EXPECT_LE(data[static_cast<std::size_t>(c)][63], ceiling) << c;
  std::vector<float> mono(64, 1.0f);
  lim.process(std::span<float>(mono));
  EXPECT_LE(mono[63], ceiling);
}
