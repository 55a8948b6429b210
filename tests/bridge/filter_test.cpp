// The filter through the real .so: the response at the cutoff against the SVF's and the
// ladder's analytic values, and the LFO's period against the host's tempo.
#include <cmath>
#include <numbers>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId { type = 1, mode, cutoff, resonance, rate, depth, shape };

double response_db(fx::PluginInstance& p, std::initializer_list<fx::Setting> settings, double hz) {
  const auto settle = static_cast<std::size_t>(p.sample_rate() * 0.1);  // cutoff smoothing lands
  fx::run(p, fx::Channels(2, std::vector<float>(settle, 0.0f)), fx::at_start(p, settings));
  const auto ir = fx::run(p, fx::impulse(static_cast<std::size_t>(p.sample_rate() * 0.2), 2, 0.001f));
  return fx::db(fx::dft_magnitude(ir[0], hz, p.sample_rate()) / 0.001);
}

TEST(Filter, SvfResponseAtTheCutoff) {
  for (const double rate : {22050.0, 48000.0, 96000.0, 384000.0}) {
    auto p = fx::load("PlinthFilter", rate);
    ASSERT_TRUE(p.plugin);
    // Resonance 0 is Q = 0.7071: -3.01 dB for low- and high-pass, 0 dB band-pass peak.
    EXPECT_NEAR(response_db(*p, {{cutoff, 1000.0}, {resonance, 0.0}}, 1000.0), -3.01, 0.05) << rate;
    EXPECT_NEAR(response_db(*p, {{mode, 1.0}}, 1000.0), -3.01, 0.05) << rate;
    EXPECT_NEAR(response_db(*p, {{mode, 2.0}}, 1000.0), 0.0, 0.05) << rate;
    // Resonance 50 %: Q = 0.7071 * 28^0.5 = 3.74, the low-pass is 20 log10 Q = +11.5 dB there.
    EXPECT_NEAR(response_db(*p, {{mode, 0.0}, {resonance, 0.5}}, 1000.0), 20.0 * std::log10(0.7071 * std::sqrt(28.0)),
                0.05)
        << rate;
  }
}

TEST(Filter, LadderResponseAtTheCutoff) {
  auto p = fx::load("PlinthFilter");
  ASSERT_TRUE(p.plugin);
  // Small signal: H = G^4 / (1 + k G^4), G = 1 / (1 + s); at s = j: G^4 = -1/4, so
  // |H| = (1/4) / |1 - k/4| with k = 4 r: -12.04 dB at r = 0, +6.0 dB at r = 0.8.
  EXPECT_NEAR(response_db(*p, {{type, 1.0}, {cutoff, 2000.0}, {resonance, 0.0}}, 2000.0), -12.04, 0.1);
  EXPECT_NEAR(response_db(*p, {{resonance, 0.8}}, 2000.0), fx::db(0.25 / 0.2), 0.1);
}

// The LFO's period, from the output level of a 1 kHz tone through the swept low-pass:
// mean-crossings of its envelope (5 ms RMS windows), averaged.
double lfo_period_samples(double tempo, double division_index, std::size_t seconds) {
  auto p = fx::load("PlinthFilter");
  p->transport().tempo = tempo;
  const std::size_t n = 48000 * seconds;
  const auto out =
      fx::run(*p, fx::sine(n, 1000.0, 48000.0, 0.5),
              fx::at_start(*p, {{cutoff, 1000.0}, {resonance, 0.0}, {rate, division_index}, {depth, 2.0}}));
  constexpr std::size_t w = 240;
  std::vector<double> env;
  for (std::size_t i = 0; i + w <= n; i += w) env.push_back(fx::rms(out[0], i, w));
  double mean = 0.0;
  for (double e : env) mean += e / static_cast<double>(env.size());
  std::vector<double> ups;
  for (std::size_t k = 1; k < env.size(); ++k)
    if (env[k - 1] < mean && env[k] >= mean)
      ups.push_back((static_cast<double>(k - 1) + (mean - env[k - 1]) / (env[k] - env[k - 1])) * w);
  if (ups.size() < 2) return 0.0;
  return (ups.back() - ups.front()) / static_cast<double>(ups.size() - 1);
}

TEST(Filter, LfoPeriodFollowsTheHostTempo) {
  // 1/4 at 120 BPM: 0.5 s = 24000 samples; 1/8 at 100 BPM: 0.3 s = 14400; 1/2 at 150: 0.8 s.
  EXPECT_NEAR(lfo_period_samples(120.0, 10.0, 3), 24000.0, 24.0);
  EXPECT_NEAR(lfo_period_samples(100.0, 7.0, 2), 14400.0, 14.4);
  EXPECT_NEAR(lfo_period_samples(150.0, 13.0, 4), 38400.0, 38.4);
}

TEST(Filter, GoldenRender) {
  auto p = fx::load("PlinthFilter");
  const auto out =
      fx::run(*p, fx::noise(6000),
              fx::at_start(*p, {{type, 1.0}, {cutoff, 1200.0}, {resonance, 0.6}, {rate, 4.0}, {depth, 1.5}}));
  fx::check_golden("filter", out);
}

}  // namespace
