#pragma once
// The plugin base. A plugin author writes one class:
//
//   class Gain : public plinth::Plugin<Gain> {
//   public:
//     static constexpr plinth::PluginInfo info{ .name = "Gain", ... };
//     plinth::Param& gain = declare(plinth::ParamSpec::decibel(1, "Gain", -60, 24, 0));
//     template <std::floating_point T> void process(const plinth::ProcessBlock<T>& block);
//   };
//   static const plinth::Export<Gain> exported;
//
// and the framework derives the rest: parameter list, bypass, sample-accurate
// automation (blocks are split at automation points), silence handling, state, and,
// through the bridge, the VST 3 factory, processor and controller.

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <concepts>
#include <functional>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "plinth/core/bus.h"
#include "plinth/core/bypass_fader.h"
#include "plinth/core/debug_log.h"
#include "plinth/core/message_queue.h"
#include "plinth/core/note_expression.h"
#include "plinth/dsp/denormal.h"
#include "plinth/core/param.h"
#include "plinth/core/probe.h"
#include "plinth/core/process_context.h"
#include "plinth/core/program.h"

namespace plinth {

// What a plugin may add to its editor (plinth/ui/custom_view.h); opaque to the core.
struct EditorHooks;

struct PluginInfo {
  std::string_view name;
  std::string_view vendor;
  std::string_view version = "1.0.0";
  std::string_view url;
  std::string_view email;
  std::string_view processor_id;       // 32 hex digits, unique to this plugin
  std::string_view controller_id;      // 32 hex digits, unique to this plugin's controller
  std::string_view categories = "Fx";  // "Fx|EQ", "Fx|Dynamics", "Instrument|Synth"...

  [[nodiscard]] constexpr bool is_instrument() const noexcept {
    return categories.find("Instrument") != std::string_view::npos;
  }
};

struct Setup {
  double sample_rate = 48000.0;
  int max_block_size = 1024;
  bool offline = false;
};

// Tail length meaning "output may continue forever without input" (instruments).
inline constexpr int infinite_tail = std::numeric_limits<int>::max();

// The format-neutral interface the bridge drives. Plugins derive from Plugin<D>.
class PluginCore {
public:
  virtual ~PluginCore() = default;
  PluginCore(const PluginCore&) = delete;
  PluginCore& operator=(const PluginCore&) = delete;

  [[nodiscard]] virtual const PluginInfo& info() const noexcept = 0;

  // Called once by the factory after construction: adds the bypass parameter to
  // effects and checks the declarations. Returns what is wrong, empty if fine.
  std::string finalize();

  // ---- parameters (any thread may read and set values) ----
  [[nodiscard]] std::span<Param* const> params() const noexcept { return param_list_; }
  [[nodiscard]] Param* find_param(ParamId id) const noexcept;
  [[nodiscard]] Param* bypass_param() const noexcept { return bypass_; }

  // ---- parameter groups and factory programs (program.h, program.cpp) ----
  [[nodiscard]] std::span<const Group> groups() const noexcept { return groups_; }
  [[nodiscard]] std::span<const Program> factory_programs() const noexcept { return programs_; }
  // The program-change parameter (a list of the program names), null without programs.
  [[nodiscard]] Param* program_param() const noexcept { return program_param_; }
  // Sets the program-change parameter; when that selects another program, sets every
  // value of that program too and returns true. No allocation or lock, so the audio
  // thread may call it (with `audio_thread`: smoothers retarget at once).
  bool change_program(double normalized, bool audio_thread) noexcept;

  // ---- MIDI controllers (VST 3 maps them onto hidden parameters with IMidiMapping;
  // process() sees them as Event::Type::controller events) ----
  // The controller numbers (midi::, 0..129) the plugin asked for, on all 16 channels.
  [[nodiscard]] std::span<const int> midi_controller_numbers() const noexcept { return midi_numbers_; }
  // The hidden parameter that carries `number` on `channel`.
  static constexpr ParamId midi_param_id(int channel, int number) noexcept {
    return midi_param_base | (static_cast<ParamId>(channel) << 8) | static_cast<ParamId>(number);
  }
  static constexpr bool is_midi_param(ParamId id) noexcept { return (id & 0xffff0000u) == midi_param_base; }
  static constexpr ParamId midi_param_base = 0x7ffe0000;

