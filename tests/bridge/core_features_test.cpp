// Core features through a real .so (tests/plugins/latency_probe.cpp): output parameters
// in the host's output changes, a latency change asking for exactly one restart, bypass
// that crossfades without steps and without shifting latency-delayed audio in time, and
// complex state handed to the audio thread while it runs, never torn, with nothing
// allocated, freed or locked there.
#include "realtime_trap.h"

#include "plinth_command.h"

#include <atomic>
#include <cstdio>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/host/host_objects.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {

namespace pabi = plinth::abi;
using plinth::host::ParamChange;
using plinth::host::PluginInstance;

constexpr pabi::ParamId delay_id = 1;
constexpr pabi::ParamId invert_id = 2;
constexpr pabi::ParamId peak_id = 3;
constexpr pabi::ParamId torn_id = 4;
constexpr pabi::ParamId generation_id = 5;
constexpr double kPi = 3.14159265358979323846;

struct Probe {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<PluginInstance> plugin;
};

Probe load_probe(int max_block = 512, bool start = true) {
  Probe p;
  std::string error;
  p.module = plinth::host::Module::load(std::string(PLINTH_TEST_PLUGIN_DIR) + "/PlinthTestLatency.vst3", error);
  EXPECT_TRUE(p.module) << error;
  if (!p.module) return p;
  p.plugin = PluginInstance::create(*p.module, p.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(p.plugin) << error;
  if (p.plugin && start) {
    EXPECT_EQ(p.plugin->setup(48000.0, max_block, false), pabi::kResultOk);
    EXPECT_EQ(p.plugin->activate(), pabi::kResultOk);
  }
  return p;
}

// The points the plugin wrote for `id` into the host's output changes of the last block.
std::vector<std::pair<int, double>> output_points(PluginInstance& p, pabi::ParamId id) {
  std::vector<std::pair<int, double>> out;
  auto& changes = p.output_changes();
  for (std::int32_t q = 0; q < changes.get_parameter_count(); ++q) {
    pabi::IParamValueQueue* queue = changes.get_parameter_data(q);
    if (queue == nullptr || queue->get_parameter_id() != id) continue;
    for (std::int32_t k = 0; k < queue->get_point_count(); ++k) {
      std::int32_t offset = 0;
      double value = 0.0;
      if (queue->get_point(k, offset, value) == pabi::kResultOk) out.emplace_back(offset, value);
    }
  }
  return out;
}

void fill(PluginInstance& p, int n, long t0, double amplitude = 0.5, double hz = 440.0) {
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < n; ++i)
      p.input(0, c)[static_cast<std::size_t>(i)] =
          static_cast<float>(amplitude * std::sin(2.0 * kPi * hz * static_cast<double>(t0 + i) / 48000.0 + c));
}

TEST(OutputParameters, ArriveInTheHostsOutputChangesWithTheValueThePluginSet) {
  auto p = load_probe();
  ASSERT_TRUE(p.plugin);
  for (int c = 0; c < 2; ++c) std::fill_n(p.plugin->input(0, c).begin(), 256, 0.0f);
  p.plugin->input(0, 1)[100] = 0.625f;  // the block's peak, exactly representable
  ASSERT_EQ(p.plugin->process(256), pabi::kResultOk);
  auto points = output_points(*p.plugin, peak_id);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].first, 255);  // the block's value, stamped at its last sample
  EXPECT_EQ(points[0].second, 0.625);
  // Unchanged next block: nothing sent. Changed: sent again.
  ASSERT_EQ(p.plugin->process(256), pabi::kResultOk);
  EXPECT_TRUE(output_points(*p.plugin, peak_id).empty());
  p.plugin->input(0, 0)[3] = -0.25f;
  p.plugin->input(0, 1)[100] = 0.0f;
  ASSERT_EQ(p.plugin->process(256), pabi::kResultOk);
  points = output_points(*p.plugin, peak_id);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].second, 0.25);
  // The controller shows what the host forwards to it (hosts do, on the UI thread).
  ASSERT_EQ(p.plugin->controller()->set_param_normalized(peak_id, points[0].second), pabi::kResultOk);
  EXPECT_EQ(p.plugin->get_normalized(peak_id), 0.25);
  // Output parameters are never in the state (they are the plugin's to set).
  const auto before = p.plugin->save_state();
  p.plugin->input(0, 0)[3] = -0.75f;
  ASSERT_EQ(p.plugin->process(256), pabi::kResultOk);
  EXPECT_EQ(p.plugin->save_state(), before);
}

