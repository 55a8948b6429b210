// The whole compliance suite (plinth/host/checks) over every bundle the build
// made: one test per bundle, class and check, failing with the check's message.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "plinth/host/checks.h"
#include "plinth/host/module.h"

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

}  // namespace
