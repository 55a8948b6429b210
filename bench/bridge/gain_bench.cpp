// One stereo block (64 samples, and 512 to show the fixed per-call cost amortized)
// through the whole ABI path (host -> bridge -> core -> gain) against the gain's own
// process() called directly.
// Pairs: BM_GainStereo_plinth/N / BM_GainStereo_reference/N (tools/bench_ratio.py).
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "examples/gain/gain.h"
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
    for (int i = 0; i < block; ++i)
      plugin->input(0, c)[static_cast<std::size_t>(i)] = 0.001f * static_cast<float>(i + c);
  for (auto _ : state) {
    plugin->process(block);
    benchmark::DoNotOptimize(plugin->output(0, 1)[static_cast<std::size_t>(block - 1)]);
  }
  state.SetItemsProcessed(state.iterations() * block);
}

// The same plugin class, its process() called directly: no host, no bridge, no
// framework block handling. The difference is the whole cost of the ABI path.
void BM_GainStereo_reference(benchmark::State& state) {
  const int block = static_cast<int>(state.range(0));
  const auto n = static_cast<std::size_t>(block);
  std::array<std::vector<float>, 2> in{std::vector<float>(n), std::vector<float>(n)};
  std::array<std::vector<float>, 2> out{std::vector<float>(n), std::vector<float>(n)};
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < block; ++i) in[c][static_cast<std::size_t>(i)] = 0.001f * static_cast<float>(i + c);
  Gain gain;
  plinth::Setup setup;
  setup.max_block_size = block;
  gain.setup_processing(setup);
  gain.gain.set_value(-6.0);
  gain.gain.snap();
  std::array<float*, 2> in_ptrs{in[0].data(), in[1].data()};
  std::array<float*, 2> out_ptrs{out[0].data(), out[1].data()};
  const std::array inputs{plinth::AudioBuffer<float>{in_ptrs, block}};
  const std::array outputs{plinth::AudioBuffer<float>{out_ptrs, block}};
  plinth::ProcessBlock<float> pb;
  pb.inputs = inputs;
  pb.outputs = outputs;
  pb.num_samples = block;
  pb.sample_rate = setup.sample_rate;
  for (auto _ : state) {
    gain.process(pb);
    benchmark::DoNotOptimize(out[1][n - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * block);
}

}  // namespace

BENCHMARK(BM_GainStereo_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereo_reference)->Arg(64)->Arg(512);
