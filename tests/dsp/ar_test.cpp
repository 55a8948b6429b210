#include "plinth/dsp/ar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

TEST(ArEnvelope, GateModeHoldsThenReleasesExactly)
{
    pd::ArEnvelope<double> env;
    env.prepare(48000.0, 512, 1);
    env.setAttack(0.001); // 48 samples
    env.setRelease(0.002); // 96 samples
    env.setReleaseShape(pd::EnvelopeShape::linear);
    env.noteOn();
    for (int k = 0; k < 48; ++k) ASSERT_NEAR(env.process(), (k + 1) / 48.0, 1e-12);
    for (int k = 0; k < 500; ++k) ASSERT_EQ(env.process(), 1.0); // held
    env.noteOff();
    for (int k = 0; k < 96; ++k) ASSERT_NEAR(env.process(), 1.0 - (k + 1) / 96.0, 1e-12);
    EXPECT_FALSE(env.isActive());
}

TEST(ArEnvelope, OneShotReleasesAfterPeak)
{
    pd::ArEnvelope<float> env;
    env.prepare(48000.0, 512, 1);
    env.setMode(pd::ArMode::oneShot);
    env.setAttack(0.001);
    env.setRelease(0.010); // 480
    env.trigger();
    std::vector<float> y(48 + 480 + 10);
    env.process(std::span<float>(y));
    EXPECT_EQ(y[47], 1.0f);
    EXPECT_LT(y[48], 1.0f);
    EXPECT_GT(y[48 + 478], 0.0f);
    EXPECT_EQ(y[48 + 479], 0.0f); // release ends at n_attack + n_release - 1
    EXPECT_FALSE(env.isActive());
    // Exponential release (default) is convex: below the linear line at mid-release.
    EXPECT_LT(y[48 + 239], 0.5f);
}

TEST(ArEnvelope, ClampsAndResets)
{
    pd::ArEnvelope<float> env;
    env.prepare(48000.0, 512, 1);
    env.setAttack(std::numeric_limits<double>::infinity());
    EXPECT_EQ(env.attack(), 0.0);
    env.setRelease(-5);
    EXPECT_EQ(env.release(), 0.0);
    env.noteOn();
    EXPECT_EQ(env.process(), 1.0f);
    env.reset();
    EXPECT_EQ(env.process(), 0.0f);
}
