// Factory programs and parameter groups through the real PlinthDucker .so: IUnitInfo's
// answers, and the program-change parameter setting exactly its program's values from
// process() (without allocating or locking) and from the controller.
#include <cstring>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "bridge/realtime_trap.h"
#include "plinth/host/instance.h"
#include "plinth/host/module.h"
#include "plinth/host/strings.h"

namespace {

namespace pabi = plinth::abi;
using plinth::host::ComponentHandler;

constexpr pabi::ParamId program_id = 0x7fff0001;
constexpr pabi::ParamId threshold = 1, ratio = 2, attack = 3, release = 4, key = 5;
constexpr pabi::ParamId bypass = 0x7fff0000;

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<plinth::host::PluginInstance> plugin;
};

Loaded load_ducker() {
  Loaded d;
  std::string error;
  d.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthDucker.vst3", error);
  EXPECT_TRUE(d.module) << error;
  if (!d.module) return d;
  d.plugin = plinth::host::PluginInstance::create(*d.module, d.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(d.plugin) << error;
  if (!d.plugin) return d;
  EXPECT_EQ(d.plugin->setup(48000.0, 512, false), pabi::kResultOk);
  EXPECT_EQ(d.plugin->activate(), pabi::kResultOk);
  return d;
}

plinth::host::ComPtr<pabi::IUnitInfo> unit_info(plinth::host::PluginInstance& p) {
  return plinth::host::query<pabi::IUnitInfo>(p.controller());
}

// The processor's values, read from its state blob ("PLNT", version, count, extra,
// then count x {u32 id, f64 normalized}).
std::map<pabi::ParamId, double> processor_values(plinth::host::PluginInstance& p) {
  const auto blob = p.save_state();
  std::map<pabi::ParamId, double> out;
  EXPECT_GE(blob.size(), 16u);
  if (blob.size() < 16) return out;
  std::uint32_t count = 0;
  std::memcpy(&count, blob.data() + 8, 4);
  EXPECT_GE(blob.size(), 16u + count * 12u);
  for (std::uint32_t i = 0; i < count && 16 + (i + 1) * 12 <= blob.size(); ++i) {
    std::uint32_t id = 0;
    double v = 0;
    std::memcpy(&id, blob.data() + 16 + i * 12, 4);
    std::memcpy(&v, blob.data() + 16 + i * 12 + 4, 8);
    out[id] = v;
  }
  return out;
}

// What program `index` should set, as normalized values (the plugin's own mapping of the
// plain values ducker.cpp declares; parameters the program does not name at defaults;
// outputs such as meters are not the program's).
std::map<pabi::ParamId, double> expected(plinth::host::PluginInstance& p, int index) {
  std::map<pabi::ParamId, double> out;
  for (const auto& info : p.parameters())
    if (info.id != program_id && info.id != bypass && !info.is_read_only()) out[info.id] = info.default_normalized;
  auto set = [&](pabi::ParamId id, double plain) { out[id] = p.plain_to_normalized(id, plain); };
  if (index == 1) {
    set(threshold, -20.0), set(ratio, 2.0), set(attack, 10.0), set(release, 600.0);
  } else if (index == 2) {
    set(threshold, -40.0), set(ratio, 20.0), set(attack, 0.5), set(release, 80.0), set(key, 1.0);
  }
  return out;
}

double program_value(int index) { return index / 2.0; }  // three programs

void expect_values(const std::map<pabi::ParamId, double>& got, const std::map<pabi::ParamId, double>& want,
                   const char* where) {
  for (const auto& [id, v] : want) {
    ASSERT_TRUE(got.count(id)) << where << ": no value for " << id;
    EXPECT_EQ(got.at(id), v) << where << ": parameter " << id;  // exact: precomputed values are stored as-is
  }
}

std::string name16(const pabi::char16* s) { return plinth::host::to_utf8(s, 128); }

}  // namespace

