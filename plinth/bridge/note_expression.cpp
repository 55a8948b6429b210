// Note expression for the controller: the types the plugin declared (the same on every
// channel of its one event input, so MPE member channels get them too), their text both
// ways, and the physical controls an expressive keyboard should route to them.
#include <algorithm>
#include <string>

#include "plinth/bridge/controller.h"

namespace plinth::bridge {

bool Controller::has_note_expression(std::int32_t bus_index, std::int16_t channel) const noexcept {
  return bus_index == 0 && channel >= 0 && channel < 16 && core_->bus_specs().event_inputs > 0 &&
         !core_->note_expression_types().empty();
}

std::int32_t Controller::get_note_expression_count(std::int32_t bus_index, std::int16_t channel) {
  return has_note_expression(bus_index, channel) ? static_cast<std::int32_t>(core_->note_expression_types().size()) : 0;
}

abi::tresult Controller::get_note_expression_info(std::int32_t bus_index, std::int16_t channel, std::int32_t index,
                                                  abi::NoteExpressionTypeInfo& info) {
  if (index < 0 || index >= get_note_expression_count(bus_index, channel)) return abi::kInvalidArgument;
  const auto type = static_cast<std::uint32_t>(core_->note_expression_types()[static_cast<std::size_t>(index)]);
  const auto about = expression_info(type);
  if (!about) return abi::kResultFalse;
  info = abi::NoteExpressionTypeInfo{};
  info.type_id = type;
  abi::str8_to_str16(info.title, std::string(about->title).c_str(), 128);
  abi::str8_to_str16(info.short_title, std::string(about->short_title).c_str(), 128);
  abi::str8_to_str16(info.units, about->spec.unit.c_str(), 128);
  info.unit_id = -1;  // no unit: note expressions belong to no parameter group
  info.value_desc = {about->spec.default_normalized(), 0.0, 1.0, 0};
  info.associated_parameter_id = abi::kNoParamId;
  info.flags = about->bipolar ? abi::NoteExpressionTypeInfo::kIsBipolar : 0;
  return abi::kResultOk;
}

namespace {
bool declared(const PluginCore& core, abi::NoteExpressionTypeId id) {
  const auto types = core.note_expression_types();
  return std::any_of(types.begin(), types.end(), [id](Expression e) { return static_cast<std::uint32_t>(e) == id; });
}
}  // namespace

abi::tresult Controller::get_note_expression_string_by_value(std::int32_t bus_index, std::int16_t channel,
                                                             abi::NoteExpressionTypeId id,
                                                             abi::NoteExpressionValue value, abi::char16* string128) {
  if (string128 == nullptr || !has_note_expression(bus_index, channel) || !declared(*core_, id))
    return abi::kInvalidArgument;
  abi::str8_to_str16(string128, expression_to_text(id, value).c_str(), 128);
  return abi::kResultOk;
}

abi::tresult Controller::get_note_expression_value_by_string(std::int32_t bus_index, std::int16_t channel,
                                                             abi::NoteExpressionTypeId id, const abi::TChar* string,
                                                             abi::NoteExpressionValue& value) {
  if (string == nullptr || !has_note_expression(bus_index, channel) || !declared(*core_, id))
    return abi::kInvalidArgument;
  char text[256];
  abi::str16_to_ascii(text, string, sizeof text);
  const auto normalized = expression_from_text(id, text);
  if (!normalized) return abi::kResultFalse;
  value = *normalized;
  return abi::kResultOk;
}

abi::tresult Controller::get_physical_ui_mapping(std::int32_t bus_index, std::int16_t channel,
                                                 abi::PhysicalUiMapList& list) {
  if (!has_note_expression(bus_index, channel)) return abi::kResultFalse;
  if (list.count > 0 && list.map == nullptr) return abi::kInvalidArgument;
  const PhysicalControls& c = core_->physical_controls();
  for (std::uint32_t k = 0; k < list.count; ++k) {
    abi::PhysicalUiMap& m = list.map[k];
    const std::optional<Expression> target = m.physical_ui_type_id == abi::kPuiXMovement   ? c.x
                                             : m.physical_ui_type_id == abi::kPuiYMovement ? c.y
                                             : m.physical_ui_type_id == abi::kPuiPressure  ? c.pressure
                                                                                           : std::nullopt;
    m.note_expression_type_id = target && declared(*core_, static_cast<std::uint32_t>(*target))
                                    ? static_cast<std::uint32_t>(*target)
                                    : abi::kInvalidTypeId;
  }
  return abi::kResultOk;
}

}  // namespace plinth::bridge
