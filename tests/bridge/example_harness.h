#pragma once
// Shared by the example plugins' end-to-end tests: load a bundle from the build, set plain
// parameter values, run whole signals through it in blocks with the real-time trap armed,
// measure what the tests need, and compare a render with a golden reference
// (tests/golden/<name>.f32, written by the test itself when PLINTH_UPDATE_GOLDEN=1).
#include "golden.h"
#include "realtime_trap.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/dsp/meters.h"
#include "plinth/host/host_objects.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace plinth::test {

namespace pabi = plinth::abi;
using Signal = std::vector<std::vector<double>>;  // [channel][sample]

struct Example {
  std::unique_ptr<host::Module> module;
  std::unique_ptr<host::PluginInstance> plugin;
  int block = 256;
  // The last value (plain) the plugin reported for each output parameter during run().
  std::map<pabi::ParamId, double> outputs;

  host::PluginInstance* operator->() const { return plugin.get(); }

  // Plain value -> a change at offset 0 of the next block.
  host::ParamChange change(pabi::ParamId id, double plain) const {
    return {id, 0, plugin->plain_to_normalized(id, plain)};
  }
  // Applies plain values with one short block, then clears what the block left behind.
  void set(std::initializer_list<std::pair<pabi::ParamId, double>> values) {
    std::vector<host::ParamChange> changes;
    for (const auto& [id, plain] : values) changes.push_back(change(id, plain));
    plugin->clear_inputs();
    EXPECT_EQ(plugin->process(0, changes), pabi::kResultOk);
  }
  // Deactivate, reactivate: state cleared and smoothers at their targets, so a measurement
  // starts from rest with the values set before.
  void restart() {
    EXPECT_EQ(plugin->deactivate(), pabi::kResultOk);
    EXPECT_EQ(plugin->activate(), pabi::kResultOk);
  }

  // Runs `in` (channels of the main input; `side` for bus 1) through the plugin in blocks
  // on a trapped "audio thread" and returns the main output. Double-precision processing
  // when the instance was set up so.
  Signal run(const Signal& in, const Signal& side = {}) {
    const std::size_t n = in.empty() ? 0 : in[0].size();
    const int out_channels = plugin->channels(pabi::kOutput, 0);
    Signal out(static_cast<std::size_t>(out_channels), std::vector<double>(n, 0.0));
    const bool dbl = plugin->double_precision();
    const auto before = violations();
    for (std::size_t start = 0; start < n; start += static_cast<std::size_t>(block)) {
      const int len = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(block), n - start));
      auto fill = [&](const Signal& s, int bus) {
        for (int c = 0; c < plugin->channels(pabi::kInput, bus); ++c)
          for (int i = 0; i < len; ++i) {
            const auto k = start + static_cast<std::size_t>(i);
            const auto ch = static_cast<std::size_t>(c);
            const double v = ch < s.size() && k < s[ch].size() ? s[ch][k] : 0.0;  // missing: silence
            if (dbl)
              plugin->input64(bus, c)[static_cast<std::size_t>(i)] = v;
            else
              plugin->input(bus, c)[static_cast<std::size_t>(i)] = static_cast<float>(v);
          }
      };
      fill(in, 0);
      if (plugin->audio_inputs() > 1) fill(side, 1);
      {
        AudioThreadScope audio;
        EXPECT_EQ(plugin->process(len), pabi::kResultOk);
      }
      collect_outputs();
      for (int c = 0; c < out_channels; ++c)
        for (int i = 0; i < len; ++i)
          out[static_cast<std::size_t>(c)][start + static_cast<std::size_t>(i)] =
              dbl ? plugin->output64(0, c)[static_cast<std::size_t>(i)]
                  : plugin->output(0, c)[static_cast<std::size_t>(i)];
    }
    EXPECT_EQ(violations(), before) << what_first();
    return out;
  }

  void collect_outputs() {
    auto& changes = plugin->output_changes();
    for (std::int32_t q = 0; q < changes.get_parameter_count(); ++q) {
      pabi::IParamValueQueue* queue = changes.get_parameter_data(q);
      std::int32_t offset = 0;
      double v = 0.0;
      if (queue != nullptr && queue->get_point(queue->get_point_count() - 1, offset, v) == pabi::kResultOk)
        outputs[queue->get_parameter_id()] = plugin->normalized_to_plain(queue->get_parameter_id(), v);
    }
  }
};

