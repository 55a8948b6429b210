#include "plinth/core/plugin.h"

#include "plinth/dsp/buffer.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace plinth {

namespace {
constexpr std::size_t max_events_per_part = 2048;
constexpr std::size_t max_controller_events = 4096;  // per block
constexpr std::size_t max_merged_events = 8192;
// Bypass crossfades over this long: short enough to feel instant, long enough not to click.
constexpr double bypass_fade_seconds = 0.010;

bool is_hex_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}
}  // namespace

Param& PluginCore::declare(ParamSpec spec) {
  params_.push_back(std::make_unique<Param>(std::move(spec)));
  // Output parameters change every block on the audio thread; they need no retarget.
  if (!params_.back()->spec().flags.read_only) params_.back()->count_changes_in(&param_changes_);
  param_list_.push_back(params_.back().get());
  return *params_.back();
}

void PluginCore::set_bus_specs(BusSpecs specs) {
  bus_specs_ = std::move(specs);
  layouts_ = BusLayouts::defaults_of(bus_specs_);
  bus_specs_set_ = true;
}

std::string PluginCore::finalize() {
  const PluginInfo& i = info();
  if (i.name.empty()) return "the plugin has no name";
  log.set_source(i.name.data(), next_log_instance());  // info is static: its name outlives the log
  if (!is_hex_id(i.processor_id)) return "processor_id must be 32 hex digits";
  if (!is_hex_id(i.controller_id)) return "controller_id must be 32 hex digits";
  if (i.processor_id == i.controller_id) return "processor_id and controller_id must differ";
  for (const auto& bus : bus_specs_.inputs)
    if (bus.layouts.empty()) return "input bus '" + bus.name + "' accepts no layout";
  for (const auto& bus : bus_specs_.outputs)
    if (bus.layouts.empty()) return "output bus '" + bus.name + "' accepts no layout";
  if (bus_specs_.inputs.size() > 16 || bus_specs_.outputs.size() > 16) return "at most 16 buses each way";

  if (!i.is_instrument() && bypass_ == nullptr) {
    ParamSpec spec = ParamSpec::boolean(bypass_param_id, "Bypass", false);
    spec.flags.bypass = true;
    bypass_ = &declare(std::move(spec));
  }
  if (std::string problem = finalize_midi(); !problem.empty()) return problem;
  if (std::string problem = finalize_programs(); !problem.empty()) return problem;
  params_by_id_.clear();
  for (Param* p : param_list_) {
    if (std::string problem = p->spec().check(); !problem.empty()) return problem;
    params_by_id_.emplace_back(p->id(), p);
  }
  std::sort(params_by_id_.begin(), params_by_id_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 1; k < params_by_id_.size(); ++k)
    if (params_by_id_[k].first == params_by_id_[k - 1].first)
      return "two parameters share the id " + std::to_string(params_by_id_[k].first);

  outputs_.clear();
  for (Param* p : param_list_)
    if (p->spec().flags.read_only) outputs_.push_back(p);
  outputs_sent_.assign(outputs_.size(), std::numeric_limits<double>::quiet_NaN());
  part_events_.resize(max_events_per_part);
  controller_events_.resize(midi_numbers_.empty() ? 0 : max_controller_events);
  merged_events_.resize(midi_numbers_.empty() ? 0 : max_merged_events);
  to_controller_.resize(64 * 1024);
  auto size_pointers = [this](auto& s) {
    std::size_t channels = 0;
    for (const auto& b : bus_specs_.inputs) channels += static_cast<std::size_t>(b.max_channels());
    for (const auto& b : bus_specs_.outputs) channels += static_cast<std::size_t>(b.max_channels());
    s.pointers.assign(channels, nullptr);
    s.inputs.resize(bus_specs_.inputs.size());
    s.outputs.resize(bus_specs_.outputs.size());
  };
  size_pointers(scratch_f_);
  size_pointers(scratch_d_);
  return {};
}

