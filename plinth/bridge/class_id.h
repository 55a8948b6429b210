#pragma once
// Class ids: the plugin declares them as 32 hex digits; VST 3 wants 16 raw bytes, in
// the platform's id layout (abi/platform.h: text order on Linux, GUID order on Windows).

#include <array>
#include <cstdint>
#include <string_view>

#include "plinth/abi/base.h"

namespace plinth::bridge {

using ClassId = std::array<char, 16>;

constexpr ClassId class_id_from_hex(std::string_view hex) noexcept {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  std::array<std::uint8_t, 16> text{};
  for (std::size_t i = 0; i < 16 && 2 * i + 1 < hex.size(); ++i)
    text[i] = static_cast<std::uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  const abi::Iid laid_out = abi::iid_from_text_bytes(text);
  ClassId id{};
  for (std::size_t i = 0; i < 16; ++i) id[i] = static_cast<char>(laid_out.bytes[i]);
  return id;
}

}  // namespace plinth::bridge
