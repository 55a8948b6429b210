#pragma once
// Versioned plugin state, keyed by parameter id so adding, removing or reordering
// parameters never breaks a saved project. Layout (little-endian):
//
//   "PLNT"  u32 format version  u32 parameter count  u32 extra size
//   count x { u32 id, f64 plain value }   extra bytes (plugin-defined)
//
// Loading checks everything before changing anything: on any error the plugin's
// current state is left exactly as it was.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "plinth/core/plugin.h"

namespace plinth {

inline constexpr std::uint32_t state_format_version = 1;
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

// Serializes every parameter's plain value plus the plugin's extra data.
[[nodiscard]] std::vector<std::uint8_t> save_state(const PluginCore& plugin);

// Applies `data` to the plugin's parameters (unknown ids ignored, parameters missing
// from the data return to their defaults) and hands the extra bytes to load_extra.
StateError load_state(PluginCore& plugin, std::span<const std::uint8_t> data);

// The same checks and parameter values, for a controller that only mirrors the
// processor's parameters (its extra data is not its business).
StateError load_param_values(PluginCore& plugin, std::span<const std::uint8_t> data);

}  // namespace plinth
