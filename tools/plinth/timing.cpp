#include "timing.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "commands.h"
#include "progress.h"

namespace plinth::tool {

namespace {
using clock = std::chrono::steady_clock;

double ns_between(clock::time_point a, clock::time_point b) {
  return std::chrono::duration<double, std::nano>(b - a).count();
}

// What one steady_clock read costs here: the per-block times subtract it.
double clock_read_cost() {
  constexpr int reads = 10000;
  double best = 1e300;
  for (int round = 0; round < 5; ++round) {
    const auto t0 = clock::now();
    clock::time_point t = t0;
    for (int i = 0; i < reads; ++i) t = clock::now();
    best = std::min(best, ns_between(t0, t) / reads);
  }
  return best;
}
}  // namespace

TimedPlugin start_timed_run(const TimedRunOptions& run, std::string label, bool per_block) {
  TimedPlugin t;
  t.options.block = run.block;
  t.options.seconds = run.seconds;
  t.options.sample_rate = run.sample_rate;
  t.options.double_precision = run.double_precision;
  t.options.params = run.params;
  t.options.per_block = per_block;
  t.options.label = std::move(label);
  t.module = load_module(run.bundle);
  if (!t.module) return t;
  t.cls = first_processor(*t.module);
  if (t.cls == nullptr) return t;
  std::string error;
  t.instance = start_timing(*t.module, *t.cls, t.options, error);
  if (!t.instance) fail(error);
  return t;
}

std::unique_ptr<host::PluginInstance> start_timing(host::Module& module, const host::ClassInfo& cls,
                                                   const TimingOptions& o, std::string& error) {
  auto p = host::PluginInstance::create(module, cls, error);
  if (!p) return nullptr;
  if (o.double_precision && !p->can_process_double()) {
    error = cls.name + " does not support 64-bit processing";
    return nullptr;
  }
  if (p->setup(o.sample_rate, o.block, o.double_precision) != abi::kResultOk) {
    error = "setup_processing failed for " + std::to_string(o.block) + "-sample blocks at " +
            std::to_string(o.sample_rate) + " Hz";
    return nullptr;
  }
  std::vector<host::ParamChange> changes;
  for (const auto& spec : o.params) {
    host::ParamChange change{};
    if (!parse_param(*p, spec, change, error)) return nullptr;
    p->set_normalized(change.id, change.normalized);
    changes.push_back(change);
  }
  if (p->activate() != abi::kResultOk) {
    error = "activation failed";
    return nullptr;
  }
  if (!changes.empty() && p->process(0, changes) != abi::kResultOk) {
    error = "the plugin refused the parameter values";
    return nullptr;
  }
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
  for (int b = 0; b < p->audio_inputs(); ++b) {
    for (int c = 0; c < p->channels(abi::kInput, b); ++c) {
      for (auto& s : p->input(b, c)) s = noise(rng);
      for (auto& s : p->input64(b, c)) s = noise(rng);
    }
  }
  for (int i = 0; i < 200; ++i) {  // warm up: caches, branch predictors, smoothers settled
    if (p->process(o.block) != abi::kResultOk) {
      error = "process failed during the warm-up";
      return nullptr;
    }
  }
  return p;
}

bool time_blocks(host::PluginInstance& p, const TimingOptions& o, Timing& out, std::string& error) {
  out = Timing{};
  out.best_batch_ns = 1e300;
  // A short trial: what a block costs, for the batch size and the room per-block times need.
  const auto trial_start = clock::now();
  for (int i = 0; i < 100; ++i) (void)p.process(o.block);
  const double trial_ns = std::max(1.0, ns_between(trial_start, clock::now()) / 100);
  if (o.per_block) {
    out.clock_read_ns = clock_read_cost();
    out.block_ns.reserve(static_cast<std::size_t>(std::min(2e8, 1.5 * o.seconds * 1e9 / trial_ns)) + 1024);
  }
  ProgressBar bar(o.label, o.seconds);
  const auto budget = std::chrono::duration<double>(o.seconds);
  // Batches of about 0.2 ms (at most 65536 samples): short enough that many run without
  // the scheduler taking the core away on a busy machine, so the best batch is the
  // plugin's own cost; long enough that the two clock reads around one do not count.
  const int batch = std::clamp(static_cast<int>(200e3 / trial_ns), 1, std::max(1, 65536 / o.block));
  if (o.on_start) o.on_start();
  const auto start = clock::now();
  auto now = start;
  bool failed = false;
  while (now - start < budget && !failed) {
    const auto t0 = clock::now();
    if (o.per_block) {
      auto before = t0;
      for (int i = 0; i < batch && !failed; ++i) {
        failed = p.process(o.block) != abi::kResultOk;
        const auto after = clock::now();
        out.block_ns.push_back(std::max(0.0, ns_between(before, after) - out.clock_read_ns));
        before = after;
      }
    } else {
      for (int i = 0; i < batch && !failed; ++i) failed = p.process(o.block) != abi::kResultOk;
    }
    now = clock::now();
    out.best_batch_ns = std::min(out.best_batch_ns, ns_between(t0, now) / batch);
    out.blocks += batch;
    bar.update(std::chrono::duration<double>(now - start).count());
  }
  if (failed) {
    error = "process failed during the timing";
    return false;
  }
  out.elapsed_ns = ns_between(start, now);
  return true;
}

}  // namespace plinth::tool
