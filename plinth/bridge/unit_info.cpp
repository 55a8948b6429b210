// IUnitInfo for the controller: the root unit (index 0, id 0) then each declared group
// in declaration order; factory programs are one program list on the root unit, whose
// id is the program-change parameter's id (as the SDK's ProgramList pairs them).
#include "plinth/bridge/controller.h"

namespace plinth::bridge {

namespace {
constexpr const char* program_list_name = "Factory";
constexpr auto program_list_id = static_cast<abi::ProgramListId>(program_param_id);
}  // namespace

std::int32_t Controller::get_unit_count() { return 1 + static_cast<std::int32_t>(core_->groups().size()); }

abi::tresult Controller::get_unit_info(std::int32_t unit_index, abi::UnitInfo& info) {
  if (unit_index < 0 || unit_index >= get_unit_count()) return abi::kInvalidArgument;
  info = abi::UnitInfo{};
  if (unit_index == 0) {
    info.id = abi::kRootUnitId;
    info.parent_unit_id = abi::kNoParentUnitId;
    abi::str8_to_str16(info.name, "Root", 128);
    info.program_list_id = core_->factory_programs().empty() ? abi::kNoProgramListId : program_list_id;
    return abi::kResultOk;
  }
  const Group& g = core_->groups()[static_cast<std::size_t>(unit_index - 1)];
  info.id = g.id;
  info.parent_unit_id = g.parent;  // 0 is the root unit's id
  abi::str8_to_str16(info.name, g.name.c_str(), 128);
  info.program_list_id = abi::kNoProgramListId;
  return abi::kResultOk;
}

std::int32_t Controller::get_program_list_count() { return core_->factory_programs().empty() ? 0 : 1; }

abi::tresult Controller::get_program_list_info(std::int32_t list_index, abi::ProgramListInfo& info) {
  if (list_index < 0 || list_index >= get_program_list_count()) return abi::kInvalidArgument;
  info = abi::ProgramListInfo{};
  info.id = program_list_id;
  abi::str8_to_str16(info.name, program_list_name, 128);
  info.program_count = static_cast<std::int32_t>(core_->factory_programs().size());
  return abi::kResultOk;
}

abi::tresult Controller::get_program_name(abi::ProgramListId list_id, std::int32_t program_index,
                                          abi::char16* name128) {
  const auto programs = core_->factory_programs();
  if (name128 == nullptr || programs.empty() || list_id != program_list_id || program_index < 0 ||
      static_cast<std::size_t>(program_index) >= programs.size())
    return abi::kInvalidArgument;
  abi::str8_to_str16(name128, programs[static_cast<std::size_t>(program_index)].name.c_str(), 128);
  return abi::kResultOk;
}

// No attributes (instrument, style, ...) are declared for programs.
abi::tresult Controller::get_program_info(abi::ProgramListId, std::int32_t, abi::CString, abi::char16*) {
  return abi::kResultFalse;
}
abi::tresult Controller::has_program_pitch_names(abi::ProgramListId, std::int32_t) { return abi::kResultFalse; }
abi::tresult Controller::get_program_pitch_name(abi::ProgramListId, std::int32_t, std::int16_t, abi::char16*) {
  return abi::kResultFalse;
}

abi::UnitId Controller::get_selected_unit() { return selected_unit_; }

abi::tresult Controller::select_unit(abi::UnitId unit_id) {
  bool known = unit_id == abi::kRootUnitId;
  for (const Group& g : core_->groups()) known = known || g.id == unit_id;
  if (!known) return abi::kInvalidArgument;
  selected_unit_ = unit_id;
  return abi::kResultOk;
}

// No unit is tied to a bus or channel.
abi::tresult Controller::get_unit_by_bus(abi::MediaType, abi::BusDirection, std::int32_t, std::int32_t, abi::UnitId&) {
  return abi::kResultFalse;
}

// Programs are fixed data in the plugin class, not loadable per unit.
abi::tresult Controller::set_unit_program_data(std::int32_t, std::int32_t, abi::IBStream*) {
  return abi::kNotImplemented;
}

}  // namespace plinth::bridge
