// Plinth's own declarations of the VST 3 binary interface: basic types, result
// codes, interface ids and the root interface every object implements.
//
// Written from the facts of the public VST 3 specification (Linux x86_64, non-COM
// flavour; what differs on Windows x86-64 is in platform.h). No Steinberg header is
// needed to build against this.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "plinth/abi/platform.h"

namespace plinth::abi {

// ---------------------------------------------------------------------------
// Integer and string types used throughout the interface.

using int8 = std::int8_t;
using uint8 = std::uint8_t;
using int16 = std::int16_t;
using uint16 = std::uint16_t;
using int32 = std::int32_t;
using uint32 = std::uint32_t;
using int64 = std::int64_t;
using uint64 = std::uint64_t;

using tresult = std::int32_t;
using TBool = std::uint8_t;  // one byte, not C++ bool
using char8 = char;
using char16 = char16_t;  // UTF-16 code unit, 2 bytes
using TChar = char16;
using String128 = char16[128];  // fixed 128-unit UTF-16 buffer, 256 bytes
using CString = const char*;
using FIDString = const char*;  // ASCII id / category string

using ParamId = std::uint32_t;
using ParamValue = double;
using UnitId = std::int32_t;
using ProgramListId = std::int32_t;
using SpeakerArrangement = std::uint64_t;
using Speaker = std::uint64_t;
using Sample32 = float;
using Sample64 = double;
using SampleRate = double;
using TSamples = std::int64_t;
using TQuarterNotes = double;
using MediaType = std::int32_t;
using BusDirection = std::int32_t;
using BusType = std::int32_t;
using IoMode = std::int32_t;
using CtrlNumber = std::int16_t;

static_assert(sizeof(char16) == 2);
static_assert(sizeof(String128) == 256);
static_assert(sizeof(TBool) == 1);

// ---------------------------------------------------------------------------
// Result codes. On Linux the interface is not COM-compatible, so the codes are
// small integers: -1 for "no such interface", then 0, 1, 2, ... in this order. On
// Windows they are the HRESULTs of the same meaning.

struct ResultCodes {
  tresult no_interface, ok, false_, invalid_argument, not_implemented, internal_error, not_initialized,
      out_of_memory;
};
inline constexpr ResultCodes kPlainResultCodes{-1, 0, 1, 2, 3, 4, 5, 6};
inline constexpr ResultCodes kComResultCodes{
    static_cast<tresult>(0x80004002u),  // E_NOINTERFACE
    0,                                  // S_OK
    1,                                  // S_FALSE
    static_cast<tresult>(0x80070057u),  // E_INVALIDARG
    static_cast<tresult>(0x80004001u),  // E_NOTIMPL
    static_cast<tresult>(0x80004005u),  // E_FAIL
    static_cast<tresult>(0x8000FFFFu),  // E_UNEXPECTED
    static_cast<tresult>(0x8007000Eu),  // E_OUTOFMEMORY
};
inline constexpr ResultCodes kResultCodes = kComCompatible ? kComResultCodes : kPlainResultCodes;

inline constexpr tresult kNoInterface = kResultCodes.no_interface;
inline constexpr tresult kResultOk = kResultCodes.ok;
inline constexpr tresult kResultTrue = kResultOk;
inline constexpr tresult kResultFalse = kResultCodes.false_;
inline constexpr tresult kInvalidArgument = kResultCodes.invalid_argument;
inline constexpr tresult kNotImplemented = kResultCodes.not_implemented;
inline constexpr tresult kInternalError = kResultCodes.internal_error;
inline constexpr tresult kNotInitialized = kResultCodes.not_initialized;
inline constexpr tresult kOutOfMemory = kResultCodes.out_of_memory;

// ---------------------------------------------------------------------------
// Interface and class ids: 16 raw bytes. The spec writes an id as four 32-bit
// words; in the non-COM layout (Linux) each word is stored most significant byte
// first, so the bytes read in the same order as the id's usual text form
// (XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX). In the COM layout (Windows) the first
// 8 bytes are a GUID's Data1 (32 bits), Data2 and Data3 (16 bits each), each least
// significant byte first; the last 8 bytes are as in the non-COM layout.

struct Iid {
  std::array<std::uint8_t, 16> bytes;

