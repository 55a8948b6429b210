// The side-chain example through the real .so: the key bus drives the gain, which
// matches the compressor's static curve once the detector has settled.
#include <array>
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {

namespace pabi = plinth::abi;

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<plinth::host::PluginInstance> plugin;
};

Loaded load_ducker(bool sidechain_active) {
  Loaded d;
  std::string error;
  d.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthDucker.vst3", error);
  EXPECT_TRUE(d.module) << error;
  if (!d.module) return d;
  d.plugin = plinth::host::PluginInstance::create(*d.module, d.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(d.plugin) << error;
  if (!d.plugin) return d;
  EXPECT_EQ(d.plugin->audio_inputs(), 2);
  // The host turns every bus on at creation; a deactivated side-chain must read as
  // silence even though the host still hands it a buffer full of signal.
  EXPECT_EQ(d.plugin->activate_bus(pabi::kAudio, pabi::kInput, 1, sidechain_active), pabi::kResultOk);
  EXPECT_EQ(d.plugin->setup(48000.0, 1024, false), pabi::kResultOk);
  EXPECT_EQ(d.plugin->activate(), pabi::kResultOk);
  return d;
}

// Static curve above the knee: out = T + (x - T) / R, so the gain is out - x (dB).
double expected_gain_db(double key_db, double threshold_db = -30.0, double ratio = 8.0) {
  return threshold_db + (key_db - threshold_db) / ratio - key_db;
}

// Runs a second of DC (main 1.0, key `key`) and returns the last output sample in dB.
double settled_gain_db(plinth::host::PluginInstance& p, float key) {
  for (int block = 0; block < 48; ++block) {
    for (int c = 0; c < 2; ++c) {
      std::fill_n(p.input(0, c).begin(), 1000, 1.0f);
      if (!p.input(1, c).empty()) std::fill_n(p.input(1, c).begin(), 1000, key);
    }
    EXPECT_EQ(p.process(1000), pabi::kResultOk);
  }
  EXPECT_FLOAT_EQ(p.output(0, 0)[999], p.output(0, 1)[999]);  // channels linked
  return 20.0 * std::log10(static_cast<double>(p.output(0, 0)[999]));
}

}  // namespace

TEST(DuckerEndToEnd, SideChainKeyDucksByTheStaticCurve) {
  auto d = load_ducker(true);
  ASSERT_TRUE(d.plugin);
  EXPECT_NEAR(settled_gain_db(*d.plugin, 0.5f), expected_gain_db(20.0 * std::log10(0.5)), 0.05);
}

TEST(DuckerEndToEnd, QuietKeyLeavesTheSignalAlone) {
  auto d = load_ducker(true);
  ASSERT_TRUE(d.plugin);
  EXPECT_NEAR(settled_gain_db(*d.plugin, 0.001f), 0.0, 1e-6);  // -60 dB: below threshold and knee
}

TEST(DuckerEndToEnd, InactiveSideChainReadsAsSilence) {
  auto d = load_ducker(false);
  ASSERT_TRUE(d.plugin);
  EXPECT_NEAR(settled_gain_db(*d.plugin, 1.0f), 0.0, 1e-6);
}

TEST(DuckerEndToEnd, KeyFromTheInputItself) {
  auto d = load_ducker(true);
  ASSERT_TRUE(d.plugin);
  auto& p = *d.plugin;
  const std::array changes{plinth::host::ParamChange{5, 0, 1.0}};  // Key = Input
  ASSERT_EQ(p.process(16, changes), pabi::kResultOk);
  EXPECT_NEAR(settled_gain_db(p, 0.0f), expected_gain_db(0.0), 0.05);
}
