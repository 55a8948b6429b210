// `plinth validate`: every check of plinth/host/checks over every audio processor
// class, each in its own child process by default; text or --json report.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "progress.h"
#include "plinth/host/checks.h"

namespace plinth::tool {

namespace {

// Prints `text` line by line, indented under its check.
void print_indented(const std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    std::cout << "         " << text.substr(pos, end - pos) << '\n';
    pos = end == std::string::npos ? text.size() : end + 1;
  }
}

std::string details(const host::CheckResult& result, bool with_failures) {
  std::string text;
  if (with_failures) {
    for (const auto& f : result.failures) text += f + "\n";
    const int hidden = result.failure_count - static_cast<int>(result.failures.size());
    if (hidden > 0) text += "... and " + std::to_string(hidden) + " more\n";
  }
  for (const auto& n : result.notes) text += "note: " + n + "\n";
  return text;
}


}  // namespace

int validate(const ValidateOptions& options) {
  auto module = load_module(options.bundle);
  if (!module) return 1;
  const auto classes = module->audio_processor_classes();
  if (classes.empty()) return fail(options.bundle + " has no audio processor class");

  std::vector<const host::Check*> checks;
  for (const auto& check : host::all_checks()) {
    if (check.name.find(options.check_filter) != std::string::npos) checks.push_back(&check);
  }
  if (checks.empty()) return fail("no check name contains '" + options.check_filter + "'");

  if (options.isolate && !host::checks_can_be_isolated())
    std::cerr << "note: checks run in this process on this platform: a plugin crash ends the run\n";
  int passed = 0;
  int failed = 0;
  int warnings = 0;
  int skipped = 0;  // could not run here (a skip is not a pass)
  nlohmann::json report = {{"bundle", options.bundle}, {"classes", nlohmann::json::array()}};
  const auto total = checks.size() * classes.size();
  ProgressBar progress("validate", static_cast<double>(total));
  int done = 0;
  for (const auto& cls : classes) {
    nlohmann::json jclass = {{"name", cls.name}, {"cid", cls.cid_string}, {"checks", nlohmann::json::array()}};
    if (!options.json)
      std::cout << "Validating " << cls.name << " (" << cls.cid_string << ") in " << module->name() << "\n";
    for (const auto* check : checks) {
      // (appended piece by piece: g++ 12's -Wrestrict misfires on "[" + std::to_string(...))
      std::string counter = std::to_string(done + 1);
      counter.append("/").append(std::to_string(total)).append("] ").append(check->name);
      progress.update(done, counter.insert(0, 1, '['));
      ++done;
      const host::CheckResult result = options.isolate
                                           ? host::run_check_isolated(*check, *module, cls, options.timeout_seconds)
                                           : host::run_check(*check, *module, cls);
      const host::Status status = host::status_of(*check, result);
      progress.finish();
      switch (status) {
        case host::Status::pass: ++passed; break;
        case host::Status::fail: ++failed; break;
        case host::Status::warn: ++warnings; break;
        case host::Status::skip: ++skipped; break;
      }
      if (options.json) {
        nlohmann::json failures = result.failures;
        const int hidden = result.failure_count - static_cast<int>(result.failures.size());
        if (hidden > 0) failures.push_back("... and " + std::to_string(hidden) + " more");
        jclass["checks"].push_back({{"name", check->name},
                                    {"severity", host::severity_name(check->severity)},
                                    {"status", host::status_name(status)},
                                    {"seconds", result.seconds},
                                    {"failures", failures},
                                    {"notes", result.notes}});
        continue;
      }
      static constexpr const char* tags[] = {"[PASS]", "[FAIL]", "[WARN]", "[SKIP]"};
      std::cout << "  " << tags[static_cast<int>(status)] << ' ' << check->name;
      if (options.verbose) {
        std::cout << "  (" << host::severity_name(check->severity) << ", " << static_cast<int>(result.seconds * 1000.0)
                  << " ms) - " << check->description;
      } else if (result.seconds >= 1.0) {
        std::cout << "  (" << static_cast<int>(result.seconds + 0.5) << " s)";
      }
      std::cout << '\n';
      if (status != host::Status::pass || options.verbose)
        print_indented(details(result, status != host::Status::pass));
      std::cout << std::flush;
    }
    report["classes"].push_back(jclass);
  }
  progress.finish();
  if (options.json) {
    report["passed"] = passed;
    report["failed"] = failed;
    report["warnings"] = warnings;
    report["skipped"] = skipped;
    std::cout << report.dump(2) << '\n';
  } else {
    std::cout << '\n' << passed << " passed, " << failed << " failed, " << warnings << " warnings";
    if (skipped > 0) std::cout << ", " << skipped << " skipped";
    std::cout << '\n';
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace plinth::tool
