#include "plinth/dsp/expander.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kSr = 48000.0;

// Downward expander with quadratic knee and a range floor, written out independently.
double expected_gain_db(double x, double t, double r, double w, double range) {
  double y;
  if (x >= t + w / 2)
    y = x;
  else if (x <= t - w / 2)
    y = t + (x - t) * r;
  else
    y = x - (r - 1) * std::pow(x - t - w / 2, 2) / (2 * w);
  return std::fmax(y - x, range);
}
}  // namespace

template <typename T>
void check_curve() {
  struct Setting {
    double t, r, w, range;
  };
  for (auto s : {Setting{-40, 2, 0, -30}, Setting{-30, 4, 10, -60}, Setting{-50, 1.5, 6, -120}}) {
    pd::Expander<T> ex;
    ex.prepare(kSr, 512, 1);
    ex.set_threshold(s.t);
    ex.set_ratio(s.r);
    ex.set_knee(s.w);
    ex.set_range(s.range);
    ex.set_attack(0.001);
    ex.set_release(0.005);
    for (double x = -80; x <= 0; x += 2.5) {
      ex.reset();
      const double a = std::pow(10.0, x / 20);
      T y = 0;
      for (int i = 0; i < 9600; ++i) y = ex.process(static_cast<T>(a), 0);
      EXPECT_NEAR(20 * std::log10(static_cast<double>(y) / a), expected_gain_db(x, s.t, s.r, s.w, s.range), 0.1)
          << "x=" << x << " T=" << s.t;
    }
  }
}

TEST(Expander, StaticCurveMatchesClosedFormFloat) { check_curve<float>(); }
TEST(Expander, StaticCurveMatchesClosedFormDouble) { check_curve<double>(); }

TEST(Expander, GainComputerSlopes) {
  using G = pd::GainComputer;
  EXPECT_NEAR(G::expander_output_db(-60.0, -40.0, 3.0, 0.0), -40.0 - 60.0, 1e-12);  // 20 under x3
  EXPECT_NEAR(G::expander_output_db(-10.0, -40.0, 3.0, 0.0), -10.0, 1e-12);
  for (double e : {-4.0, 4.0})
    EXPECT_NEAR(G::expander_output_db(-40 + e - 1e-9, -40.0, 3.0, 8.0),
                G::expander_output_db(-40 + e + 1e-9, -40.0, 3.0, 8.0), 1e-6);
}

TEST(Expander, SideChainAndNan) {
  pd::Expander<double> ex;
  ex.prepare(kSr, 512, 1);
  ex.set_threshold(-20);
  ex.set_ratio(2);
  ex.set_range(-40);
  std::vector<double> x(4800, 0.5), key(4800, 0.01);  // loud input, key 40 dB down -> 20 under
  ex.process(std::span<double>(x), std::span<const double>(key), 0);
  EXPECT_NEAR(20 * std::log10(x.back() / 0.5), -20.0, 0.05);
  (void)ex.process(std::numeric_limits<double>::quiet_NaN(), 0);
  ex.reset();
  double y = 0;
  for (int i = 0; i < 4800; ++i) y = ex.process(0.5, 0);
  EXPECT_NEAR(y, 0.5, 1e-9);
}

TEST(Expander, ParametersClamped) {
  pd::Expander<float> ex;
  ex.set_ratio(0);
  EXPECT_EQ(ex.ratio(), 1.0);
  ex.set_range(10);
  EXPECT_EQ(ex.range(), 0.0);
  ex.set_threshold(std::numeric_limits<double>::infinity());
  EXPECT_EQ(ex.threshold(), -40.0);
  ex.set_knee(100);
  EXPECT_EQ(ex.knee(), 36.0);
}
