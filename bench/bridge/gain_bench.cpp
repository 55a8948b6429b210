// One stereo block (64 samples, and 512 to show the fixed per-call cost amortized)
// through the ABI path against the gain's own process() called directly. Two pairs:
//   BM_GainStereo_*      our whole host (PluginInstance::process: parameter-change and
//                        event lists refilled, transport advanced, clock read) -> bridge
//                        -> core -> gain;
//   BM_GainStereoAbi_*   IAudioProcessor::process on a ProcessData a host prepared once,
//                        with empty (not null) parameter-change and event lists and a
//                        process context, as a DAW calls it: bridge -> core -> gain, the
//                        part Plinth adds to every plugin.
// Pairs are read with tools/bench_ratio.py.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "examples/gain/gain.h"
#include "plinth/dsp/denormal.h"
#include "plinth/host/host_objects.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace {

// Two input and two output channels of `block` floats, filled with a ramp, the same layout
// for both sides of every pair. Each channel starts a whole number of 4 KiB pages plus
// k x 1 KiB into one allocation, so no output starts at the same offset within a page as
// an input: the CPU takes a load whose address matches an earlier, still-buffered store in
// its low 12 bits for a dependent one ("4K aliasing") and stalls. Four std::vectors in a
// row put each output 32 bytes past its input's page offset, and both sides' times swung
// by up to 2x with unrelated changes to the code's layout.
struct StereoBuffers {
  explicit StereoBuffers(int block) {
    const std::size_t n = static_cast<std::size_t>(block);
    const std::size_t page_floats = 1024;  // 4 KiB
    const std::size_t span = (n + page_floats - 1) / page_floats * page_floats + page_floats;
    memory.reset(static_cast<float*>(std::aligned_alloc(4096, 4 * span * sizeof(float))));
    if (!memory) throw std::bad_alloc();
    for (std::size_t k = 0; k < 4; ++k) {
      float* channel = memory.get() + k * span + k * (page_floats / 4);
      for (std::size_t i = 0; i < n; ++i) channel[i] = k < 2 ? 0.001f * static_cast<float>(i + k) : 0.0f;
      (k < 2 ? in : out)[k % 2] = channel;
    }
  }
  struct Free {
    void operator()(float* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<float, Free> memory;
  std::array<float*, 2> in{};
  std::array<float*, 2> out{};
};

// The gain bundle loaded, set up for `block`-sample 32-bit blocks, active, at -6 dB
// (plugin null, and the benchmark skipped with the reason, when any of that fails).
struct Running {
  std::unique_ptr<plinth::host::Module> module;  // outlives the instance
  std::unique_ptr<plinth::host::PluginInstance> plugin;
};

Running start_gain(benchmark::State& state, int block) {
  Running r;
  std::string error;
  r.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3", error);
  if (!r.module) {
    state.SkipWithError(error.c_str());
    return r;
  }
  r.plugin = plinth::host::PluginInstance::create(*r.module, r.module->audio_processor_classes().front(), error);
  if (!r.plugin || r.plugin->setup(48000.0, block, false) != 0 || r.plugin->activate() != 0) {
    state.SkipWithError("cannot set up the gain plugin");
    r.plugin.reset();
    return r;
  }
  const std::array change{plinth::host::ParamChange{1, 0, (-6.0 + 60.0) / 84.0}};
  r.plugin->process(block, change);
  return r;
}

void BM_GainStereo_plinth(benchmark::State& state) {
  const int block = static_cast<int>(state.range(0));
  Running gain = start_gain(state, block);
  if (!gain.plugin) return;
  plinth::host::PluginInstance* plugin = gain.plugin.get();
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < block; ++i)
      plugin->input(0, c)[static_cast<std::size_t>(i)] = 0.001f * static_cast<float>(i + c);
  for (auto _ : state) {
    plugin->process(block);
    benchmark::DoNotOptimize(plugin->output(0, 1)[static_cast<std::size_t>(block - 1)]);
  }
  state.SetItemsProcessed(state.iterations() * block);
}

// The raw ABI call: what a DAW pays Plinth per block, without our host's bookkeeping.
// DAWs run their audio threads with flush-to-zero set; `host_flushes` says whether this
// one does (if not, the framework's denormal guard writes the mode twice per call).
void abi_path(benchmark::State& state, bool host_flushes) {
  namespace abi = plinth::abi;
  const int block = static_cast<int>(state.range(0));
  Running gain = start_gain(state, block);
  if (!gain.plugin) return;
  plinth::host::PluginInstance* plugin = gain.plugin.get();
  StereoBuffers buffers(block);
  std::array<float*, 2> in_ptrs = buffers.in;
  std::array<float*, 2> out_ptrs = buffers.out;
  abi::AudioBusBuffers in{};
  in.num_channels = 2;
  in.channel_buffers32 = in_ptrs.data();
  abi::AudioBusBuffers out{};
  out.num_channels = 2;
  out.channel_buffers32 = out_ptrs.data();
  auto changes = plinth::host::make_object<plinth::host::ParameterChanges>();
  auto out_changes = plinth::host::make_object<plinth::host::ParameterChanges>();
  auto events = plinth::host::make_object<plinth::host::EventList>();
  auto out_events = plinth::host::make_object<plinth::host::EventList>();
  abi::ProcessContext context{};
  context.state = abi::ProcessContext::kPlaying | abi::ProcessContext::kTempoValid;
  context.sample_rate = 48000.0;
  context.tempo = 120.0;
  abi::ProcessData data{};
  data.process_mode = abi::kRealtime;
  data.symbolic_sample_size = abi::kSample32;
  data.num_samples = block;
  data.num_inputs = 1;
  data.num_outputs = 1;
  data.inputs = &in;
  data.outputs = &out;
  data.input_parameter_changes = changes.get();
  data.output_parameter_changes = out_changes.get();
  data.input_events = events.get();
  data.output_events = out_events.get();
  data.process_context = &context;
  abi::IAudioProcessor* processor = plugin->processor();
  const std::uint64_t mode = plinth::dsp::floating_point_control_word();
  if (host_flushes) plinth::dsp::set_floating_point_control_word(mode | plinth::dsp::kDenormalFlushBits);
  for (auto _ : state) {
    processor->process(data);
    context.project_time_samples += block;
    benchmark::DoNotOptimize(out_ptrs[1][block - 1]);
    benchmark::ClobberMemory();
  }
  plinth::dsp::set_floating_point_control_word(mode);
  state.SetItemsProcessed(state.iterations() * block);
}

void BM_GainStereoAbi_plinth(benchmark::State& state) { abi_path(state, true); }
void BM_GainStereoAbiHostNoFtz_plinth(benchmark::State& state) { abi_path(state, false); }

// The same plugin class, its process() called directly: no host, no bridge, no
// framework block handling. The difference is the whole cost of the ABI path.
void BM_GainStereo_reference(benchmark::State& state) {
  const int block = static_cast<int>(state.range(0));
  StereoBuffers buffers(block);
  Gain gain;
  plinth::Setup setup;
  setup.max_block_size = block;
  gain.setup_processing(setup);
  gain.gain.set_value(-6.0);
  gain.gain.snap();
  std::array<float*, 2> in_ptrs = buffers.in;
  std::array<float*, 2> out_ptrs = buffers.out;
  const std::array inputs{plinth::AudioBuffer<float>{in_ptrs, block}};
  const std::array outputs{plinth::AudioBuffer<float>{out_ptrs, block}};
  plinth::ProcessBlock<float> pb;
  pb.inputs = inputs;
  pb.outputs = outputs;
  pb.num_samples = block;
  pb.sample_rate = setup.sample_rate;
  for (auto _ : state) {
    gain.process(pb);
    benchmark::DoNotOptimize(out_ptrs[1][block - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * block);
}

void BM_GainStereoAbi_reference(benchmark::State& state) { BM_GainStereo_reference(state); }
void BM_GainStereoAbiHostNoFtz_reference(benchmark::State& state) { BM_GainStereo_reference(state); }

}  // namespace

BENCHMARK(BM_GainStereo_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereo_reference)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereoAbi_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereoAbi_reference)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereoAbiHostNoFtz_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_GainStereoAbiHostNoFtz_reference)->Arg(64)->Arg(512);