TEST(Units, GroupsAreUnitsUnderTheRoot) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto units = unit_info(*d.plugin);
  ASSERT_TRUE(units) << "the controller must answer IUnitInfo";
  ASSERT_EQ(units->get_unit_count(), 3);
  pabi::UnitInfo u{};
  ASSERT_EQ(units->get_unit_info(0, u), pabi::kResultOk);
  EXPECT_EQ(u.id, pabi::kRootUnitId);
  EXPECT_EQ(u.parent_unit_id, pabi::kNoParentUnitId);
  EXPECT_EQ(u.program_list_id, static_cast<pabi::ProgramListId>(program_id));
  EXPECT_EQ(name16(u.name), "Root");
  ASSERT_EQ(units->get_unit_info(1, u), pabi::kResultOk);
  EXPECT_EQ(u.id, 1);
  EXPECT_EQ(u.parent_unit_id, 0);
  EXPECT_EQ(u.program_list_id, pabi::kNoProgramListId);
  EXPECT_EQ(name16(u.name), "Detector");
  ASSERT_EQ(units->get_unit_info(2, u), pabi::kResultOk);
  EXPECT_EQ(u.id, 2);
  EXPECT_EQ(u.parent_unit_id, 1);  // nested
  EXPECT_EQ(name16(u.name), "Timing");
  EXPECT_EQ(units->get_unit_info(3, u), pabi::kInvalidArgument);
  EXPECT_EQ(units->get_unit_info(-1, u), pabi::kInvalidArgument);

  // Parameters report the unit they were declared in.
  std::map<pabi::ParamId, pabi::UnitId> unit_of;
  for (const auto& info : d.plugin->parameters()) unit_of[info.id] = info.unit_id;
  EXPECT_EQ(unit_of[threshold], 1);
  EXPECT_EQ(unit_of[ratio], 1);
  EXPECT_EQ(unit_of[attack], 2);
  EXPECT_EQ(unit_of[release], 2);
  EXPECT_EQ(unit_of[key], 0);
  EXPECT_EQ(unit_of[program_id], 0);

  EXPECT_EQ(units->get_selected_unit(), pabi::kRootUnitId);
  EXPECT_EQ(units->select_unit(2), pabi::kResultOk);
  EXPECT_EQ(units->get_selected_unit(), 2);
  EXPECT_EQ(units->select_unit(7), pabi::kInvalidArgument);
  EXPECT_EQ(units->get_selected_unit(), 2);
  pabi::UnitId by_bus = 99;
  EXPECT_EQ(units->get_unit_by_bus(pabi::kAudio, pabi::kInput, 0, 0, by_bus), pabi::kResultFalse);
  EXPECT_EQ(units->set_unit_program_data(0, 0, nullptr), pabi::kNotImplemented);
}

TEST(Units, FactoryProgramsAreTheRootUnitsProgramList) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto units = unit_info(*d.plugin);
  ASSERT_TRUE(units);
  ASSERT_EQ(units->get_program_list_count(), 1);
  pabi::ProgramListInfo list{};
  ASSERT_EQ(units->get_program_list_info(0, list), pabi::kResultOk);
  EXPECT_EQ(list.id, static_cast<pabi::ProgramListId>(program_id));
  EXPECT_EQ(name16(list.name), "Factory");
  EXPECT_EQ(list.program_count, 3);
  EXPECT_EQ(units->get_program_list_info(1, list), pabi::kInvalidArgument);

  pabi::String128 name{};
  const char* names[] = {"Init", "Gentle", "Pumping"};
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(units->get_program_name(list.id, i, name), pabi::kResultOk);
    EXPECT_EQ(name16(name), names[i]);
  }
  EXPECT_EQ(units->get_program_name(list.id, 3, name), pabi::kInvalidArgument);
  EXPECT_EQ(units->get_program_name(list.id, -1, name), pabi::kInvalidArgument);
  EXPECT_EQ(units->get_program_name(list.id + 1, 0, name), pabi::kInvalidArgument);
  EXPECT_EQ(units->get_program_info(list.id, 0, "MusicalInstrument", name), pabi::kResultFalse);
  EXPECT_EQ(units->has_program_pitch_names(list.id, 0), pabi::kResultFalse);
  EXPECT_EQ(units->get_program_pitch_name(list.id, 0, 60, name), pabi::kResultFalse);

  // The program-change parameter: a list of the same names, flagged for hosts.
  const auto info = d.plugin->parameter(program_id);
  ASSERT_TRUE(info);
  EXPECT_NE(info->flags & pabi::ParameterInfo::kIsProgramChange, 0);
  EXPECT_NE(info->flags & pabi::ParameterInfo::kIsList, 0);
  EXPECT_EQ(info->flags & pabi::ParameterInfo::kIsReadOnly, 0);
  EXPECT_EQ(info->step_count, 2);
  EXPECT_EQ(d.plugin->value_to_string(program_id, program_value(1)), "Gentle");
}

