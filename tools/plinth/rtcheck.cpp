// `plinth rtcheck`: drives a plugin like a host does with the processing thread marked
// for the real-time trap, and reports every allocation, lock, wait, sleep and file or
// socket call it makes there, with its stack.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "progress.h"
#include "plinth/host/realtime/session.h"

namespace plinth::tool {

int rtcheck(const RtcheckOptions& o) {
  namespace rt = host::realtime;
  auto module = load_module(o.bundle);
  if (!module) return 1;
  const auto classes = module->audio_processor_classes();
  if (classes.empty()) return fail(o.bundle + " has no audio processor class");
  if (!rt::installed()) return fail(rt::not_installed_reason());

  long blocks = 0;
  long calls = 0;
  long stacks = 0;
  bool stopped = false;
  for (const auto& cls : classes) {
    std::cout << cls.name << " (" << cls.cid_string << ") in " << module->name() << ": " << o.blocks << " blocks of 0.."
              << o.block << " samples at " << o.sample_rate << " Hz, 32- and 64-bit\n";
    rt::SessionOptions options;
    options.blocks = o.blocks;
    options.sample_rate = o.sample_rate;
    options.max_block = o.block;
    options.seed = o.seed;
    ProgressBar bar(cls.name, 1.0);
    if (bar.shown()) {
      options.progress = [&bar](long done, long total) {
        bar.update(total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0,
                   std::to_string(done) + "/" + std::to_string(total) + " blocks");
      };
    }
    const auto session = rt::run_session(*module, cls, options);
    bar.finish();
    for (const auto& n : session.notes) std::cout << "  note: " << n << '\n';
    for (const auto& e : session.errors) std::cout << "  error: " << e << '\n';
    std::cout << rt::report(session.violations, o.frames);
    if (session.violations.empty() && session.calls > 0) {
      std::cout << session.calls << " trapped calls whose stacks were not kept\n";
    }
    blocks += session.blocks;
    calls += session.calls;
    stacks += static_cast<long>(session.violations.size());
    stopped = stopped || !session.errors.empty();
  }
  std::cout << "rtcheck: " << calls << (calls == 1 ? " call" : " calls")
            << " that must not happen on the audio thread (" << stacks << " distinct "
            << (stacks == 1 ? "stack" : "stacks") << ") in " << blocks << " blocks"
            << (stopped ? "; the session stopped early (see errors)" : "") << '\n';
  return calls > 0 || stopped ? 1 : 0;
}

}  // namespace plinth::tool