  // ---- note expression (values reach process() as Event::Type::note_expression) ----
  [[nodiscard]] std::span<const Expression> note_expression_types() const noexcept { return expressions_; }
  [[nodiscard]] const PhysicalControls& physical_controls() const noexcept { return physical_controls_; }

  // ---- buses (main thread, while not prepared) ----
  [[nodiscard]] const BusSpecs& bus_specs() const noexcept { return bus_specs_; }
  [[nodiscard]] const BusLayouts& layouts() const noexcept { return layouts_; }
  bool set_layouts(std::span<const ChannelLayout> inputs, std::span<const ChannelLayout> outputs);

  // ---- lifecycle (main thread) ----
  // Takes all memory the audio path will need. False (and unprepared) on bad setup.
  bool setup_processing(const Setup& setup);
  void release_processing() noexcept { prepared_ = false; }
  [[nodiscard]] bool is_prepared() const noexcept { return prepared_; }
  [[nodiscard]] const Setup& setup() const noexcept { return setup_; }

  // ---- audio thread ----
  virtual ProcessStatus process_host(HostBlock<float>& block) noexcept = 0;
  virtual ProcessStatus process_host(HostBlock<double>& block) noexcept = 0;
  // Clears DSP state and jumps smoothers to their targets.
  void reset_processing() noexcept;

  // ---- messages between the two halves (the processor's and the controller's instance
  // of the plugin class, which may live in different processes) ----
  // Audio thread, processor side: queue bytes for the controller side's
  // on_processor_message. Never blocks; false when the queue (64 KiB) is full. The
  // controller collects them on its UI thread (see the bridge's controller).
  bool send_to_controller(std::span<const std::uint8_t> bytes) noexcept { return to_controller_.push(bytes); }
  // Main thread, controller side: bytes for the processor side's on_controller_message
  // (a wavetable a user loaded, say; hand it on to the audio thread with plinth::Handoff).
  void send_to_processor(std::span<const std::uint8_t> bytes) {
    if (processor_sink_) processor_sink_(bytes);
  }
  virtual void on_controller_message(std::span<const std::uint8_t> /*bytes*/) {}  // processor side, main thread
  virtual void on_processor_message(std::span<const std::uint8_t> /*bytes*/) {}   // controller side, main thread
  // Controller side, main thread, each time an editor opens: add custom views to it.
  virtual void customize_editor(EditorHooks& /*editor*/) {}
  // Bridge use: the audio thread's outgoing queue, and where send_to_processor goes.
  MessageQueue& messages_to_controller() noexcept { return to_controller_; }
  void set_processor_sink(std::function<void(std::span<const std::uint8_t>)> sink) {
    processor_sink_ = std::move(sink);
  }

  // The instance's timing probes (probe.h), for the bridge to report to a host.
  [[nodiscard]] ProbeTable& probe_table() noexcept { return probes_; }

  // Optional: override in the plugin.
  // Latency may depend on parameter values (an oversampling factor, a look-ahead time);
  // it is read on any thread, so compute it from atomics (Param values) only. When it
  // changes, the controller asks the host to restart the component.
  [[nodiscard]] virtual int latency_samples() const noexcept { return 0; }
  // The most latency_samples() can report, for sizing the bypass's dry delay at prepare.
  [[nodiscard]] virtual int max_latency_samples() const noexcept { return latency_samples(); }
  [[nodiscard]] virtual int tail_samples() const noexcept { return info().is_instrument() ? infinite_tail : 0; }
  // Plugin-defined state beyond parameter values (main thread).
  virtual void save_extra(std::vector<std::uint8_t>& /*out*/) const {}
  // Return false to reject the data; the current state must then stay as it was.
  virtual bool load_extra(std::span<const std::uint8_t> data) { return data.empty(); }

protected:
  PluginCore() = default;

  // The debug log (debug_log.h), any thread, the audio thread included:
  // `log.info("cutoff {} Hz", f);`. Written where PLINTH_LOG says, off the audio thread.
  Logger log;

  // A timing probe over the rest of the scope (probe.h): `auto p = probe("filter");`.
  // Audio thread: no lock, allocation or wait. Nothing at all with PLINTH_PROBES=0.
  [[nodiscard]] ProbeScope probe(ProbeName name) noexcept PLINTH_NONBLOCKING {
#if PLINTH_PROBES
    return ProbeScope(probes_.find(name));
#else
    (void)name;
    return ProbeScope{};
#endif
  }

