// Plinth DSP: the vectorized FFT engine behind fft.h (internal; use FFT / RealFFT).
//
// A complex FFT of size m, W lanes wide (W = 4 or 8 floats, 2 or 4 doubles), written once
// with GCC/clang vector extensions (fft_simd_kernels.h) and instantiated per width:
//
//   m = W * L. Vector j holds x[W j .. W j + W - 1], so lane l of the vectors is the
//   decimated sequence x[W j + l]. (1) W interleaved L-point FFTs run vertically, one per
//   lane: Stockham radix-8 passes (a radix-4 pass or two when log2 L is not a multiple of
//   3) on split real/imaginary arrays, one broadcast twiddle per butterfly column and no
//   bit reversal (Stockham sorts as it goes). (2) Lane l of vector k is multiplied by
//   W_m^(l k), each block of W vectors is transposed in registers and a W-point DFT
//   finishes X[k + L r]. The first pass reads interleaved (std::complex) input and step
//   (2) can write interleaved output, so there are no separate (de)interleaving sweeps.
//
// The inverse runs the same forward kernels with real and imaginary parts swapped on the
// way in and out (swap(DFT(swap(x))) is the unscaled inverse DFT). The real transforms
// read N samples as z[j] = x[2j] + i x[2j+1], run the m = N/2 engine and untangle X[k]
// and X[m-k] together from Z[k] and Z[m-k] in one vectorized pass (a lane reversal).
//
// All twiddles come from tables built by prepare() (in double, by direct cos/sin); the
// transforms compute no sin/cos and never allocate. On x86-64 a second copy of the
// kernels is compiled for AVX2+FMA (the kernel file is included twice, once under a
// target pragma) and chosen at prepare() when the CPU has it (__builtin_cpu_supports);
// otherwise the SSE2 baseline every x86-64 CPU has. Other architectures get the 128-bit
// width from the same source. Compilers without GNU vector extensions use the scalar path.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <numbers>
#include <vector>

#if (defined(__GNUC__) || defined(__clang__)) && !defined(PLINTH_FFT_NO_SIMD)
#define PLINTH_FFT_SIMD 1
#if defined(__x86_64__) || defined(__i386__)
#define PLINTH_FFT_AVX2 1
#endif
#endif

namespace plinth::dsp::fft_detail {

// Tables for one engine size: everything the kernels read besides the data.
template <class T>
struct EngineTables {
  int m = 0;  // complex size
  int w = 0;  // lanes; 0 = engine unused (size too small): callers use the scalar path
  int l = 0;  // m / w
  std::vector<int> radices;  // Stockham passes, first to last: 8s, then a 4 or 2 if needed
  std::vector<T> pass_tw;    // per pass, per column p: W_n^(j p) re, im for j = 1 .. radix - 1
  std::vector<T> comb_re, comb_im;  // [k * w + lane] = W_m^(lane k), k < l
  std::vector<T> real_re, real_im;  // W_(2m)^k, k < m / 2 (real-transform untangling)

  void build(int size, int lanes) {
    m = size;
    w = lanes;
    l = m / w;
    // Radix 8 keeps the number of sweeps over the data low; log2 l = 3 q + 1 takes two
    // radix-4 passes instead of a radix-2 one.
    radices.clear();
    int bits = 0;
    while ((1 << bits) < l) ++bits;
    if (bits % 3 == 1 && bits >= 4) {
      radices.assign(static_cast<std::size_t>((bits - 4) / 3), 8);
      radices.push_back(4);
      radices.push_back(4);
    } else {
      radices.assign(static_cast<std::size_t>(bits / 3), 8);
      if (bits % 3 == 2) radices.push_back(4);
      if (bits % 3 == 1) radices.push_back(2);
    }
    pass_tw.clear();
    int n = l;
    for (const int radix : radices) {
      for (int p = 0; p < n / radix; ++p) {
        for (int j = 1; j < radix; ++j) {
          const double a = -2.0 * std::numbers::pi * static_cast<double>(j * p) / static_cast<double>(n);
          pass_tw.push_back(static_cast<T>(std::cos(a)));
          pass_tw.push_back(static_cast<T>(std::sin(a)));
        }
      }
      n /= radix;
    }
    comb_re.assign(static_cast<std::size_t>(m), T(0));
    comb_im.assign(static_cast<std::size_t>(m), T(0));
    for (int k = 0; k < l; ++k) {
      for (int lane = 0; lane < w; ++lane) {
        const double a = -2.0 * std::numbers::pi * static_cast<double>(lane * k) / static_cast<double>(m);
        comb_re[static_cast<std::size_t>(k * w + lane)] = static_cast<T>(std::cos(a));
        comb_im[static_cast<std::size_t>(k * w + lane)] = static_cast<T>(std::sin(a));
      }
    }
    real_re.assign(static_cast<std::size_t>(m / 2), T(0));
    real_im.assign(static_cast<std::size_t>(m / 2), T(0));
    for (int k = 0; k < m / 2; ++k) {
      const double a = -std::numbers::pi * static_cast<double>(k) / static_cast<double>(m);
      real_re[static_cast<std::size_t>(k)] = static_cast<T>(std::cos(a));
      real_im[static_cast<std::size_t>(k)] = static_cast<T>(std::sin(a));
    }
  }
};

// The kernels for the width chosen at prepare(); null when the scalar path is used.
template <class T>
struct EngineKernels {
  void (*complex)(const EngineTables<T>&, const T*, T*, bool, T, T*, T*, T*, T*) noexcept = nullptr;
  void (*real_fwd)(const EngineTables<T>&, const T*, T*, T*, T*, T*, T*) noexcept = nullptr;
  void (*real_inv)(const EngineTables<T>&, const T*, T*, T*, T*, T*, T*) noexcept = nullptr;
};

#if defined(PLINTH_FFT_SIMD)

namespace simd_base {
#include "plinth/dsp/fft_simd_kernels.h"
}  // namespace simd_base

#if defined(PLINTH_FFT_AVX2)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace simd_avx2 {
#include "plinth/dsp/fft_simd_kernels.h"
}  // namespace simd_avx2
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

inline bool cpu_has_avx2_fma() noexcept {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
}
#endif


#endif  // PLINTH_FFT_SIMD

// Picks the widest kernel set this CPU runs for a complex size m (m must be at least
// W * W, and at least 4 W for the real untangling). Returns lanes, 0 if none fits.
template <class T>
inline int choose_engine(int m, EngineKernels<T>& k, bool allow_wide, bool allow_simd) noexcept {
  k = {};
  if (!allow_simd) return 0;
#if defined(PLINTH_FFT_SIMD)
  constexpr int narrow = 16 / static_cast<int>(sizeof(T));
  constexpr int wide = 2 * narrow;
  const auto fits = [m](int w) { return m >= w * w && m >= 4 * w; };
#if defined(PLINTH_FFT_AVX2)
  if (allow_wide && fits(wide) && cpu_has_avx2_fma()) {
    k.complex = &simd_avx2::Kernels<T, wide>::complex;
    k.real_fwd = &simd_avx2::Kernels<T, wide>::real_fwd;
    k.real_inv = &simd_avx2::Kernels<T, wide>::real_inv;
    return wide;
  }
#endif
  if (fits(narrow)) {
    k.complex = &simd_base::Kernels<T, narrow>::complex;
    k.real_fwd = &simd_base::Kernels<T, narrow>::real_fwd;
    k.real_inv = &simd_base::Kernels<T, narrow>::real_inv;
    return narrow;
  }
#endif
  (void)m;
  (void)allow_wide;
  return 0;
}

}  // namespace plinth::dsp::fft_detail
