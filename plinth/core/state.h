#pragma once
// Versioned plugin state, keyed by parameter id so adding, removing or reordering
// parameters never breaks a saved project. Layout (little-endian):
//
//   "PLNT"  u32 format version  u32 parameter count  u32 extra size
//   count x { u32 id, f64 value }   extra bytes (plugin-defined)
//
// Version 2 stores each parameter's normalized value, the value the parameter really
// holds (and the one hosts automate), so save -> load -> save is byte-identical and a
// loaded parameter reads back exactly. Version 1 stored plain values, which drift by an
// ulp through a log or dB mapping on every cycle; it is still read.
//
// The state is self-delimiting (the header gives its length), so a reader takes exactly
// its bytes from a stream. Loading checks everything before changing anything: on any
// error the plugin's current state is left exactly as it was. The processor and the
// controller load through the same function, so they accept and refuse the same blobs.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "plinth/core/plugin.h"

namespace plinth {

inline constexpr std::uint32_t state_format_version = 2;
inline constexpr std::size_t state_max_params = 1u << 16;
inline constexpr std::size_t state_max_extra = 64u << 20;  // 64 MiB
inline constexpr std::size_t state_header_size = 16;
inline constexpr std::size_t state_max_size = state_header_size + state_max_params * 12 + state_max_extra;

enum class StateError : std::uint8_t {
  none,
  empty,
  bad_magic,
  unsupported_version,
  truncated,
  too_large,
  duplicate_param,
  bad_value,
  trailing_bytes,
  extra_rejected,
};

[[nodiscard]] std::string_view describe(StateError error) noexcept;

// Serializes every parameter's normalized value plus the plugin's extra data.
[[nodiscard]] std::vector<std::uint8_t> save_state(const PluginCore& plugin);

// The total size of the state whose first state_header_size bytes are `header`, or
// the error that makes it unreadable (bad magic, version, sizes over the limits).
StateError state_size(std::span<const std::uint8_t> header, std::size_t& total) noexcept;

// Applies `data` to the plugin's parameters (unknown ids ignored, parameters missing
// from the data return to their defaults) and hands the extra bytes to load_extra.
// The one reader of Plinth state: the bridge's processor and controller both use it.
StateError load_state(PluginCore& plugin, std::span<const std::uint8_t> data);

}  // namespace plinth
