// `plinth bench`: the cost of process() through the whole ABI path.
#include <cstdio>

#include "commands.h"
#include "timing.h"

namespace plinth::tool {

int bench(const TimedRunOptions& o) {
  auto run = start_timed_run(o, "bench", false);
  if (!run.instance) return 1;
  const auto& p = run.instance;
  const auto* cls = run.cls;
  Timing t;
  std::string error;
  if (!time_blocks(*p, run.options, t, error)) return fail(error);

  const double ns_block = t.mean_ns();
  const double audio_ns = 1e9 * o.block / o.sample_rate;
  std::printf("%s: %d-sample blocks, %d in / %d out channels, %s, %.0f Hz\n", cls->name.c_str(), o.block,
              p->channels(abi::kInput, 0), p->channels(abi::kOutput, 0), o.double_precision ? "64-bit" : "32-bit",
              o.sample_rate);
  std::printf("  blocks:           %lld in %.2f s\n", t.blocks, t.elapsed_ns * 1e-9);
  std::printf("  ns per block:     %.1f (mean), %.1f (best batch)\n", ns_block, t.best_batch_ns);
  std::printf("  ns per sample:    %.3f\n", ns_block / o.block);
  std::printf("  realtime factor:  %.1fx\n", audio_ns / ns_block);
  return 0;
}

}  // namespace plinth::tool
