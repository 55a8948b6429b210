#include "plinth/host/instance.h"

#include <time.h>

#include <algorithm>
#include <cmath>

#include "plinth/host/strings.h"

namespace plinth::host {

namespace {

constexpr int kMaxBuses = 64;  // sanity limit on what a plugin reports

abi::SpeakerArrangement default_arrangement(int channels) {
  switch (channels) {
    case 0: return abi::speaker_arr::kEmpty;
    case 1: return abi::speaker_arr::kMono;
    case 2: return abi::speaker_arr::kStereo;
    default: {
      abi::SpeakerArrangement arr = 0;
      for (int i = 0; i < channels && i < 64; ++i) arr |= abi::SpeakerArrangement{1} << i;
      return arr;
    }
  }
}

}  // namespace

std::unique_ptr<PluginInstance> PluginInstance::create(Module& module, const ClassInfo& processor_class,
                                                       std::string& error) {
  error.clear();
  std::unique_ptr<PluginInstance> self(new PluginInstance());
  self->module_ = &module;
  self->class_info_ = processor_class;
  self->host_ = ComPtr<HostApplication>::share(module.host_application());
  self->handler_ = make_object<ComponentHandler>();
  self->in_changes_ = make_object<ParameterChanges>();
  self->out_changes_ = make_object<ParameterChanges>();
  self->in_events_ = make_object<EventList>();
  self->out_events_ = make_object<EventList>();
  auto* context = static_cast<abi::FUnknown*>(static_cast<abi::IHostApplication*>(self->host_.get()));

  abi::tresult r = abi::kResultOk;
  self->component_ = module.create<abi::IComponent>(processor_class.cid, &r);
  if (!self->component_) {
    error = "cannot create component " + processor_class.cid_string + " (" + processor_class.name +
            "): create_instance returned " + std::to_string(r);
    return nullptr;
  }
  r = self->component_->initialize(context);
  if (r != abi::kResultOk) {
    error = "component " + processor_class.name + " failed initialize() with result " + std::to_string(r);
    return nullptr;
  }
  self->component_initialized_ = true;
  self->processor_ = query<abi::IAudioProcessor>(self->component_.get());
  if (!self->processor_) {
    error = "component " + processor_class.name + " does not implement IAudioProcessor";
    return nullptr;
  }

  // The controller: a separate class when the component names one, else the component itself.
  Cid controller_cid{};
  if (self->component_->get_controller_class_id(reinterpret_cast<char*>(controller_cid.data())) == abi::kResultOk &&
      controller_cid != Cid{} && controller_cid != processor_class.cid) {
    auto controller = module.create<abi::IEditController>(controller_cid);
    if (controller && controller->initialize(context) == abi::kResultOk) {
      self->controller_ = controller;
      self->controller_initialized_ = true;
      self->separate_controller_ = true;
    }
  }
  if (!self->controller_) self->controller_ = query<abi::IEditController>(self->component_.get());

  if (self->separate_controller_) {
    self->component_cp_ = query<abi::IConnectionPoint>(self->component_.get());
    self->controller_cp_ = query<abi::IConnectionPoint>(self->controller_.get());
    if (self->component_cp_ && self->controller_cp_) {
      self->component_cp_->connect(self->controller_cp_.get());
      self->controller_cp_->connect(self->component_cp_.get());
      self->connected_ = true;
    }
  }

  if (self->controller_) {
    if (auto state = self->save_state_checked()) {
      auto stream = make_object<MemoryStream>(*state);
      self->controller_->set_component_state(stream.get());
    }
    self->controller_->set_component_handler(self->handler_.get());
  }

  // Every bus on: the host provides buffers for all of them.
  for (abi::MediaType type : {abi::kAudio, abi::kEvent}) {
    for (abi::BusDirection dir : {abi::kInput, abi::kOutput}) {
      const int n = std::clamp(self->component_->get_bus_count(type, dir), 0, kMaxBuses);
      for (int i = 0; i < n; ++i) self->component_->activate_bus(type, dir, i, 1);
    }
  }
  self->read_arrangements();
  // One queue per parameter, so a host flush of every value fits (instruments add
  // hidden MIDI controller parameters, 16 channels each).
  if (self->controller_) {
    const std::int32_t params = std::clamp(self->controller_->get_parameter_count(), 0, 4096);
    if (params > ParameterChanges::kDefaultQueues) self->in_changes_ = make_object<ParameterChanges>(params);
  }

  auto& c = self->context_;
  c.state = abi::ProcessContext::kPlaying | abi::ProcessContext::kTempoValid | abi::ProcessContext::kTimeSigValid |
            abi::ProcessContext::kProjectTimeMusicValid | abi::ProcessContext::kBarPositionValid |
            abi::ProcessContext::kContTimeValid | abi::ProcessContext::kSystemTimeValid;
  c.sample_rate = self->setup_.sample_rate;
  c.tempo = 120.0;
  c.time_sig_numerator = 4;
  c.time_sig_denominator = 4;
  return self;
}

PluginInstance::~PluginInstance() { shutdown(); }

void PluginInstance::shutdown() noexcept {
  if (component_) deactivate();
  if (connected_) {
    component_cp_->disconnect(controller_cp_.get());
    controller_cp_->disconnect(component_cp_.get());
    connected_ = false;
  }
  component_cp_.reset();
  controller_cp_.reset();
  if (separate_controller_ && controller_initialized_) controller_->terminate();
  controller_initialized_ = false;
  if (component_initialized_) component_->terminate();
  component_initialized_ = false;
  controller_.reset();
  processor_.reset();
  component_.reset();
}

// ---------------------------------------------------------------------------
// Buses

std::vector<BusInfo> PluginInstance::buses(abi::MediaType type, abi::BusDirection dir) const {
  std::vector<BusInfo> out;
  const int n = std::clamp(component_->get_bus_count(type, dir), 0, kMaxBuses);
  for (int i = 0; i < n; ++i) {
    abi::BusInfo raw{};
    if (component_->get_bus_info(type, dir, i, raw) != abi::kResultOk) continue;
    BusInfo info;
    info.name = to_utf8(raw.name, 128);
    info.media_type = raw.media_type;
    info.direction = raw.direction;
    info.channel_count = raw.channel_count;
    info.bus_type = raw.bus_type;
    info.flags = raw.flags;
    out.push_back(std::move(info));
  }
  return out;
}

void PluginInstance::read_arrangements() {
  for (abi::BusDirection dir : {abi::kInput, abi::kOutput}) {
    auto& arr = dir == abi::kInput ? in_arr_ : out_arr_;
    const int n = std::clamp(component_->get_bus_count(abi::kAudio, dir), 0, kMaxBuses);
    arr.assign(static_cast<std::size_t>(n), 0);
    for (int i = 0; i < n; ++i) {
      abi::SpeakerArrangement a = 0;
      if (processor_->get_bus_arrangement(dir, i, a) != abi::kResultOk) {
        abi::BusInfo raw{};
        const int channels = component_->get_bus_info(abi::kAudio, dir, i, raw) == abi::kResultOk
                                 ? std::clamp(raw.channel_count, 0, 64)
                                 : 0;
        a = default_arrangement(channels);
      }
      arr[static_cast<std::size_t>(i)] = a;
    }
  }
  in_silence_.assign(in_arr_.size(), 0);
  allocate_buffers();
}

void PluginInstance::allocate_buffers() {
  const std::size_t frames = static_cast<std::size_t>(std::max(setup_.max_samples_per_block, 1));
  auto make = [frames](const std::vector<abi::SpeakerArrangement>& arrs, std::vector<Bus>& buses) {
    buses.assign(arrs.size(), Bus{});
    for (std::size_t b = 0; b < arrs.size(); ++b) {
      Bus& bus = buses[b];
      bus.channels = abi::channel_count(arrs[b]);
      const auto channels = static_cast<std::size_t>(bus.channels);
      bus.data32.assign(channels * frames, 0.0f);
      bus.data64.assign(channels * frames, 0.0);
      bus.ptr32.resize(std::max<std::size_t>(channels, 1), nullptr);
      bus.ptr64.resize(std::max<std::size_t>(channels, 1), nullptr);
      for (std::size_t c = 0; c < channels; ++c) {
        bus.ptr32[c] = bus.data32.data() + c * frames;
        bus.ptr64[c] = bus.data64.data() + c * frames;
      }
    }
  };
  make(in_arr_, in_buses_);
  make(out_arr_, out_buses_);
  in_abb_.assign(std::max<std::size_t>(in_buses_.size(), 1), abi::AudioBusBuffers{});
  out_abb_.assign(std::max<std::size_t>(out_buses_.size(), 1), abi::AudioBusBuffers{});
}

abi::SpeakerArrangement PluginInstance::arrangement(abi::BusDirection dir, int bus) const {
  const auto& arr = dir == abi::kInput ? in_arr_ : out_arr_;
  if (bus < 0 || static_cast<std::size_t>(bus) >= arr.size()) return 0;
  return arr[static_cast<std::size_t>(bus)];
}

int PluginInstance::channels(abi::BusDirection dir, int bus) const { return abi::channel_count(arrangement(dir, bus)); }

abi::tresult PluginInstance::set_bus_arrangements(std::vector<abi::SpeakerArrangement> inputs,
                                                  std::vector<abi::SpeakerArrangement> outputs) {
  if (active_) return abi::kResultFalse;
  const abi::tresult r = processor_->set_bus_arrangements(
      inputs.empty() ? nullptr : inputs.data(), static_cast<abi::int32>(inputs.size()),
      outputs.empty() ? nullptr : outputs.data(), static_cast<abi::int32>(outputs.size()));
  read_arrangements();
  return r;
}

abi::tresult PluginInstance::activate_bus(abi::MediaType type, abi::BusDirection dir, int index, bool state) {
  return component_->activate_bus(type, dir, index, state ? 1 : 0);
}

// ---------------------------------------------------------------------------
// Processing

bool PluginInstance::can_process_double() const {
  return processor_->can_process_sample_size(abi::kSample64) == abi::kResultOk;
}

abi::tresult PluginInstance::setup(double sample_rate, int max_block, bool double_precision, int process_mode) {
  if (active_) return abi::kResultFalse;
  if (max_block < 0 || !(sample_rate > 0.0)) return abi::kInvalidArgument;
  const std::int32_t size = double_precision ? abi::kSample64 : abi::kSample32;
  const abi::tresult can = processor_->can_process_sample_size(size);
  if (can != abi::kResultOk) return can == abi::kNotImplemented ? can : abi::kNotImplemented;
  abi::ProcessSetup s{process_mode, size, max_block, sample_rate};
  const abi::tresult r = processor_->setup_processing(s);
  if (r != abi::kResultOk) {
    is_setup_ = false;
    return r;
  }
  setup_ = s;
  is_setup_ = true;
  context_.sample_rate = sample_rate;
  allocate_buffers();
  return r;
}

abi::tresult PluginInstance::activate() {
  if (!active_) {
    const abi::tresult r = component_->set_active(1);
    if (r != abi::kResultOk) return r;
    active_ = true;
  }
  if (!processing_) {
    const abi::tresult r = processor_->set_processing(1);
    // set_processing may legitimately answer kNotImplemented.
    if (r != abi::kResultOk && r != abi::kNotImplemented) return r;
    processing_ = true;
  }
  return abi::kResultOk;
}

abi::tresult PluginInstance::deactivate() {
  abi::tresult result = abi::kResultOk;
  if (processing_) {
    const abi::tresult r = processor_->set_processing(0);
    if (r != abi::kResultOk && r != abi::kNotImplemented) result = r;
    processing_ = false;
  }
  if (active_) {
    const abi::tresult r = component_->set_active(0);
    if (r != abi::kResultOk && result == abi::kResultOk) result = r;
    active_ = false;
  }
  return result;
}

abi::tresult PluginInstance::process(int num_samples, std::span<const ParamChange> changes,
                                     std::span<const abi::Event> events) noexcept {
  if (num_samples < 0 || num_samples > std::max(setup_.max_samples_per_block, 0)) return abi::kInvalidArgument;

  in_changes_->clear();
  for (const ParamChange& change : changes) in_changes_->add(change.id, change.sample_offset, change.normalized);
  ComponentHandler::Edit edit{};
  while (handler_->pop_edit(edit)) in_changes_->add(edit.id, 0, edit.value);
  out_changes_->clear();
  in_events_->clear();
  for (const abi::Event& e : events) {
    abi::Event copy = e;
    in_events_->add_event(copy);
  }
  out_events_->clear();

  const bool is64 = setup_.symbolic_sample_size == abi::kSample64;
  auto fill = [&](std::vector<Bus>& buses, std::vector<abi::AudioBusBuffers>& abb, const std::uint64_t* silence) {
    for (std::size_t b = 0; b < buses.size(); ++b) {
      abi::AudioBusBuffers& out = abb[b];
      out.num_channels = buses[b].channels;
      out.silence_flags = silence != nullptr ? silence[b] : 0;
      if (buffer_mode_ == BufferMode::null_channels) {
        out.channel_buffers32 = nullptr;
      } else if (is64) {
        out.channel_buffers64 = buses[b].ptr64.data();
      } else {
        out.channel_buffers32 = buses[b].ptr32.data();
      }
    }
  };
  fill(in_buses_, in_abb_, in_silence_.data());
  fill(out_buses_, out_abb_, nullptr);

  const bool no_buses = buffer_mode_ == BufferMode::no_buses;
  data_.process_mode = setup_.process_mode;
  data_.symbolic_sample_size = setup_.symbolic_sample_size;
  data_.num_samples = num_samples;
  data_.num_inputs = no_buses ? 0 : static_cast<abi::int32>(in_buses_.size());
  data_.num_outputs = no_buses ? 0 : static_cast<abi::int32>(out_buses_.size());
  data_.inputs = no_buses || in_buses_.empty() ? nullptr : in_abb_.data();
  data_.outputs = no_buses || out_buses_.empty() ? nullptr : out_abb_.data();
  data_.input_parameter_changes = in_changes_.get();
  data_.output_parameter_changes = out_changes_.get();
  data_.input_events = in_events_.get();
  data_.output_events = out_events_.get();
  data_.process_context = &context_;

  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  context_.system_time = static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
  const double sr = context_.sample_rate > 0.0 ? context_.sample_rate : 44100.0;
  context_.project_time_music = static_cast<double>(context_.project_time_samples) / sr * context_.tempo / 60.0;
  const double bar = 4.0 * context_.time_sig_numerator / std::max(context_.time_sig_denominator, 1);
  context_.bar_position_music = bar > 0.0 ? std::floor(context_.project_time_music / bar) * bar : 0.0;

  const abi::tresult r = processor_->process(data_);

  if ((context_.state & abi::ProcessContext::kPlaying) != 0) context_.project_time_samples += num_samples;
  context_.continuous_time_samples += num_samples;
  return r;
}

std::span<float> PluginInstance::input(int bus, int channel) noexcept {
  if (bus < 0 || static_cast<std::size_t>(bus) >= in_buses_.size()) return {};
  Bus& b = in_buses_[static_cast<std::size_t>(bus)];
  if (channel < 0 || channel >= b.channels) return {};
  return {b.ptr32[static_cast<std::size_t>(channel)],
          static_cast<std::size_t>(std::max(setup_.max_samples_per_block, 1))};
}

std::span<float> PluginInstance::output(int bus, int channel) noexcept {
  if (bus < 0 || static_cast<std::size_t>(bus) >= out_buses_.size()) return {};
  Bus& b = out_buses_[static_cast<std::size_t>(bus)];
  if (channel < 0 || channel >= b.channels) return {};
  return {b.ptr32[static_cast<std::size_t>(channel)],
          static_cast<std::size_t>(std::max(setup_.max_samples_per_block, 1))};
}

std::span<double> PluginInstance::input64(int bus, int channel) noexcept {
  if (bus < 0 || static_cast<std::size_t>(bus) >= in_buses_.size()) return {};
  Bus& b = in_buses_[static_cast<std::size_t>(bus)];
  if (channel < 0 || channel >= b.channels) return {};
  return {b.ptr64[static_cast<std::size_t>(channel)],
          static_cast<std::size_t>(std::max(setup_.max_samples_per_block, 1))};
}

std::span<double> PluginInstance::output64(int bus, int channel) noexcept {
  if (bus < 0 || static_cast<std::size_t>(bus) >= out_buses_.size()) return {};
  Bus& b = out_buses_[static_cast<std::size_t>(bus)];
  if (channel < 0 || channel >= b.channels) return {};
  return {b.ptr64[static_cast<std::size_t>(channel)],
          static_cast<std::size_t>(std::max(setup_.max_samples_per_block, 1))};
}

void PluginInstance::set_input_silence(int bus, std::uint64_t flags) noexcept {
  if (bus < 0 || static_cast<std::size_t>(bus) >= in_silence_.size()) return;
  in_silence_[static_cast<std::size_t>(bus)] = flags;
}

std::uint64_t PluginInstance::output_silence(int bus) const noexcept {
  if (bus < 0 || static_cast<std::size_t>(bus) >= out_buses_.size()) return 0;
  return out_abb_[static_cast<std::size_t>(bus)].silence_flags;
}

void PluginInstance::clear_inputs() noexcept {
  for (auto& b : in_buses_) {
    std::fill(b.data32.begin(), b.data32.end(), 0.0f);
    std::fill(b.data64.begin(), b.data64.end(), 0.0);
  }
  std::fill(in_silence_.begin(), in_silence_.end(), 0);
}

std::uint32_t PluginInstance::latency_samples() const { return processor_->get_latency_samples(); }

std::uint32_t PluginInstance::tail_samples() const { return processor_->get_tail_samples(); }

// ---------------------------------------------------------------------------
// State

std::optional<std::vector<std::uint8_t>> PluginInstance::save_state_checked() const {
  auto stream = make_object<MemoryStream>();
  if (component_->get_state(stream.get()) != abi::kResultOk) return std::nullopt;
  return stream->data();
}

std::vector<std::uint8_t> PluginInstance::save_state() const {
  auto state = save_state_checked();
  return state ? std::move(*state) : std::vector<std::uint8_t>{};
}

abi::tresult PluginInstance::load_state_result(std::span<const std::uint8_t> bytes) {
  auto stream = make_object<MemoryStream>(bytes);
  const abi::tresult r = component_->set_state(stream.get());
  if (r == abi::kResultOk && controller_) {
    auto again = make_object<MemoryStream>(bytes);
    controller_->set_component_state(again.get());
  }
  return r;
}

bool PluginInstance::load_state(std::span<const std::uint8_t> bytes) {
  return load_state_result(bytes) == abi::kResultOk;
}

std::optional<std::vector<std::uint8_t>> PluginInstance::save_controller_state() const {
  if (!controller_) return std::nullopt;
  auto stream = make_object<MemoryStream>();
  if (controller_->get_state(stream.get()) != abi::kResultOk) return std::nullopt;
  return stream->data();
}

bool PluginInstance::load_controller_state(std::span<const std::uint8_t> bytes) {
  if (!controller_) return false;
  auto stream = make_object<MemoryStream>(bytes);
  return controller_->set_state(stream.get()) == abi::kResultOk;
}

// ---------------------------------------------------------------------------
// Controller helpers

std::vector<ParameterInfo> PluginInstance::parameters() const {
  std::vector<ParameterInfo> out;
  if (!controller_) return out;
  const int n = std::clamp(controller_->get_parameter_count(), 0, 100000);
  for (int i = 0; i < n; ++i) {
    abi::ParameterInfo raw{};
    if (controller_->get_parameter_info(i, raw) != abi::kResultOk) continue;
    ParameterInfo info;
    info.id = raw.id;
    info.title = to_utf8(raw.title, 128);
    info.short_title = to_utf8(raw.short_title, 128);
    info.units = to_utf8(raw.units, 128);
    info.step_count = raw.step_count;
    info.default_normalized = raw.default_normalized_value;
    info.unit_id = raw.unit_id;
    info.flags = raw.flags;
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<ParameterInfo> PluginInstance::parameter(abi::ParamId id) const {
  for (auto& p : parameters()) {
    if (p.id == id) return p;
  }
  return std::nullopt;
}

std::optional<abi::ParamId> PluginInstance::bypass_id() const {
  for (auto& p : parameters()) {
    if (p.is_bypass()) return p.id;
  }
  return std::nullopt;
}

double PluginInstance::get_normalized(abi::ParamId id) const {
  return controller_ ? controller_->get_param_normalized(id) : 0.0;
}

abi::tresult PluginInstance::set_normalized(abi::ParamId id, double value) {
  return controller_ ? controller_->set_param_normalized(id, value) : abi::kNotImplemented;
}

abi::tresult PluginInstance::edit(abi::ParamId id, double value) {
  const abi::tresult r = set_normalized(id, value);
  handler_->push_edit(id, controller_ && r == abi::kResultOk ? controller_->get_param_normalized(id) : value);
  return r;
}

std::optional<std::string> PluginInstance::value_to_string(abi::ParamId id, double normalized) const {
  if (!controller_) return std::nullopt;
  abi::String128 text{};
  if (controller_->get_param_string_by_value(id, normalized, text) != abi::kResultOk) return std::nullopt;
  return to_utf8(text, 128);
}

std::optional<double> PluginInstance::string_to_value(abi::ParamId id, const std::string& text) const {
  if (!controller_) return std::nullopt;
  std::u16string wide = to_utf16(text);
  std::vector<abi::char16> buffer(wide.begin(), wide.end());
  buffer.push_back(0);
  double value = 0.0;
  if (controller_->get_param_value_by_string(id, buffer.data(), value) != abi::kResultOk) return std::nullopt;
  return value;
}

double PluginInstance::normalized_to_plain(abi::ParamId id, double normalized) const {
  return controller_ ? controller_->normalized_param_to_plain(id, normalized) : normalized;
}

double PluginInstance::plain_to_normalized(abi::ParamId id, double plain) const {
  return controller_ ? controller_->plain_param_to_normalized(id, plain) : plain;
}

}  // namespace plinth::host
