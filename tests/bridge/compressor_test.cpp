// The compressor through the real .so: a steady tone's gain reduction against the static
// curve, the reduction the plugin reports to the host against the measured one, keying
// from the side-chain bus, and the reported latency against the measured delay of an
// impulse at several look-ahead settings.
#include <cmath>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId { threshold = 1, ratio, knee, makeup, attack, release, lookahead, detector, key, reduction };

// Giannoulis, Massberg & Reiss soft-knee curve: the gain (dB) for a level x (dB).
double curve_gain_db(double x, double t, double r, double w) {
  if (2.0 * (x - t) < -w) return 0.0;
  if (2.0 * (x - t) > w) return t + (x - t) / r - x;
  const double d = x - t + w / 2.0;
  return (1.0 / r - 1.0) * d * d / (2.0 * w);
}

// The last value the plugin sent for `id` in the host's output changes, as a plain value.
std::optional<double> reported(fx::PluginInstance& p, fx::pabi::ParamId id) {
  std::optional<double> value;
  auto& changes = p.output_changes();
  for (std::int32_t q = 0; q < changes.get_parameter_count(); ++q) {
    fx::pabi::IParamValueQueue* queue = changes.get_parameter_data(q);
    if (queue == nullptr || queue->get_parameter_id() != id) continue;
    for (std::int32_t k = 0; k < queue->get_point_count(); ++k) {
      std::int32_t offset = 0;
      double v = 0.0;
      if (queue->get_point(k, offset, v) == fx::pabi::kResultOk) value = p.normalized_to_plain(id, v);
    }
  }
  return value;
}

TEST(Compressor, SteadyToneFollowsTheStaticCurveAndTheMeterAgrees) {
  for (const double amplitude : {0.02, 0.1, 0.2, 0.5, 0.9}) {
    auto p = fx::load("PlinthCompressor");
    ASSERT_TRUE(p.plugin);
    const auto in = fx::sine(24000, 1000.0, 48000.0, amplitude);
    // Equal attack and release: the RMS detector then averages the tone's power without
    // leaning towards its peaks (unequal times bias it up, by 2.3 dB at 10/150 ms).
    const auto out = fx::run(
        *p, in, fx::at_start(*p, {{threshold, -20.0}, {ratio, 4.0}, {knee, 6.0}, {attack, 50.0}, {release, 50.0}}));
    const double level_db = fx::db(amplitude / std::sqrt(2.0));  // the RMS detector's level
    const double want = curve_gain_db(level_db, -20.0, 4.0, 6.0);
    const double got = fx::db(fx::rms(out[0], 19200, 4800) / fx::rms(in[0], 19200, 4800));
    EXPECT_NEAR(got, want, 0.1) << amplitude;
    // The meter: the last block's deepest reduction, as the host received it.
    const auto meter = reported(*p, reduction);
    if (want < -0.05) {
      ASSERT_TRUE(meter.has_value()) << amplitude;
      EXPECT_NEAR(*meter, got, 0.1) << amplitude;
    }
  }
}

TEST(Compressor, SideChainKeysTheGain) {
  fx::Loaded p;
  std::string error;
  p.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthCompressor.vst3", error);
  ASSERT_TRUE(p.module) << error;
  p.plugin = fx::PluginInstance::create(*p.module, p.module->audio_processor_classes().front(), error);
  ASSERT_TRUE(p.plugin) << error;
  ASSERT_EQ(p->activate_bus(fx::pabi::kAudio, fx::pabi::kInput, 1, true), fx::pabi::kResultOk);
  ASSERT_EQ(p->setup(48000.0, 512, false), fx::pabi::kResultOk);
  ASSERT_EQ(p->activate(), fx::pabi::kResultOk);
  const auto main = fx::sine(24000, 440.0, 48000.0, 0.05);  // -29 dB RMS: alone it would pass
  const auto side = fx::sine(24000, 100.0, 48000.0, 0.7);
  const auto out = fx::run(
      *p, main,
      fx::at_start(*p, {{threshold, -30.0}, {ratio, 8.0}, {knee, 0.0}, {key, 1.0}, {attack, 50.0}, {release, 50.0}}),
      256, side);
  const double want = curve_gain_db(fx::db(0.7 / std::sqrt(2.0)), -30.0, 8.0, 0.0);
  EXPECT_NEAR(fx::db(fx::rms(out[1], 19200, 4800) / fx::rms(main[1], 19200, 4800)), want, 0.2);
}

TEST(Compressor, ReportedLatencyIsTheMeasuredDelayAtEveryLookAhead) {
  for (const double rate : {44100.0, 48000.0, 96000.0}) {
    for (const double ms : {0.0, 1.0, 2.5, 10.0}) {
      auto p = fx::load("PlinthCompressor", rate);
      ASSERT_TRUE(p.plugin);
      fx::run(*p, fx::Channels(2, std::vector<float>(64, 0.0f)), fx::at_start(*p, {{lookahead, ms}}));
      const auto latency = p->processor()->get_latency_samples();
      EXPECT_EQ(latency, static_cast<std::uint32_t>(std::lround(ms * rate / 1000.0))) << ms;
      const auto out = fx::run(*p, fx::impulse(2048, 2, 0.01f));  // -40 dB: below the threshold
      for (int c = 0; c < 2; ++c) {
        std::size_t at = 0;
        for (std::size_t i = 0; i < out[c].size(); ++i)
          if (std::abs(out[c][i]) > std::abs(out[c][at])) at = i;
        EXPECT_EQ(at, latency) << rate << " " << ms;
        EXPECT_FLOAT_EQ(out[c][at], 0.01f);
      }
    }
  }
}

TEST(Compressor, LookAheadCatchesTheAttack) {
  // With look-ahead equal to a few attack time constants, a step is turned down before
  // it reaches the output: the first delayed loud sample is already reduced.
  auto p = fx::load("PlinthCompressor");
  fx::Channels step(2, std::vector<float>(4800, 0.0f));
  for (auto& c : step) std::fill(c.begin() + 1000, c.end(), 0.9f);
  const auto out = fx::run(
      *p, step,
      fx::at_start(
          *p, {{threshold, -20.0}, {ratio, 20.0}, {knee, 0.0}, {attack, 1.0}, {lookahead, 10.0}, {detector, 0.0}}));
  EXPECT_LT(out[0][1000 + 480], 0.9f * 0.5f);  // at least 6 dB down at once
}

TEST(Compressor, GoldenRender) {
  auto p = fx::load("PlinthCompressor");
  auto in = fx::noise(6000);
  for (auto& c : in)
    for (std::size_t i = 0; i < c.size(); ++i) c[i] *= static_cast<float>(i < 3000 ? 0.1 : 1.0);  // a loud half
  const auto out = fx::run(
      *p, in,
      fx::at_start(
          *p, {{threshold, -24.0}, {ratio, 4.0}, {attack, 5.0}, {release, 100.0}, {makeup, 6.0}, {lookahead, 2.0}}));
  fx::check_golden("compressor", out);
}

}  // namespace
