#include "plinth/bridge/controller.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>

#include "plinth/bridge/messages.h"
#include "plinth/bridge/plug_view.h"
#include "plinth/bridge/stream_io.h"
#include "plinth/core/state.h"

namespace plinth::bridge {

Controller::Controller(std::unique_ptr<PluginCore> core) : core_(std::move(core)) {
  core_->set_processor_sink([this](std::span<const std::uint8_t> bytes) {
    send_message(peer_.get(), host_context_.get(), message_data, bytes);
  });
}

Controller::~Controller() = default;

abi::tresult Controller::query_interface(const char* iid16, void** obj) {
  if (core_->note_expression_types().empty() &&
      (abi::iid_equals(iid16, abi::INoteExpressionController::iid) ||
       abi::iid_equals(iid16, abi::INoteExpressionPhysicalUiMapping::iid))) {
    if (obj != nullptr) *obj = nullptr;
    return abi::kNoInterface;
  }
  return query<Via<abi::FUnknown, abi::IEditController>, Via<abi::IPluginBase, abi::IEditController>,
               abi::IEditController, abi::IEditController2, abi::IConnectionPoint, abi::IUnitInfo, abi::IMidiMapping,
               abi::INoteExpressionController, abi::INoteExpressionPhysicalUiMapping>(
      this, iid16, obj);
}

abi::tresult Controller::get_midi_controller_assignment(std::int32_t bus_index, std::int16_t channel,
                                                        abi::CtrlNumber number, abi::ParamId& id) {
  if (bus_index != 0 || channel < 0 || channel > 15 || number < 0 || number >= midi::controller_count)
    return abi::kResultFalse;
  const ParamId mapped = PluginCore::midi_param_id(channel, number);
  if (core_->find_param(mapped) == nullptr) return abi::kResultFalse;
  id = mapped;
  return abi::kResultOk;
}

std::uint32_t Controller::release() {
  const std::uint32_t left = refs_.remove();
  if (left == 0) delete this;
  return left;
}

abi::tresult Controller::initialize(abi::FUnknown* context) {
  host_context_.reset(context);
  reported_latency_ = std::max(0, core_->latency_samples());
  return abi::kResultOk;
}

abi::tresult Controller::terminate() {
  handler_.reset();
  peer_.reset();
  host_context_.reset();
  return abi::kResultOk;
}

abi::tresult Controller::set_component_state(abi::IBStream* state) {
  if (state == nullptr) return abi::kInvalidArgument;
  // The same reader as the processor's set_state (extra data included, on this side's
  // own instance of the plugin class), so both halves accept and refuse the same blobs.
  const abi::tresult r = load_state_from(state, *core_) == StateError::none ? abi::kResultOk : abi::kResultFalse;
  restart_if_latency_changed();
  return r;
}

// The controller keeps no state of its own: everything lives in the processor's.
abi::tresult Controller::set_state(abi::IBStream* state) {
  return state == nullptr ? abi::kInvalidArgument : abi::kResultOk;
}
abi::tresult Controller::get_state(abi::IBStream* state) {
  return state == nullptr ? abi::kInvalidArgument : abi::kResultOk;
}

std::int32_t Controller::get_parameter_count() { return static_cast<std::int32_t>(core_->params().size()); }

abi::tresult Controller::get_parameter_info(std::int32_t index, abi::ParameterInfo& info) {
  if (index < 0 || index >= get_parameter_count()) return abi::kInvalidArgument;
  const Param& p = *core_->params()[static_cast<std::size_t>(index)];
  const ParamSpec& s = p.spec();
  info = abi::ParameterInfo{};
  info.id = s.id;
  abi::str8_to_str16(info.title, s.name.c_str(), 128);
  abi::str8_to_str16(info.short_title, (s.short_name.empty() ? s.name : s.short_name).c_str(), 128);
  abi::str8_to_str16(info.units, s.unit.c_str(), 128);
  info.step_count = s.step_count();
  info.default_normalized_value = s.default_normalized();
  info.unit_id = s.group;
  std::int32_t flags = 0;
  if (s.flags.automatable && !s.flags.read_only) flags |= abi::ParameterInfo::kCanAutomate;
  if (s.flags.read_only) flags |= abi::ParameterInfo::kIsReadOnly;
  if (s.flags.hidden) flags |= abi::ParameterInfo::kIsHidden;
  if (s.flags.bypass) flags |= abi::ParameterInfo::kIsBypass;
  if (s.kind == ParamKind::list) flags |= abi::ParameterInfo::kIsList;
  if (&p == core_->program_param()) flags |= abi::ParameterInfo::kIsProgramChange;
  info.flags = flags;
  return abi::kResultOk;
}

abi::tresult Controller::get_param_string_by_value(abi::ParamId id, abi::ParamValue value, abi::char16* string128) {
  const Param* p = core_->find_param(id);
  if (p == nullptr || string128 == nullptr) return abi::kInvalidArgument;
  const std::string text = p->spec().to_text(p->spec().to_plain(value));
  abi::str8_to_str16(string128, text.c_str(), 128);
  return abi::kResultOk;
}

abi::tresult Controller::get_param_value_by_string(abi::ParamId id, abi::char16* string, abi::ParamValue& value) {
  const Param* p = core_->find_param(id);
  if (p == nullptr || string == nullptr) return abi::kInvalidArgument;
  char text[256];
  abi::str16_to_ascii(text, string, sizeof text);
  const auto plain = p->spec().from_text(text);
  if (!plain) return abi::kResultFalse;
  value = p->spec().to_normalized(*plain);
  return abi::kResultOk;
}

abi::ParamValue Controller::normalized_param_to_plain(abi::ParamId id, abi::ParamValue value) {
  const Param* p = core_->find_param(id);
  return p != nullptr ? p->spec().to_plain(value) : value;
}

abi::ParamValue Controller::plain_param_to_normalized(abi::ParamId id, abi::ParamValue plain) {
  const Param* p = core_->find_param(id);
  return p != nullptr ? p->spec().to_normalized(plain) : plain;
}

abi::ParamValue Controller::get_param_normalized(abi::ParamId id) {
  const Param* p = core_->find_param(id);
  return p != nullptr ? p->normalized() : 0.0;
}

abi::tresult Controller::set_param_normalized(abi::ParamId id, abi::ParamValue value) {
  Param* p = core_->find_param(id);
  if (p == nullptr || std::isnan(value)) return abi::kInvalidArgument;
  if (p == core_->program_param()) {
    // A new program moves many values at once: the host re-reads them all, as the SDK's
    // program-change sample asks it to (performEdit is for the user's own edits).
    if (core_->change_program(value, false) && handler_) handler_.get()->restart_component(abi::kParamValuesChanged);
  } else {
    p->set_normalized(value);
  }
  restart_if_latency_changed();
  // The host forwarding an output parameter is the UI thread's heartbeat: collect what
  // the processor's audio thread queued for this side meanwhile.
  if (p->spec().flags.read_only) poll_processor();
  return abi::kResultOk;
}

void Controller::restart_if_latency_changed() {
  const int latency = std::max(0, core_->latency_samples());
  if (latency == reported_latency_) return;
  reported_latency_ = latency;
  if (handler_) handler_.get()->restart_component(abi::kLatencyChanged);
}

abi::tresult Controller::set_component_handler(abi::IComponentHandler* handler) {
  handler_.reset(handler);
  return abi::kResultOk;
}

// Every plugin's editor is the generic one, built from its parameter list.
abi::IPlugView* Controller::create_view(abi::FIDString name) {
  if (name == nullptr || std::strcmp(name, abi::kEditorViewType) != 0) return nullptr;
  return new PlugView(*this);
}

abi::tresult Controller::set_knob_mode(abi::KnobMode mode) {
  return mode >= abi::kCircularMode && mode <= abi::kLinearMode ? abi::kResultOk : abi::kResultFalse;
}
abi::tresult Controller::open_help(abi::TBool) { return abi::kResultFalse; }
abi::tresult Controller::open_about_box(abi::TBool) { return abi::kResultFalse; }

abi::tresult Controller::connect(abi::IConnectionPoint* other) {
  if (other == nullptr) return abi::kInvalidArgument;
  if (peer_) return abi::kResultFalse;
  peer_.reset(other);
  return abi::kResultOk;
}

abi::tresult Controller::disconnect(abi::IConnectionPoint* other) {
  if (other == nullptr || other != peer_.get()) return abi::kInvalidArgument;
  peer_.reset();
  return abi::kResultOk;
}

abi::tresult Controller::notify(abi::IMessage* message) {
  if (message == nullptr) return abi::kInvalidArgument;
  if (message_is(message, message_data))
    if (const auto bytes = message_bytes(message)) core_->on_processor_message(*bytes);
  return abi::kResultOk;
}

void Controller::poll_processor() {
  // At most every 10 ms: hosts forward output parameters at their UI rate, one call per
  // parameter, and one poll per frame is enough.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_poll_ < std::chrono::milliseconds(10)) return;
  last_poll_ = now;
  send_message(peer_.get(), host_context_.get(), message_poll);
}

}  // namespace plinth::bridge
