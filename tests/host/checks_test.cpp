// The whole compliance suite (plinth/host/checks) over every bundle the build
// made: one test per bundle, class and check, failing with the check's message.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <stdexcept>

#include "plinth/host/checks.h"
#include "plinth/host/module.h"
#include "plinth/host/realtime/trap.h"

namespace {

using plinth::host::Module;

struct Case {
  std::string bundle;
  std::string cls_cid;
  std::string cls_name;
  std::string check;
};

// Modules stay loaded for the whole run (one load per bundle).
Module* module_for(const std::string& bundle) {
  static std::map<std::string, std::unique_ptr<Module>> modules;
  auto& slot = modules[bundle];
  if (!slot) {
    std::string error;
    slot = Module::load(bundle, error);
  }
  return slot.get();
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto& bundle : plinth::host::find_bundles(PLINTH_BUNDLE_DIR)) {
    Module* module = module_for(bundle);
    if (module == nullptr) {
      out.push_back({bundle, "", "", "load"});
      continue;
    }
    for (const auto& cls : module->audio_processor_classes()) {
      for (const auto& check : plinth::host::all_checks())
        out.push_back({bundle, cls.cid_string, cls.name, check.name});
    }
  }
  return out;
}

std::string test_name(const testing::TestParamInfo<Case>& info) {
  std::string name = module_for(info.param.bundle) ? module_for(info.param.bundle)->name() : "unloadable";
  name.append(1, '_').append(info.param.cls_cid, 0, 8).append(1, '_').append(info.param.check);
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class Checks : public testing::TestWithParam<Case> {};

TEST_P(Checks, Passes) {
  const Case& c = GetParam();
  Module* module = module_for(c.bundle);
  std::string error;
  if (module == nullptr) Module::load(c.bundle, error);
  ASSERT_NE(module, nullptr) << c.bundle << ": " << error;
  const auto cid = plinth::host::cid_from_hex(c.cls_cid);
  ASSERT_TRUE(cid.has_value());
  const auto* cls = module->find_class(*cid);
  ASSERT_NE(cls, nullptr);
  for (const auto& check : plinth::host::all_checks()) {
    if (check.name != c.check) continue;
    const auto result = plinth::host::run_check(check, *module, *cls);
    // (realtime.audio_thread here: this executable does not link the trap; `plinth
    // validate` runs it, tests/bridge the same session with the trap.)
    if (result.passed && result.skipped) GTEST_SKIP() << check.name << ": " << result.message();
    EXPECT_TRUE(result.passed) << c.bundle << " / " << c.cls_name << " / " << check.name << " (" << check.description
                               << "):\n"
                               << result.message();
    return;
  }
  FAIL() << "no check named " << c.check;
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Checks);
INSTANTIATE_TEST_SUITE_P(AllBundles, Checks, testing::ValuesIn(all_cases()), test_name);

TEST(ChecksSetup, FindsTheGainBundle) {
  const auto bundles = plinth::host::find_bundles(PLINTH_BUNDLE_DIR);
  bool found = false;
  for (const auto& b : bundles) found = found || b.ends_with("PlinthGain.vst3");
  EXPECT_TRUE(found) << "no PlinthGain.vst3 under " << PLINTH_BUNDLE_DIR;
}

TEST(ChecksSetup, NamesAreUnique) {
  const auto& checks = plinth::host::all_checks();
  for (std::size_t i = 0; i < checks.size(); ++i) {
    for (std::size_t j = i + 1; j < checks.size(); ++j) EXPECT_NE(checks[i].name, checks[j].name);
  }
  EXPECT_GE(checks.size(), 20u);
}

const plinth::host::Check& check_named(const std::string& name) {
  for (const auto& check : plinth::host::all_checks()) {
    if (check.name == name) return check;
  }
  throw std::runtime_error("no check named " + name);
}

TEST(CheckStatus, ASkipIsNeitherAPassNorAFailure) {
  using plinth::host::Status;
  const auto& check = check_named("realtime.audio_thread");
  plinth::host::CheckResult r;
  EXPECT_EQ(plinth::host::status_of(check, r), Status::pass);
  r.skip("cannot run here");
  EXPECT_EQ(plinth::host::status_of(check, r), Status::skip);
  EXPECT_STREQ(plinth::host::status_name(Status::skip), "skip");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "cannot run here");
  // Through the isolated check's byte form and back.
  const auto back = plinth::host::CheckResult::deserialize(r.serialize());
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->skipped);
  EXPECT_TRUE(back->passed);
  EXPECT_EQ(plinth::host::status_of(check, *back), Status::skip);
  // A failure found before giving up still fails.
  r.fail("seen anyway");
  EXPECT_EQ(plinth::host::status_of(check, r), Status::fail);
  const auto failed = plinth::host::CheckResult::deserialize(r.serialize());
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(plinth::host::status_of(check, *failed), Status::fail);
}

// This executable does not link the trap (plinth_realtime_trap): the real-time check says
// it checked nothing, and why, instead of passing.
TEST(RealtimeCheck, IsASkipWithTheReasonWithoutTheTrap) {
#ifdef _WIN32
  GTEST_SKIP() << "on Windows the trap is always there (it rewrites import tables; nothing to link)";
#endif
  ASSERT_FALSE(plinth::host::realtime::installed());
  Module* module = module_for(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3");
  ASSERT_NE(module, nullptr);
  const auto classes = module->audio_processor_classes();
  ASSERT_FALSE(classes.empty());
  const auto& check = check_named("realtime.audio_thread");
  const auto result = plinth::host::run_check(check, *module, classes[0]);
  EXPECT_EQ(plinth::host::status_of(check, result), plinth::host::Status::skip) << result.message();
  EXPECT_EQ(result.failure_count, 0) << result.message();
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_EQ(result.notes[0], plinth::host::realtime::not_installed_reason());
}

}  // namespace
