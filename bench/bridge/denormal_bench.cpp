// Denormal input costs no more than normal input: the ducker (a compressor with a
// side-chain, recursive detector state) through the real .so, fed noise (the reference)
// or denormals (1e-310 in 64-bit, 1e-40 in 32-bit) on every input channel. The framework
// sets flush-to-zero for the duration of process(), so the ratio should be ~1.0.
// Pairs: BM_DuckerDenormalInput{32,64}_plinth (denormal input) / _reference (noise);
// run with tools/bench_ratio.py.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {

constexpr int kBlock = 256;

void run(benchmark::State& state, bool dbl, bool denormal) {
  std::string error;
  auto module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthDucker.vst3", error);
  if (!module) {
    state.SkipWithError(error.c_str());
    return;
  }
  auto plugin = plinth::host::PluginInstance::create(*module, module->audio_processor_classes().front(), error);
  if (!plugin || plugin->setup(48000.0, kBlock, dbl) != 0 || plugin->activate() != 0) {
    state.SkipWithError("cannot set up the ducker");
    return;
  }
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> noise(-0.5, 0.5);
  for (int b = 0; b < plugin->audio_inputs(); ++b) {
    for (int c = 0; c < plugin->channels(plinth::abi::kInput, b); ++c) {
      for (int i = 0; i < kBlock; ++i) {
        const double v = denormal ? (i % 2 == 0 ? 1e-310 : -1e-310) : noise(rng);
        plugin->input64(b, c)[static_cast<std::size_t>(i)] = v;
        plugin->input(b, c)[static_cast<std::size_t>(i)] =
            denormal ? (i % 2 == 0 ? 1e-40f : -1e-40f) : static_cast<float>(v);
      }
    }
  }
  for (auto _ : state) {
    plugin->process(kBlock);
    benchmark::DoNotOptimize(dbl ? plugin->output64(0, 0)[0] : plugin->output(0, 0)[0]);
  }
  state.SetItemsProcessed(state.iterations() * kBlock);
}

void BM_DuckerDenormalInput32_plinth(benchmark::State& s) { run(s, false, true); }
void BM_DuckerDenormalInput32_reference(benchmark::State& s) { run(s, false, false); }
void BM_DuckerDenormalInput64_plinth(benchmark::State& s) { run(s, true, true); }
void BM_DuckerDenormalInput64_reference(benchmark::State& s) { run(s, true, false); }

}  // namespace

BENCHMARK(BM_DuckerDenormalInput32_plinth);
BENCHMARK(BM_DuckerDenormalInput32_reference);
BENCHMARK(BM_DuckerDenormalInput64_plinth);
BENCHMARK(BM_DuckerDenormalInput64_reference);
