// Running a check in this process (in a child process: isolation_<platform>.cpp).
#include <chrono>
#include <exception>
#include <string>

#include "plinth/host/checks.h"

namespace plinth::host {

CheckResult run_check(const Check& check, Module& module, const ClassInfo& processor_class) {
  CheckResult result;
  const auto start = std::chrono::steady_clock::now();
  try {
    check.run(module, processor_class, result);
  } catch (const std::exception& e) {
    result.fail(std::string("exception: ") + e.what());
  } catch (...) {
    result.fail("unknown exception");
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace plinth::host
