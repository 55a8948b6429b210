// Real-time safety: what the plugin allocates, frees, locks, waits for, sleeps in or
// reads and writes on the audio thread, caught by the real-time trap
// (plinth/host/realtime) during a realistic host session.
#include <string>

#include "plinth/host/checks/common.h"
#include "plinth/host/realtime/session.h"

namespace plinth::host::checks {

namespace {

// Fewer blocks than `plinth rtcheck` (2000 per sample size): validate runs every check
// on every class, and a fault in process() shows up within a few blocks.
constexpr int kBlocks = 300;

void audio_thread(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  if (!realtime::installed()) {
    ck.result.skip(realtime::not_installed_reason());
    return;
  }
  realtime::SessionOptions options;
  options.blocks = kBlocks;
  options.max_block = 1024;
  const auto session = realtime::run_session(module, cls, options);
  for (const auto& e : session.errors) ck.expect(false, e);
  for (const auto& n : session.notes) ck.note(n);
  for (const auto& v : session.violations) {
    // The trapped call and the first frames: enough to find the line in the plugin.
    std::string stack = realtime::report({v}, 6);
    while (!stack.empty() && stack.back() == '\n') stack.pop_back();
    ck.expect(false, stack);
  }
  if (session.violations.empty() && session.calls > 0) {
    ck.expect(false, std::to_string(session.calls) + " trapped calls on the audio thread (stacks not kept)");
  }
  ck.note(std::to_string(session.blocks) + " blocks processed with the audio thread marked");
}

}  // namespace

// Required, not robustness: a process() that allocates, locks or blocks can miss its
// deadline on any host at any time (priority inversion, page faults, a contended
// allocator), so it is a defect in the plugin, not a host misbehaving. The VST 3 docs
// ask process() to be real-time safe and validators and RTSan-based CI flag it.
std::vector<Check> realtime_checks() {
  return {
      {"realtime.audio_thread",
       "no allocation, free, lock, wait, sleep or file/socket call in process() (32- and 64-bit, automation, notes, "
       "state loads between blocks)",
       Severity::required, audio_thread},
  };
}

}  // namespace plinth::host::checks
