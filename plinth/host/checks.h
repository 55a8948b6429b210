#pragma once
// Plinth's own compliance checks: what Steinberg's validator covers and more
// (64-bit processing, parameter flush, malformed state, non-finite input),
// run through the real module. Used by `plinth validate` and the host tests.
//
// Every check makes its own fresh instances, so checks are independent.

#include <functional>
#include <string>
#include <vector>

#include "plinth/host/module.h"

namespace plinth::host {

struct CheckResult {
  bool passed = true;
  std::vector<std::string> failures;  // why it failed (the first few)
  std::vector<std::string> notes;     // what was skipped or observed
  int failure_count = 0;              // including those not kept in `failures`

  // Failures and notes on one line each.
  [[nodiscard]] std::string message() const;
};

struct Check {
  std::string name;         // e.g. "state.malformed"
  std::string description;  // one line
  std::function<void(Module&, const ClassInfo&, CheckResult&)> run;
};

// Every check, in the order `plinth validate` runs them.
const std::vector<Check>& all_checks();

// Runs one check on one audio processor class; exceptions become failures.
CheckResult run_check(const Check& check, Module& module, const ClassInfo& processor_class);

}  // namespace plinth::host
