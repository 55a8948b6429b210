// run_check_isolated: a check that crashes, aborts, hangs or exits is that check's
// failure, named, and the process running the checks carries on.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "plinth/host/checks.h"
#include "plinth/host/checks/common.h"
#include "plinth/host/module.h"

namespace {

using plinth::host::Check;
using plinth::host::CheckResult;
using plinth::host::ClassInfo;
using plinth::host::Module;
using plinth::host::Severity;
using plinth::host::Status;

struct Loaded {
  std::unique_ptr<Module> module;
  const ClassInfo* cls = nullptr;
};

Loaded& gain() {
  static Loaded loaded = [] {
    Loaded l;
    std::string error;
    l.module = Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3", error);
    if (l.module) {
      for (const auto& c : l.module->classes()) {
        if (c.is_audio_processor()) l.cls = &c;
      }
    }
    return l;
  }();
  return loaded;
}

CheckResult run(const Check& check, double timeout = 30.0) {
  auto& g = gain();
  EXPECT_NE(g.cls, nullptr);
  return plinth::host::run_check_isolated(check, *g.module, *g.cls, timeout);
}

Check make(std::string name, std::function<void(Module&, const ClassInfo&, CheckResult&)> fn,
           Severity severity = Severity::required) {
  return Check{std::move(name), "synthetic", severity, std::move(fn)};
}

TEST(Isolation, PassingAndFailingResultsComeBackWhole) {
  const auto ok = run(make("ok", [](Module&, const ClassInfo&, CheckResult& r) { r.notes.push_back("seen"); }));
  EXPECT_TRUE(ok.passed);
  ASSERT_EQ(ok.notes.size(), 1u);
  EXPECT_EQ(ok.notes[0], "seen");

  const auto bad = run(make("bad", [](Module&, const ClassInfo&, CheckResult& r) {
    for (int i = 0; i < 20; ++i) r.fail("failure " + std::to_string(i) + std::string(5000, 'x'));
    r.notes.push_back("line\nbreak");
  }));
  EXPECT_FALSE(bad.passed);
  EXPECT_EQ(bad.failure_count, 20);
  EXPECT_EQ(bad.failures.size(), 12u);  // kept failures; the rest are counted
  EXPECT_EQ(bad.failures[3].substr(0, 9), "failure 3");
  EXPECT_EQ(bad.notes.at(0), "line\nbreak");
  EXPECT_GT(bad.seconds, 0.0);
}

TEST(Isolation, ACrashIsThatChecksFailureNamingSignalAndStep) {
  const auto r = run(make("segv", [](Module&, const ClassInfo&, CheckResult&) {
    plinth::host::checks::step("about to crash");
    raise(SIGSEGV);
  }));
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.failures.size(), 1u);
#ifdef __SANITIZE_ADDRESS__
  // AddressSanitizer catches the signal, reports it and exits with code 1.
  EXPECT_NE(r.failures[0].find("exited with code"), std::string::npos) << r.failures[0];
#else
  EXPECT_NE(r.failures[0].find("SIGSEGV"), std::string::npos) << r.failures[0];
#endif
  EXPECT_NE(r.failures[0].find("about to crash"), std::string::npos) << r.failures[0];
}

TEST(Isolation, AnAbortIsThatChecksFailure) {
  const auto r = run(make("abort", [](Module&, const ClassInfo&, CheckResult&) { std::abort(); }));
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].find("SIGABRT"), std::string::npos) << r.failures[0];
}

TEST(Isolation, AHangIsKilledAfterTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = run(make("hang",
                          [](Module&, const ClassInfo&, CheckResult&) {
                            plinth::host::checks::step("sleeping");
                            std::this_thread::sleep_for(std::chrono::seconds(30));
                          }),
                     0.5);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(took, 10.0);
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].find("timed out after 0.5 s"), std::string::npos) << r.failures[0];
  EXPECT_NE(r.failures[0].find("sleeping"), std::string::npos) << r.failures[0];
}

