#pragma once
// One plugin instance driven like a host drives it: component and controller
// created, initialized and connected; buffers owned here; process() filling
// pre-sized parameter changes and events so it never allocates, locks or throws.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plinth/abi/vst3.h"
#include "plinth/host/com.h"
#include "plinth/host/host_objects.h"
#include "plinth/host/module.h"

namespace plinth::host {

// A sample-accurate parameter change for process().
struct ParamChange {
  abi::ParamId id;
  abi::int32 sample_offset;
  double normalized;
};

struct BusInfo {
  std::string name;
  abi::MediaType media_type = abi::kAudio;
  abi::BusDirection direction = abi::kInput;
  std::int32_t channel_count = 0;
  abi::BusType bus_type = abi::kMain;
  std::uint32_t flags = 0;
};

struct ParameterInfo {
  abi::ParamId id = 0;
  std::string title;
  std::string short_title;
  std::string units;
  std::int32_t step_count = 0;
  double default_normalized = 0.0;
  abi::UnitId unit_id = 0;
  std::int32_t flags = 0;

  [[nodiscard]] bool is_bypass() const { return (flags & abi::ParameterInfo::kIsBypass) != 0; }
  [[nodiscard]] bool is_read_only() const { return (flags & abi::ParameterInfo::kIsReadOnly) != 0; }
  [[nodiscard]] bool can_automate() const { return (flags & abi::ParameterInfo::kCanAutomate) != 0; }
};

// How process() hands the audio buffers to the plugin.
enum class BufferMode {
  normal,         // every bus with its channel pointers
  null_channels,  // every bus with num_channels set but channel_buffers == nullptr
  no_buses,       // num_inputs = num_outputs = 0, inputs = outputs = nullptr
};

class PluginInstance {
public:
  // Creates and wires up an instance of `processor_class` (an "Audio Module
  // Class"). `module` must outlive the instance.
  static std::unique_ptr<PluginInstance> create(Module& module, const ClassInfo& processor_class, std::string& error);

  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;
  // set_processing(false), set_active(false), disconnect, terminate, release.
  ~PluginInstance();

  // --- raw interfaces -------------------------------------------------------
  [[nodiscard]] abi::IComponent* component() const { return component_.get(); }
  [[nodiscard]] abi::IAudioProcessor* processor() const { return processor_.get(); }
  [[nodiscard]] abi::IEditController* controller() const { return controller_.get(); }
  [[nodiscard]] bool separate_controller() const { return separate_controller_; }
  [[nodiscard]] bool connected() const { return connected_; }
  [[nodiscard]] ComponentHandler& handler() const { return *handler_; }
  [[nodiscard]] HostApplication& host_application() const { return *host_; }
  [[nodiscard]] const ClassInfo& class_info() const { return class_info_; }

  // --- buses ----------------------------------------------------------------
  [[nodiscard]] std::vector<BusInfo> buses(abi::MediaType type, abi::BusDirection dir) const;
  [[nodiscard]] int audio_inputs() const { return static_cast<int>(in_arr_.size()); }
  [[nodiscard]] int audio_outputs() const { return static_cast<int>(out_arr_.size()); }
  // The arrangement the plugin reports (re-read after every change).
  [[nodiscard]] abi::SpeakerArrangement arrangement(abi::BusDirection dir, int bus) const;
  [[nodiscard]] int channels(abi::BusDirection dir, int bus) const;
  // Proposes arrangements; whatever the result, re-reads what the plugin now
  // reports and resizes the owned buffers to match. Only while inactive.
  abi::tresult set_bus_arrangements(std::vector<abi::SpeakerArrangement> inputs,
                                    std::vector<abi::SpeakerArrangement> outputs);
  abi::tresult activate_bus(abi::MediaType type, abi::BusDirection dir, int index, bool state);

  // --- processing -----------------------------------------------------------
  // setup_processing, then allocates owned buffers for every bus. Only while inactive.
  abi::tresult setup(double sample_rate, int max_block, bool double_precision, int process_mode = abi::kRealtime);
  [[nodiscard]] bool is_setup() const { return is_setup_; }
  [[nodiscard]] double sample_rate() const { return setup_.sample_rate; }
  [[nodiscard]] int max_block() const { return setup_.max_samples_per_block; }
  [[nodiscard]] bool double_precision() const { return setup_.symbolic_sample_size == abi::kSample64; }
  [[nodiscard]] bool can_process_double() const;

  // set_active(true) then set_processing(true); the first failure is returned.
  abi::tresult activate();
  // set_processing(false) then set_active(false).
  abi::tresult deactivate();
  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] bool processing() const { return processing_; }

  // One process call over the owned buffers. Also forwards the edits the
  // controller made through the component handler. Never allocates, locks or
  // throws. num_samples must be 0..max_block (kInvalidArgument otherwise,
  // without calling the plugin); changes and events beyond the pre-sized
  // capacity are dropped.
  abi::tresult process(int num_samples, std::span<const ParamChange> changes = {},
                       std::span<const abi::Event> events = {}) noexcept;
  void set_buffer_mode(BufferMode mode) noexcept { buffer_mode_ = mode; }
  [[nodiscard]] BufferMode buffer_mode() const { return buffer_mode_; }