// Loads `<name>.vst3` from the build, optionally proposes a main-bus arrangement (for
// every main and side-chain bus), sets up at `rate` and activates.
inline Example load_example(const std::string& name, double rate = 48000.0, int block = 256, bool dbl = false,
                            pabi::SpeakerArrangement arrangement = 0) {
  Example e;
  e.block = block;
  std::string error;
  e.module = host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3", error);
  EXPECT_TRUE(e.module) << error;
  if (!e.module) return e;
  e.plugin = host::PluginInstance::create(*e.module, e.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(e.plugin) << error;
  if (!e.plugin) return e;
  if (arrangement != 0) {
    std::vector<pabi::SpeakerArrangement> ins(static_cast<std::size_t>(e.plugin->audio_inputs()), arrangement);
    std::vector<pabi::SpeakerArrangement> outs(static_cast<std::size_t>(e.plugin->audio_outputs()), arrangement);
    EXPECT_EQ(e.plugin->set_bus_arrangements(ins, outs), pabi::kResultOk);
  }
  EXPECT_EQ(e.plugin->setup(rate, block, dbl), pabi::kResultOk);
  EXPECT_EQ(e.plugin->activate(), pabi::kResultOk);
  return e;
}

// ---- signals ----
inline std::vector<double> sine(double freq, double rate, std::size_t n, double amp = 1.0, double phase = 0.0) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = amp * std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate + phase);
  return v;
}
inline std::vector<double> noise(std::size_t n, double amp, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-amp, amp);
  std::vector<double> v(n);
  for (double& x : v) x = u(rng);
  return v;
}
inline std::vector<double> impulse(std::size_t n, std::size_t at = 0, double amp = 1.0) {
  std::vector<double> v(n, 0.0);
  if (at < n) v[at] = amp;
  return v;
}

// ---- measurements ----
inline double peak(const std::vector<double>& x, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  double p = 0.0;
  for (std::size_t i = from; i < std::min(to, x.size()); ++i) p = std::max(p, std::abs(x[i]));
  return p;
}
inline double rms(const std::vector<double>& x, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  double s = 0.0;
  std::size_t n = 0;
  for (std::size_t i = from; i < std::min(to, x.size()); ++i, ++n) s += x[i] * x[i];
  return n ? std::sqrt(s / static_cast<double>(n)) : 0.0;
}
inline double db(double linear) { return 20.0 * std::log10(std::max(linear, 1e-12)); }
// ITU-R BS.1770 true peak (4x oversampled), plinth::dsp::TruePeakMeter.
inline double true_peak(const std::vector<double>& x) {
  dsp::TruePeakMeter<double> m;
  m.prepare(48000.0, static_cast<int>(x.size()), 1);
  m.process(x, 0);
  // Flush the interpolator so the last samples' inter-sample points count too.
  const std::vector<double> tail(32, 0.0);
  m.process(tail, 0);
  return m.true_peak(0);
}
// Index of the largest |x|.
inline std::size_t argmax(const std::vector<double>& x) {
  std::size_t k = 0;
  for (std::size_t i = 1; i < x.size(); ++i)
    if (std::abs(x[i]) > std::abs(x[k])) k = i;
  return k;
}

// ---- golden renders (bridge/golden.h) ----
inline void expect_golden(const std::string& name, const Signal& render, double tolerance) {
  std::vector<float> flat;
  const std::size_t n = render.empty() ? 0 : render[0].size();
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& ch : render) flat.push_back(static_cast<float>(ch[i]));
  check_golden_interleaved(name, flat, render.size(), static_cast<float>(tolerance));
}

}  // namespace plinth::test
