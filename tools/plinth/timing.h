#pragma once
// The timing loop `plinth bench` and `plinth profile` share, so their figures are the
// same measurement: one instance of the bundle's first processor, prepared and activated
// with noise at its inputs, warmed up, then timed in batches of blocks until the
// wall-clock budget is spent.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"

namespace plinth::tool {

struct TimingOptions {
  int block = 64;
  double seconds = 2.0;
  double sample_rate = 48000.0;
  bool double_precision = false;
  std::vector<std::string> params;  // ID=VALUE, set before the warm-up
  bool per_block = false;           // also time each block on its own (profile)
  std::string label;                // for the progress bar
  std::function<void()> on_start;   // called just before the first timed block
};

struct Timing {
  long long blocks = 0;
  double elapsed_ns = 0.0;       // wall clock over all timed batches
  double best_batch_ns = 0.0;    // ns per block of the fastest batch
  std::vector<double> block_ns;  // per_block: each block's time, the clock read's own cost removed
  double clock_read_ns = 0.0;    // per_block: what one clock read costs (measured, subtracted)

  [[nodiscard]] double mean_ns() const { return blocks > 0 ? elapsed_ns / static_cast<double>(blocks) : 0.0; }
};

// A prepared, activated and warmed-up instance; null with `error` set.
std::unique_ptr<host::PluginInstance> start_timing(host::Module& module, const host::ClassInfo& cls,
                                                   const TimingOptions& options, std::string& error);

struct TimedRunOptions;

// The bundle's first processor, loaded and started for timing (start_timing) with the
// command line's options; `instance` is null when anything failed, the reason printed.
struct TimedPlugin {
  std::unique_ptr<host::Module> module;
  const host::ClassInfo* cls = nullptr;
  TimingOptions options;
  std::unique_ptr<host::PluginInstance> instance;
};
TimedPlugin start_timed_run(const TimedRunOptions& run, std::string label, bool per_block);

// Times batches of blocks until options.seconds have passed. False with `error` set when
// a process call fails.
bool time_blocks(host::PluginInstance& instance, const TimingOptions& options, Timing& out, std::string& error);

}  // namespace plinth::tool
