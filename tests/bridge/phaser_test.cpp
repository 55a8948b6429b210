// The phaser through the real .so: a steady 1 kHz tone's level swings as the notches
// sweep past it; the swing's period (autocorrelation of a 5 ms RMS envelope) against the
// rate, the notch depth at 50 % mix, and the mix itself.
#include <cmath>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId { rate = 1, low, high, stages, feedback, spread, mix };

std::vector<double> tone_envelope(std::initializer_list<fx::Setting> settings, std::size_t seconds) {
  auto p = fx::load("PlinthPhaser");
  const auto out = fx::run(*p, fx::sine(48000 * seconds, 1000.0, 48000.0, 0.5), fx::at_start(*p, settings));
  return fx::envelope(out[0], 240);
}

TEST(Phaser, SweepPeriodIsTheRate) {
  for (const double hz : {0.5, 2.0}) {
    const auto e = tone_envelope({{rate, hz}, {feedback, 0.0}, {mix, 0.5}}, hz < 1.0 ? 5 : 2);
    const double period = 200.0 / hz;  // in 240-sample windows
    EXPECT_NEAR(fx::period_of(e, static_cast<std::size_t>(0.6 * period), static_cast<std::size_t>(1.4 * period)),
                period, 0.005 * period)
        << hz;
  }
}

TEST(Phaser, NotchesCancelTheToneAsTheyPass) {
  // Four stages from 200 Hz to 3 kHz: a notch crosses 1 kHz when the break frequency is
  // 1 kHz / tan(pi/8) = 2.41 kHz; at 50 % mix it cancels. The tone is 0.354 RMS.
  const auto e = tone_envelope({{rate, 0.25}, {stages, 1.0}, {feedback, 0.0}, {mix, 0.5}}, 4);
  const double quietest = *std::min_element(e.begin() + 20, e.end());
  const double loudest = *std::max_element(e.begin() + 20, e.end());
  EXPECT_LT(fx::db(quietest / 0.3536), -30.0);
  EXPECT_NEAR(fx::db(loudest / 0.3536), 0.0, 0.1);  // all-pass and dry in phase: unity
}

TEST(Phaser, MixBlendsDryAndWet) {
  auto render = [](double m) {
    auto p = fx::load("PlinthPhaser");
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

TEST(Phaser, MonoWorks) {
  auto p = fx::load("PlinthPhaser", 48000.0, 512, true);
  const auto out = fx::run(*p, fx::sine(4800, 1000.0, 48000.0, 0.5, 1));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_GT(fx::rms(out[0], 2400, 2400), 0.01);
}

TEST(Phaser, GoldenRender) {
  auto p = fx::load("PlinthPhaser");
  const auto out = fx::run(*p, fx::noise(6000), fx::at_start(*p, {{rate, 1.0}, {stages, 2.0}, {feedback, 0.5}}));
  fx::check_golden("phaser", out);
}

}  // namespace
