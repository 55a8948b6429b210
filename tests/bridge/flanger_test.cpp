// The flanger through the real .so: with no feedback a ramp x[n] = n a comes out of the
// wet path as (n - d(n)) a, so the swept delay d(n) is read off sample by sample (range
// against delay .. delay + depth, period against the rate); with the sweep at zero depth
// an impulse shows the feedback repeats fb^k at multiples of the delay; then the mix.
#include <cmath>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId { rate = 1, delay, depth, feedback, spread, mix };
constexpr double slope = 1e-4;

TEST(Flanger, DelaySweepsItsRangeAtTheRate) {
  auto p = fx::load("PlinthFlanger");
  ASSERT_TRUE(p.plugin);
  constexpr std::size_t n = 144000;  // 3 s: three cycles at 1 Hz
  fx::Channels in(2, std::vector<float>(n));
  for (auto& c : in)
    for (std::size_t i = 0; i < n; ++i) c[i] = static_cast<float>(slope * static_cast<double>(i));
  const auto out =
      fx::run(*p, in, fx::at_start(*p, {{rate, 1.0}, {delay, 1.0}, {depth, 4.0}, {feedback, 0.0}, {mix, 1.0}}));
  std::vector<double> d;
  for (std::size_t i = 0; i < n; ++i) d.push_back(static_cast<double>(i) - out[0][i] / slope);
  // 1 ms .. 5 ms: 48 .. 240 samples.
  const auto [lo, hi] = std::minmax_element(d.begin() + 24000, d.end());
  EXPECT_NEAR(*lo, 48.0, 0.5);
  EXPECT_NEAR(*hi, 240.0, 0.5);
  std::vector<double> up;
  for (std::size_t i = 24001; i < n; ++i)
    if (d[i - 1] < 144.0 && d[i] >= 144.0)
      up.push_back(static_cast<double>(i - 1) + (144.0 - d[i - 1]) / (d[i] - d[i - 1]));
  ASSERT_GE(up.size(), 2u);
  EXPECT_NEAR((up.back() - up.front()) / static_cast<double>(up.size() - 1), 48000.0, 48.0);  // 1 Hz
}

TEST(Flanger, FeedbackRepeatsAtTheDelay) {
  for (const double fb : {0.6, -0.5}) {
    auto p = fx::load("PlinthFlanger");
    // Half a second of silence: the delay and depth glide (20 ms one-poles) to their settings.
    fx::run(*p, fx::Channels(2, std::vector<float>(24000, 0.0f)),
            fx::at_start(*p, {{delay, 1.0}, {depth, 0.0}, {feedback, fb}, {mix, 1.0}}));
    const auto out = fx::run(*p, fx::impulse(512));
    for (int k = 1; k <= 4; ++k) EXPECT_NEAR(out[0][48 * k], std::pow(fb, k - 1), 1e-5) << fb << " " << k;
    EXPECT_NEAR(out[0][47], 0.0, 1e-6);
  }
}

TEST(Flanger, MixBlendsDryAndWet) {
  auto render = [](double m) {
    auto p = fx::load("PlinthFlanger");
    fx::run(*p, fx::Channels(2, std::vector<float>(4800, 0.0f)), fx::at_start(*p, {{mix, m}}));
    return fx::run(*p, fx::noise(9600));
  };
  const auto in = fx::noise(9600);
  const auto wet = render(1.0), blend = render(0.5), dry = render(0.0);
  for (int c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < in[0].size(); ++i) {
      ASSERT_EQ(dry[c][i], in[c][i]);
      ASSERT_NEAR(blend[c][i], 0.5f * (in[c][i] + wet[c][i]), 1e-6f) << i;
    }
}

TEST(Flanger, GoldenRender) {
  auto p = fx::load("PlinthFlanger");
  const auto out = fx::run(*p, fx::noise(6000), fx::at_start(*p, {{rate, 0.5}, {depth, 3.0}, {feedback, 0.7}}));
  fx::check_golden("flanger", out);
}

}  // namespace
