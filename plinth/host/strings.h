#pragma once
// Text conversions the host needs at the ABI boundary: UTF-16 <-> UTF-8 and
// class ids <-> hex.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plinth/abi/base.h"

namespace plinth::host {

// UTF-16 (at most max_units units, stops at a terminator) to UTF-8. Unpaired
// surrogates become U+FFFD.
std::string to_utf8(const abi::char16* text, std::size_t max_units = 128);
// UTF-8 to UTF-16; invalid sequences become U+FFFD.
std::u16string to_utf16(std::string_view text);
// Copies UTF-8 into a fixed char16 buffer of `capacity` units, truncating and terminating.
void to_utf16(std::string_view text, abi::char16* dst, std::size_t capacity);

// A fixed-size char buffer (not necessarily terminated) as a string.
std::string from_fixed(const char* text, std::size_t capacity);

using Cid = std::array<std::uint8_t, 16>;
// 32 upper-case hex digits, the form moduleinfo.json uses, of an id in this platform's
// layout (the same text on every platform; the bytes differ on Windows, abi/platform.h).
std::string cid_to_hex(const Cid& cid);
// Accepts 32 hex digits, optionally with dashes and braces; the inverse of cid_to_hex.
std::optional<Cid> cid_from_hex(std::string_view text);

}  // namespace plinth::host
