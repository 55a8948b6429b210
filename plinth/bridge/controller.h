#pragma once
// The VST 3 edit controller: parameter list, text conversion and values, mirrored
// from the processor's state. It owns its own plugin instance, used only for its
// parameter declarations and values, so it shares no memory with the processor.

#include <chrono>
#include <memory>

#include "plinth/abi/vst3.h"
#include "plinth/bridge/com.h"
#include "plinth/core/plugin.h"

namespace plinth::bridge {

class Controller final : public abi::IEditController,
                         public abi::IEditController2,
                         public abi::IConnectionPoint,
                         public abi::IUnitInfo,
                         public abi::IMidiMapping,
                         public abi::INoteExpressionController,
                         public abi::INoteExpressionPhysicalUiMapping {
public:
  explicit Controller(std::unique_ptr<PluginCore> core);
  ~Controller();

  // FUnknown
  abi::tresult query_interface(const char* iid16, void** obj) override;
  std::uint32_t add_ref() override { return refs_.add(); }
  std::uint32_t release() override;

  // IPluginBase
  abi::tresult initialize(abi::FUnknown* context) override;
  abi::tresult terminate() override;

  // IEditController
  abi::tresult set_component_state(abi::IBStream* state) override;
  abi::tresult set_state(abi::IBStream* state) override;
  abi::tresult get_state(abi::IBStream* state) override;
  std::int32_t get_parameter_count() override;
  abi::tresult get_parameter_info(std::int32_t index, abi::ParameterInfo& info) override;
  abi::tresult get_param_string_by_value(abi::ParamId id, abi::ParamValue value, abi::char16* string128) override;
  abi::tresult get_param_value_by_string(abi::ParamId id, abi::char16* string, abi::ParamValue& value) override;
  abi::ParamValue normalized_param_to_plain(abi::ParamId id, abi::ParamValue value) override;
  abi::ParamValue plain_param_to_normalized(abi::ParamId id, abi::ParamValue plain) override;
  abi::ParamValue get_param_normalized(abi::ParamId id) override;
  abi::tresult set_param_normalized(abi::ParamId id, abi::ParamValue value) override;
  abi::tresult set_component_handler(abi::IComponentHandler* handler) override;
  abi::IPlugView* create_view(abi::FIDString name) override;

  // IEditController2
  abi::tresult set_knob_mode(abi::KnobMode mode) override;
  abi::tresult open_help(abi::TBool only_check) override;
  abi::tresult open_about_box(abi::TBool only_check) override;

  // IConnectionPoint
  abi::tresult connect(abi::IConnectionPoint* other) override;
  abi::tresult disconnect(abi::IConnectionPoint* other) override;
  abi::tresult notify(abi::IMessage* message) override;

  // IUnitInfo (unit_info.cpp): parameter groups as units, factory programs as the root
  // unit's program list.
  std::int32_t get_unit_count() override;
  abi::tresult get_unit_info(std::int32_t unit_index, abi::UnitInfo& info) override;
  std::int32_t get_program_list_count() override;
  abi::tresult get_program_list_info(std::int32_t list_index, abi::ProgramListInfo& info) override;
  abi::tresult get_program_name(abi::ProgramListId list_id, std::int32_t program_index, abi::char16* name128) override;
  abi::tresult get_program_info(abi::ProgramListId list_id, std::int32_t program_index, abi::CString attribute_id,
                                abi::char16* attribute_value128) override;
  abi::tresult has_program_pitch_names(abi::ProgramListId list_id, std::int32_t program_index) override;
  abi::tresult get_program_pitch_name(abi::ProgramListId list_id, std::int32_t program_index, std::int16_t midi_pitch,
                                      abi::char16* name128) override;
  abi::UnitId get_selected_unit() override;
  abi::tresult select_unit(abi::UnitId unit_id) override;
  abi::tresult get_unit_by_bus(abi::MediaType type, abi::BusDirection dir, std::int32_t bus_index, std::int32_t channel,
                               abi::UnitId& unit_id) override;
  abi::tresult set_unit_program_data(std::int32_t list_or_unit_id, std::int32_t program_index,
                                     abi::IBStream* data) override;

  // IMidiMapping: the controllers the plugin asked for, onto their hidden parameters.
  abi::tresult get_midi_controller_assignment(std::int32_t bus_index, std::int16_t channel,
                                              abi::CtrlNumber midi_controller_number, abi::ParamId& id) override;

  // INoteExpressionController, INoteExpressionPhysicalUiMapping (note_expression.cpp):
  // the types the plugin declared, on every channel of its event input; offered only
  // when it declared some.
  std::int32_t get_note_expression_count(std::int32_t bus_index, std::int16_t channel) override;
  abi::tresult get_note_expression_info(std::int32_t bus_index, std::int16_t channel, std::int32_t index,
                                        abi::NoteExpressionTypeInfo& info) override;
  abi::tresult get_note_expression_string_by_value(std::int32_t bus_index, std::int16_t channel,
                                                   abi::NoteExpressionTypeId id, abi::NoteExpressionValue value,
                                                   abi::char16* string128) override;
  abi::tresult get_note_expression_value_by_string(std::int32_t bus_index, std::int16_t channel,
                                                   abi::NoteExpressionTypeId id, const abi::TChar* string,
                                                   abi::NoteExpressionValue& value) override;
  abi::tresult get_physical_ui_mapping(std::int32_t bus_index, std::int16_t channel,
                                       abi::PhysicalUiMapList& list) override;

private:
  RefCount refs_;
  bool has_note_expression(std::int32_t bus_index, std::int16_t channel) const noexcept;
  std::unique_ptr<PluginCore> core_;
  HostRef<abi::FUnknown> host_context_;
  HostRef<abi::IComponentHandler> handler_;
  abi::UnitId selected_unit_ = abi::kRootUnitId;
  // The latency the host last heard of. The controller's own instance holds the same
  // parameter values as the processor's, so it computes the latency itself, on the UI
  // thread, and asks the host for a restart when a value change moves it.
  int reported_latency_ = 0;
  void restart_if_latency_changed();

public:
  // Asks the processor for what its audio thread queued for this side (send_to_controller);
  // it answers with messages on this (UI) thread. Called when the host forwards output
  // parameters; an editor's timer will call it too.
  void poll_processor();

  // For the editor view (plug_view.cpp), UI thread.
  [[nodiscard]] PluginCore& core() const noexcept { return *core_; }
  [[nodiscard]] abi::IComponentHandler* component_handler() const noexcept { return handler_.get(); }
  [[nodiscard]] abi::FUnknown* host_context() const noexcept { return host_context_.get(); }

private:
  std::chrono::steady_clock::time_point last_poll_{};
  HostRef<abi::IConnectionPoint> peer_;
};

}  // namespace plinth::bridge
