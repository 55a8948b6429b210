#pragma once
// Plinth's own compliance checks: what Steinberg's validator covers and more
// (64-bit processing, parameter flush, malformed state, non-finite input),
// run through the real module. Used by `plinth validate` and the host tests.
//
// Every check makes its own fresh instances, so checks are independent. By
// default each runs in a child process (run_check_isolated), so a plugin that
// crashes, aborts or hangs fails that one check and the run goes on.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/host/module.h"

namespace plinth::host {

// What a failed check means.
enum class Severity {
  required,    // the VST 3 rules require it: a failure fails the run
  robustness,  // beyond the rules (hosts that misbehave, bad input): a failure is a warning
};

// skip: the check could not run here (the reason is its first note); neither a pass nor
// a failure, and counted apart.
enum class Status { pass, fail, warn, skip };

const char* severity_name(Severity s);  // "required", "robustness"
const char* status_name(Status s);      // "pass", "fail", "warn", "skip"

struct CheckResult {
  bool passed = true;
  std::vector<std::string> failures;  // why it failed (the first few)
  std::vector<std::string> notes;     // what was skipped or observed
  int failure_count = 0;              // including those not kept in `failures`
  bool crashed = false;               // the check's process died, hung or gave no result
  bool skipped = false;               // nothing was checked (why: in `notes`)
  double seconds = 0.0;               // wall time of the check

  // Failures and notes on one line each.
  [[nodiscard]] std::string message() const;
  void fail(const std::string& why);
  // Nothing could be checked here, because `why`: the check reports skip, not pass.
  void skip(const std::string& why);

  // A byte string for the pipe from an isolated check, and back.
  [[nodiscard]] std::string serialize() const;
  static std::optional<CheckResult> deserialize(std::string_view bytes);
};

struct Check {
  std::string name;         // e.g. "state.malformed"
  std::string description;  // one line
  Severity severity = Severity::required;
  std::function<void(Module&, const ClassInfo&, CheckResult&)> run;
  // True where the check itself breaks the host rules (process before setup, null
  // channel pointers in a flush...). Elsewhere a crash or hang fails the run even in a
  // robustness check: a plugin that dies on what a host may legally send (a corrupted
  // project's state, odd values) takes the host down with it.
  bool host_breaks_rules = false;
};

// pass, or fail/warn by the check's severity; a crash is a fail unless the check
// breaks the host rules itself. A skipped check that failed nothing is skip.
Status status_of(const Check& check, const CheckResult& result);

// Every check, in the order `plinth validate` runs them.
const std::vector<Check>& all_checks();

// Runs one check on one audio processor class in this process; exceptions become failures.
CheckResult run_check(const Check& check, Module& module, const ClassInfo& processor_class);

// False where checks cannot run in a child process: there run_check_isolated runs the
// check in this process, so a crash ends the run. On Windows (no fork) that is any
// executable whose main() does not call serve_isolated_check().
bool checks_can_be_isolated() noexcept;

// Windows: an isolated check runs in a new process of this same executable, started with
// a command line naming it. main() calls this first with its arguments (as UTF-8); when
// it returns a value, this process was started for one check, which has run: main
// returns that value. Linux (fork) needs nothing of the kind: std::nullopt always.
std::optional<int> serve_isolated_check(const std::vector<std::string>& arguments);

// Runs one check in a child process (forked on Linux, a new process of this executable
// on Windows). A child killed by a signal or an exception, one that exits without a
// result, or one still running after `timeout_seconds` (then killed) is a failure that
// says so, naming the last step the check reached.
CheckResult run_check_isolated(const Check& check, Module& module, const ClassInfo& processor_class,
                               double timeout_seconds = 60.0);

}  // namespace plinth::host