  // For field initializers in the plugin: `Param& gain = declare(ParamSpec::...);`
  Param& declare(ParamSpec spec);
  void set_bus_specs(BusSpecs specs);
  // `const plinth::Group filter = declare_group(1, "Filter");` (parent: another group).
  Group declare_group(std::int32_t id, std::string name, std::int32_t parent = 0);
  // In the plugin's constructor: `programs({{"Init", {}}, {"Slow", {{"Attack", 50.0}}}});`
  void programs(std::vector<Program> list) { programs_ = std::move(list); }
  // In the constructor of a plugin with an event input: the MIDI controllers it wants as
  // events (midi::pitch_bend, midi::sustain, 74, ...). Without this call: mod wheel,
  // sustain, channel pressure and pitch bend. `midi_controllers({})` asks for none.
  void midi_controllers(std::vector<int> numbers) {
    midi_numbers_ = std::move(numbers);
    midi_numbers_set_ = true;
  }

  // In the constructor of a plugin with an event input: the note expression types its
  // voices answer, offered to the host (`note_expressions(plinth::standard_expressions)`),
  // and what an expressive keyboard's key movements and pressure should drive.
  void note_expressions(std::span<const Expression> types, PhysicalControls controls = {}) {
    expressions_.assign(types.begin(), types.end());
    physical_controls_ = controls;
  }

  virtual void on_prepare(const Setup& setup) = 0;
  virtual void on_reset() noexcept = 0;

  // Splits the host block at automation points, handles bypass and silence, and calls
  // `process_part` for each part. Shared by float and double; no allocation.
  template <std::floating_point T, class ProcessPart>
  ProcessStatus run(HostBlock<T>& host, ProcessPart&& process_part) noexcept;

private:
  template <std::floating_point T>
  struct Scratch;
  template <std::floating_point T>
  Scratch<T>& scratch() noexcept;

  void apply_point(const ParamPoint& point) noexcept;
  std::string finalize_programs();
  template <std::floating_point T>
  void report_outputs(HostBlock<T>& host) noexcept;
  void sort_points(std::span<ParamPoint> points) noexcept;
  template <std::floating_point T>
  void build_views(HostBlock<T>& host, int start, int length) noexcept;
  template <std::floating_point T>
  void bypass_part(int length) noexcept;
  template <std::floating_point T>
  static void write_silence(HostBlock<T>& host) noexcept;

  template <std::floating_point T>
  struct Scratch {
    BypassFader<T> fader;      // click-free, latency-aligned bypass of the main bus
    std::vector<T> zeros;      // stands in for input channels the host did not supply
    std::vector<T> discard;    // takes writes to output channels the host did not supply
    std::vector<T*> pointers;  // channel pointers of the current part, all buses
    std::vector<AudioBuffer<T>> inputs;
    std::vector<AudioBuffer<T>> outputs;
  };