TEST(Programs, ProcessAutomationSetsExactlyTheProgramsValues) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto& p = *d.plugin;
  // Start from edited values so "goes to default" is visible.
  const std::vector<plinth::host::ParamChange> edits{{threshold, 0, 0.9}, {key, 0, 1.0}, {ratio, 0, 0.1}};
  ASSERT_EQ(p.process(64, edits), pabi::kResultOk);
  for (int index : {2, 1, 0, 2}) {
    const std::vector<plinth::host::ParamChange> change{{program_id, 10, program_value(index)}};
    pabi::tresult r;
    {
      plinth::test::AudioThreadScope audio;
      r = p.process(64, change);
    }
    ASSERT_EQ(r, pabi::kResultOk);
    ASSERT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
    expect_values(processor_values(p), expected(p, index), ("program " + std::to_string(index)).c_str());
  }
  // Bypass is never part of a program.
  EXPECT_EQ(processor_values(p)[bypass], 0.0);
}

TEST(Programs, ReselectingTheSameProgramKeepsLaterEdits) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto& p = *d.plugin;
  ASSERT_EQ(p.process(64, std::vector<plinth::host::ParamChange>{{program_id, 0, program_value(1)}}), pabi::kResultOk);
  ASSERT_EQ(p.process(64, std::vector<plinth::host::ParamChange>{{attack, 0, 0.25}}), pabi::kResultOk);
  // A host re-sending the current program (a sync, an automation resend) is not a selection.
  ASSERT_EQ(p.process(64, std::vector<plinth::host::ParamChange>{{program_id, 0, program_value(1)}}), pabi::kResultOk);
  EXPECT_EQ(processor_values(p)[attack], 0.25);
}

TEST(Programs, ControllerSelectionShowsTheValuesAndAsksTheHostToReread) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto& p = *d.plugin;
  ASSERT_EQ(p.set_normalized(ratio, 0.77), pabi::kResultOk);
  p.handler().clear_records();
  for (int index : {2, 0, 1}) {
    ASSERT_EQ(p.set_normalized(program_id, program_value(index)), pabi::kResultOk);
    std::map<pabi::ParamId, double> shown;
    for (const auto& info : p.parameters()) shown[info.id] = p.get_normalized(info.id);
    expect_values(shown, expected(p, index), ("controller program " + std::to_string(index)).c_str());
  }
  int restarts = 0;
  for (const auto& r : p.handler().records()) {
    EXPECT_NE(r.kind, ComponentHandler::Kind::perform) << "a program change is not the user's edit";
    if (r.kind == ComponentHandler::Kind::restart && (r.flags & pabi::kParamValuesChanged) != 0) ++restarts;
  }
  EXPECT_EQ(restarts, 3);
  // The same program again changes nothing and asks for nothing.
  ASSERT_EQ(p.set_normalized(attack, 0.5), pabi::kResultOk);
  p.handler().clear_records();
  ASSERT_EQ(p.set_normalized(program_id, program_value(1)), pabi::kResultOk);
  EXPECT_EQ(p.get_normalized(attack), 0.5);
  EXPECT_TRUE(p.handler().records().empty());
}

TEST(Programs, ProcessorAndControllerAgreeAfterTheSameSelection) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto& p = *d.plugin;
  // A host sends a program pick to both halves: the processor in process(), the
  // controller through set_param_normalized.
  ASSERT_EQ(p.set_normalized(program_id, program_value(2)), pabi::kResultOk);
  ASSERT_EQ(p.process(32, std::vector<plinth::host::ParamChange>{{program_id, 0, program_value(2)}}), pabi::kResultOk);
  const auto processor = processor_values(p);
  for (const auto& info : p.parameters()) {
    if (info.is_read_only()) continue;
    EXPECT_EQ(p.get_normalized(info.id), processor.at(info.id)) << info.id;
  }
}

TEST(Programs, ValuesSentWithAProgramLandOnTopOfIt) {
  auto d = load_ducker();
  ASSERT_TRUE(d.plugin);
  auto& p = *d.plugin;
  // The host lists the program last; it still applies first at its offset.
  const std::vector<plinth::host::ParamChange> changes{{ratio, 5, 0.9}, {program_id, 5, program_value(2)}};
  ASSERT_EQ(p.process(64, changes), pabi::kResultOk);
  auto want = expected(p, 2);
  want[ratio] = 0.9;
  expect_values(processor_values(p), want, "program with a value");
}
