#include "plinth/dsp/denormal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace pd = plinth::dsp;

namespace {
// Keeps the optimizer from folding the arithmetic at compile time.
template <typename T>
T launder(T x) {
  volatile T v = x;
  return v;
}
}  // namespace

TEST(Denormal, GuardSetsAndRestoresControlWord) {
  if (!pd::kDenormalGuardSupported) GTEST_SKIP() << "no denormal mode on this platform";
  const auto before = pd::floating_point_control_word();
  {
    pd::ScopedNoDenormals guard;
    EXPECT_EQ(guard.previous_control_word(), before);
    const auto inside = pd::floating_point_control_word();
    EXPECT_EQ(inside & pd::kDenormalFlushBits, pd::kDenormalFlushBits);
    // Only the flush bits change.
    EXPECT_EQ(inside & ~pd::kDenormalFlushBits, before & ~pd::kDenormalFlushBits);
  }
  EXPECT_EQ(pd::floating_point_control_word(), before);
}

TEST(Denormal, NestedGuardsRestoreInOrder) {
  const auto before = pd::floating_point_control_word();
  {
    pd::ScopedNoDenormals outer;
    const auto mid = pd::floating_point_control_word();
    {
      pd::ScopedNoDenormals inner;
      EXPECT_EQ(inner.previous_control_word(), mid);
    }
    EXPECT_EQ(pd::floating_point_control_word(), mid);
  }
  EXPECT_EQ(pd::floating_point_control_word(), before);
}

TEST(Denormal, GuardFlushesDenormalArithmetic) {
  if (!pd::kDenormalGuardSupported) GTEST_SKIP() << "no denormal mode on this platform";
  const float smallest = std::numeric_limits<float>::min();  // smallest normal
  // Without the guard, halving the smallest normal gives a denormal.
  const float unguarded = launder(smallest) * launder(0.5f);
  EXPECT_EQ(std::fpclassify(unguarded), FP_SUBNORMAL);
  {
    pd::ScopedNoDenormals guard;
    const float guarded = launder(smallest) * launder(0.5f);
    EXPECT_EQ(guarded, 0.0f);
    // DAZ: a denormal input reads as zero.
    const float denorm = launder(unguarded);
    EXPECT_EQ(launder(denorm) * launder(1.0f), 0.0f);
  }
  const float after = launder(smallest) * launder(0.5f);
  EXPECT_EQ(std::fpclassify(after), FP_SUBNORMAL);
}

TEST(Denormal, FlushDenormalHelper) {
  EXPECT_EQ(pd::flush_denormal(1e-20f), 0.0f);
  EXPECT_EQ(pd::flush_denormal(-1e-20), 0.0);
  EXPECT_EQ(pd::flush_denormal(std::numeric_limits<double>::denorm_min()), 0.0);
  EXPECT_EQ(pd::flush_denormal(0.25f), 0.25f);
  EXPECT_EQ(pd::flush_denormal(-1e-10), -1e-10);
}