  std::vector<std::unique_ptr<Param>> params_;
  std::vector<Param*> param_list_;
  std::vector<std::pair<ParamId, Param*>> params_by_id_;  // sorted by id
  Param* bypass_ = nullptr;
  std::vector<Group> groups_;
  std::vector<Program> programs_;
  std::vector<ProgramValues> program_values_;  // per program, resolved at finalize
  Param* program_param_ = nullptr;
  BusSpecs bus_specs_;
  BusLayouts layouts_;
  Setup setup_;
  bool prepared_ = false;
  bool bus_specs_set_ = false;
  std::int64_t silent_input_run_ = 0;  // samples of silent input in a row
  std::vector<Param*> outputs_;        // read-only parameters, reported to the host
  std::vector<double> outputs_sent_;   // audio thread: the last value reported of each (NaN: none yet)
  MessageQueue to_controller_;
  ProbeTable probes_;
  std::function<void(std::span<const std::uint8_t>)> processor_sink_;
  std::atomic<std::uint32_t> param_changes_{0};  // bumped by every parameter change
  std::uint32_t param_changes_seen_ = ~0u;       // audio thread: the count at the last retarget
  std::vector<Event> part_events_;
  std::vector<Event> controller_events_;  // audio thread: this block's controller points as events
  std::vector<Event> merged_events_;      // audio thread: host events and controller events in order
  std::vector<int> midi_numbers_;
  bool midi_numbers_set_ = false;
  std::vector<Expression> expressions_;
  PhysicalControls physical_controls_;
  std::string finalize_midi();
  std::span<const Event> take_controllers(HostBlock<float>& host) noexcept { return take_controller_points(host.param_points, host.events, host.num_samples); }
  std::span<const Event> take_controllers(HostBlock<double>& host) noexcept { return take_controller_points(host.param_points, host.events, host.num_samples); }
  // Moves the points of MIDI controller parameters out of `points` (shrinking it) and
  // returns the host's events merged with them (controllers first at one offset).
  std::span<const Event> take_controller_points(std::span<ParamPoint>& points, std::span<const Event> events,
                                                int num_samples) noexcept;
  Scratch<float> scratch_f_;
  Scratch<double> scratch_d_;
};

// CRTP base: the plugin's own process() is a template over the sample type; this
// turns it into the two virtual entry points the bridge calls.
template <class Derived>
class Plugin : public PluginCore {
public:
  [[nodiscard]] const PluginInfo& info() const noexcept final { return Derived::info; }

  // Denormals are flushed to zero for the whole call (and the host's mode restored
  // after it), so no plugin slows down on decaying input: every plugin, no opt-in.
  ProcessStatus process_host(HostBlock<float>& block) noexcept final {
    const dsp::ScopedNoDenormals no_denormals;
    return run(block, [this](const ProcessBlock<float>& b) { self().process(b); });
  }
  ProcessStatus process_host(HostBlock<double>& block) noexcept final {
    const dsp::ScopedNoDenormals no_denormals;
    return run(block, [this](const ProcessBlock<double>& b) { self().process(b); });
  }

  // Defaults the plugin may hide with its own.
  void prepare(const Setup& /*setup*/) {}
  void reset() noexcept {}

protected:
  Plugin() {
    if constexpr (requires { Derived::buses(); }) {
      set_bus_specs(Derived::buses());
    } else if constexpr (Derived::info.is_instrument()) {
      set_bus_specs(BusSpecs::instrument());
    } else {
      set_bus_specs(BusSpecs::effect());
    }
  }

private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  void on_prepare(const Setup& setup) final { self().prepare(setup); }
  void on_reset() noexcept final { self().reset(); }
};

// ---- registration: `static const plinth::Export<MyPlugin> exported;` ----

struct PluginEntry {
  const PluginInfo* info;
  std::unique_ptr<PluginCore> (*create)();  // null result: declarations were invalid
};

// Every plugin this module exports, in registration order.
std::span<const PluginEntry> registered_plugins() noexcept;
void register_plugin(PluginEntry entry);
// Creates and finalizes; prints what is wrong and returns null if invalid.
std::unique_ptr<PluginCore> create_checked(std::unique_ptr<PluginCore> plugin);

template <class P>
struct Export {
  Export() {
    register_plugin({&P::info, [] { return create_checked(std::make_unique<P>()); }});
  }
};

// ======================= implementation of the template parts =======================

// True when no sample of the first n of `count` channels is NaN or infinite (null
// channels skipped): a read-only pass over the bits that vectorizes, built for AVX2 too
// and picked at load time where the CPU has it (plugin.cpp).
bool all_finite(const float* const* channels, int count, int n) noexcept;
bool all_finite(const double* const* channels, int count, int n) noexcept;
template <std::floating_point T>
bool all_finite(const T* x, int n) noexcept {
  return all_finite(&x, 1, n);
}

template <std::floating_point T>
PluginCore::Scratch<T>& PluginCore::scratch() noexcept {
  if constexpr (std::same_as<T, float>)
    return scratch_f_;
  else
    return scratch_d_;
}

template <std::floating_point T>
void PluginCore::write_silence(HostBlock<T>& host) noexcept {
  for (auto& bus : host.outputs) {
    if (bus.channels != nullptr)
      for (int c = 0; c < bus.num_channels; ++c)
        if (bus.channels[c] != nullptr) std::fill_n(bus.channels[c], host.num_samples, T(0));
    bus.silence_flags = bus.num_channels >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bus.num_channels) - 1;
  }
}