std::string PluginCore::finalize_midi() {
  if (bus_specs_.event_inputs > 1 || bus_specs_.event_outputs > 1) return "at most one event bus each way";
  if (bus_specs_.event_inputs == 0) {
    if (midi_numbers_set_ && !midi_numbers_.empty()) return "MIDI controllers need an event input bus";
    if (!expressions_.empty()) return "note expressions need an event input bus";
    midi_numbers_.clear();
    return {};
  }
  if (!midi_numbers_set_) midi_numbers_ = {midi::mod_wheel, midi::sustain, midi::channel_pressure, midi::pitch_bend};
  std::sort(midi_numbers_.begin(), midi_numbers_.end());
  midi_numbers_.erase(std::unique(midi_numbers_.begin(), midi_numbers_.end()), midi_numbers_.end());
  for (std::size_t k = 0; k < expressions_.size(); ++k)
    if (std::find(expressions_.begin(), expressions_.begin() + static_cast<std::ptrdiff_t>(k), expressions_[k]) !=
        expressions_.begin() + static_cast<std::ptrdiff_t>(k))
      return "note expression " + std::to_string(static_cast<int>(expressions_[k])) + " declared twice";
  for (int number : midi_numbers_) {
    if (number < 0 || number >= midi::controller_count)
      return "MIDI controller " + std::to_string(number) + " is not 0..129";
    const std::string what = number == midi::pitch_bend         ? "Pitch Bend"
                             : number == midi::channel_pressure ? "Channel Pressure"
                                                                : "CC " + std::to_string(number);
    // Hidden and not automatable: hosts record MIDI as MIDI; these only carry it in.
    for (int channel = 0; channel < 16; ++channel) {
      ParamSpec spec =
          ParamSpec::linear(midi_param_id(channel, number), "MIDI " + what + " Ch " + std::to_string(channel + 1), 0.0,
                            1.0, number == midi::pitch_bend ? 0.5 : 0.0);
      spec.flags.hidden = true;
      spec.flags.automatable = false;
      // Not counted as a change: a bend or a pedal must not retarget every parameter.
      declare(std::move(spec)).count_changes_in(nullptr);
    }
  }
  return {};
}

std::span<const Event> PluginCore::take_controller_points(std::span<ParamPoint>& points, std::span<const Event> events,
                                                          int num_samples) noexcept {
  std::size_t kept = 0;
  std::size_t controllers = 0;
  const int last = std::max(0, num_samples - 1);
  for (const ParamPoint& p : points) {
    if (!is_midi_param(p.id)) {
      points[kept++] = p;
      continue;
    }
    if (Param* param = find_param(p.id)) param->set_normalized(p.normalized);  // the value is state too
    if (controllers == controller_events_.size()) continue;
    controller_events_[controllers++] =
        Event::controller(std::clamp(p.sample_offset, 0, last), static_cast<int>(p.id & 0xff), p.normalized,
                          static_cast<int>((p.id >> 8) & 0x0f));
  }
  points = points.first(kept);
  if (controllers == 0) return events;
  // Points are sorted by offset; events are too. Merge, controllers first at one offset.
  std::size_t a = 0, b = 0, n = 0;
  while ((a < controllers || b < events.size()) && n < merged_events_.size()) {
    if (b == events.size() || (a < controllers && controller_events_[a].sample_offset <= events[b].sample_offset))
      merged_events_[n++] = controller_events_[a++];
    else
      merged_events_[n++] = events[b++];
  }
  return {merged_events_.data(), n};
}

Param* PluginCore::find_param(ParamId id) const noexcept {
  auto it = std::lower_bound(params_by_id_.begin(), params_by_id_.end(), id,
                             [](const auto& entry, ParamId key) { return entry.first < key; });
  return it != params_by_id_.end() && it->first == id ? it->second : nullptr;
}

bool PluginCore::set_layouts(std::span<const ChannelLayout> inputs, std::span<const ChannelLayout> outputs) {
  const bool effect = !info().is_instrument();
  if (!layouts_acceptable(bus_specs_, inputs, outputs, effect)) return false;
  layouts_.inputs.assign(inputs.begin(), inputs.end());
  layouts_.outputs.assign(outputs.begin(), outputs.end());
  return true;
}

bool PluginCore::setup_processing(const Setup& setup) {
  prepared_ = false;
  if (!(setup.sample_rate >= 1000.0 && setup.sample_rate <= 10'000'000.0)) return false;
  if (setup.max_block_size <= 0 || setup.max_block_size > (1 << 20)) return false;
  setup_ = setup;
  const auto n = static_cast<std::size_t>(setup.max_block_size);
  scratch_f_.zeros.assign(n, 0.0f);
  scratch_f_.discard.assign(n, 0.0f);
  scratch_d_.zeros.assign(n, 0.0);
  scratch_d_.discard.assign(n, 0.0);
  for (Param* p : param_list_) p->prepare_smoothing(setup.sample_rate, setup.max_block_size);
  on_prepare(setup);
  if (bypass_ != nullptr) {
    // After on_prepare: the plugin's latency may depend on what it prepared.
    const int channels = bus_specs_.outputs.empty() ? 0 : bus_specs_.outputs[0].max_channels();
    const int max_latency = std::max({0, latency_samples(), max_latency_samples()});
    const int fade = static_cast<int>(setup.sample_rate * bypass_fade_seconds);
    scratch_f_.fader.prepare(channels, setup.max_block_size, max_latency, fade);
    scratch_d_.fader.prepare(channels, setup.max_block_size, max_latency, fade);
  }
  silent_input_run_ = 0;
  prepared_ = true;
  return true;
}

