// One stereo block (64 samples, and 512 to show the fixed per-call cost amortized)
// through the whole ABI path (host -> bridge -> core -> gain) against the same
// smoothed-gain loop called directly.
// Pairs: BM_GainStereo_plinth/N / BM_GainStereo_reference/N (tools/bench_ratio.py).
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "plinth/core/smoother.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {


void BM_GainStereo_plinth(benchmark::State& state) {
  const int block = static_cast<int>(state.range(0));
  std::string error;
  auto module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3", error);
  if (!module) {
    state.SkipWithError(error.c_str());
    return;
  }
  auto plugin = plinth::host::PluginInstance::create(*module, module->audio_processor_classes().front(), error);
  if (!plugin || plugin->setup(48000.0, block, false) != 0 || plugin->activate() != 0) {
    state.SkipWithError("cannot set up the gain plugin");
    return;
  }
  const std::array change{plinth::host::ParamChange{1, 0, (-6.0 + 60.0) / 84.0}};
  plugin->process(block, change);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < block; ++i) plugin->input(0, c)[static_cast<std::size_t>(i)] = 0.001f * static_cast<float>(i + c);
  for (auto _ : state) {
    plugin->process(block);
    benchmark::DoNotOptimize(plugin->output(0, 1)[static_cast<std::size_t>(block - 1)]);
  }
  state.SetItemsProcessed(state.iterations() * block);
}

void BM_GainStereo_reference(benchmark::State& state) {
  const int block = static_cast<int>(state.range(0));
  const auto n = static_cast<std::size_t>(block);
  std::array<std::vector<float>, 2> in{std::vector<float>(n), std::vector<float>(n)};
  std::array<std::vector<float>, 2> out{std::vector<float>(n), std::vector<float>(n)};
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < block; ++i) in[c][static_cast<std::size_t>(i)] = 0.001f * static_cast<float>(i + c);
  plinth::LinearSmoother gain;
  gain.configure(48000.0, 20.0);
  gain.snap(std::pow(10.0, -6.0 / 20.0));
  for (auto _ : state) {
    for (int i = 0; i < block; ++i) {
      const float g = static_cast<float>(gain.next());
      for (int c = 0; c < 2; ++c) out[c][static_cast<std::size_t>(i)] = in[c][static_cast<std::size_t>(i)] * g;
    }
    benchmark::DoNotOptimize(out[1][n - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * block);
}

}  // namespace

BENCHMARK(BM_GainStereo_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereo_reference)->Arg(64)->Arg(512);