TEST(Latency, AChangeAsksTheHostForExactlyOneRestart) {
  auto p = load_probe();
  ASSERT_TRUE(p.plugin);
  EXPECT_EQ(p.plugin->processor()->get_latency_samples(), 0u);
  auto restarts = [&] {
    int n = 0;
    for (const auto& r : p.plugin->handler().records())
      if (r.kind == plinth::host::ComponentHandler::Kind::restart && (r.flags & pabi::kLatencyChanged) != 0) ++n;
    return n;
  };
  const double d100 = 100.0 / 256.0;
  // The host sets the value on both sides, as it does for automation and edits.
  ASSERT_EQ(p.plugin->controller()->set_param_normalized(delay_id, d100), pabi::kResultOk);
  EXPECT_EQ(restarts(), 1);
  ASSERT_EQ(p.plugin->process(64, std::vector{ParamChange{delay_id, 0, d100}}), pabi::kResultOk);
  EXPECT_EQ(p.plugin->processor()->get_latency_samples(), 100u);
  // The same value again, or a parameter that does not move the latency: no restart.
  ASSERT_EQ(p.plugin->controller()->set_param_normalized(delay_id, d100), pabi::kResultOk);
  ASSERT_EQ(p.plugin->controller()->set_param_normalized(invert_id, 1.0), pabi::kResultOk);
  EXPECT_EQ(restarts(), 1);
  // Loading a state with another latency: one more.
  auto q = load_probe();
  ASSERT_TRUE(q.plugin);
  ASSERT_EQ(q.plugin->process(0, std::vector{ParamChange{delay_id, 0, 7.0 / 256.0}}), pabi::kResultOk);
  auto stream = plinth::host::make_object<plinth::host::MemoryStream>(q.plugin->save_state());
  ASSERT_EQ(p.plugin->controller()->set_component_state(stream.get()), pabi::kResultOk);
  EXPECT_EQ(restarts(), 2);
}

// The plugin delays by its reported latency; bypassed, the dry path is delayed by the
// same amount; so whatever the bypass does, the output is the input 100 samples late.
TEST(Bypass, TogglingAtRandomOffsetsNeverShiftsLatencyDelayedAudio) {
  auto p = load_probe(512, false);
  ASSERT_TRUE(p.plugin);
  // The latency is set before activation (a restored project, or after a host's restart).
  auto state_source = load_probe();
  ASSERT_EQ(state_source.plugin->process(0, std::vector{ParamChange{delay_id, 0, 100.0 / 256.0}}), pabi::kResultOk);
  ASSERT_TRUE(p.plugin->load_state(state_source.plugin->save_state()));
  ASSERT_EQ(p.plugin->setup(48000.0, 512, false), pabi::kResultOk);
  ASSERT_EQ(p.plugin->activate(), pabi::kResultOk);
  const auto bypass = p.plugin->bypass_id();
  ASSERT_TRUE(bypass);
  std::mt19937 rng(3);
  std::vector<float> input;
  std::vector<float> output;
  long t = 0;
  bool on = false;
  for (int block = 0; block < 200; ++block) {
    fill(*p.plugin, 512, t, 0.5, 997.0);
    std::vector<ParamChange> changes;
    if (rng() % 3 == 0) {
      on = !on;
      changes.push_back({*bypass, static_cast<std::int32_t>(rng() % 512), on ? 1.0 : 0.0});
    }
    ASSERT_EQ(p.plugin->process(512, changes), pabi::kResultOk);
    for (int i = 0; i < 512; ++i) {
      input.push_back(p.plugin->input(0, 0)[static_cast<std::size_t>(i)]);
      output.push_back(p.plugin->output(0, 0)[static_cast<std::size_t>(i)]);
    }
    t += 512;
  }
  double worst = 0.0;
  for (std::size_t i = 100; i < output.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(output[i]) - input[i - 100]));
  EXPECT_LT(worst, 1e-6) << "bypass shifted the audio in time";
}

// Wet is the input inverted: a hard switch would jump by twice the signal. The crossfade
// (10 ms, linear) bounds every step by the signal's own step plus amplitude * 2 / 480.
TEST(Bypass, TogglingAtRandomOffsetsGivesNoStepLargerThanTheCrossfadeAllows) {
  auto p = load_probe(512);
  ASSERT_TRUE(p.plugin);
  const auto bypass = p.plugin->bypass_id();
  ASSERT_TRUE(bypass);
  std::mt19937 rng(11);
  const double amplitude = 0.5;
  const double hz = 220.0;
  const double signal_step = amplitude * 2.0 * kPi * hz / 48000.0;
  const double allowed = signal_step + amplitude * 2.0 / 480.0 + 1e-6;
  std::vector<float> output;
  long t = 0;
  bool on = false;
  ASSERT_EQ(p.plugin->process(0, std::vector{ParamChange{invert_id, 0, 1.0}}), pabi::kResultOk);
  int toggles = 0;
  for (int block = 0; block < 300; ++block) {
    fill(*p.plugin, 512, t, amplitude, hz);
    std::vector<ParamChange> changes;
    if (rng() % 2 == 0) {
      on = !on;
      ++toggles;
      changes.push_back({*bypass, static_cast<std::int32_t>(rng() % 512), on ? 1.0 : 0.0});
    }
    ASSERT_EQ(p.plugin->process(512, changes), pabi::kResultOk);
    for (int i = 0; i < 512; ++i) output.push_back(p.plugin->output(0, 0)[static_cast<std::size_t>(i)]);
    t += 512;
  }
  EXPECT_GT(toggles, 100);
  double worst = 0.0;
  for (std::size_t i = 1; i < output.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(output[i]) - output[i - 1]));
  EXPECT_LE(worst, allowed) << "a step larger than the crossfade allows";
  EXPECT_GT(worst, signal_step * 0.9);  // the measurement sees the signal itself
}

