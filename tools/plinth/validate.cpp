// `plinth validate`: every check of plinth/host/checks over every audio processor class.
#include <chrono>
#include <iostream>

#include "commands.h"
#include "plinth/host/checks.h"

namespace plinth::tool {

int validate(const std::string& bundle, bool verbose) {
  auto module = load_module(bundle);
  if (!module) return 1;
  const auto classes = module->audio_processor_classes();
  if (classes.empty()) return fail(bundle + " has no audio processor class");

  int passed = 0;
  int failed = 0;
  for (const auto& cls : classes) {
    std::cout << "Validating " << cls.name << " (" << cls.cid_string << ") in " << module->name() << "\n";
    for (const auto& check : host::all_checks()) {
      const auto start = std::chrono::steady_clock::now();
      const host::CheckResult result = host::run_check(check, *module, cls);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      std::cout << "  [" << (result.passed ? "PASS" : "FAIL") << "] " << check.name;
      if (verbose) std::cout << "  (" << static_cast<int>(ms) << " ms) - " << check.description;
      std::cout << '\n';
      if (!result.passed || verbose) {
        std::string text = result.passed ? std::string() : result.message();
        if (result.passed) {
          for (const auto& n : result.notes) text += "note: " + n + "\n";
        }
        std::size_t pos = 0;
        while (pos < text.size()) {
          const auto end = text.find('\n', pos);
          std::cout << "         " << text.substr(pos, end - pos) << '\n';
          pos = end == std::string::npos ? text.size() : end + 1;
        }
      }
      (result.passed ? passed : failed) += 1;
    }
  }
  std::cout << "\n"
            << passed << " passed, " << failed << " failed (" << classes.size() << " class"
            << (classes.size() == 1 ? "" : "es") << ", " << host::all_checks().size() << " checks each)\n";
  std::cout << (failed == 0 ? "RESULT: PASS\n" : "RESULT: FAIL\n");
  return failed == 0 ? 0 : 1;
}

}  // namespace plinth::tool
