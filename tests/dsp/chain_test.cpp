#include "plinth/dsp/chain.h"

#include "plinth/dsp/biquad.h"
#include "plinth/dsp/dc_blocker.h"
#include "plinth/dsp/ladder.h"
#include "plinth/dsp/one_pole.h"
#include "plinth/dsp/svf.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pd = plinth::dsp;

namespace {
// A stage without channels or block process, and without prepare/reset.
struct Gain {
  float g = 2.0f;
  float process(float x) const noexcept { return x * g; }
};

std::vector<float> signal(size_t n) {
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i)
    x[i] = std::sin(0.07f * float(i)) + 0.3f * std::sin(1.9f * float(i)) + (i == 5 ? 1.0f : 0.0f);
  return x;
}

template <typename C>
void configure(C& c) {
  c.template get<0>().set_parameters(pd::BiquadType::HighPass, 120.0, 0.8);
  c.template get<1>().set_cutoff(900.0);
  c.template get<1>().set_resonance(0.6);
}
}  // namespace

TEST(Chain, EqualsProcessorsAppliedByHand) {
  pd::Chain<pd::Biquad<float>, pd::LadderFilter<float>, pd::DcBlocker<float>, Gain> chain;
  configure(chain);
  chain.prepare(48000, 64, 2);

  pd::Biquad<float> b;
  pd::LadderFilter<float> l;
  pd::DcBlocker<float> d;
  Gain g;
  b.set_parameters(pd::BiquadType::HighPass, 120.0, 0.8);
  l.set_cutoff(900.0);
  l.set_resonance(0.6);
  b.prepare(48000, 64, 2);
  l.prepare(48000, 64, 2);
  d.prepare(48000, 64, 2);

  const auto x = signal(256);
  // Per sample, channel 1.
  for (float v : x) {
    const float by_hand = g.process(d.process(l.process(b.process(v, 1), 1), 1));
    ASSERT_EQ(chain.process(v, 1), by_hand);
  }
  // Per block after reset: equals the per-sample chain from a fresh state.
  chain.reset();
  b.reset();
  l.reset();
  d.reset();
  auto blk = x;
  chain.process(std::span<float>(blk), 0);
  for (size_t i = 0; i < x.size(); ++i) {
    const float by_hand = g.process(d.process(l.process(b.process(x[i], 0), 0), 0));
    // Block loops associate sums differently: float rounding only (double is exact).
    ASSERT_NEAR(blk[i], by_hand, 1e-4f) << i;
  }
}

TEST(Chain, NestsAndResets) {
  using Inner = pd::Chain<pd::OnePole<double>, pd::StateVariableFilter<double>>;
  pd::Chain<Inner, pd::DcBlocker<double>> outer;
  outer.get<0>().get<0>().set_cutoff(3000);
  outer.get<0>().get<1>().set_cutoff(500);
  outer.prepare(44100, 32, 1);
  std::vector<double> first, second;
  for (int n = 0; n < 64; ++n) first.push_back(outer.process(n == 0 ? 1.0 : 0.25));
  outer.reset();
  for (int n = 0; n < 64; ++n) second.push_back(outer.process(n == 0 ? 1.0 : 0.25));
  EXPECT_EQ(first, second);  // reset reached every nested stage
  EXPECT_EQ(decltype(outer)::size, 2u);
}
