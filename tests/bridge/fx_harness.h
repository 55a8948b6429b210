#pragma once
// Shared by the example-effect tests (eq, filter, delay, chorus, flanger, phaser,
// compressor): load a bundle through the real .so, run audio through it in blocks under
// the real-time trap, measure responses, and compare a render with a stored reference.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bridge/golden.h"
#include "bridge/realtime_trap.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace fx {

namespace pabi = plinth::abi;
using plinth::host::ParamChange;
using plinth::host::PluginInstance;
using Channels = std::vector<std::vector<float>>;

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<PluginInstance> plugin;
  PluginInstance* operator->() const { return plugin.get(); }
  PluginInstance& operator*() const { return *plugin; }
};

// Stereo (or mono) in and out, set up and active.
inline Loaded load(const std::string& name, double rate = 48000.0, int max_block = 512, bool mono = false) {
  Loaded d;
  std::string error;
  d.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3", error);
  EXPECT_TRUE(d.module) << error;
  if (!d.module) return d;
  d.plugin = PluginInstance::create(*d.module, d.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(d.plugin) << error;
  if (!d.plugin) return d;
  if (mono) {
    std::vector<pabi::SpeakerArrangement> ins(static_cast<std::size_t>(d.plugin->audio_inputs()),
                                              pabi::speaker_arr::kMono);
    EXPECT_EQ(d.plugin->set_bus_arrangements(ins, {pabi::speaker_arr::kMono}), pabi::kResultOk);
  }
  EXPECT_EQ(d.plugin->setup(rate, max_block, false), pabi::kResultOk);
  EXPECT_EQ(d.plugin->activate(), pabi::kResultOk);
  return d;
}

struct Setting {
  pabi::ParamId id;
  double plain;
};
// Parameter changes at offset 0, given as plain values.
inline std::vector<ParamChange> at_start(PluginInstance& p, std::initializer_list<Setting> settings) {
  std::vector<ParamChange> out;
  for (const Setting& s : settings) out.push_back({s.id, 0, p.plain_to_normalized(s.id, s.plain)});
  return out;
}

// Runs `main` (and `side`, the side-chain bus) through the plugin in blocks of `block`
// samples, `first` applied at the start of the first block; every process call runs
// under the real-time trap. Returns the main output, one vector per channel.
inline Channels run(PluginInstance& p, const Channels& main, std::span<const ParamChange> first = {}, int block = 256,
                    const Channels& side = {}) {
  const std::size_t n = main.empty() ? 0 : main[0].size();
  const int channels = p.channels(pabi::kOutput, 0);
  Channels out(static_cast<std::size_t>(channels), std::vector<float>(n));
  plinth::test::clear();
  for (std::size_t start = 0; start < n; start += static_cast<std::size_t>(block)) {
    const int len = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(block), n - start));
    for (std::size_t c = 0; c < main.size() && c < static_cast<std::size_t>(channels); ++c)
      std::copy_n(main[c].begin() + static_cast<long>(start), len, p.input(0, static_cast<int>(c)).begin());
    for (std::size_t c = 0; c < side.size() && !p.input(1, static_cast<int>(c)).empty(); ++c)
      std::copy_n(side[c].begin() + static_cast<long>(start), len, p.input(1, static_cast<int>(c)).begin());
    pabi::tresult r;
    {
      plinth::test::AudioThreadScope audio;
      r = p.process(len, start == 0 ? first : std::span<const ParamChange>{});
    }
    EXPECT_EQ(r, pabi::kResultOk);
    for (int c = 0; c < channels; ++c)
      std::copy_n(p.output(0, c).begin(), len, out[static_cast<std::size_t>(c)].begin() + static_cast<long>(start));
  }
  EXPECT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
  return out;
}

inline Channels impulse(std::size_t n, int channels = 2, float height = 1.0f) {
  Channels x(static_cast<std::size_t>(channels), std::vector<float>(n, 0.0f));
  for (auto& c : x) c[0] = height;
  return x;
}

inline Channels sine(std::size_t n, double hz, double rate, double amplitude, int channels = 2) {
  Channels x(static_cast<std::size_t>(channels), std::vector<float>(n));
  for (auto& c : x)
    for (std::size_t i = 0; i < n; ++i)
      c[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate));
  return x;
}

// Deterministic white noise (xorshift32), the same on every machine.
inline Channels noise(std::size_t n, int channels = 2, float amplitude = 0.5f, std::uint32_t seed = 12345) {
  Channels x(static_cast<std::size_t>(channels), std::vector<float>(n));
  for (auto& c : x)
    for (auto& v : c) {
      seed ^= seed << 13;
      seed ^= seed >> 17;
      seed ^= seed << 5;
      v = amplitude * (static_cast<float>(seed >> 8) / 8388608.0f - 1.0f);
    }
  return x;
}

// |sum x[n] e^{-jwn}| over [from, from + count): of an impulse response, the magnitude
// response at `hz`; of a steady sine over whole periods, half its amplitude times count.
inline double dft_magnitude(std::span<const float> x, double hz, double rate, std::size_t from = 0,
                            std::size_t count = 0) {
  if (count == 0) count = x.size() - from;
  double re = 0.0, im = 0.0;
  const double w = 2.0 * std::numbers::pi * hz / rate;
  for (std::size_t i = 0; i < count; ++i) {
    re += x[from + i] * std::cos(w * static_cast<double>(i));
    im -= x[from + i] * std::sin(w * static_cast<double>(i));
  }
  return std::hypot(re, im);
}
inline double db(double v) { return 20.0 * std::log10(v); }

// RMS over [from, from + count).
inline double rms(std::span<const float> x, std::size_t from, std::size_t count) {
  double s = 0.0;
  for (std::size_t i = from; i < from + count; ++i) s += double(x[i]) * x[i];
  return std::sqrt(s / static_cast<double>(count));
}

// RMS of consecutive windows of w samples: a level envelope.
inline std::vector<double> envelope(std::span<const float> x, std::size_t w) {
  std::vector<double> e;
  for (std::size_t i = 0; i + w <= x.size(); i += w) e.push_back(rms(x, i, w));
  return e;
}

// The lag in [lo, hi] (in elements of e) where e's autocorrelation (mean removed) peaks,
// refined by a parabola through the neighbours: a modulation's period.
inline double period_of(const std::vector<double>& e, std::size_t lo, std::size_t hi) {
  double mean = 0.0;
  for (double v : e) mean += v / static_cast<double>(e.size());
  auto r = [&](std::size_t lag) {
    double s = 0.0;
    for (std::size_t k = 0; k + lag < e.size(); ++k) s += (e[k] - mean) * (e[k + lag] - mean);
    return s / static_cast<double>(e.size() - lag);
  };
  std::size_t best = lo;
  for (std::size_t lag = lo; lag <= hi; ++lag)
    if (r(lag) > r(best)) best = lag;
  const double a = r(best - 1), b = r(best), c = r(best + 1);
  const double d = a - 2.0 * b + c;
  return static_cast<double>(best) + (d != 0.0 ? 0.5 * (a - c) / d : 0.0);
}

// Compares a render with its golden reference (bridge/golden.h).
inline void check_golden(const std::string& name, const Channels& out, float tolerance = 1e-5f) {
  const std::size_t frames = out.empty() ? 0 : out[0].size();
  std::vector<float> got;
  for (std::size_t i = 0; i < frames; ++i)
    for (const auto& c : out) got.push_back(c[i]);
  plinth::test::check_golden_interleaved(name, got, out.size(), tolerance);
}

}  // namespace fx
