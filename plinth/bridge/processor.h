#pragma once
// The VST 3 processor object: IComponent + IAudioProcessor around one plugin core.
// Translation only: host structures in, core types through, result codes out.

#include <memory>
#include <type_traits>
#include <vector>

#include "plinth/abi/vst3.h"
#include "plinth/bridge/com.h"
#include "plinth/core/plugin.h"

namespace plinth::bridge {

class Processor final : public abi::IComponent,
                        public abi::IAudioProcessor,
                        public abi::IProcessContextRequirements,
                        public abi::IConnectionPoint {
public:
  Processor(const PluginEntry& entry, std::unique_ptr<PluginCore> core);
  ~Processor();

  // FUnknown
  abi::tresult query_interface(const char* iid16, void** obj) override;
  std::uint32_t add_ref() override { return refs_.add(); }
  std::uint32_t release() override;

  // IPluginBase
  abi::tresult initialize(abi::FUnknown* context) override;
  abi::tresult terminate() override;

  // IComponent
  abi::tresult get_controller_class_id(char* cid16) override;
  abi::tresult set_io_mode(abi::IoMode mode) override;
  std::int32_t get_bus_count(abi::MediaType type, abi::BusDirection dir) override;
  abi::tresult get_bus_info(abi::MediaType type, abi::BusDirection dir, std::int32_t index, abi::BusInfo& bus) override;
  abi::tresult get_routing_info(abi::RoutingInfo& in_info, abi::RoutingInfo& out_info) override;
  abi::tresult activate_bus(abi::MediaType type, abi::BusDirection dir, std::int32_t index, abi::TBool state) override;
  abi::tresult set_active(abi::TBool state) override;
  abi::tresult set_state(abi::IBStream* state) override;
  abi::tresult get_state(abi::IBStream* state) override;

  // IAudioProcessor
  abi::tresult set_bus_arrangements(abi::SpeakerArrangement* inputs, std::int32_t num_ins,
                                    abi::SpeakerArrangement* outputs, std::int32_t num_outs) override;
  abi::tresult get_bus_arrangement(abi::BusDirection dir, std::int32_t index, abi::SpeakerArrangement& arr) override;
  abi::tresult can_process_sample_size(std::int32_t symbolic_sample_size) override;
  std::uint32_t get_latency_samples() override;
  abi::tresult setup_processing(abi::ProcessSetup& setup) override;
  abi::tresult set_processing(abi::TBool state) override;
  abi::tresult process(abi::ProcessData& data) override;
  std::uint32_t get_tail_samples() override;

  // IProcessContextRequirements
  std::uint32_t get_process_context_requirements() override;

  // IConnectionPoint
  abi::tresult connect(abi::IConnectionPoint* other) override;
  abi::tresult disconnect(abi::IConnectionPoint* other) override;
  abi::tresult notify(abi::IMessage* message) override;

private:
  template <class T>
  abi::tresult process_typed(abi::ProcessData& data) noexcept;
  static void convert_transport(const abi::ProcessContext* context, Transport& out) noexcept;

  RefCount refs_;
  const PluginEntry& entry_;
  std::unique_ptr<PluginCore> core_;
  HostRef<abi::FUnknown> host_context_;
  HostRef<abi::IConnectionPoint> peer_;
  abi::ProcessSetup setup_{abi::kRealtime, abi::kSample32, 1024, 48000.0};
  bool active_ = false;
  bool log_output_ = false;  // this processor counts as a user of the debug log's writer
  bool processing_ = false;
  std::vector<bool> input_active_;
  std::vector<bool> output_active_;
  bool event_input_active_ = true;
  bool event_output_active_ = true;

  // Pre-sized at construction; process() only writes into them.
  template <class T>
  struct HostBuses {
    std::vector<HostBus<T>> inputs;
    std::vector<HostBus<T>> outputs;
  };
  template <class T>
  HostBuses<T>& host_buses() noexcept {
    if constexpr (std::is_same_v<T, float>)
      return buses32_;
    else
      return buses64_;
  }
  HostBuses<float> buses32_;
  HostBuses<double> buses64_;
  std::vector<ParamPoint> param_points_;
  std::vector<ParamPoint> output_points_;  // output parameters reported by the core
  std::vector<Event> events_;
  std::vector<Event> output_events_;  // what the plugin writes to its event output bus
  Transport transport_;
};

}  // namespace plinth::bridge
