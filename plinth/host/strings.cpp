#include "plinth/host/strings.h"

namespace plinth::host {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_utf16(std::u16string& out, std::uint32_t cp) {
  if (cp < 0x10000) {
    out.push_back(static_cast<char16_t>(cp));
  } else {
    cp -= 0x10000;
    out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
    out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_utf8(const abi::char16* text, std::size_t max_units) {
  std::string out;
  if (text == nullptr) return out;
  for (std::size_t i = 0; i < max_units && text[i] != 0; ++i) {
    std::uint32_t unit = text[i];
    if (unit >= 0xD800 && unit < 0xDC00) {
      if (i + 1 < max_units && text[i + 1] >= 0xDC00 && text[i + 1] < 0xE000) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (static_cast<std::uint32_t>(text[i + 1]) - 0xDC00);
        ++i;
      } else {
        unit = 0xFFFD;
      }
    } else if (unit >= 0xDC00 && unit < 0xE000) {
      unit = 0xFFFD;
    }
    append_utf8(out, unit);
  }
  return out;
}

std::u16string to_utf16(std::string_view text) {
  std::u16string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      len = 0;  // stray continuation or invalid lead byte
    }
    if (len == 0) {
      append_utf16(out, 0xFFFD);
      ++i;
      continue;
    }
    bool ok = i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) {
      append_utf16(out, 0xFFFD);
      ++i;
      continue;
    }
    append_utf16(out, cp);
    i += len;
  }
  return out;
}

void to_utf16(std::string_view text, abi::char16* dst, std::size_t capacity) {
  if (dst == nullptr || capacity == 0) return;
  const std::u16string wide = to_utf16(text);
  std::size_t n = wide.size() < capacity - 1 ? wide.size() : capacity - 1;
  for (std::size_t i = 0; i < n; ++i) dst[i] = wide[i];
  dst[n] = 0;
}

std::string from_fixed(const char* text, std::size_t capacity) {
  std::size_t n = 0;
  while (n < capacity && text[n] != 0) ++n;
  return std::string(text, n);
}

std::string cid_to_hex(const Cid& cid) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(32);
  for (std::uint8_t b : abi::iid_text_bytes(abi::Iid{cid})) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

std::optional<Cid> cid_from_hex(std::string_view text) {
  Cid cid{};
  std::size_t nibbles = 0;
  for (char c : text) {
    if (c == '-' || c == '{' || c == '}') continue;
    const int v = hex_value(c);
    if (v < 0 || nibbles >= 32) return std::nullopt;
    cid[nibbles / 2] = static_cast<std::uint8_t>(cid[nibbles / 2] | (nibbles % 2 == 0 ? v << 4 : v));
    ++nibbles;
  }
  if (nibbles != 32) return std::nullopt;
  return abi::iid_from_text_bytes(cid).bytes;  // the hex digits are in text order
}

}  // namespace plinth::host
