// The chorus through the real .so. A ramp x[n] = n a through the wet path comes out as
// (n - d(n)) a (linear interpolation is exact on a ramp), so the modulated delay d(n) is
// read off sample by sample: its range against centre +- depth, its period against the
// rate, the right channel's lead against the spread; then the dry/wet mix.
#include <cmath>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId { rate = 1, depth, delay, spread, mix };
constexpr double slope = 1e-4;

fx::Channels ramp(std::size_t n) {
  fx::Channels x(2, std::vector<float>(n));
  for (auto& c : x)
    for (std::size_t i = 0; i < n; ++i) c[i] = static_cast<float>(slope * static_cast<double>(i));
  return x;
}

// Upward crossings of d(n) through `level`, interpolated, from sample `from` on.
std::vector<double> crossings(const std::vector<double>& d, double level, std::size_t from) {
  std::vector<double> up;
  for (std::size_t i = from + 1; i < d.size(); ++i)
    if (d[i - 1] < level && d[i] >= level)
      up.push_back(static_cast<double>(i - 1) + (level - d[i - 1]) / (d[i] - d[i - 1]));
  return up;
}

TEST(Chorus, DelaySweepsCentrePlusMinusDepthAtTheRateWithTheSpread) {
  auto p = fx::load("PlinthChorus");
  ASSERT_TRUE(p.plugin);
  constexpr std::size_t n = 96000;  // 2 s: four cycles at 2 Hz
  const auto in = ramp(n);
  const auto out = fx::run(*p, in, fx::at_start(*p, {{rate, 2.0}, {depth, 3.0}, {delay, 10.0}, {mix, 1.0}}));
  std::vector<double> d[2];
  for (int c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < n; ++i) d[c].push_back(static_cast<double>(i) - out[c][i] / slope);
  // Past the parameters' 20 ms smoothing: 480 +- 144 samples (10 +- 3 ms at 48 kHz).
  const auto [lo, hi] = std::minmax_element(d[0].begin() + 24000, d[0].end());
  EXPECT_NEAR(*lo, 336.0, 0.5);
  EXPECT_NEAR(*hi, 624.0, 0.5);
  const auto left = crossings(d[0], 480.0, 24000), right = crossings(d[1], 480.0, 24000);
  ASSERT_GE(left.size(), 2u);
  EXPECT_NEAR((left.back() - left.front()) / static_cast<double>(left.size() - 1), 24000.0, 24.0);  // 2 Hz
  // Spread 50 %: a quarter turn, the right channel a quarter period ahead.
  ASSERT_FALSE(right.empty());
  double lead = left.front() - right.front();
  if (lead < 0.0) lead += 24000.0;
  EXPECT_NEAR(lead, 6000.0, 30.0);
}

TEST(Chorus, MixBlendsDryAndWet) {
  // Three instances through the same sequence; the mix (smoothed) is set during silence.
  auto render = [](double m) {
    auto p = fx::load("PlinthChorus");
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

TEST(Chorus, GoldenRender) {
  auto p = fx::load("PlinthChorus");
  const auto out =
      fx::run(*p, fx::noise(6000), fx::at_start(*p, {{rate, 1.5}, {depth, 4.0}, {delay, 12.0}, {mix, 0.5}}));
  fx::check_golden("chorus", out);
}

}  // namespace
