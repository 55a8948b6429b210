// Groups and factory programs in the core: declaration errors found at creation, and a
// program change setting its values (the rest to defaults) without touching bypass.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "plinth/core/plugin.h"

namespace {

// One plugin class whose groups and programs each test picks.
struct Decl {
  std::vector<plinth::Group> groups;
  std::int32_t cutoff_group = 0;
  std::vector<plinth::Program> programs;
};
Decl* next_decl = nullptr;

class Synthy : public plinth::Plugin<Synthy> {
public:
  static constexpr plinth::PluginInfo info{.name = "Synthy",
                                           .processor_id = "000000000000000000000000000000A1",
                                           .controller_id = "000000000000000000000000000000A2"};
  Synthy() {
    for (const auto& g : next_decl->groups) declare_group(g.id, g.name, g.parent);
    programs(next_decl->programs);
  }
  plinth::Param& cutoff =
      declare(plinth::ParamSpec::logarithmic(1, "Cutoff", 20.0, 20000.0, 1000.0).in_group(next_decl->cutoff_group));
  plinth::Param& mix = declare(plinth::ParamSpec::linear(2, "Mix", 0.0, 1.0, 0.5));
  plinth::Param& mode = declare(plinth::ParamSpec::list(3, "Mode", {"A", "B", "C"}, 0));
  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>&) {}
};

std::string finalize_with(Decl d) {
  next_decl = &d;
  Synthy s;
  return s.finalize();
}

std::unique_ptr<plinth::PluginCore> create_with(Decl d) {
  next_decl = &d;
  return plinth::create_checked(std::make_unique<Synthy>());
}

}  // namespace

TEST(Programs, UnknownParameterNameIsADeclarationError) {
  const auto problem = finalize_with({{}, 0, {{"Init", {}}, {"Dark", {{"Cutof", 500.0}}}}});
  EXPECT_NE(problem.find("'Dark'"), std::string::npos) << problem;
  EXPECT_NE(problem.find("no parameter is named 'Cutof'"), std::string::npos) << problem;
  EXPECT_EQ(create_with({{}, 0, {{"Init", {}}, {"Dark", {{"Cutof", 500.0}}}}}), nullptr);
}

TEST(Programs, OtherDeclarationErrors) {
  EXPECT_NE(finalize_with({{}, 0, {{"Init", {}}, {"Loud", {{"Mix", 2.0}}}}}).find("outside"), std::string::npos);
  EXPECT_NE(finalize_with({{}, 0, {{"Init", {}}, {"Init", {}}}}).find("two programs"), std::string::npos);
  EXPECT_NE(finalize_with({{}, 0, {{"Only", {}}}}).find("at least two"), std::string::npos);
  EXPECT_NE(finalize_with({{}, 0, {{"Init", {}}, {"Off", {{"Bypass", 1.0}}}}}).find("cannot be set"),
            std::string::npos);
  EXPECT_EQ(finalize_with({{}, 0, {{"Init", {}}, {"Dark", {{"Cutoff", 500.0}, {"Mode", 2.0}}}}}), "");
}

TEST(Groups, DeclarationErrors) {
  EXPECT_EQ(finalize_with({{{1, "Filter", 0}, {2, "Env", 1}}, 2, {}}), "");
  EXPECT_NE(finalize_with({{}, 3, {}}).find("group 3, which is not declared"), std::string::npos);
  EXPECT_NE(finalize_with({{{0, "Root again", 0}}, 0, {}}).find("above 0"), std::string::npos);
  EXPECT_NE(finalize_with({{{1, "A", 0}, {1, "B", 0}}, 0, {}}).find("share the id 1"), std::string::npos);
  EXPECT_NE(finalize_with({{{1, "A", 2}, {2, "B", 0}}, 0, {}}).find("not declared before"), std::string::npos);
  EXPECT_NE(finalize_with({{{1, "", 0}}, 0, {}}).find("no name"), std::string::npos);
}

TEST(Programs, ChangeSetsTheProgramAndDefaultsTheRest) {
  auto core =
      create_with({{}, 0, {{"Init", {}}, {"Dark", {{"Cutoff", 500.0}, {"Mode", 2.0}}}, {"Wet", {{"Mix", 1.0}}}}});
  ASSERT_TRUE(core);
  plinth::Param* program = core->program_param();
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->id(), plinth::program_param_id);
  EXPECT_FALSE(program->spec().flags.automatable);
  EXPECT_EQ(program->spec().labels, (std::vector<std::string>{"Init", "Dark", "Wet"}));
  plinth::Param* cutoff = core->find_param(1);
  plinth::Param* mix = core->find_param(2);
  plinth::Param* mode = core->find_param(3);
  core->bypass_param()->set_normalized(1.0);

  EXPECT_TRUE(core->change_program(0.5, false));
  EXPECT_EQ(cutoff->normalized(), cutoff->spec().to_normalized(500.0));
  EXPECT_EQ(mode->value(), 2.0);
  EXPECT_EQ(mix->normalized(), mix->spec().default_normalized());
  mix->set_normalized(0.9);
  EXPECT_FALSE(core->change_program(0.5, false));  // the same program: later edits stay
  EXPECT_EQ(mix->normalized(), 0.9);
  EXPECT_TRUE(core->change_program(1.0, false));
  EXPECT_EQ(mix->normalized(), 1.0);
  EXPECT_EQ(cutoff->normalized(), cutoff->spec().default_normalized());  // not named: back to default
  EXPECT_EQ(mode->normalized(), mode->spec().default_normalized());
  EXPECT_EQ(core->bypass_param()->normalized(), 1.0);  // never a program's
  EXPECT_EQ(plinth::program_index(0.24, 3), 0);
  EXPECT_EQ(plinth::program_index(0.26, 3), 1);
}
