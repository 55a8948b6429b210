// The checks catch what they are for: each deliberately broken plugin (tests/broken)
// fails the check meant for its fault, the correct one passes everything; rtcheck
// names the plugin's process function for the allocating and locking ones and finds
// nothing in the examples; fuzz finds the crash and the unstable resave and nothing
// in the examples.
#include <gtest/gtest.h>

#include "plinth_command.h"
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(realtime_sanitizer)
#define PLINTH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PLINTH_SANITIZED 1
#endif
#ifndef PLINTH_SANITIZED
#define PLINTH_SANITIZED 0
#endif

// What Windows cannot do yet, for the tests that need it (README, "Windows").
#ifdef _WIN32
#define PLINTH_NO_MUTEX_TRAP_ON_WINDOWS()                                                                      \
  GTEST_SKIP() << "an uncontended std::mutex in a MinGW DLL never calls the kernel (winpthread locks it with an " \
                  "atomic), so the trap, which watches the DLL's imports, cannot see it"
#else
#define PLINTH_NO_MUTEX_TRAP_ON_WINDOWS() static_cast<void>(0)
#endif

namespace {

using CmdResult = plinth::test::CommandResult;

// Standard output alone (the --json report) and standard error apart.
CmdResult run(const std::string& args) { return plinth::test::run_plinth(args, /*separate_stderr=*/true); }

std::string broken(const std::string& name) { return std::string(PLINTH_BROKEN_DIR) + "/" + name + ".vst3"; }
std::string example(const std::string& name) { return std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3"; }

// `plinth validate --json` (only the checks whose name contains `filter`, if given).
nlohmann::json validate(const std::string& bundle, const std::string& filter, CmdResult& r) {
  r = run("validate --json " + bundle + (filter.empty() ? "" : " --check " + filter));
  return nlohmann::json::parse(r.out, nullptr, false);
}

// Check `name` in the first class of a validate report (null if absent).
nlohmann::json find_check(const nlohmann::json& report, const std::string& name) {
  if (!report.is_object() || !report.contains("classes") || report["classes"].empty()) return nullptr;
  for (const auto& check : report["classes"][0]["checks"]) {
    if (check["name"] == name) return check;
  }
  return nullptr;
}
std::string status_of(const nlohmann::json& report, const std::string& name) {
  const auto check = find_check(report, name);
  return check.is_object() ? check["status"].get<std::string>() : "";
}

struct Fault {
  const char* bundle;
  const char* check;
  const char* status;  // "fail" fails the run; "warn" is a robustness finding
};

class BrokenPlugin : public ::testing::TestWithParam<Fault> {};

}  // namespace

// Caught: a failure of a required check, a warning of a robustness one, and a failure
// for a crash on input a host may legally send (a corrupted project's state).
TEST_P(BrokenPlugin, FailsTheCheckMeantForIt) {
  const Fault f = GetParam();
  if (std::string(f.bundle) == "BrokenLocks") PLINTH_NO_MUTEX_TRAP_ON_WINDOWS();
  if (PLINTH_SANITIZED && std::string(f.bundle) == "BrokenLocks") {
    GTEST_SKIP() << "the sanitizer runtime owns the lock functions in this build";
  }
  CmdResult r;
  const auto report = validate(broken(f.bundle), f.check, r);
  ASSERT_FALSE(report.is_discarded()) << r.all();
  const auto check = find_check(report, f.check);
  ASSERT_TRUE(check.is_object()) << f.check << " did not run\n" << r.all();
  const bool required = std::string(f.status) == "fail";
  EXPECT_EQ(check["status"], f.status) << r.all();
  EXPECT_FALSE(check["failures"].empty()) << r.all();
  EXPECT_GE(report[required ? "failed" : "warnings"].get<int>(), 1) << r.all();
  if (required) {
    EXPECT_NE(r.status, 0) << r.all();
  }
}

INSTANTIATE_TEST_SUITE_P(Faults, BrokenPlugin,
                         ::testing::Values(Fault{"BrokenAllocates", "realtime.audio_thread", "fail"},
                                           Fault{"BrokenLocks", "realtime.audio_thread", "fail"},
                                           Fault{"BrokenNan", "process.block_sizes", "fail"},
                                           Fault{"BrokenCrashOnTruncatedState", "state.malformed", "fail"},
                                           Fault{"BrokenLyingBuses", "buses.arrangements", "fail"},
                                           Fault{"BrokenDefaultsDisagree", "params.defaults_agree", "warn"},
                                           Fault{"BrokenResaveCounter", "state.resave", "warn"}),
                         [](const auto& p) { return std::string(p.param.bundle).substr(6); });

TEST(BrokenPlugins, TheCorrectOnePassesEveryCheck) {
  CmdResult r;
  const auto report = validate(broken("BrokenNone"), "", r);
  ASSERT_FALSE(report.is_discarded()) << r.all();
  EXPECT_EQ(report["failed"].get<int>(), 0) << r.all();
  // The denormal check times processing; a loaded machine may tip it into a warning.
  const int timing_warnings = status_of(report, "process.denormals") == "warn" ? 1 : 0;
  EXPECT_EQ(report["warnings"].get<int>(), timing_warnings) << r.all();
  EXPECT_GE(report["passed"].get<int>(), 30) << r.all();
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_EQ(status_of(report, "realtime.audio_thread"), "pass") << r.all();
  EXPECT_EQ(status_of(report, "state.resave"), "pass") << r.all();
}

// Each check in its own process (fork on Linux, a new plinth.exe on Windows): the crash
// is that one check's failure, named with the step it reached, and every other check
// still runs and reports.
TEST(BrokenPlugins, ACrashFailsOneCheckAndTheRunGoesOn) {
  CmdResult r;
  const auto report = validate(broken("BrokenCrashOnTruncatedState"), "", r);
  ASSERT_FALSE(report.is_discarded()) << r.all();
  const auto check = find_check(report, "state.malformed");
  ASSERT_TRUE(check.is_object()) << r.all();
  EXPECT_EQ(check["status"], "fail") << r.all();
  ASSERT_FALSE(check["failures"].empty()) << r.all();
  const std::string why = check["failures"][0].get<std::string>();
#ifdef _WIN32
  EXPECT_EQ(why.rfind("the plugin crashed: exception 0xC0000005 (access violation) (last step: ", 0), 0u) << why;
#else
  // Under AddressSanitizer its own SEGV handler reports the crash and exits with 1, so the
  // check sees an exit without a result rather than the signal.
  if (PLINTH_SANITIZED)
    EXPECT_EQ(why.rfind("the check's process exited with code 1 without a result", 0), 0u) << why;
  else
    EXPECT_EQ(why.rfind("the plugin crashed: SIGSEGV", 0), 0u) << why;
#endif
  EXPECT_NE(why.find("(last step: "), std::string::npos) << why;
  EXPECT_EQ(report["failed"].get<int>(), 1) << r.all();
  EXPECT_GE(report["passed"].get<int>(), 30) << r.all();
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(r.err.find("a plugin crash ends the run"), std::string::npos) << r.err;
}

TEST(Rtcheck, NamesTheProcessFunctionThatAllocates) {
  const CmdResult r = run("rtcheck --blocks 50 " + broken("BrokenAllocates"));
  EXPECT_EQ(r.status, 1) << r.all();
#ifdef _WIN32
  // The DLL's own operator new (static libstdc++) calls the C runtime's malloc through its
  // import table; frames are the module and offset (no symbol reader on Windows).
  EXPECT_NE(r.out.find("allocation on the audio thread: malloc"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("free on the audio thread: free"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in BrokenAllocates.vst3+0x"), std::string::npos) << r.out;
#else
  EXPECT_NE(r.out.find("allocation on the audio thread: operator new[]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("free on the audio thread: operator delete[]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("broken::Processor::process"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in BrokenAllocates.so"), std::string::npos) << r.out;
#endif
}

TEST(Rtcheck, NamesTheProcessFunctionThatLocks) {
  PLINTH_NO_MUTEX_TRAP_ON_WINDOWS();
#if PLINTH_SANITIZED
  GTEST_SKIP() << "the sanitizer runtime owns the lock functions in this build";
#else
  const CmdResult r = run("rtcheck --blocks 50 " + broken("BrokenLocks"));
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("lock on the audio thread: pthread_mutex_lock"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("broken::Processor::process"), std::string::npos) << r.out;
#endif
}

TEST(Rtcheck, FindsNothingInTheCorrectPluginAndTheExamples) {
  for (const auto& bundle : {broken("BrokenNone"), example("PlinthGain"), example("PlinthDucker")}) {
    const CmdResult r = run("rtcheck --blocks 400 " + bundle);
    EXPECT_EQ(r.status, 0) << bundle << "\n" << r.all();
    EXPECT_NE(r.out.find("rtcheck: 0 calls"), std::string::npos) << r.out;
  }
}

namespace {
fs::path scratch_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("plinth_fuzz_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  return dir;
}
}  // namespace

TEST(Fuzz, FindsTheCrashAndWritesTheBlob) {
  const fs::path dir = scratch_dir("crash");
  const CmdResult r =
      run("fuzz --runs 60 --seed 3 --crash-dir " + dir.string() + " " + broken("BrokenCrashOnTruncatedState"));
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(r.out.find(" 0 crashes"), std::string::npos) << r.out;
  bool written = false;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("crash-", 0) == 0) {
      written = true;
      EXPECT_LT(fs::file_size(entry.path()), 16u) << "the blob that crashed it is a truncated state";
    }
  }
  EXPECT_TRUE(written) << r.out;
  fs::remove_all(dir);
}

TEST(Fuzz, EndsAHangAndGoesOn) {
  const fs::path dir = scratch_dir("hang");
  const CmdResult r = run("fuzz --runs 300 --seed 3 --hang-seconds 1 --crash-dir " + dir.string() + " " +
                          broken("BrokenHangOnEmptyState"));
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("hang (no progress for 1 s) in set_state/set_component_state on a 0-byte state"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("fuzz: 300 executions"), std::string::npos) << "the run goes on after a hang\n" << r.out;
  EXPECT_EQ(r.out.find(" 0 crashes"), std::string::npos) << r.out;
  int written = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++written;
    EXPECT_EQ(fs::file_size(entry.path()), 0u) << entry.path() << ": the state it hung on is empty";
  }
  EXPECT_GT(written, 0) << "the state it hung on is written\n" << r.out;
  fs::remove_all(dir);
}

TEST(Fuzz, FindsTheUnstableResave) {
  const fs::path dir = scratch_dir("resave");
  const CmdResult r = run("fuzz --runs 200 --seed 3 --crash-dir " + dir.string() + " " + broken("BrokenResaveCounter"));
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("unstable: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 crashes"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Fuzz, ExamplesSurviveMutatedStates) {
  for (const auto& name : {"PlinthGain", "PlinthDucker"}) {
    const fs::path dir = scratch_dir(name);
    const CmdResult r = run("fuzz --runs 2000 --seed 1 --crash-dir " + dir.string() + " " + example(name));
    EXPECT_EQ(r.status, 0) << name << "\n" << r.all();
    EXPECT_NE(r.out.find("fuzz: 2000 executions"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" 0 crashes, 0 disagreements, 0 unstable resaves"), std::string::npos) << r.out;
    fs::remove_all(dir);
  }
}
