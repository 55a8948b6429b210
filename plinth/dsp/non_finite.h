// Non-finite input is silence. Every processor's block path starts with
// scrub_non_finite(block): one read-only vectorized pass (all_finite, a few tenths of a
// nanosecond per sample) and, only when it finds a NaN or infinity, a pass that zeroes
// them. So a bad sample never enters a processor's state, nor its output (dry paths
// included); tests/dsp/non_finite_test.cpp feeds every processor NaN and +-inf.
#pragma once

#include <concepts>
#include <span>

#include "plinth/dsp/buffer.h"

namespace plinth::dsp {

// Kept out of line (noipa: neither inlined nor cloned per call site): a call per block
// costs nothing, and specialised for callers whose block size g++ 12 thinks it knows,
// all_finite's tail loop draws a false -Waggressive-loop-optimizations error.
#if defined(__clang__)
#define PLINTH_DSP_OUT_OF_LINE [[gnu::noinline]]
#else
#define PLINTH_DSP_OUT_OF_LINE [[gnu::noipa]]
#endif
template <std::floating_point T>
PLINTH_DSP_OUT_OF_LINE void scrub_non_finite(std::span<T> block) noexcept {
  if (!all_finite(std::span<const T>(block))) [[unlikely]]
    (void)sanitize(block);
}

}  // namespace plinth::dsp
