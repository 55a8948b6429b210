// What differs in the VST 3 binary interface between Linux and Windows x86-64, in one
// place. Facts from Steinberg's public headers (pluginterfaces/base: fplatform.h,
// funknown.h, ftypes.h), stated in our own words:
//
// - Windows builds are "COM compatible": the 16 bytes of an interface or class id are
//   laid out like a Windows GUID (first 32-bit word, then the two 16-bit halves of the
//   second word, each least significant byte first; the last 8 bytes in text order).
//   Elsewhere every 32-bit word is stored most significant byte first. The text form
//   of an id (32 hex digits) is the same on both.
// - Result codes on Windows are the HRESULT values (S_OK 0, S_FALSE 1, E_NOINTERFACE
//   0x80004002, ...); elsewhere small integers (-1, 0, 1, 2, ...).
// - Methods are declared __stdcall on Windows. On x86-64 Windows there is a single
//   calling convention (which MinGW and MSVC both use for every function), so the
//   annotation changes nothing there; Plinth supports 64-bit Windows only.
// - tresult is `long` on Windows, which is 32 bits there (LLP64): the same size as the
//   int32 used elsewhere. char16 is a 16-bit UTF-16 unit, as is Windows' wchar_t.
// - Structs are packed to 8 bytes on Windows, which for the field types the interface
//   uses is natural alignment: the same layout as on Linux x86-64.
// - Interfaces have no overloaded methods and no virtual destructor, so the vtable slot
//   order is declaration order in both GCC's and MSVC's C++ ABI.
// - The module exports InitDll/ExitDll (no arguments) instead of ModuleEntry/ModuleExit.
#pragma once

namespace plinth::abi {

enum class IdLayout { plain, com };

#if defined(_WIN32)
static_assert(sizeof(void*) == 8, "Plinth supports 64-bit Windows only");
static_assert(sizeof(wchar_t) == 2, "Windows wchar_t is a UTF-16 unit");
inline constexpr bool kComCompatible = true;
#else
inline constexpr bool kComCompatible = false;
#endif
inline constexpr IdLayout kIdLayout = kComCompatible ? IdLayout::com : IdLayout::plain;

}  // namespace plinth::abi