void PluginCore::reset_processing() noexcept {
  param_changes_seen_ = param_changes_.load(std::memory_order_acquire);
  for (Param* p : param_list_) p->snap();
  const bool bypassed = bypass_ != nullptr && bypass_->is_on();
  scratch_f_.fader.reset(bypassed);
  scratch_d_.fader.reset(bypassed);
  std::fill(outputs_sent_.begin(), outputs_sent_.end(), std::numeric_limits<double>::quiet_NaN());
  silent_input_run_ = 0;
  on_reset();
}

void PluginCore::apply_point(const ParamPoint& point) noexcept {
  Param* p = find_param(point.id);
  if (p == nullptr || p->spec().flags.read_only) return;
  if (p == program_param_) {
    change_program(point.normalized, true);
    return;
  }
  p->set_normalized(point.normalized);
  p->retarget();
}

void PluginCore::sort_points(std::span<ParamPoint> points) noexcept {
  // Allocation-free. Insertion sort for the usual handful keeps it stable (a later
  // point for one parameter at one offset wins); floods of points use std::sort, where
  // such exact duplicates may land in either order. A program change goes first at its
  // offset, so values sent with it land on top of the program instead of under it.
  const auto program_first = [](const ParamPoint& a, const ParamPoint& b) {
    return a.id == program_param_id && b.id != program_param_id;
  };
  if (points.size() <= 64) {
    for (std::size_t i = 1; i < points.size(); ++i) {
      const ParamPoint key = points[i];
      std::size_t j = i;
      while (j > 0 && (points[j - 1].sample_offset > key.sample_offset ||
                       (points[j - 1].sample_offset == key.sample_offset && program_first(key, points[j - 1])))) {
        points[j] = points[j - 1];
        --j;
      }
      points[j] = key;
    }
  } else {
    std::sort(points.begin(), points.end(), [&](const ParamPoint& a, const ParamPoint& b) {
      if (a.sample_offset != b.sample_offset) return a.sample_offset < b.sample_offset;
      if (program_first(a, b) || program_first(b, a)) return program_first(a, b);
      return a.id < b.id;
    });
  }
}

namespace {
std::vector<PluginEntry>& registry() {
  static std::vector<PluginEntry> entries;
  return entries;
}
}  // namespace

std::span<const PluginEntry> registered_plugins() noexcept { return registry(); }

void register_plugin(PluginEntry entry) { registry().push_back(entry); }

std::unique_ptr<PluginCore> create_checked(std::unique_ptr<PluginCore> plugin) {
  if (std::string problem = plugin->finalize(); !problem.empty()) {
    std::fprintf(stderr, "plinth: plugin '%.*s' cannot be created: %s\n", static_cast<int>(plugin->info().name.size()),
                 plugin->info().name.data(), problem.c_str());
    return nullptr;
  }
  return plugin;
}

// x86-64 builds carry an AVX2 copy picked by the loader (an ifunc), twice the width of
// the SSE2 baseline every x86-64 CPU has. Sanitizer builds keep one copy (their runtimes
// and ifuncs do not mix well).
#if defined(__x86_64__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && \
    !defined(__clang__)
#define PLINTH_FINITE_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PLINTH_FINITE_CLONES
#endif

// The DSP layer's scan, compiled into each clone (it is always inlined): every channel
// through one set of accumulators, one reduction and one call for the whole bus.
template <class T>
[[gnu::always_inline]] inline bool channels_finite(const T* const* channels, int count, int n) noexcept {
  if (n <= 0 || channels == nullptr) return true;
  dsp::FiniteScan<T> scan;
  for (int c = 0; c < count; ++c)
    if (channels[c] != nullptr) scan.add(channels[c], static_cast<std::size_t>(n));
  return scan.all_finite();
}
PLINTH_FINITE_CLONES bool all_finite(const float* const* channels, int count, int n) noexcept {
  return channels_finite(channels, count, n);
}
PLINTH_FINITE_CLONES bool all_finite(const double* const* channels, int count, int n) noexcept {
  return channels_finite(channels, count, n);
}

}  // namespace plinth
