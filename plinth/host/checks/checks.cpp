#include "plinth/host/checks.h"

#include <exception>

#include "plinth/host/checks/common.h"

namespace plinth::host {

std::string CheckResult::message() const {
  std::string out;
  for (const auto& f : failures) out += "FAIL: " + f + "\n";
  if (failure_count > static_cast<int>(failures.size())) {
    out += "... and " + std::to_string(failure_count - static_cast<int>(failures.size())) + " more failures\n";
  }
  for (const auto& n : notes) out += "note: " + n + "\n";
  return out;
}

const std::vector<Check>& all_checks() {
  static const std::vector<Check> checks = [] {
    std::vector<Check> all;
    for (auto family : {checks::factory_checks, checks::lifecycle_checks, checks::processing_checks, checks::bus_checks,
                        checks::state_checks, checks::parameter_checks, checks::realtime_checks}) {
      for (auto& c : family()) all.push_back(std::move(c));
    }
    return all;
  }();
  return checks;
}

CheckResult run_check(const Check& check, Module& module, const ClassInfo& processor_class) {
  CheckResult result;
  try {
    check.run(module, processor_class, result);
  } catch (const std::exception& e) {
    result.passed = false;
    ++result.failure_count;
    result.failures.push_back(std::string("exception: ") + e.what());
  } catch (...) {
    result.passed = false;
    ++result.failure_count;
    result.failures.push_back("unknown exception");
  }
  return result;
}

}  // namespace plinth::host
