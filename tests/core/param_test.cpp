#include "plinth/core/param.h"

#include <cmath>

#include <gtest/gtest.h>

using plinth::Param;
using plinth::ParamSpec;

TEST(ParamSpec, LinearMapsEndsAndMiddle) {
  const auto s = ParamSpec::linear(1, "Mix", -10.0, 30.0, 0.0);
  EXPECT_DOUBLE_EQ(s.to_plain(0.0), -10.0);
  EXPECT_DOUBLE_EQ(s.to_plain(1.0), 30.0);
  EXPECT_DOUBLE_EQ(s.to_plain(0.25), 0.0);
  EXPECT_DOUBLE_EQ(s.to_normalized(10.0), 0.5);
  EXPECT_DOUBLE_EQ(s.default_normalized(), 0.25);
}

TEST(ParamSpec, LogarithmicGivesEqualRatiosPerEqualTravel) {
  const auto s = ParamSpec::logarithmic(2, "Cutoff", 20.0, 20000.0, 1000.0).with_unit("Hz");
  EXPECT_NEAR(s.to_plain(0.0), 20.0, 1e-9);
  EXPECT_NEAR(s.to_plain(1.0), 20000.0, 1e-6);
  // Three decades: each third of travel is one decade.
  EXPECT_NEAR(s.to_plain(1.0 / 3.0), 200.0, 1e-9);
  EXPECT_NEAR(s.to_plain(2.0 / 3.0), 2000.0, 1e-6);
  for (double n : {0.0, 0.1, 0.37, 0.5, 0.99, 1.0}) EXPECT_NEAR(s.to_normalized(s.to_plain(n)), n, 1e-12);
}

TEST(ParamSpec, SteppedKindsRoundAndCountSteps) {
  const auto i = ParamSpec::integer(3, "Voices", 1, 16, 8);
  EXPECT_EQ(i.step_count(), 15);
  EXPECT_DOUBLE_EQ(i.to_plain(0.5), 9.0);  // 1 + round(7.5)
  EXPECT_DOUBLE_EQ(i.to_plain(i.to_normalized(5.0)), 5.0);
  const auto l = ParamSpec::list(4, "Mode", {"Clean", "Warm", "Hot"}, 1);
  EXPECT_EQ(l.step_count(), 2);
  EXPECT_DOUBLE_EQ(l.default_normalized(), 0.5);
  const auto b = ParamSpec::boolean(5, "Enable", true);
  EXPECT_EQ(b.step_count(), 1);
  EXPECT_DOUBLE_EQ(b.to_plain(0.49), 0.0);
  EXPECT_DOUBLE_EQ(b.to_plain(0.5), 1.0);
}

TEST(ParamSpec, OutOfRangeAndNanAreClampedOrDefaulted) {
  const auto s = ParamSpec::decibel(1, "Gain", -60.0, 24.0, 0.0);
  EXPECT_DOUBLE_EQ(s.to_plain(-3.0), -60.0);
  EXPECT_DOUBLE_EQ(s.to_plain(7.0), 24.0);
  EXPECT_DOUBLE_EQ(s.to_plain(NAN), 0.0);
  EXPECT_DOUBLE_EQ(s.to_normalized(1e9), 1.0);
  EXPECT_DOUBLE_EQ(s.to_normalized(NAN), s.default_normalized());
}

TEST(ParamSpec, TextRoundTripsWithUnits) {
  const auto g = ParamSpec::decibel(1, "Gain", -60.0, 24.0, 0.0);
  EXPECT_EQ(g.to_text(-6.0), "-6.00");
  EXPECT_EQ(g.to_text(-0.0001), "0.00");  // never "-0.00"
  EXPECT_DOUBLE_EQ(*g.from_text("-6"), -6.0);
  EXPECT_DOUBLE_EQ(*g.from_text(" -6.5 dB "), -6.5);
  EXPECT_DOUBLE_EQ(*g.from_text("+3 db"), 3.0);
  EXPECT_DOUBLE_EQ(*g.from_text("100"), 24.0);  // clamped
  EXPECT_DOUBLE_EQ(*g.from_text("-inf"), -60.0);
  EXPECT_FALSE(g.from_text("loud"));
  EXPECT_FALSE(g.from_text("6 Hz"));
  EXPECT_FALSE(g.from_text(""));
  EXPECT_FALSE(g.from_text("nan"));

  const auto f = ParamSpec::logarithmic(2, "Cutoff", 20.0, 20000.0, 1000.0).with_unit("Hz");
  EXPECT_EQ(f.to_text(1500.0), "1.50 k");
  EXPECT_EQ(f.to_text(440.0), "440.00");
  EXPECT_DOUBLE_EQ(*f.from_text("1.5k"), 1500.0);
  EXPECT_DOUBLE_EQ(*f.from_text("1.5 kHz"), 1500.0);
  EXPECT_DOUBLE_EQ(*f.from_text("440 Hz"), 440.0);

  const auto l = ParamSpec::list(4, "Mode", {"Clean", "Warm", "Hot"}, 0);
  EXPECT_EQ(l.to_text(2.0), "Hot");
  EXPECT_DOUBLE_EQ(*l.from_text("warm"), 1.0);
  EXPECT_DOUBLE_EQ(*l.from_text("2"), 2.0);
  const auto b = ParamSpec::boolean(5, "Bypass", false);
  EXPECT_EQ(b.to_text(1.0), "On");
  EXPECT_DOUBLE_EQ(*b.from_text("off"), 0.0);
  EXPECT_DOUBLE_EQ(*b.from_text("Yes"), 1.0);
  EXPECT_FALSE(b.from_text("maybe"));
}

