#pragma once
// What a plugin's process() sees: spans over the host's channel buffers (never a copy),
// the block length, sample rate, transport and note events. Templated on the sample
// type so one process() body serves 32- and 64-bit hosts.

#include <concepts>
#include <cstdint>
#include <span>

#include "plinth/core/events.h"
#include "plinth/core/transport.h"

namespace plinth {

// One audio bus: channel pointers into host memory, each valid for `num_samples`.
template <std::floating_point T>
struct AudioBuffer {
  std::span<T* const> channels;
  int num_samples = 0;

  [[nodiscard]] int num_channels() const noexcept { return static_cast<int>(channels.size()); }
  [[nodiscard]] std::span<T> channel(int c) const noexcept {
    return {channels[static_cast<std::size_t>(c)], static_cast<std::size_t>(num_samples)};
  }
  [[nodiscard]] std::span<T> operator[](int c) const noexcept { return channel(c); }
  [[nodiscard]] bool empty() const noexcept { return channels.empty(); }
};

// A block (or, with sample-accurate automation, part of one) handed to Plugin::process.
// Inputs and outputs may share memory (in-place hosts): read a sample before writing it.
// Input buses always have the channel count their layout says; channels the host did
// not supply read as silence.
template <std::floating_point T>
struct ProcessBlock {
  std::span<const AudioBuffer<T>> inputs;
  std::span<const AudioBuffer<T>> outputs;
  std::span<const Event> events;  // offsets relative to this block, in order (events.h)
  EventOutput output;             // to the event output bus, when the plugin declares one
  const Transport* transport = nullptr;
  int num_samples = 0;
  double sample_rate = 0.0;
  std::int64_t first_sample = 0;  // offset of this block inside the host's block

  [[nodiscard]] AudioBuffer<T> main_input() const noexcept { return inputs.empty() ? AudioBuffer<T>{} : inputs[0]; }
  [[nodiscard]] AudioBuffer<T> main_output() const noexcept { return outputs.empty() ? AudioBuffer<T>{} : outputs[0]; }
  // The side-chain, when declared and activated by the host; empty otherwise.
  [[nodiscard]] AudioBuffer<T> sidechain() const noexcept { return inputs.size() > 1 ? inputs[1] : AudioBuffer<T>{}; }
};

// ---- What the bridge hands the core (format-neutral; nothing here is VST 3) ----

template <std::floating_point T>
struct HostBus {
  T** channels = nullptr;  // may be null when num_channels is 0 or num_samples is 0
  int num_channels = 0;
  std::uint64_t silence_flags = 0;  // bit c set: channel c is known to be silent
  bool active = true;
};

// One point of host automation: at `sample_offset` the parameter takes this value.
struct ParamPoint {
  std::uint32_t id = 0;
  std::int32_t sample_offset = 0;
  double normalized = 0.0;
};

template <std::floating_point T>
struct HostBlock {
  std::span<HostBus<T>> inputs;
  std::span<HostBus<T>> outputs;       // the core writes outputs' silence_flags back
  std::span<ParamPoint> param_points;  // any order; the core sorts them in place
  std::span<const Event> events;  // in order; controller parameters' points are not here
  const Transport* transport = nullptr;
  int num_samples = 0;
  // Events the plugin wrote (offsets in this host block, in order per part): the core
  // fills up to output_events.size() and sets output_event_count.
  std::span<Event> output_events;
  std::size_t output_event_count = 0;
  // Output parameters (meters...) the core reports back: it fills up to
  // output_points.size() points and sets output_count.
  std::span<ParamPoint> output_points;
  std::size_t output_count = 0;
};

enum class ProcessStatus : std::uint8_t { ok, not_prepared, invalid_argument };

}  // namespace plinth
