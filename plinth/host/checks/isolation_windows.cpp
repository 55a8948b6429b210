// Windows has no fork, and re-running the tool per check (CreateProcess) is not done
// yet: a check asked to run isolated runs in this process, so a crash in the plugin
// ends the run. `plinth validate` says so once at the start (checks::kIsolationNote).
#include "plinth/host/checks.h"
#include "plinth/host/checks/common.h"

namespace plinth::host {

bool checks_can_be_isolated() noexcept { return false; }

namespace checks {
void step(std::string_view /*what*/) {}
}  // namespace checks

CheckResult run_check_isolated(const Check& check, Module& module, const ClassInfo& processor_class,
                               double /*timeout_seconds*/) {
  return run_check(check, module, processor_class);
}

}  // namespace plinth::host