template <std::floating_point T>
void PluginCore::build_views(HostBlock<T>& host, int start, int length) noexcept {
  Scratch<T>& s = scratch<T>();
  T** next = s.pointers.data();
  // Each bus's view: the host's channels offset to the part, or a stand-in (silence to
  // read, a sink to write) for a channel the host did not supply or a bus it left off.
  auto view = [&next, start, length](std::span<HostBus<T>> host_buses, std::size_t bus, ChannelLayout layout,
                                     T* stand_in) {
    T** first = next;
    const int n = channel_count(layout);
    int supplied = 0;
    T* const* from = nullptr;
    if (bus < host_buses.size() && host_buses[bus].active && host_buses[bus].channels != nullptr) {
      from = host_buses[bus].channels;
      supplied = std::min(n, host_buses[bus].num_channels);
    }
    // The usual case first, as a loop with an exit (so not vectorized: a vector prologue
    // costs more than the two to eight pointers copied); then what the host left out.
    int c = 0;
    for (; c < supplied && from[c] != nullptr; ++c) next[c] = from[c] + start;
    for (; c < n; ++c) next[c] = c < supplied && from[c] != nullptr ? from[c] + start : stand_in;
    next += n;
    return AudioBuffer<T>{std::span<T* const>(first, static_cast<std::size_t>(n)), length};
  };
  for (std::size_t b = 0; b < s.inputs.size(); ++b)
    s.inputs[b] = view(host.inputs, b, layouts_.inputs[b], s.zeros.data());
  for (std::size_t b = 0; b < s.outputs.size(); ++b)
    s.outputs[b] = view(host.outputs, b, layouts_.outputs[b], s.discard.data());
}

template <std::floating_point T>
void PluginCore::bypass_part(int length) noexcept {
  // The main output is the dry signal (delayed by the latency); other buses are silent.
  Scratch<T>& s = scratch<T>();
  for (std::size_t b = 0; b < s.outputs.size(); ++b) {
    const AudioBuffer<T>& out = s.outputs[b];
    if (b == 0) {
      s.fader.write_dry(out, length);
      continue;
    }
    for (int c = 0; c < out.num_channels(); ++c) std::fill_n(out.channels[static_cast<std::size_t>(c)], length, T(0));
  }
}

template <std::floating_point T>
void PluginCore::report_outputs(HostBlock<T>& host) noexcept {
  host.output_count = 0;
  const int last = std::max(0, host.num_samples - 1);
  for (std::size_t k = 0; k < outputs_.size() && host.output_count < host.output_points.size(); ++k) {
    const double n = outputs_[k]->normalized();
    if (n == outputs_sent_[k]) continue;  // unchanged since the last report (NaN never equals)
    outputs_sent_[k] = n;
    host.output_points[host.output_count++] = {outputs_[k]->id(), last, n};
  }
}

