#include "plinth/dsp/gate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kSr = 48000.0;
double amp(double db) { return std::pow(10.0, db / 20); }

template <typename T>
T run(pd::Gate<T>& g, double level, int n) {
  T y = 0;
  for (int i = 0; i < n; ++i) y = g.process(static_cast<T>(level), 0);
  return y;
}

template <typename T>
pd::Gate<T> make_gate() {
  pd::Gate<T> g;
  g.prepare(kSr, 512, 1);
  g.set_threshold(-30);
  g.set_hysteresis(6);  // closes below -36 dB
  g.set_range(-60);
  g.set_attack(0.0005);
  g.set_hold(0.010);
  g.set_release(0.005);
  return g;
}
}  // namespace

template <typename T>
void check_open_close_hysteresis() {
  auto g = make_gate<T>();
  // Starts closed; below threshold stays closed and attenuates by the range.
  EXPECT_NEAR(static_cast<double>(run(g, amp(-33), 4800)) / amp(-33), amp(-60), 1e-6);
  EXPECT_FALSE(g.is_open());
  // Above threshold: opens, unity gain.
  EXPECT_NEAR(static_cast<double>(run(g, amp(-20), 4800)) / amp(-20), 1.0, 1e-5);
  EXPECT_TRUE(g.is_open());
  // Into the hysteresis band (-33 dB, between -36 and -30): stays open.
  EXPECT_NEAR(static_cast<double>(run(g, amp(-33), 48000)) / amp(-33), 1.0, 1e-5);
  EXPECT_TRUE(g.is_open());
  // Below the close level: closes, down to the range.
  EXPECT_NEAR(static_cast<double>(run(g, amp(-40), 9600)) / amp(-40), amp(-60), 1e-5);
  EXPECT_FALSE(g.is_open());
  // Back up into the band: stays closed (needs -30 dB to open).
  EXPECT_NEAR(static_cast<double>(run(g, amp(-31), 9600)) / amp(-31), amp(-60), 1e-5);
  EXPECT_FALSE(g.is_open());
  (void)run(g, amp(-29), 10);
  EXPECT_TRUE(g.is_open());
}

TEST(Gate, OpensClosesWithHysteresisFloat) { check_open_close_hysteresis<float>(); }
TEST(Gate, OpensClosesWithHysteresisDouble) { check_open_close_hysteresis<double>(); }

TEST(Gate, HoldKeepsItOpen) {
  auto g = make_gate<double>();
  g.set_release(0.001);
  (void)run(g, amp(-10), 4800);
  // Silence: the detector (20 ms release) drops below -36 dB after 20 ms * ln(10^(26/20))
  // = 20 ms * 2.99 = 59.9 ms; then the 10 ms hold. So still open at 65 ms, closed by 75 ms.
  int closed_at = -1;
  for (int i = 0; i < 9600; ++i) {
    (void)g.process(0.0, 0);
    if (!g.is_open() && closed_at < 0) closed_at = i;
  }
  const double expected = kSr * (0.020 * std::log(amp(-10) / amp(-36)) + 0.010);
  EXPECT_NEAR(closed_at, expected, 3);
}

TEST(Gate, SideChainKeysTheGate) {
  auto g = make_gate<double>();
  std::vector<double> x(4800, amp(-50)), key(4800, amp(-10));
  g.process(std::span<double>(x), std::span<const double>(key), 0);
  EXPECT_NEAR(x.back(), amp(-50), 1e-9);  // quiet signal passes because the key is loud
  std::vector<double> y(48000, amp(-50));
  g.process(std::span<double>(y), 0);  // without key it closes
  EXPECT_NEAR(y.back(), amp(-50) * amp(-60), 1e-9);
}

TEST(Gate, NanResetAndClamp) {
  auto g = make_gate<float>();
  (void)g.process(std::numeric_limits<float>::quiet_NaN(), 0);
  g.reset();
  EXPECT_TRUE(std::isfinite(run(g, 0.5, 100)));
  EXPECT_TRUE(std::isfinite(g.gain()));
  g.set_threshold(10);
  EXPECT_EQ(g.threshold(), 0.0);
  g.set_hysteresis(-1);
  EXPECT_EQ(g.hysteresis(), 0.0);
  g.set_range(-1000);
  EXPECT_EQ(g.range(), -120.0);
  g.set_hold(100);
  EXPECT_EQ(g.hold(), 2.0);
}
