#pragma once
// Loads the real PlinthGain bundle through Plinth's own host.

#include <cmath>
#include <memory>
#include <numbers>
#include <string>

#include <gtest/gtest.h>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace plinth::test {

inline constexpr abi::ParamId gain_id = 1;
inline constexpr double gain_min_db = -60.0;
inline constexpr double gain_max_db = 24.0;
inline constexpr double gain_smoothing_ms = 20.0;

inline double gain_normalized(double db) { return (db - gain_min_db) / (gain_max_db - gain_min_db); }
inline double amplitude(double db) { return std::pow(10.0, db / 20.0); }

struct LoadedGain {
  std::unique_ptr<host::Module> module;
  std::unique_ptr<host::PluginInstance> plugin;
};

// Loaded and, unless `activate` is false, set up and active.
inline LoadedGain load_gain(bool double_precision = false, int max_block = 8192, double sample_rate = 48000.0,
                            bool activate = true) {
  LoadedGain g;
  std::string error;
  g.module = host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3", error);
  EXPECT_TRUE(g.module) << error;
  if (!g.module) return g;
  const auto classes = g.module->audio_processor_classes();
  EXPECT_EQ(classes.size(), 1u);
  if (classes.empty()) return g;
  g.plugin = host::PluginInstance::create(*g.module, classes.front(), error);
  EXPECT_TRUE(g.plugin) << error;
  if (g.plugin && activate) {
    EXPECT_EQ(g.plugin->setup(sample_rate, max_block, double_precision), abi::kResultOk);
    EXPECT_EQ(g.plugin->activate(), abi::kResultOk);
  }
  return g;
}

// Fills both input channels with a sine continuing from sample `start`.
template <class T>
void fill_sine(std::span<T> a, std::span<T> b, std::int64_t start, double freq = 1000.0, double rate = 48000.0,
               double amp = 0.5) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double x = amp * std::sin(2.0 * std::numbers::pi * freq *
                                    static_cast<double>(start + static_cast<std::int64_t>(i)) / rate);
    a[i] = static_cast<T>(x);
    if (i < b.size()) b[i] = static_cast<T>(-x);
  }
}

}  // namespace plinth::test