template <std::floating_point T, class ProcessPart>
ProcessStatus PluginCore::run(HostBlock<T>& host, ProcessPart&& process_part) noexcept {
  if (host.num_samples < 0) return ProcessStatus::invalid_argument;
  if (!prepared_) {
    write_silence(host);
    return ProcessStatus::not_prepared;
  }

  // Automation: points at or after the block end count at its last sample.
  if (host.param_points.size() > 1) sort_points(host.param_points);
  host.output_event_count = 0;
  // MIDI controllers arrive as parameter points; they become events, not block splits.
  const std::span<const Event> events =
      midi_numbers_.empty() || host.param_points.empty() ? host.events : take_controllers(host);
  // Main-thread changes: one load tells whether any parameter moved since the last block.
  if (const std::uint32_t changes = param_changes_.load(std::memory_order_acquire); changes != param_changes_seen_) {
    param_changes_seen_ = changes;
    for (Param* p : param_list_) p->retarget();
  }

  if (host.num_samples == 0) {  // a parameter flush: values only, no audio
    for (const ParamPoint& point : host.param_points) apply_point(point);
    report_outputs(host);
    return ProcessStatus::ok;
  }

  // Silence in, silence out, once any tail has rung out.
  bool inputs_silent = true;
  for (const auto& bus : host.inputs) {
    if (!bus.active || bus.channels == nullptr || bus.num_channels == 0) continue;
    const std::uint64_t all = bus.num_channels >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bus.num_channels) - 1;
    if ((bus.silence_flags & all) != all) inputs_silent = false;
  }
  silent_input_run_ = inputs_silent ? silent_input_run_ + host.num_samples : 0;
  // Tail and latency are asked only when the input is silent (they are virtual calls).
  if (inputs_silent && host.param_points.empty() && events.empty() && bus_specs_.event_outputs == 0 &&
      tail_samples() != infinite_tail &&
      silent_input_run_ - host.num_samples >= static_cast<std::int64_t>(tail_samples()) + latency_samples()) {
    write_silence(host);
    for (Param* p : param_list_) p->skip_smoothing(host.num_samples);
    if (bypass_ != nullptr) scratch<T>().fader.clear_history();
    report_outputs(host);
    return ProcessStatus::ok;
  }

  Scratch<T>& s = scratch<T>();
  // One virtual call a block, and only for plugins with a bypass (the dry path's delay).
  const int latency = bypass_ != nullptr ? latency_samples() : 0;
  std::size_t next_point = 0;
  std::size_t next_event = 0;
  int start = 0;
  while (start < host.num_samples) {
    // Apply every point due now, then run up to the next one (or the part limit).
    while (next_point < host.param_points.size() && host.param_points[next_point].sample_offset <= start)
      apply_point(host.param_points[next_point++]);
    int end = std::min(host.num_samples, start + setup_.max_block_size);
    if (next_point < host.param_points.size())
      end = std::min(end, static_cast<int>(host.param_points[next_point].sample_offset));
    const int length = end - start;

    std::size_t event_count = 0;
    while (next_event < events.size() && events[next_event].sample_offset < end) {
      if (event_count < part_events_.size()) {
        Event e = events[next_event];
        e.sample_offset = std::max(0, e.sample_offset - start);
        part_events_[event_count++] = e;
      }
      ++next_event;
    }

    build_views(host, start, length);
    BypassFader<T>* fader = bypass_ != nullptr ? &s.fader : nullptr;
    if (fader != nullptr) {
      fader->set_bypassed(bypass_->is_on());
      if (!s.inputs.empty()) fader->capture(s.inputs[0], length, latency);
    }
    // The plugin runs while bypassed too: its delay lines, tails and smoothers stay
    // current, so coming back from bypass fades into its present output, not into stale
    // state. Bypassed, its output is then replaced by the (latency-delayed) dry signal.
    ProcessBlock<T> part;
    part.inputs = s.inputs;
    part.outputs = s.outputs;
    part.events = std::span<const Event>(part_events_.data(), event_count);
    if (!host.output_events.empty()) part.output = EventOutput(host.output_events, start, length, &host.output_event_count);
    part.transport = host.transport;
    part.num_samples = length;
    part.sample_rate = setup_.sample_rate;
    part.first_sample = start;
    process_part(part);
    if (fader != nullptr) {
      if (fader->fully_dry())
        bypass_part<T>(length);
      else if (fader->fading())
        fader->mix(s.outputs, length);
    }
    start = end;
  }
  while (next_point < host.param_points.size()) apply_point(host.param_points[next_point++]);
  report_outputs(host);

  // Safe output: a plugin bug or NaN input never reaches the host's mix bus, and channels
  // or buses the host supplied beyond the negotiated layout are silence, not stale memory.
  for (std::size_t b = 0; b < host.outputs.size(); ++b) {
    auto& bus = host.outputs[b];
    bus.silence_flags = 0;
    if (bus.channels == nullptr) continue;
    const int ours = std::min(bus.num_channels, b < layouts_.outputs.size() ? channel_count(layouts_.outputs[b]) : 0);
    for (int c = ours; c < bus.num_channels; ++c)
      if (bus.channels[c] != nullptr) std::fill_n(bus.channels[c], host.num_samples, T(0));
    // One scan of the whole bus; the scrub only when something is not finite.
    if (!all_finite(bus.channels, ours, host.num_samples))
      for (int c = 0; c < ours; ++c)
        if (T* x = bus.channels[c]; x != nullptr)
          for (int i = 0; i < host.num_samples; ++i)
            if (!std::isfinite(x[i])) x[i] = T(0);
  }
  return ProcessStatus::ok;
}

}  // namespace plinth
