// Plinth DSP: GNU vector types for running channels (or voices) side by side, one per lane.
//
// Why GNU vector extensions (T __attribute__((vector_size(Bytes)))): g++ and clang both
// compile them to packed instructions whatever the optimizer decides; see biquad_bank.h for
// the alternatives considered. Used by BiquadBank and LadderFilter.
#pragma once

#include <concepts>
#include <cstddef>

namespace plinth::dsp::detail {

template <std::floating_point T, std::size_t Bytes>
struct LaneVector;
template <std::size_t Bytes>
struct LaneVector<float, Bytes> {
  typedef float type __attribute__((vector_size(Bytes)));
};
template <std::size_t Bytes>
struct LaneVector<double, Bytes> {
  typedef double type __attribute__((vector_size(Bytes)));
};

}  // namespace plinth::dsp::detail
