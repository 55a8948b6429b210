// The synth's cost per voice per sample, through the real .so as a host drives it: N held
// notes (N = 1, 16, 64, 256; the Voices parameter at 256), 64-sample blocks at 48 kHz.
// Counters:
//   ns_per_voice_sample  block time / (N * 64)
//   core_load            block time / the block's real-time length (1.333 ms): 1 = one core full
//   realtime_voices      N / core_load: voices one core could render in real time at this
//                        per-voice cost (the fixed per-block cost is charged to the N voices)
// Run: cmake --build build --target bench_bridge_synth && build/bench/bench_bridge_synth
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {

namespace abi = plinth::abi;
constexpr double rate = 48000.0;
constexpr int block = 64;

void BM_SynthVoices(benchmark::State& state) {
  const int voices = static_cast<int>(state.range(0));
  std::string error;
  auto module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthSynth.vst3", error);
  if (!module) {
    state.SkipWithError(error.c_str());
    return;
  }
  auto plugin = plinth::host::PluginInstance::create(*module, module->audio_processor_classes().front(), error);
  if (!plugin || plugin->setup(rate, block, false) != abi::kResultOk || plugin->activate() != abi::kResultOk) {
    state.SkipWithError("cannot set up the synth");
    return;
  }
  constexpr abi::ParamId polyphony = 42;
  std::vector<plinth::host::ParamChange> changes{{polyphony, 0, plugin->plain_to_normalized(polyphony, 256.0)}};
  // N held notes with distinct ids over five octaves and 16 channels, velocities varied;
  // the default patch (two saws, low-pass with envelope, ADSR) sustains them.
  std::vector<abi::Event> notes;
  for (int v = 0; v < voices; ++v) {
    abi::Event e{};
    e.type = abi::Event::kNoteOnEvent;
    e.sample_offset = v % block;
    e.note_on = {static_cast<std::int16_t>(v % 16),
                 static_cast<std::int16_t>(36 + (v * 7) % 60),
                 0.0f,
                 0.4f + 0.5f * static_cast<float>(v % 5) / 4.0f,
                 0,
                 v};
    notes.push_back(e);
  }
  plugin->process(block, changes, notes);
  for (int i = 0; i < 100; ++i) plugin->process(block);  // past the attack
  // Timed around the whole loop (one clock read each end, none per block).
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    plugin->process(block);
    benchmark::DoNotOptimize(plugin->output(0, 1)[block - 1]);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double per_block = seconds / static_cast<double>(std::max<benchmark::IterationCount>(1, state.iterations()));
  const double load = per_block / (block / rate);
  state.SetItemsProcessed(state.iterations() * block * voices);  // voice-samples
  state.counters["ns_per_voice_sample"] = per_block * 1e9 / (block * voices);
  state.counters["core_load"] = load;
  state.counters["realtime_voices"] = voices / load;
}

}  // namespace

BENCHMARK(BM_SynthVoices)->Arg(1)->Arg(16)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond)->UseRealTime();
