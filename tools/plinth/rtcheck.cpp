// `plinth rtcheck`: drives a plugin like a host does with the processing thread marked
// for the real-time trap, and reports every allocation, lock, wait, sleep and file or
// socket call it makes there, with its stack.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "commands.h"
#include "plinth/host/realtime/session.h"

namespace plinth::tool {

namespace {

void progress_bar(const std::string& name, long done, long total) {
  const int width = 30;
  const int filled = total > 0 ? static_cast<int>(width * done / total) : width;
  std::fprintf(stderr, "\r  %s [%s%s] %ld/%ld blocks", name.c_str(),
               std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total);
  if (done >= total) std::fprintf(stderr, "\r%*s\r", width + 60 + static_cast<int>(name.size()), "");
  std::fflush(stderr);
}

}  // namespace

int rtcheck(const RtcheckOptions& o) {
  namespace rt = host::realtime;
  auto module = load_module(o.bundle);
  if (!module) return 1;
  const auto classes = module->audio_processor_classes();
  if (classes.empty()) return fail(o.bundle + " has no audio processor class");
  if (!rt::installed()) return fail("this plinth was built without the real-time trap");

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
    if (isatty(STDERR_FILENO) != 0) {
      options.progress = [&cls](long done, long total) { progress_bar(cls.name, done, total); };
    }
    const auto session = rt::run_session(*module, cls, options);
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