  friend constexpr bool operator==(const Iid&, const Iid&) = default;
};

// For each byte of an id, which byte of the four words (read most significant first,
// the text order) it holds: the identity for the plain layout, GUID order for COM.
constexpr std::array<std::uint8_t, 16> id_byte_order(IdLayout layout) {
  if (layout == IdLayout::plain) return {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  return {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
}

constexpr Iid make_iid_in(IdLayout layout, std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  const std::uint32_t words[4] = {a, b, c, d};
  const auto order = id_byte_order(layout);
  Iid id{};
  for (std::size_t i = 0; i < 16; ++i) {
    const std::size_t text = order[i];
    id.bytes[i] = static_cast<std::uint8_t>(words[text / 4] >> (24 - 8 * (text % 4)));
  }
  return id;
}

// The id as this platform lays it out.
constexpr Iid make_iid(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return make_iid_in(kIdLayout, a, b, c, d);
}

// The 16 bytes in text order (as the 32 hex digits read), from an id in `layout`.
constexpr std::array<std::uint8_t, 16> iid_text_bytes(const Iid& id, IdLayout layout = kIdLayout) {
  const auto order = id_byte_order(layout);
  std::array<std::uint8_t, 16> text{};
  for (std::size_t i = 0; i < 16; ++i) text[order[i]] = id.bytes[i];
  return text;
}

// The id in `layout` whose text-order bytes are `text`.
constexpr Iid iid_from_text_bytes(const std::array<std::uint8_t, 16>& text, IdLayout layout = kIdLayout) {
  const auto order = id_byte_order(layout);
  Iid id{};
  for (std::size_t i = 0; i < 16; ++i) id.bytes[i] = text[order[i]];
  return id;
}

// The raw form the interface passes around (a TUID: char[16]).
inline const char* iid_raw(const Iid& id) { return reinterpret_cast<const char*>(id.bytes.data()); }

inline bool iid_equals(const char* raw16, const Iid& id) {
  return raw16 != nullptr && std::memcmp(raw16, id.bytes.data(), 16) == 0;
}

inline Iid iid_from_raw(const char* raw16) {
  Iid id{};
  std::memcpy(id.bytes.data(), raw16, 16);
  return id;
}

inline void iid_copy_to(char* dst16, const Iid& id) { std::memcpy(dst16, id.bytes.data(), 16); }

// ---------------------------------------------------------------------------
// FUnknown: reference counting and interface lookup. Every interface derives
// from it. Interfaces have no virtual destructor (it would add a vtable slot);
// their destructors are protected so nobody deletes through them.

struct FUnknown {
  virtual tresult query_interface(const char* iid16, void** obj) = 0;  // slot 0
  virtual std::uint32_t add_ref() = 0;                                 // slot 1
  virtual std::uint32_t release() = 0;                                 // slot 2

  static constexpr Iid iid = make_iid(0x00000000, 0x00000000, 0xC0000000, 0x00000046);

protected:
  ~FUnknown() = default;
};

// ---------------------------------------------------------------------------
// UTF-16 string helpers for the fixed-size char16 buffers the interface uses.
// All of them truncate to the destination's capacity and always terminate
// (when the capacity is at least 1).

constexpr std::size_t str16_length(const char16* s, std::size_t max_units) {
  std::size_t n = 0;
  if (s == nullptr) {
    return 0;
  }
  while (n < max_units && s[n] != 0) {
    ++n;
  }
  return n;
}

// Copies a zero-terminated string into a buffer of `capacity` units, converting each
// unit with `convert`; the four helpers below are this loop with different unit types.
template <class Dst, class Src, class Convert>
constexpr void copy_terminated(Dst* dst, const Src* src, std::size_t capacity, Convert convert) {
  if (dst == nullptr || capacity == 0) {
    return;
  }
  std::size_t i = 0;
  if (src != nullptr) {
    for (; i + 1 < capacity && src[i] != 0; ++i) {
      dst[i] = convert(src[i]);
    }
  }
  dst[i] = 0;
}

// Copies an ASCII / Latin-1 string into a char16 buffer of `capacity` units.
constexpr void str8_to_str16(char16* dst, const char* src, std::size_t capacity) {
  copy_terminated(dst, src, capacity, [](char c) { return static_cast<char16>(static_cast<unsigned char>(c)); });
}

// Copies a char16 string into a buffer of `capacity` units.
constexpr void str16_copy(char16* dst, const char16* src, std::size_t capacity) {
  copy_terminated(dst, src, capacity, [](char16 c) { return c; });
}

// Narrows a char16 string to 8 bits; units above 0x7F become '?'.
constexpr void str16_to_ascii(char* dst, const char16* src, std::size_t capacity) {
  copy_terminated(dst, src, capacity, [](char16 c) { return c < 0x80 ? static_cast<char>(c) : '?'; });
}

// Copies an 8-bit string into a char buffer of `capacity` bytes.
constexpr void str8_copy(char* dst, const char* src, std::size_t capacity) {
  copy_terminated(dst, src, capacity, [](char c) { return c; });
}

}  // namespace plinth::abi
