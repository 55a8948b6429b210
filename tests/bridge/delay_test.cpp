// The delay through the real .so: echo times in samples against the host's tempo and the
// time setting, repeats falling by the feedback, ping-pong sides, the mix, the tail.
#include <algorithm>
#include <cmath>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId { mode = 1, sync, time_ms, division, feedback, low_cut, high_cut, mix };

// Index of the largest |x| in [from, to).
std::size_t peak_at(const std::vector<float>& x, std::size_t from, std::size_t to) {
  std::size_t best = from;
  for (std::size_t i = from; i < to && i < x.size(); ++i)
    if (std::abs(x[i]) > std::abs(x[best])) best = i;
  return best;
}

fx::Channels impulse_response(double tempo, std::initializer_list<fx::Setting> settings, std::size_t n,
                              double rate = 48000.0) {
  auto p = fx::load("PlinthDelay", rate);
  p->transport().tempo = tempo;
  fx::run(*p, fx::Channels(2, std::vector<float>(4096, 0.0f)), fx::at_start(*p, settings));  // mix smoothing lands
  return fx::run(*p, fx::impulse(n));
}

TEST(Delay, DivisionIndicesInTheProgramsAreWhatTheySay) {
  auto p = fx::load("PlinthDelay");
  EXPECT_EQ(p->value_to_string(division, p->plain_to_normalized(division, 10.0)), "1/4");
  EXPECT_EQ(p->value_to_string(division, p->plain_to_normalized(division, 9.0)), "1/8.");
}

TEST(Delay, SyncedEchoLandsOnTheHostsTempo) {
  // 1/4 at 120 BPM = 0.5 s = 24000 samples; dotted 1/8 at 100 BPM = 0.45 s = 21600.
  for (const auto& [tempo, index, samples] : {std::tuple{120.0, 10.0, 24000u}, std::tuple{100.0, 9.0, 21600u},
                                              std::tuple{90.0, 13.0, 64000u}}) {  // 1/2 at 90: 1.333 s
    const auto out = impulse_response(tempo, {{division, index}, {mix, 1.0}, {feedback, 0.0}}, samples + 512);
    for (int c = 0; c < 2; ++c) {
      EXPECT_EQ(peak_at(out[c], 1, out[c].size()), samples) << tempo;
      EXPECT_NEAR(out[c][samples], 1.0f, 1e-6) << tempo;  // the first echo is the input itself
    }
  }
}

TEST(Delay, TimeInMillisecondsAtEverySampleRate) {
  for (const double rate : {22050.0, 44100.0, 96000.0, 384000.0}) {
    const double d = 0.25 * rate;  // 5512.5 samples at 22.05 kHz: the peak is at either side
    const auto out = impulse_response(120.0, {{sync, 0.0}, {time_ms, 250.0}, {mix, 1.0}},
                                      static_cast<std::size_t>(d) + 64, rate);
    EXPECT_NEAR(static_cast<double>(peak_at(out[0], 1, out[0].size())), d, 0.5) << rate;
  }
}

TEST(Delay, RepeatsFallByTheFeedbackAndTheMixSetsTheLevels) {
  // Loop filters at their extremes so each repeat keeps its shape: 0.6 of the last.
  const auto out = impulse_response(
      120.0, {{sync, 0.0}, {time_ms, 100.0}, {feedback, 0.6}, {low_cut, 20.0}, {high_cut, 20000.0}, {mix, 0.5}}, 20000);
  EXPECT_NEAR(out[0][0], 0.5, 1e-6);  // dry, (1 - mix)
  double last = 0.5;                  // the first echo: mix x 1
  for (int k = 1; k <= 3; ++k) {
    const std::size_t at = peak_at(out[0], 4800u * static_cast<std::size_t>(k) - 20, 4800u * k + 20);
    EXPECT_NEAR(static_cast<double>(at), 4800.0 * k, 1.0);
    // Each repeat at 1 kHz, where the loop filters (20 Hz, 20 kHz one-poles) pass 0.999.
    const double level = fx::dft_magnitude(out[0], 1000.0, 48000.0, at - 8, 96);
    if (k > 1) {
      EXPECT_NEAR(level / last, 0.6, 0.01) << k;
    }
    last = level;
  }
}

TEST(Delay, PingPongAlternatesSides) {
  const auto out = impulse_response(
      120.0,
      {{mode, 1.0}, {sync, 0.0}, {time_ms, 50.0}, {feedback, 0.5}, {low_cut, 20.0}, {high_cut, 20000.0}, {mix, 1.0}},
      9000);
  // Left at 2400, right at 4800, left at 7200; both inputs summed (0.5 each).
  EXPECT_NEAR(out[0][2400], 1.0, 1e-6);
  EXPECT_NEAR(out[1][2400], 0.0, 1e-6);
  EXPECT_EQ(peak_at(out[1], 1, 7000), 4800u);
  EXPECT_NEAR(std::abs(out[0][4800]), 0.0, 1e-3);
  EXPECT_EQ(peak_at(out[0], 3000, 9000), 7200u);
}

TEST(Delay, NoLatencyAndATailThatCoversTheRepeats) {
  auto p = fx::load("PlinthDelay");
  EXPECT_EQ(p->latency_samples(), 0u);
  fx::run(*p, fx::impulse(256), fx::at_start(*p, {{sync, 0.0}, {time_ms, 100.0}, {feedback, 0.5}}));
  // 0.5^17 < 1e-5: 17 repeats of 4800 samples plus two delays.
  EXPECT_EQ(p->tail_samples(), 4800u * 19);
}

TEST(Delay, MonoWorks) {
  auto p = fx::load("PlinthDelay", 48000.0, 512, true);
  const auto out = fx::run(*p, fx::impulse(5000, 1), fx::at_start(*p, {{mode, 1.0}, {sync, 0.0}, {time_ms, 100.0}}));
  EXPECT_EQ(peak_at(out[0], 1, 5000), 4800u);
}

TEST(Delay, GoldenRender) {
  auto p = fx::load("PlinthDelay");
  const auto out = fx::run(*p, fx::noise(6000),
                           fx::at_start(*p, {{mode, 1.0}, {sync, 0.0}, {time_ms, 20.0}, {feedback, 0.6}, {mix, 0.5}}));
  fx::check_golden("delay", out);
}

}  // namespace
