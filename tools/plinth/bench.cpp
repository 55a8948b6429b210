// `plinth bench`: the cost of process() through the whole ABI path.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "commands.h"

namespace plinth::tool {

int bench(const BenchOptions& o) {
  auto module = load_module(o.bundle);
  if (!module) return 1;
  const auto* cls = first_processor(*module);
  if (cls == nullptr) return 1;
  std::string error;
  auto p = host::PluginInstance::create(*module, *cls, error);
  if (!p) return fail(error);
  if (o.double_precision && !p->can_process_double()) return fail(cls->name + " does not support 64-bit processing");
  if (p->setup(o.sample_rate, o.block, o.double_precision) != abi::kResultOk) {
    return fail("setup_processing failed for " + std::to_string(o.block) + "-sample blocks at " +
                std::to_string(o.sample_rate) + " Hz");
  }
  if (p->activate() != abi::kResultOk) return fail("activation failed");

  std::mt19937 rng(7);
  std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
  for (int b = 0; b < p->audio_inputs(); ++b) {
    for (int c = 0; c < p->channels(abi::kInput, b); ++c) {
      for (auto& s : p->input(b, c)) s = noise(rng);
      for (auto& s : p->input64(b, c)) s = noise(rng);
    }
  }
  // Warm up, then time batches until the wall-clock budget is spent.
  for (int i = 0; i < 200; ++i) p->process(o.block);
  using clock = std::chrono::steady_clock;
  const auto budget = std::chrono::duration<double>(o.seconds);
  long long blocks = 0;
  double best_batch = 1e300;
  const int batch = std::max(1, 65536 / o.block);
  const auto start = clock::now();
  auto now = start;
  while (now - start < budget) {
    const auto t0 = clock::now();
    for (int i = 0; i < batch; ++i) {
      if (p->process(o.block) != abi::kResultOk) return fail("process failed during the benchmark");
    }
    now = clock::now();
    best_batch = std::min(best_batch, std::chrono::duration<double, std::nano>(now - t0).count() / batch);
    blocks += batch;
  }
  const double elapsed_ns = std::chrono::duration<double, std::nano>(now - start).count();
  const double ns_block = elapsed_ns / static_cast<double>(blocks);
  const double ns_sample = ns_block / o.block;
  const double audio_ns = 1e9 * o.block / o.sample_rate;
  std::printf("%s: %d-sample blocks, %d in / %d out channels, %s, %.0f Hz\n", cls->name.c_str(), o.block,
              p->channels(abi::kInput, 0), p->channels(abi::kOutput, 0), o.double_precision ? "64-bit" : "32-bit",
              o.sample_rate);
  std::printf("  blocks:           %lld in %.2f s\n", blocks, elapsed_ns * 1e-9);
  std::printf("  ns per block:     %.1f (mean), %.1f (best batch)\n", ns_block, best_batch);
  std::printf("  ns per sample:    %.3f\n", ns_sample);
  std::printf("  realtime factor:  %.1fx\n", audio_ns / ns_block);
  return 0;
}

}  // namespace plinth::tool
