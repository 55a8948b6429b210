#include "plinth/dsp/ar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

TEST(ArEnvelope, GateModeHoldsThenReleasesExactly) {
  pd::ArEnvelope<double> env;
  env.prepare(48000.0, 512, 1);
  env.set_attack(0.001);   // 48 samples
  env.set_release(0.002);  // 96 samples
  env.set_release_shape(pd::EnvelopeShape::linear);
  env.note_on();
  for (int k = 0; k < 48; ++k) ASSERT_NEAR(env.process(), (k + 1) / 48.0, 1e-12);
  for (int k = 0; k < 500; ++k) ASSERT_EQ(env.process(), 1.0);  // held
  env.note_off();
  for (int k = 0; k < 96; ++k) ASSERT_NEAR(env.process(), 1.0 - (k + 1) / 96.0, 1e-12);
  EXPECT_FALSE(env.is_active());
}

TEST(ArEnvelope, OneShotReleasesAfterPeak) {
  pd::ArEnvelope<float> env;
  env.prepare(48000.0, 512, 1);
  env.set_mode(pd::ArMode::one_shot);
  env.set_attack(0.001);
  env.set_release(0.010);  // 480
  env.trigger();
  std::vector<float> y(48 + 480 + 10);
  env.process(std::span<float>(y));
  EXPECT_EQ(y[47], 1.0f);
  EXPECT_LT(y[48], 1.0f);
  EXPECT_GT(y[48 + 478], 0.0f);
  EXPECT_EQ(y[48 + 479], 0.0f);  // release ends at n_attack + n_release - 1
  EXPECT_FALSE(env.is_active());
  // Exponential release (default) is convex: below the linear line at mid-release.
  EXPECT_LT(y[48 + 239], 0.5f);
}

TEST(ArEnvelope, ClampsAndResets) {
  pd::ArEnvelope<float> env;
  env.prepare(48000.0, 512, 1);
  env.set_attack(std::numeric_limits<double>::infinity());
  EXPECT_EQ(env.attack(), 0.0);
  env.set_release(-5);
  EXPECT_EQ(env.release(), 0.0);
  env.note_on();
  EXPECT_EQ(env.process(), 1.0f);
  env.reset();
  EXPECT_EQ(env.process(), 0.0f);
}
