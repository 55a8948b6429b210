// `plinth profile`: the distribution of per-block time, the real-time load it means at
// the given rate and block size, and the time of each named probe the plugin records
// (plinth/core/probe.h), read through the processor's IConnectionPoint.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string_view>

#include "commands.h"
#include "plinth/core/probe.h"
#include "plinth/host/host_objects.h"
#include "timing.h"

namespace plinth::tool {

namespace {

// Asks the processor for its probes ("plinth.probes", answered in the same message);
// nullopt when it does not answer (not a Plinth plugin, or built without probes).
std::optional<std::vector<ProbeStats>> query_probes(host::PluginInstance& p, bool reset) {
  auto cp = host::query<abi::IConnectionPoint>(p.component());
  if (!cp) return std::nullopt;
  auto message = host::make_object<host::Message>();
  message->set_message_id("plinth.probes");
  abi::IAttributeList* attributes = message->get_attributes();
  if (reset) attributes->set_int("reset", 1);
  cp->notify(message.get());
  const void* data = nullptr;
  std::uint32_t size = 0;
  if (attributes->get_binary("probes", data, size) != abi::kResultOk) return std::nullopt;
  return decode_probe_stats(std::string_view(static_cast<const char*>(data), size));
}

// The q-quantile (0..1) of sorted values, nearest rank.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank > 0 ? rank - 1 : 0)];
}

}  // namespace

int profile(const TimedRunOptions& o) {
  auto run = start_timed_run(o, "profile", true);
  if (!run.instance) return 1;
  const auto& p = run.instance;
  const auto* cls = run.cls;
  run.options.on_start = [&p] { (void)query_probes(*p, true); };  // the probes cover the timed blocks only
  Timing t;
  std::string error;
  if (!time_blocks(*p, run.options, t, error)) return fail(error);
  const auto probes = query_probes(*p, false);

  std::vector<double> sorted = t.block_ns;
  std::sort(sorted.begin(), sorted.end());
  const double mean = sorted.empty() ? 0.0 : std::accumulate(sorted.begin(), sorted.end(), 0.0) / sorted.size();
  const double median = quantile(sorted, 0.5);
  const double p99 = quantile(sorted, 0.99);
  const double worst = sorted.empty() ? 0.0 : sorted.back();
  const double audio_ns = 1e9 * o.block / o.sample_rate;
  auto load = [audio_ns](double ns) { return 100.0 * ns / audio_ns; };

  std::printf("%s: %d-sample blocks, %d in / %d out channels, %s, %.0f Hz (a block lasts %.0f ns)\n",
              cls->name.c_str(), o.block, p->channels(abi::kInput, 0), p->channels(abi::kOutput, 0),
              o.double_precision ? "64-bit" : "32-bit", o.sample_rate, audio_ns);
  std::printf("  blocks:           %zu timed one by one in %.2f s (a clock read, %.1f ns, taken off each)\n",
              sorted.size(), t.elapsed_ns * 1e-9, t.clock_read_ns);
  std::printf("  ns per block:     %.1f (median), %.1f (p99), %.1f (worst), %.1f (mean)\n", median, p99, worst, mean);
  std::printf("  real-time load:   %.3f %% (median), %.3f %% (p99), %.3f %% (worst), %.3f %% (mean)\n", load(median),
              load(p99), load(worst), load(mean));
  if (!probes) {
    std::printf("  probes:           none (the plugin does not answer plinth.probes)\n");
  } else if (probes->empty()) {
    std::printf("  probes:           none recorded (put `auto p = probe(\"name\");` in process)\n");
  } else {
    std::printf("  probes:           %-16s %10s %12s %12s %12s %8s\n", "name", "per block", "mean ns", "worst ns",
                "ns per block", "share");
    for (const auto& s : *probes) {
      const double blocks = static_cast<double>(sorted.size());
      const double per_block_ns = blocks > 0 ? static_cast<double>(s.total_ns) / blocks : 0.0;
      std::printf("                    %-16s %10.2f %12.1f %12.0f %12.1f %7.1f %%\n", s.name.c_str(),
                  blocks > 0 ? static_cast<double>(s.count) / blocks : 0.0, s.mean_ns(),
                  static_cast<double>(s.max_ns), per_block_ns, mean > 0 ? 100.0 * per_block_ns / mean : 0.0);
    }
  }
  return 0;
}

}  // namespace plinth::tool