TEST(Isolation, ExitingWithoutAResultIsAFailure) {
  const auto r = run(make("exit", [](Module&, const ClassInfo&, CheckResult&) { _exit(7); }));
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].find("exited with code 7"), std::string::npos) << r.failures[0];
}

TEST(Isolation, AnExceptionIsAFailure) {
  const auto r = run(make("throw", [](Module&, const ClassInfo&, CheckResult&) { throw std::runtime_error("boom"); }));
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0], "exception: boom");
}

TEST(Isolation, TheParentCarriesOnAfterACrash) {
  run(make("segv", [](Module&, const ClassInfo&, CheckResult&) { raise(SIGSEGV); }));
  // A real check still runs after it, isolated and in this process.
  for (const auto& check : plinth::host::all_checks()) {
    if (check.name != "state.round_trip") continue;
    EXPECT_TRUE(run(check).passed);
    EXPECT_TRUE(plinth::host::run_check(check, *gain().module, *gain().cls).passed);
    return;
  }
  FAIL() << "no state.round_trip check";
}

TEST(Severity, RobustnessFailuresAreWarnings) {
  CheckResult failed;
  failed.fail("x");
  EXPECT_EQ(plinth::host::status_of(make("a", nullptr, Severity::required), failed), Status::fail);
  EXPECT_EQ(plinth::host::status_of(make("a", nullptr, Severity::robustness), failed), Status::warn);
  EXPECT_EQ(plinth::host::status_of(make("a", nullptr, Severity::required), CheckResult{}), Status::pass);
  // Every check says which it is, and both kinds exist.
  int robustness = 0;
  for (const auto& c : plinth::host::all_checks()) robustness += c.severity == Severity::robustness ? 1 : 0;
  EXPECT_GT(robustness, 0);
  EXPECT_LT(robustness, static_cast<int>(plinth::host::all_checks().size()));
}

// A crash in a robustness check fails the run, unless the check itself breaks the host
// rules (then the host, not the plugin, is at fault and it stays a warning).
TEST(Severity, ACrashFailsTheRunUnlessTheCheckBreaksTheHostRules) {
  const auto crash = [](Module&, const ClassInfo&, CheckResult&) { std::abort(); };
  auto ordinary = make("robust crash", crash, Severity::robustness);
  const auto r = run(ordinary);
  ASSERT_FALSE(r.passed);
  EXPECT_TRUE(r.crashed);
  EXPECT_EQ(plinth::host::status_of(ordinary, r), Status::fail);
  auto rule_breaking = ordinary;
  rule_breaking.host_breaks_rules = true;
  EXPECT_EQ(plinth::host::status_of(rule_breaking, r), Status::warn);
  // A plain failure (no crash) of a robustness check stays a warning.
  const auto failed = run(make(
      "robust fail", [](Module&, const ClassInfo&, CheckResult& x) { x.fail("no"); }, Severity::robustness));
  EXPECT_FALSE(failed.crashed);
  EXPECT_EQ(plinth::host::status_of(ordinary, failed), Status::warn);
  // The checks that break the host rules are the premature and null-pointer ones.
  for (const auto& c : plinth::host::all_checks()) {
    const bool expected = c.name == "lifecycle.process_before_setup" || c.name == "lifecycle.process_before_active" ||
                          c.name == "lifecycle.redundant_calls" || c.name == "process.flush_values";
    EXPECT_EQ(c.host_breaks_rules, expected) << c.name;
  }
}

TEST(Serialize, RoundTripsAndRefusesGarbage) {
  CheckResult r;
  r.fail("one");
  r.notes.push_back("");
  const auto back = CheckResult::deserialize(r.serialize());
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->passed);
  EXPECT_EQ(back->failures, r.failures);
  EXPECT_EQ(back->notes, r.notes);
  const std::string bytes = r.serialize();
  EXPECT_FALSE(CheckResult::deserialize(bytes.substr(0, bytes.size() - 1)).has_value());
  EXPECT_FALSE(CheckResult::deserialize(bytes + "x").has_value());
  EXPECT_FALSE(CheckResult::deserialize("").has_value());
}

}  // namespace