  // Owned channel buffers (of max_block samples; empty before setup or when out of range).
  std::span<float> input(int bus, int channel) noexcept;
  std::span<float> output(int bus, int channel) noexcept;
  std::span<double> input64(int bus, int channel) noexcept;
  std::span<double> output64(int bus, int channel) noexcept;
  // Input silence flags sent with every block until changed; output flags as the plugin left them.
  void set_input_silence(int bus, std::uint64_t flags) noexcept;
  [[nodiscard]] std::uint64_t output_silence(int bus) const noexcept;
  // Fills all input channels with zero (and clears their silence flags).
  void clear_inputs() noexcept;

  // The transport sent with each block: tempo 120, 4/4, playing; the position
  // advances by num_samples after every process call.
  abi::ProcessContext& transport() noexcept { return context_; }
  // What the plugin wrote to the output parameter changes in the last block.
  [[nodiscard]] ParameterChanges& output_changes() const { return *out_changes_; }
  [[nodiscard]] EventList& output_events() const { return *out_events_; }

  [[nodiscard]] std::uint32_t latency_samples() const;
  [[nodiscard]] std::uint32_t tail_samples() const;

  // --- state ----------------------------------------------------------------
  // The component's state (get_state); nullopt when it fails.
  [[nodiscard]] std::optional<std::vector<std::uint8_t>> save_state_checked() const;
  // The component's state, empty when get_state fails.
  [[nodiscard]] std::vector<std::uint8_t> save_state() const;
  // component set_state; when it succeeds, the same bytes to the controller's set_component_state.
  bool load_state(std::span<const std::uint8_t> bytes);
  abi::tresult load_state_result(std::span<const std::uint8_t> bytes);
  [[nodiscard]] std::optional<std::vector<std::uint8_t>> save_controller_state() const;
  bool load_controller_state(std::span<const std::uint8_t> bytes);

  // --- controller helpers ---------------------------------------------------
  [[nodiscard]] std::vector<ParameterInfo> parameters() const;
  [[nodiscard]] std::optional<ParameterInfo> parameter(abi::ParamId id) const;
  [[nodiscard]] std::optional<abi::ParamId> bypass_id() const;
  [[nodiscard]] double get_normalized(abi::ParamId id) const;
  abi::tresult set_normalized(abi::ParamId id, double value);
  // Like a user edit: sets the controller's value and queues it for the processor's next block.
  abi::tresult edit(abi::ParamId id, double value);
  [[nodiscard]] std::optional<std::string> value_to_string(abi::ParamId id, double normalized) const;
  [[nodiscard]] std::optional<double> string_to_value(abi::ParamId id, const std::string& text) const;
  [[nodiscard]] double normalized_to_plain(abi::ParamId id, double normalized) const;
  [[nodiscard]] double plain_to_normalized(abi::ParamId id, double plain) const;

private:
  PluginInstance() = default;
  void read_arrangements();
  void allocate_buffers();
  void shutdown() noexcept;

  struct Bus {
    int channels = 0;
    std::vector<float> data32;
    std::vector<double> data64;
    std::vector<float*> ptr32;
    std::vector<double*> ptr64;
  };

  Module* module_ = nullptr;
  ClassInfo class_info_;
  ComPtr<HostApplication> host_;
  ComPtr<ComponentHandler> handler_;
  ComPtr<abi::IComponent> component_;
  ComPtr<abi::IAudioProcessor> processor_;
  ComPtr<abi::IEditController> controller_;
  ComPtr<abi::IConnectionPoint> component_cp_;
  ComPtr<abi::IConnectionPoint> controller_cp_;
  bool component_initialized_ = false;
  bool controller_initialized_ = false;
  bool separate_controller_ = false;
  bool connected_ = false;

  std::vector<abi::SpeakerArrangement> in_arr_;
  std::vector<abi::SpeakerArrangement> out_arr_;
  std::vector<Bus> in_buses_;
  std::vector<Bus> out_buses_;
  std::vector<abi::AudioBusBuffers> in_abb_;
  std::vector<abi::AudioBusBuffers> out_abb_;
  std::vector<std::uint64_t> in_silence_;

  abi::ProcessSetup setup_{abi::kRealtime, abi::kSample32, 0, 44100.0};
  bool is_setup_ = false;
  bool active_ = false;
  bool processing_ = false;
  BufferMode buffer_mode_ = BufferMode::normal;

  ComPtr<ParameterChanges> in_changes_;
  ComPtr<ParameterChanges> out_changes_;
  ComPtr<EventList> in_events_;
  ComPtr<EventList> out_events_;
  abi::ProcessContext context_{};
  abi::ProcessData data_{};
};

}  // namespace plinth::host