TEST(ParamSpec, CheckRejectsUnusableDeclarations) {
  EXPECT_EQ(ParamSpec::linear(1, "A", 0.0, 1.0, 0.5).check(), "");
  EXPECT_NE(ParamSpec::linear(1, "A", 1.0, 1.0, 1.0).check(), "");
  EXPECT_NE(ParamSpec::linear(1, "A", 0.0, 1.0, 2.0).check(), "");
  EXPECT_NE(ParamSpec::logarithmic(1, "F", 0.0, 100.0, 10.0).check(), "");
  EXPECT_NE(ParamSpec::list(1, "L", {"only"}, 0).check(), "");
  EXPECT_NE(ParamSpec::linear(1, "", 0.0, 1.0, 0.5).check(), "");
  EXPECT_NE(ParamSpec::linear(0xffffffffu, "A", 0.0, 1.0, 0.5).check(), "");
}

TEST(Param, SetNormalizedClampsAndIgnoresNan) {
  Param p(ParamSpec::linear(1, "A", 0.0, 10.0, 5.0));
  EXPECT_DOUBLE_EQ(p.value(), 5.0);
  p.set_normalized(2.0);
  EXPECT_DOUBLE_EQ(p.normalized(), 1.0);
  p.set_normalized(NAN);
  EXPECT_DOUBLE_EQ(p.normalized(), 1.0);
  p.set_value(-4.0);
  EXPECT_DOUBLE_EQ(p.value(), 0.0);
}

TEST(Param, DecibelSmoothsAsAmplitudeAndArrivesOnTime) {
  Param p(ParamSpec::decibel(1, "Gain", -60.0, 24.0, 0.0).with_smoothing(10.0));
  p.prepare_smoothing(48000.0, 512);  // 480-sample ramp
  EXPECT_DOUBLE_EQ(p.smoothed(), 1.0);
  p.set_value(-6.0);
  p.retarget();
  const double target = std::pow(10.0, -6.0 / 20.0);
  double v = 0.0;
  for (int i = 0; i < 479; ++i) {
    v = p.smoothed();
    EXPECT_GT(v, target) << "arrived early at sample " << i;
  }
  EXPECT_DOUBLE_EQ(p.smoothed(), target);  // sample 480 lands exactly
  EXPECT_DOUBLE_EQ(p.smoothed(), target);
}

TEST(Param, UnsmoothedParamJumps) {
  Param p(ParamSpec::linear(1, "A", 0.0, 1.0, 0.0));
  p.prepare_smoothing(48000.0, 512);
  p.set_value(0.75);
  p.retarget();
  EXPECT_DOUBLE_EQ(p.smoothed(), 0.75);
}

// A settled parameter's block is not rewritten every block (the buffer keeps the value),
// so what must hold is that every block still reads the right values: after settling,
// after a longer block than before, through a new ramp, and in both sample types.
TEST(Param, SmoothedBlockStaysRightWhenSettled) {
  Param p(ParamSpec::linear(1, "Mix", 0.0, 1.0, 0.25).with_smoothing(1.0));
  p.prepare_smoothing(48000.0, 256);  // 48-sample ramp
  auto expect_all = [](auto block, double value, const char* what) {
    for (std::size_t i = 0; i < block.size(); ++i)
      ASSERT_EQ(static_cast<double>(block[i]), static_cast<double>(static_cast<decltype(block[0] + 0)>(value)))
          << what << " at " << i;
  };
  expect_all(p.smoothed_block<float>(16), 0.25, "settled, short");
  expect_all(p.smoothed_block<float>(256), 0.25, "settled, longer than the block before");
  expect_all(p.smoothed_block<double>(64), 0.25, "settled, 64-bit");
  p.set_value(0.75);
  p.retarget();
  const auto ramp = p.smoothed_block<float>(32);  // mid-ramp: strictly rising
  for (std::size_t i = 1; i < ramp.size(); ++i) ASSERT_GT(ramp[i], ramp[i - 1]);
  ASSERT_LT(ramp.back(), 0.75f);
  (void)p.smoothed_block<float>(32);  // the ramp ends inside this block
  expect_all(p.smoothed_block<float>(16), 0.75, "settled at the new value");
  expect_all(p.smoothed_block<float>(200), 0.75, "new value, longer block");
  p.set_value(0.0);
  p.snap();  // a jump with no ramp (reset) must show at once
  expect_all(p.smoothed_block<float>(200), 0.0, "after a snap");
}
