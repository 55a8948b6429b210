#include "plinth/dsp/envelope_follower.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kSr = 48000.0;
const double kOneMinusInvE = 1.0 - std::exp(-1.0);

// Index (0-based) of the first sample at which f(n) >= level; the sample index n counts how
// many input samples the follower has seen minus one.
template <typename F>
int first_reaching(F f, double level, int max_n) {
  for (int n = 0; n < max_n; ++n)
    if (f() >= level) return n;
  return -1;
}
}  // namespace

template <typename T>
void check_peak_time_constants() {
  for (double tau : {0.001, 0.010, 0.100}) {
    pd::EnvelopeFollower<T> env;
    env.prepare(kSr, 512, 1);
    env.set_attack(tau);
    env.set_release(2 * tau);
    // Step 0 -> 1: after tau*sr samples the follower is at 1 - 1/e. Sample n (0-based) has
    // seen n+1 input samples, so it is expected at n = tau*sr - 1.
    const int expected = static_cast<int>(std::lround(tau * kSr)) - 1;
    const int n = first_reaching([&] { return static_cast<double>(env.process(T(1))); }, kOneMinusInvE - 1e-6, 100000);
    EXPECT_NEAR(n, expected, 1) << "attack " << tau;
    for (int i = 0; i < static_cast<int>(20 * tau * kSr); ++i) (void)env.process(T(1));
    // Step 1 -> 0: falls to 1/e after 2*tau.
    const int expected_release = static_cast<int>(std::lround(2 * tau * kSr)) - 1;
    const int m =
        first_reaching([&] { return 1.0 - static_cast<double>(env.process(T(0))); }, kOneMinusInvE - 1e-6, 100000);
    EXPECT_NEAR(m, expected_release, 1) << "release " << 2 * tau;
  }
}

TEST(EnvelopeFollower, PeakTimeConstantsFloat) { check_peak_time_constants<float>(); }
TEST(EnvelopeFollower, PeakTimeConstantsDouble) { check_peak_time_constants<double>(); }

TEST(EnvelopeFollower, RmsTimeConstantAndLevel) {
  pd::EnvelopeFollower<double> env;
  env.prepare(kSr, 512, 1);
  env.set_mode(pd::DetectorMode::rms);
  env.set_attack(0.005);
  env.set_release(0.005);
  // Mean square covers 1 - 1/e of a DC step in tau: the rms is sqrt of that.
  const int n = first_reaching([&] { return env.process(1.0); }, std::sqrt(kOneMinusInvE) - 1e-9, 100000);
  EXPECT_NEAR(n, 240 - 1, 1);
  // Steady sine of amplitude 0.8: rms 0.8/sqrt(2).
  env.reset();
  env.set_attack(0.05);
  env.set_release(0.05);
  double worst = 0;
  for (int i = 0; i < 96000; ++i) {
    const double v = env.process(0.8 * std::sin(2 * 3.14159265358979 * 1000.0 * i / kSr));
    if (i > 48000) worst = std::fmax(worst, std::fabs(v / (0.8 / std::sqrt(2.0)) - 1.0));
  }
  EXPECT_LT(worst, 0.005);
}

TEST(EnvelopeFollower, PeakHoldsSinePeakWithSlowRelease) {
  pd::EnvelopeFollower<float> env;
  env.prepare(kSr, 512, 2);
  env.set_attack(0.0);
  env.set_release(1.0);
  std::vector<float> block(4800);
  for (std::size_t i = 0; i < block.size(); ++i)
    block[i] = 0.5f * static_cast<float>(std::sin(2 * 3.14159265358979 * 440.0 * i / kSr));
  env.process(std::span<float>(block), 1);
  EXPECT_NEAR(block.back(), 0.5f, 0.01f);
  EXPECT_EQ(env.envelope(0), 0.0f);  // channels are independent
  EXPECT_NEAR(env.envelope(1), block.back(), 1e-6f);
}

TEST(EnvelopeFollower, NanDoesNotStickAndResetClears) {
  pd::EnvelopeFollower<float> env;
  env.prepare(kSr, 512, 1);
  (void)env.process(0.5f);
  EXPECT_TRUE(std::isfinite(env.process(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isfinite(env.process(std::numeric_limits<float>::infinity())));
  env.reset();
  EXPECT_EQ(env.envelope(), 0.0f);
  EXPECT_TRUE(std::isfinite(env.process(0.25f)));
  // Decay to silence flushes to exact zero (no denormals).
  env.set_release(0.0001);
  for (int i = 0; i < 100000; ++i) (void)env.process(0.0f);
  EXPECT_EQ(env.envelope(), 0.0f);
}

TEST(EnvelopeFollower, ParametersClamped) {
  pd::EnvelopeFollower<double> env;
  env.prepare(kSr, 512, 1);
  env.set_attack(-1);
  EXPECT_EQ(env.attack(), 0.0);
  env.set_release(1e9);
  EXPECT_EQ(env.release(), 10.0);
  env.set_release(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(env.release(), 0.0);
  EXPECT_EQ(env.process(0.7, 99), 0.7);  // channel clamped, attack 0 = instant
  EXPECT_EQ(env.process(0.7, -3), 0.7);
}
