#include "plinth/bridge/processor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <string>

#include "plinth/bridge/class_id.h"
#include "plinth/bridge/messages.h"
#include "plinth/bridge/stream_io.h"
#include "plinth/core/state.h"

namespace plinth::bridge {

namespace {

constexpr std::size_t max_param_points = 16384;
constexpr std::size_t max_events = 4096;
constexpr std::size_t max_buses = 16;

// Core layouts and the speaker arrangements they stand for (abi/speaker.h).
constexpr std::pair<ChannelLayout, abi::SpeakerArrangement> layout_arrangements[] = {
    {ChannelLayout::mono, abi::speaker_arr::kMono},
    {ChannelLayout::stereo, abi::speaker_arr::kStereo},
    {ChannelLayout::surround_5_1, abi::speaker_arr::k51},
    {ChannelLayout::surround_7_1, abi::speaker_arr::k71Music},
};

abi::SpeakerArrangement to_arrangement(ChannelLayout layout) noexcept {
  for (const auto& [l, arr] : layout_arrangements)
    if (l == layout) return arr;
  return abi::speaker_arr::kStereo;
}

bool to_layout(abi::SpeakerArrangement arr, ChannelLayout& out) noexcept {
  for (const auto& [l, a] : layout_arrangements)
    if (a == arr) {
      out = l;
      return true;
    }
  return false;
}

abi::tresult to_result(ProcessStatus status) noexcept {
  switch (status) {
    case ProcessStatus::ok: return abi::kResultOk;
    case ProcessStatus::not_prepared: return abi::kNotInitialized;
    case ProcessStatus::invalid_argument: return abi::kInvalidArgument;
  }
  return abi::kInternalError;
}

template <class T>
T** channel_pointers(abi::AudioBusBuffers& bus) noexcept {
  if constexpr (std::is_same_v<T, float>)
    return bus.channel_buffers32;
  else
    return bus.channel_buffers64;
}

// One event of the plugin's output into the host's list.
void write_event(const Event& in, abi::IEventList& list) noexcept {
  abi::Event e{};
  e.bus_index = 0;
  e.sample_offset = in.sample_offset;
  switch (in.type) {
    case Event::Type::note_on:
      e.type = abi::Event::kNoteOnEvent;
      e.note_on = {in.channel, in.pitch, in.tuning_cents, in.velocity, in.length, in.note_id};
      break;
    case Event::Type::note_off:
      e.type = abi::Event::kNoteOffEvent;
      e.note_off = {in.channel, in.pitch, in.velocity, in.note_id, in.tuning_cents};
      break;
    case Event::Type::poly_pressure:
      e.type = abi::Event::kPolyPressureEvent;
      e.poly_pressure = {in.channel, in.pitch, static_cast<float>(in.value), in.note_id};
      break;
    case Event::Type::note_expression:
      e.type = abi::Event::kNoteExpressionValueEvent;
      e.note_expression_value = {in.number, in.note_id, in.value};
      break;
    case Event::Type::controller: {
      // VST 3's MIDI out: LegacyMIDICCOutEvent (pitch bend as 14 bits, LSB then MSB).
      e.type = abi::Event::kLegacyMIDICCOutEvent;
      const double v = std::clamp(in.value, 0.0, 1.0);
      e.midi_cc_out.control_number = static_cast<std::uint8_t>(in.number);
      e.midi_cc_out.channel = static_cast<std::int8_t>(in.channel);
      if (in.number == midi::pitch_bend) {
        const int bend = static_cast<int>(std::lround(v * 16383.0));
        e.midi_cc_out.value = static_cast<std::int8_t>(bend & 0x7f);
        e.midi_cc_out.value2 = static_cast<std::int8_t>(bend >> 7);
      } else {
        e.midi_cc_out.value = static_cast<std::int8_t>(std::lround(v * 127.0));
      }
      break;
    }
  }
  list.add_event(e);
}

}  // namespace

Processor::Processor(const PluginEntry& entry, std::unique_ptr<PluginCore> core)
    : entry_(entry), core_(std::move(core)) {
  input_active_.resize(core_->bus_specs().inputs.size());
  output_active_.resize(core_->bus_specs().outputs.size());
  for (std::size_t i = 0; i < input_active_.size(); ++i)
    input_active_[i] = core_->bus_specs().inputs[i].role == BusRole::main;
  for (std::size_t i = 0; i < output_active_.size(); ++i)
    output_active_[i] = core_->bus_specs().outputs[i].role == BusRole::main;
  for (auto* buses : {&buses32_.inputs, &buses32_.outputs}) buses->resize(max_buses);
  for (auto* buses : {&buses64_.inputs, &buses64_.outputs}) buses->resize(max_buses);
  param_points_.resize(max_param_points);
  output_points_.resize(core_->params().size());
  events_.resize(max_events);
  output_events_.resize(core_->bus_specs().event_outputs > 0 ? max_events : 0);
}

Processor::~Processor() {
  if (log_output_) stop_debug_log_output();  // a host that released it without terminate
}

abi::tresult Processor::query_interface(const char* iid16, void** obj) {
  return query<Via<abi::FUnknown, abi::IComponent>, Via<abi::IPluginBase, abi::IComponent>, abi::IComponent,
               abi::IAudioProcessor, abi::IProcessContextRequirements, abi::IConnectionPoint>(this, iid16, obj);
}

std::uint32_t Processor::release() {
  const std::uint32_t left = refs_.remove();
  if (left == 0) delete this;
  return left;
}

abi::tresult Processor::initialize(abi::FUnknown* context) {
  host_context_.reset(context);
  // The debug log's writer (when PLINTH_LOG is set) runs while any processor is initialized.
  if (!log_output_) start_debug_log_output();
  log_output_ = true;
  return abi::kResultOk;
}

abi::tresult Processor::terminate() {
  if (active_) set_active(0);
  peer_.reset();
  host_context_.reset();
  if (log_output_) stop_debug_log_output();
  log_output_ = false;
  return abi::kResultOk;
}

abi::tresult Processor::get_controller_class_id(char* cid16) {
  if (cid16 == nullptr) return abi::kInvalidArgument;
  const ClassId id = class_id_from_hex(entry_.info->controller_id);
  std::copy(id.begin(), id.end(), cid16);
  return abi::kResultOk;
}

abi::tresult Processor::set_io_mode(abi::IoMode mode) {
  return mode >= abi::kSimple && mode <= abi::kOfflineProcessing ? abi::kResultOk : abi::kInvalidArgument;
}

std::int32_t Processor::get_bus_count(abi::MediaType type, abi::BusDirection dir) {
  const BusSpecs& specs = core_->bus_specs();
  if (type == abi::kAudio)
    return static_cast<std::int32_t>(dir == abi::kInput    ? specs.inputs.size()
                                     : dir == abi::kOutput ? specs.outputs.size()
                                                           : 0);
  if (type == abi::kEvent)
    return dir == abi::kInput ? specs.event_inputs : dir == abi::kOutput ? specs.event_outputs : 0;
  return 0;
}

abi::tresult Processor::get_bus_info(abi::MediaType type, abi::BusDirection dir, std::int32_t index,
                                     abi::BusInfo& bus) {
  if (index < 0 || index >= get_bus_count(type, dir)) return abi::kInvalidArgument;
  bus = abi::BusInfo{};
  bus.media_type = type;
  bus.direction = dir;
  const auto i = static_cast<std::size_t>(index);
  if (type == abi::kEvent) {
    bus.channel_count = 16;
    abi::str8_to_str16(bus.name, dir == abi::kInput ? "Event In" : "Event Out", 128);
    bus.bus_type = abi::kMain;
    bus.flags = abi::BusInfo::kDefaultActive;
    return abi::kResultOk;
  }
  const AudioBusSpec& spec = dir == abi::kInput ? core_->bus_specs().inputs[i] : core_->bus_specs().outputs[i];
  const ChannelLayout layout = dir == abi::kInput ? core_->layouts().inputs[i] : core_->layouts().outputs[i];
  bus.channel_count = channel_count(layout);
  abi::str8_to_str16(bus.name, spec.name.c_str(), 128);
  bus.bus_type = spec.role == BusRole::main ? abi::kMain : abi::kAux;
  bus.flags = spec.role == BusRole::main ? abi::BusInfo::kDefaultActive : 0;
  return abi::kResultOk;
}

abi::tresult Processor::get_routing_info(abi::RoutingInfo&, abi::RoutingInfo&) { return abi::kNotImplemented; }

abi::tresult Processor::activate_bus(abi::MediaType type, abi::BusDirection dir, std::int32_t index, abi::TBool state) {
  if (index < 0 || index >= get_bus_count(type, dir)) return abi::kInvalidArgument;
  const auto i = static_cast<std::size_t>(index);
  if (type == abi::kEvent)
    (dir == abi::kInput ? event_input_active_ : event_output_active_) = state != 0;
  else if (dir == abi::kInput)
    input_active_[i] = state != 0;
  else
    output_active_[i] = state != 0;
  return abi::kResultOk;
}

abi::tresult Processor::set_active(abi::TBool state) {
  if (state != 0) {
    Setup setup;
    setup.sample_rate = setup_.sample_rate;
    setup.max_block_size = setup_.max_samples_per_block;
    setup.offline = setup_.process_mode == abi::kOffline;
    if (!core_->setup_processing(setup)) return abi::kResultFalse;
    core_->reset_processing();
    active_ = true;
  } else {
    active_ = false;
    processing_ = false;
    core_->release_processing();
  }
  return abi::kResultOk;
}

abi::tresult Processor::set_state(abi::IBStream* state) {
  if (state == nullptr) return abi::kInvalidArgument;
  return load_state_from(state, *core_) == StateError::none ? abi::kResultOk : abi::kResultFalse;
}

abi::tresult Processor::get_state(abi::IBStream* state) {
  if (state == nullptr) return abi::kInvalidArgument;
  return write_all(state, save_state(*core_)) ? abi::kResultOk : abi::kResultFalse;
}

abi::tresult Processor::set_bus_arrangements(abi::SpeakerArrangement* inputs, std::int32_t num_ins,
                                             abi::SpeakerArrangement* outputs, std::int32_t num_outs) {
  if (num_ins < 0 || num_outs < 0 || (num_ins > 0 && inputs == nullptr) || (num_outs > 0 && outputs == nullptr))
    return abi::kInvalidArgument;
  if (active_) return abi::kResultFalse;  // layouts change only while inactive
  if (static_cast<std::size_t>(num_ins) > max_buses || static_cast<std::size_t>(num_outs) > max_buses)
    return abi::kResultFalse;
  std::array<ChannelLayout, max_buses> ins{};
  std::array<ChannelLayout, max_buses> outs{};
  for (std::int32_t i = 0; i < num_ins; ++i)
    if (!to_layout(inputs[i], ins[static_cast<std::size_t>(i)])) return abi::kResultFalse;
  for (std::int32_t i = 0; i < num_outs; ++i)
    if (!to_layout(outputs[i], outs[static_cast<std::size_t>(i)])) return abi::kResultFalse;
  const bool ok = core_->set_layouts(std::span(ins.data(), static_cast<std::size_t>(num_ins)),
                                     std::span(outs.data(), static_cast<std::size_t>(num_outs)));
  return ok ? abi::kResultOk : abi::kResultFalse;
}

abi::tresult Processor::get_bus_arrangement(abi::BusDirection dir, std::int32_t index, abi::SpeakerArrangement& arr) {
  const auto& layouts = dir == abi::kInput ? core_->layouts().inputs : core_->layouts().outputs;
  if ((dir != abi::kInput && dir != abi::kOutput) || index < 0 || static_cast<std::size_t>(index) >= layouts.size())
    return abi::kInvalidArgument;
  arr = to_arrangement(layouts[static_cast<std::size_t>(index)]);
  return abi::kResultOk;
}

abi::tresult Processor::can_process_sample_size(std::int32_t size) {
  return size == abi::kSample32 || size == abi::kSample64 ? abi::kResultOk : abi::kResultFalse;
}

std::uint32_t Processor::get_latency_samples() {
  return static_cast<std::uint32_t>(std::max(0, core_->latency_samples()));
}

std::uint32_t Processor::get_tail_samples() {
  const int tail = core_->tail_samples();
  return tail == infinite_tail ? abi::kInfiniteTail : static_cast<std::uint32_t>(std::max(0, tail));
}

abi::tresult Processor::setup_processing(abi::ProcessSetup& setup) {
  if (active_) return abi::kResultFalse;
  if (!(setup.sample_rate >= 1000.0 && setup.sample_rate <= 10'000'000.0) || setup.max_samples_per_block <= 0 ||
      setup.max_samples_per_block > (1 << 20) || can_process_sample_size(setup.symbolic_sample_size) != abi::kResultOk)
    return abi::kInvalidArgument;
  setup_ = setup;
  return abi::kResultOk;
}

abi::tresult Processor::set_processing(abi::TBool state) {
  if (!active_) return abi::kNotInitialized;
  if (state != 0 && !processing_) core_->reset_processing();
  processing_ = state != 0;
  return abi::kResultOk;
}

std::uint32_t Processor::get_process_context_requirements() {
  using R = abi::IProcessContextRequirements;
  return R::kNeedTempo | R::kNeedTimeSignature | R::kNeedTransportState | R::kNeedProjectTimeMusic |
         R::kNeedBarPositionMusic | R::kNeedCycleMusic | R::kNeedContinousTimeSamples;
}

abi::tresult Processor::connect(abi::IConnectionPoint* other) {
  if (other == nullptr) return abi::kInvalidArgument;
  if (peer_) return abi::kResultFalse;
  peer_.reset(other);
  return abi::kResultOk;
}

abi::tresult Processor::disconnect(abi::IConnectionPoint* other) {
  if (other == nullptr || other != peer_.get()) return abi::kInvalidArgument;
  peer_.reset();
  return abi::kResultOk;
}

abi::tresult Processor::notify(abi::IMessage* message) {
  if (message == nullptr) return abi::kInvalidArgument;
  if (message_is(message, message_data)) {
    if (const auto bytes = message_bytes(message)) core_->on_controller_message(*bytes);
  } else if (message_is(message, message_probes)) {
    // A host asks for the timing probes: the answer goes into the same message.
    abi::IAttributeList* attributes = message->get_attributes();
    if (attributes == nullptr) return abi::kInvalidArgument;
    const std::string text = encode_probe_stats(core_->probe_table().snapshot());
    attributes->set_binary(probes_attribute, text.data(), static_cast<std::uint32_t>(text.size()));
    if (std::int64_t reset = 0; attributes->get_int(probes_reset_attribute, reset) == abi::kResultOk && reset != 0)
      core_->probe_table().reset();
  } else if (message_is(message, message_poll)) {
    // The controller's UI thread asks: hand over what the audio thread queued for it.
    core_->messages_to_controller().drain([this](std::span<const std::uint8_t> bytes) {
      send_message(peer_.get(), host_context_.get(), message_data, bytes);
    });
  }
  return abi::kResultOk;
}

void Processor::convert_transport(const abi::ProcessContext* c, Transport& t) noexcept {
  t = Transport{};
  if (c == nullptr) return;
  using PC = abi::ProcessContext;
  t.playing = (c->state & PC::kPlaying) != 0;
  t.recording = (c->state & PC::kRecording) != 0;
  t.looping = (c->state & PC::kCycleActive) != 0;
  t.position_samples = c->project_time_samples;
  if ((c->state & PC::kTempoValid) != 0 && c->tempo > 0.0) {
    t.has_tempo = true;
    t.tempo_bpm = c->tempo;
  }
  if ((c->state & PC::kTimeSigValid) != 0 && c->time_sig_numerator > 0 && c->time_sig_denominator > 0) {
    t.has_time_signature = true;
    t.time_sig_numerator = c->time_sig_numerator;
    t.time_sig_denominator = c->time_sig_denominator;
  }
  if ((c->state & PC::kProjectTimeMusicValid) != 0) {
    t.has_musical_position = true;
    t.position_quarter_notes = c->project_time_music;
  }
  if ((c->state & PC::kBarPositionValid) != 0) t.bar_start_quarter_notes = c->bar_position_music;
  if ((c->state & PC::kCycleValid) != 0) {
    t.loop_start_quarter_notes = c->cycle_start_music;
    t.loop_end_quarter_notes = c->cycle_end_music;
  }
}

template <class T>
abi::tresult Processor::process_typed(abi::ProcessData& data) noexcept {
  std::vector<HostBus<T>>& ins = host_buses<T>().inputs;
  std::vector<HostBus<T>>& outs = host_buses<T>().outputs;
  const auto n_in =
      static_cast<std::size_t>(std::clamp(data.inputs != nullptr ? data.num_inputs : 0, 0, int{max_buses}));
  const auto n_out =
      static_cast<std::size_t>(std::clamp(data.outputs != nullptr ? data.num_outputs : 0, 0, int{max_buses}));
  for (std::size_t i = 0; i < n_in; ++i) {
    abi::AudioBusBuffers& b = data.inputs[i];
    ins[i] = {channel_pointers<T>(b), std::max(0, b.num_channels), b.silence_flags,
              i >= input_active_.size() || input_active_[i]};
  }
  for (std::size_t i = 0; i < n_out; ++i) {
    abi::AudioBusBuffers& b = data.outputs[i];
    outs[i] = {channel_pointers<T>(b), std::max(0, b.num_channels), 0, true};
  }

  // Automation: every point of every queue, in host order (the core sorts).
  std::size_t points = 0;
  if (abi::IParameterChanges* changes = data.input_parameter_changes) {
    const std::int32_t queues = changes->get_parameter_count();
    for (std::int32_t q = 0; q < queues; ++q) {
      abi::IParamValueQueue* queue = changes->get_parameter_data(q);
      if (queue == nullptr) continue;
      const ParamId id = queue->get_parameter_id();
      const std::int32_t count = queue->get_point_count();
      for (std::int32_t k = 0; k < count; ++k) {
        std::int32_t offset = 0;
        abi::ParamValue value = 0.0;
        if (queue->get_point(k, offset, value) != abi::kResultOk) continue;
        // When full, later points overwrite the last slot so each queue's final value still lands.
        const std::size_t slot = std::min(points, param_points_.size() - 1);
        param_points_[slot] = {id, offset, value};
        points = slot + 1;
      }
    }
  }

  std::size_t event_count = 0;
  // Effects have no event input: no call into the host's list for them.
  if (abi::IEventList* list = data.input_events;
      list != nullptr && event_input_active_ && core_->bus_specs().event_inputs > 0) {
    const std::int32_t n = list->get_event_count();
    for (std::int32_t k = 0; k < n && event_count < events_.size(); ++k) {
      abi::Event e{};
      if (list->get_event(k, e) != abi::kResultOk || e.bus_index != 0) continue;
      Event out;
      out.sample_offset = std::clamp(e.sample_offset, 0, std::max(0, data.num_samples - 1));
      // Note-on and note-off carry the same fields (in a different order).
      auto copy_note = [&out](const auto& note) {
        out.channel = note.channel;
        out.pitch = note.pitch;
        out.velocity = note.velocity;
        out.note_id = note.note_id;
        out.tuning_cents = note.tuning;
      };
      if (e.type == abi::Event::kNoteOnEvent) {
        copy_note(e.note_on);
        out.length = std::max(0, e.note_on.length);
        // Velocity 0 is a note-off by MIDI's old convention.
        out.type = e.note_on.velocity > 0.0f ? Event::Type::note_on : Event::Type::note_off;
      } else if (e.type == abi::Event::kNoteOffEvent) {
        copy_note(e.note_off);
        out.type = Event::Type::note_off;
      } else if (e.type == abi::Event::kPolyPressureEvent) {
        out.type = Event::Type::poly_pressure;
        out.channel = e.poly_pressure.channel;
        out.pitch = e.poly_pressure.pitch;
        out.value = e.poly_pressure.pressure;
        out.note_id = e.poly_pressure.note_id;
      } else if (e.type == abi::Event::kNoteExpressionValueEvent) {
        out.type = Event::Type::note_expression;
        out.number = e.note_expression_value.type_id;
        out.note_id = e.note_expression_value.note_id;
        out.value = e.note_expression_value.value;
      } else {
        continue;
      }
      events_[event_count++] = out;
    }
    // Hosts should send events in order; make sure of it (insertion sort: stable, no allocation).
    for (std::size_t i = 1; i < event_count; ++i)
      for (std::size_t j = i; j > 0 && events_[j - 1].sample_offset > events_[j].sample_offset; --j)
        std::swap(events_[j - 1], events_[j]);
  }

  convert_transport(data.process_context, transport_);
  HostBlock<T> block;
  block.inputs = std::span(ins.data(), n_in);
  block.outputs = std::span(outs.data(), n_out);
  block.param_points = std::span(param_points_.data(), points);
  block.events = std::span<const Event>(events_.data(), event_count);
  if (data.output_events != nullptr && event_output_active_) block.output_events = output_events_;
  block.transport = &transport_;
  block.num_samples = data.num_samples;
  block.output_points = output_points_;

  const ProcessStatus status = core_->process_host(block);
  // Output parameters (meters...) the plugin set: into the host's list, one point each.
  if (abi::IParameterChanges* out = data.output_parameter_changes; out != nullptr)
    for (std::size_t k = 0; k < block.output_count; ++k) {
      std::int32_t queue_index = 0;
      std::int32_t point_index = 0;
      const ParamPoint& point = output_points_[k];
      if (abi::IParamValueQueue* queue = out->add_parameter_data(point.id, queue_index))
        queue->add_point(point.sample_offset, point.normalized, point_index);
    }
  for (std::size_t k = 0; k < block.output_event_count; ++k) write_event(output_events_[k], *data.output_events);
  for (std::size_t i = 0; i < n_out; ++i) data.outputs[i].silence_flags = outs[i].silence_flags;
  return to_result(status);
}

abi::tresult Processor::process(abi::ProcessData& data) {
  if (data.num_samples < 0) return abi::kInvalidArgument;
  if (data.symbolic_sample_size == abi::kSample64) return process_typed<double>(data);
  if (data.symbolic_sample_size == abi::kSample32) return process_typed<float>(data);
  return abi::kInvalidArgument;
}

}  // namespace plinth::bridge
