#pragma once
// Class ids: the plugin declares them as 32 hex digits; VST 3 wants 16 raw bytes.

#include <array>
#include <cstdint>
#include <string_view>

namespace plinth::bridge {

using ClassId = std::array<char, 16>;

constexpr ClassId class_id_from_hex(std::string_view hex) noexcept {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  ClassId id{};
  for (std::size_t i = 0; i < 16 && 2 * i + 1 < hex.size(); ++i)
    id[i] = static_cast<char>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  return id;
}

}  // namespace plinth::bridge