// A table (4096 entries, all one generation number) published from the main thread by
// state loads while another thread processes 10,000 blocks with the trap armed: no block
// ever sees a mixed table, the audio thread ends on the last table, and nothing was
// allocated, freed or locked there (old tables are freed by the main thread).
TEST(ComplexState, SwappedWhileProcessingIsNeverTornAndNeverFreedOnTheAudioThread) {
  auto p = load_probe(64);
  ASSERT_TRUE(p.plugin);
  // Every generation's state, made up front so the main thread's loop only loads.
  std::vector<std::vector<std::uint8_t>> states;
  auto base = p.plugin->save_state();
  for (int g = 0; g < 256; ++g) {
    auto s = base;
    s.back() = static_cast<std::uint8_t>(g);
    states.push_back(std::move(s));
  }
  std::atomic<bool> done{false};
  std::atomic<int> loads{0};
  plinth::test::clear();
  // At least 10,000 blocks, and on until the main thread has swapped 200 tables under it
  // (a fast audio thread would otherwise finish before the first swap).
  std::thread audio([&] {
    plinth::test::AudioThreadScope scope;
    for (int b = 0; b < 10000 || loads.load(std::memory_order_relaxed) < 200; ++b) p.plugin->process(64);
    done = true;
  });
  while (!done) {
    EXPECT_TRUE(p.plugin->load_state(states[static_cast<std::size_t>(1 + loads % 254)]));
    loads.fetch_add(1, std::memory_order_relaxed);
  }
  audio.join();
  EXPECT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
  EXPECT_GE(loads.load(), 200);
  // A restart makes the plugin report every output parameter at its next block: Torn
  // never turned on, and the last table published is the one the audio thread has.
  ASSERT_TRUE(p.plugin->load_state(states[255]));
  ASSERT_EQ(p.plugin->process(64), pabi::kResultOk);
  ASSERT_EQ(p.plugin->deactivate(), pabi::kResultOk);
  ASSERT_EQ(p.plugin->activate(), pabi::kResultOk);
  ASSERT_EQ(p.plugin->process(64), pabi::kResultOk);
  const auto torn = output_points(*p.plugin, torn_id);
  const auto generation = output_points(*p.plugin, generation_id);
  ASSERT_EQ(torn.size(), 1u);
  ASSERT_EQ(generation.size(), 1u);
  EXPECT_EQ(torn[0].second, 0.0) << "a block saw a half-written table";
  EXPECT_EQ(generation[0].second, 1.0);  // generation 255 of 0..255
}

}  // namespace

namespace {

// The whole of `plinth validate` on the latency plugin (latency-aligned bypass, output
// parameters, complex state): every check passes with no warning.
TEST(CoreFeatures, TheLatencyPluginPassesEveryCheck) {
  const auto r =
      plinth::test::run_plinth(std::string("validate ") + PLINTH_TEST_PLUGIN_DIR + "/PlinthTestLatency.vst3");
  const std::string& output = r.out;
  EXPECT_EQ(r.status, 0) << output;
  EXPECT_NE(output.find(" 0 failed"), std::string::npos) << output;
  // No warning either, but for the denormal timing check, which a loaded machine (tests
  // run in parallel, sanitizers) can tip over its ratio.
  std::size_t at = 0;
  while ((at = output.find("[WARN] ", at)) != std::string::npos) {
    const std::string check = output.substr(at + 7, output.find('\n', at) - at - 7);
    EXPECT_EQ(check, "process.denormals") << output;
    at += 7;
  }
}

}  // namespace

namespace {

// Processor -> controller through the pre-sized queue and IConnectionPoint messages made
// by the host; controller -> processor back, and on to the audio thread by Handoff.
TEST(Messages, AudioThreadDataReachesTheControllerAndEchoesBackToTheAudioThread) {
  auto p = load_probe(64);
  ASSERT_TRUE(p.plugin);
  plinth::test::clear();
  {
    plinth::test::AudioThreadScope audio;  // sending from the audio thread is allocation-free
    for (int k = 0; k < 5; ++k) ASSERT_EQ(p.plugin->process(64), pabi::kResultOk);
  }
  EXPECT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
  EXPECT_EQ(p.plugin->get_normalized(6), 0.0);  // nothing collected yet
  // The host forwards an output parameter on its UI thread: the controller polls.
  ASSERT_EQ(p.plugin->controller()->set_param_normalized(peak_id, 0.0), pabi::kResultOk);
  EXPECT_EQ(p.plugin->get_normalized(6), 5.0 / 65535.0);  // five messages arrived
  // The echo of the last (block 4) is the audio thread's table at its next block.
  p.plugin->input(0, 0)[0] = 0.5f;
  ASSERT_EQ(p.plugin->process(64), pabi::kResultOk);
  const auto generation = output_points(*p.plugin, generation_id);
  ASSERT_EQ(generation.size(), 1u);
  EXPECT_EQ(generation[0].second, 4.0 / 255.0);
}

}  // namespace
