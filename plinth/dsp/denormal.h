// Plinth DSP: scoped denormal guard.
//
// Denormal (subnormal) floats make recursive filters and reverbs crawl on x86 when their
// state decays towards zero. The usual cure is to set the CPU's flush-to-zero (FTZ) and
// denormals-are-zero (DAZ) modes for the duration of the audio callback. ScopedNoDenormals
// does that and restores the previous mode on exit, so it never leaks into host code.
//
//   void process(...) {
//       plinth::dsp::ScopedNoDenormals guard;   // FTZ+DAZ until the end of the scope
//       ...
//   }
//
// x86/x86-64: MXCSR bits FTZ (0x8000) and DAZ (0x0040). AArch64: FPCR bit FZ (1 << 24).
// Elsewhere the guard does nothing (processors also flush tiny state themselves where cheap).
#pragma once

#include <cstdint>
#include <type_traits>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#include <xmmintrin.h>
#define PLINTH_DSP_DENORMAL_X86 1
#elif defined(__aarch64__)
#define PLINTH_DSP_DENORMAL_ARM64 1
#endif

namespace plinth::dsp {

// Raw floating-point control register (MXCSR on x86, FPCR on AArch64, 0 elsewhere).
// Exposed so tests and callers can check what the guard did.
[[nodiscard]] inline std::uint64_t floating_point_control_word() noexcept {
#if defined(PLINTH_DSP_DENORMAL_X86)
  return static_cast<std::uint64_t>(_mm_getcsr());
#elif defined(PLINTH_DSP_DENORMAL_ARM64)
  std::uint64_t fpcr = 0;
  asm volatile("mrs %0, fpcr" : "=r"(fpcr));
  return fpcr;
#else
  return 0;
#endif
}

inline void set_floating_point_control_word(std::uint64_t word) noexcept {
#if defined(PLINTH_DSP_DENORMAL_X86)
  _mm_setcsr(static_cast<unsigned int>(word));
#elif defined(PLINTH_DSP_DENORMAL_ARM64)
  asm volatile("msr fpcr, %0" : : "r"(word));
#else
  (void)word;
#endif
}

// Bits that make the CPU treat denormals as zero on this platform (0 if unsupported).
inline constexpr std::uint64_t kDenormalFlushBits =
#if defined(PLINTH_DSP_DENORMAL_X86)
    0x8040u;  // FTZ | DAZ
#elif defined(PLINTH_DSP_DENORMAL_ARM64)
    (std::uint64_t{1} << 24);  // FZ
#else
    0u;
#endif

// True when this platform has a mode the guard can set.
inline constexpr bool kDenormalGuardSupported = kDenormalFlushBits != 0;

// Sets FTZ/DAZ on construction and restores the exact previous control word on
// destruction. Not copyable or movable: it belongs to one scope on one thread.
class ScopedNoDenormals {
public:
  // Writes the control register only when the mode actually changes: many hosts already
  // run their audio threads with FTZ/DAZ set, and a register write costs more than a read.
  ScopedNoDenormals() noexcept : previous_(floating_point_control_word()) {
    if ((previous_ & kDenormalFlushBits) != kDenormalFlushBits)
      set_floating_point_control_word(previous_ | kDenormalFlushBits);
  }
  ~ScopedNoDenormals() {
    if ((previous_ & kDenormalFlushBits) != kDenormalFlushBits) set_floating_point_control_word(previous_);
  }

  ScopedNoDenormals(const ScopedNoDenormals&) = delete;
  ScopedNoDenormals& operator=(const ScopedNoDenormals&) = delete;

  [[nodiscard]] std::uint64_t previous_control_word() const noexcept { return previous_; }

private:
  std::uint64_t previous_;
};

// Replaces a value that is denormal (or below a tiny threshold) with exact zero. For
// recursive state on platforms or builds where the guard is not in force.
template <typename T>
requires std::is_floating_point_v<T>
[[nodiscard]] inline T flush_denormal(T x) noexcept {
  // 1e-15 is ~-300 dB: far below anything audible, far above the denormal range, and
  // keeps state from lingering in the slow region for long decays.
  constexpr T tiny = static_cast<T>(1e-15);
  return (x < tiny && x > -tiny) ? T(0) : x;
}

}  // namespace plinth::dsp
