#include "plinth/dsp/transient_shaper.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kSr = 48000.0;
constexpr double kPi = 3.14159265358979323846;

// Four drum-like hits: 150 Hz sine with an instant onset and a 60 ms exponential decay,
// one every 400 ms.
std::vector<double> hits() {
  std::vector<double> x(static_cast<std::size_t>(kSr * 1.6));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = std::fmod(static_cast<double>(i) / kSr, 0.4);
    x[i] = 0.5 * std::exp(-t / 0.06) * std::sin(2 * kPi * 150.0 * t);
  }
  return x;
}

// Energy ratio (dB) output/input of the last hit within [t0, t1) seconds after its onset.
double window_gain_db(const std::vector<double>& x, const std::vector<double>& y, double t0, double t1) {
  double ex = 0, ey = 0;
  const auto start = static_cast<std::size_t>(kSr * (1.2 + t0));
  const auto end = static_cast<std::size_t>(kSr * (1.2 + t1));
  for (std::size_t i = start; i < end; ++i) {
    ex += x[i] * x[i];
    ey += y[i] * y[i];
  }
  return 10 * std::log10(ey / ex);
}

std::vector<double> shape(double attack, double sustain) {
  pd::TransientShaper<double> ts;
  ts.prepare(kSr, 512, 1);
  ts.set_attack(attack);
  ts.set_sustain(sustain);
  auto y = hits();
  ts.process(std::span<double>(y), 0);
  return y;
}
}  // namespace

TEST(TransientShaper, BoostsAndCutsAttacks) {
  const auto x = hits();
  const auto up = shape(1.0, 0.0);
  const auto down = shape(-1.0, 0.0);
  std::printf("first 10 ms: attack +1 %.2f dB, attack -1 %.2f dB; 150-300 ms: attack +1 %.2f dB\n",
              window_gain_db(x, up, 0.0, 0.010), window_gain_db(x, down, 0.0, 0.010),
              window_gain_db(x, up, 0.15, 0.30));
  EXPECT_GT(window_gain_db(x, up, 0.0, 0.010), 3.0);
  EXPECT_LT(window_gain_db(x, down, 0.0, 0.010), -3.0);
  // Away from the onset (the slow follower has caught up) the level is left nearly alone.
  EXPECT_NEAR(window_gain_db(x, up, 0.15, 0.30), 0.0, 1.5);
}

TEST(TransientShaper, SustainShapesTheTail) {
  const auto x = hits();
  const auto more = shape(0.0, 1.0);
  const auto less = shape(0.0, -1.0);
  EXPECT_GT(window_gain_db(x, more, 0.10, 0.30), 1.0);
  EXPECT_LT(window_gain_db(x, less, 0.10, 0.30), -1.0);
  // The onset itself is barely touched by sustain.
  EXPECT_NEAR(window_gain_db(x, more, 0.0, 0.003), 0.0, 1.0);
}

TEST(TransientShaper, SteadySignalUntouchedAndLevelIndependent) {
  for (double a : {0.01, 0.5}) {
    pd::TransientShaper<float> ts;
    ts.prepare(kSr, 512, 1);
    ts.set_attack(1.0);
    ts.set_sustain(1.0);
    float y = 0;
    for (int i = 0; i < 48000; ++i) y = ts.process(static_cast<float>(a), 0);
    EXPECT_NEAR(y / a, 1.0, 1e-3) << a;
  }
}

TEST(TransientShaper, NanResetAndClamp) {
  pd::TransientShaper<float> ts;
  ts.prepare(kSr, 512, 1);
  ts.set_attack(5.0);
  EXPECT_EQ(ts.attack(), 1.0);
  ts.set_sustain(-5.0);
  EXPECT_EQ(ts.sustain(), -1.0);
  ts.set_depth(100);
  EXPECT_EQ(ts.depth(), 24.0);
  ts.set_attack_time(0);
  EXPECT_EQ(ts.attack_time(), 0.001);
  ts.set_sustain_time(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(ts.sustain_time(), 0.3);
  (void)ts.process(std::numeric_limits<float>::quiet_NaN(), 0);
  ts.reset();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(std::isfinite(ts.process(0.3f, 0)));
}
