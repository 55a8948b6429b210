// Plinth DSP: fast Fourier transforms (complex and real), standard library only.
//
//   plinth::dsp::FFT<float> fft;        fft.prepare(1024);   // allocates tables and scratch
//   fft.forward(in, out);               // X[k] = sum x[n] e^{-2 pi i k n / N}
//   fft.inverse(out, back);             // scaled by 1/N, so inverse(forward(x)) == x
//
//   plinth::dsp::RealFFT<double> rfft;  rfft.prepare(4096);
//   rfft.forward(samples, bins);        // N real samples -> N/2 + 1 complex bins
//   rfft.inverse(bins, samples);        // scaled by 1/N
//
// Why its own FFT: the plugin runtime links nothing but the standard library (DESIGN.md).
// Sizes from 16 complex / 32 real points (float; 8 / 16 for double) run the vectorized
// engine in fft_simd.h: Stockham radix-8 passes across SIMD lanes, one in-register
// transpose pass, and for the real transform an N/2-point complex FFT with a vectorized
// untangling pass; an AVX2+FMA copy is picked at prepare() on CPUs that have it. Smaller
// sizes use a scalar radix-2 transform. All twiddles are tabulated in prepare();
// bench/dsp/fft_bench.cpp compares both transforms with FFTW and kissfft.
//
// Sizes are powers of two; prepare() rounds a size up to the next power of two and clamps
// it to [1, 2^24] (complex) or [2, 2^24] (real); size() tells the size in use. prepare()
// allocates the tables and four scratch arrays of about N (complex) or N/2 (real) values;
// the transforms never allocate, lock or throw. A span that is too short is ignored
// (nothing is written). Input and output may be the same memory (all of the input is read
// into scratch before any output is written).
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

#include "plinth/dsp/fft_simd.h"

namespace plinth::dsp {

namespace fft_detail {

inline int ceil_power_of_two(int n, int lo, int hi) noexcept {
  n = std::clamp(n, lo, hi);
  int p = 1;
  while (p < n) p <<= 1;
  return p;
}

inline int log2_exact(int n) noexcept {
  int l = 0;
  while ((1 << l) < n) ++l;
  return l;
}

// The scalar transforms, for sizes below the vectorized engine's minimum: an iterative
// radix-2 decimation-in-time transform on split arrays with tabulated twiddles and
// bit-reversal permutation, the first two passes fused into one radix-4 pass.
template <std::floating_point T>
class ScalarFft {
public:
  static constexpr int kMaxSize = 1 << 24;

  // Allocates tables for an N-point transform (N rounded up to a power of two).
  void prepare(int size) {
    n_ = fft_detail::ceil_power_of_two(size, 1, kMaxSize);
    const int bits = fft_detail::log2_exact(n_);
    bitrev_.assign(static_cast<std::size_t>(n_), 0);
    for (int i = 0; i < n_; ++i) {
      int r = 0;
      for (int b = 0; b < bits; ++b)
        if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      bitrev_[static_cast<std::size_t>(i)] = r;
    }
    // Per-stage twiddle tables, stage with half-length h stored at [h, 2h):
    // w_j = exp(-2 pi i j / (2h)), j < h. Computed directly (no recurrence), in double.
    const auto total = static_cast<std::size_t>(std::max(n_, 2));
    tw_re_.assign(total, T(0));
    tw_im_.assign(total, T(0));
    for (int h = 1; h < n_; h <<= 1) {
      for (int j = 0; j < h; ++j) {
        const double a = -std::numbers::pi * j / h;
        tw_re_[static_cast<std::size_t>(h + j)] = static_cast<T>(std::cos(a));
        tw_im_[static_cast<std::size_t>(h + j)] = static_cast<T>(std::sin(a));
      }
    }
    re_.assign(static_cast<std::size_t>(n_), T(0));
    im_.assign(static_cast<std::size_t>(n_), T(0));
  }

  [[nodiscard]] int size() const noexcept { return n_; }

  // Unscaled forward transform.
  void forward(std::span<const std::complex<T>> in, std::span<std::complex<T>> out) noexcept {
    run<false>(in, out, T(1));
  }

  // Inverse transform scaled by 1/N.
  void inverse(std::span<const std::complex<T>> in, std::span<std::complex<T>> out) noexcept {
    run<true>(in, out, n_ > 0 ? T(1) / static_cast<T>(n_) : T(1));
  }

  // Low-level entry for callers that keep split arrays (used by RealFFT): re/im hold the
  // input already permuted by bit_reversed(); the unscaled transform is done in place.
  template <bool Inverse>
  void transform_bit_reversed(T* re, T* im) const noexcept {
    const int n = n_;
    if (n < 2) return;
    int h = 1;
    if (n >= 4) {
      // Fused first two passes: 4-point DFTs with twiddles 1 and -i (or +i).
      for (int s = 0; s < n; s += 4) {
        const T a0r = re[s] + re[s + 1], a0i = im[s] + im[s + 1];
        const T a1r = re[s] - re[s + 1], a1i = im[s] - im[s + 1];
        const T a2r = re[s + 2] + re[s + 3], a2i = im[s + 2] + im[s + 3];
        const T a3r = re[s + 2] - re[s + 3], a3i = im[s + 2] - im[s + 3];
        re[s] = a0r + a2r;
        im[s] = a0i + a2i;
        re[s + 2] = a0r - a2r;
        im[s + 2] = a0i - a2i;
        if constexpr (Inverse) {  // a1 + i a3, a1 - i a3
          re[s + 1] = a1r - a3i;
          im[s + 1] = a1i + a3r;
          re[s + 3] = a1r + a3i;
          im[s + 3] = a1i - a3r;
        } else {  // a1 - i a3, a1 + i a3
          re[s + 1] = a1r + a3i;
          im[s + 1] = a1i - a3r;
          re[s + 3] = a1r - a3i;
          im[s + 3] = a1i + a3r;
        }
      }
      h = 4;
    } else {
      const T r0 = re[0], i0 = im[0];
      re[0] = r0 + re[1];
      im[0] = i0 + im[1];
      re[1] = r0 - re[1];
      im[1] = i0 - im[1];
      return;
    }
    for (; h < n; h <<= 1) {
      const T* __restrict wr = tw_re_.data() + h;
      const T* __restrict wi_table = tw_im_.data() + h;
      for (int s = 0; s < n; s += 2 * h) {
        T* __restrict ar = re + s;
        T* __restrict ai = im + s;
        T* __restrict br = re + s + h;
        T* __restrict bi = im + s + h;
        for (int j = 0; j < h; ++j) {
          const T wi = Inverse ? -wi_table[j] : wi_table[j];
          const T tr = wr[j] * br[j] - wi * bi[j];
          const T ti = wr[j] * bi[j] + wi * br[j];
          br[j] = ar[j] - tr;
          bi[j] = ai[j] - ti;
          ar[j] = ar[j] + tr;
          ai[j] = ai[j] + ti;
        }
      }
    }
  }

  [[nodiscard]] int bit_reversed(int i) const noexcept { return bitrev_[static_cast<std::size_t>(i)]; }

private:
  template <bool Inverse>
  void run(std::span<const std::complex<T>> in, std::span<std::complex<T>> out, T scale) noexcept {
    const auto n = static_cast<std::size_t>(n_);
    if (n == 0 || in.size() < n || out.size() < n) return;
    T* re = re_.data();
    T* im = im_.data();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& v = in[static_cast<std::size_t>(bitrev_[i])];
      re[i] = v.real();
      im[i] = v.imag();
    }
    transform_bit_reversed<Inverse>(re, im);
    for (std::size_t i = 0; i < n; ++i) out[i] = std::complex<T>(re[i] * scale, im[i] * scale);
  }

  int n_ = 0;
  std::vector<int> bitrev_;
  std::vector<T> tw_re_, tw_im_;
  std::vector<T> re_, im_;
};

template <std::floating_point T>
class ScalarRealFft {
public:
  static constexpr int kMaxSize = 1 << 24;

  void prepare(int size) {
    n_ = fft_detail::ceil_power_of_two(size, 2, kMaxSize);
    const int m = n_ / 2;
    half_.prepare(m);
    // Untangling twiddles W_N^k = exp(-2 pi i k / N), k in [0, N/2].
    w_re_.assign(static_cast<std::size_t>(m + 1), T(0));
    w_im_.assign(static_cast<std::size_t>(m + 1), T(0));
    for (int k = 0; k <= m; ++k) {
      const double a = -2.0 * std::numbers::pi * k / n_;
      w_re_[static_cast<std::size_t>(k)] = static_cast<T>(std::cos(a));
      w_im_[static_cast<std::size_t>(k)] = static_cast<T>(std::sin(a));
    }
    re_.assign(static_cast<std::size_t>(m), T(0));
    im_.assign(static_cast<std::size_t>(m), T(0));
  }

  [[nodiscard]] int size() const noexcept { return n_; }
  [[nodiscard]] int num_bins() const noexcept { return n_ / 2 + 1; }

  // N real samples in, N/2 + 1 bins out (unscaled; bins 0 and N/2 are real).
  void forward(std::span<const T> in, std::span<std::complex<T>> out) noexcept {
    const int m = n_ / 2;
    if (n_ == 0 || in.size() < static_cast<std::size_t>(n_) || out.size() < static_cast<std::size_t>(m + 1)) return;
    T* re = re_.data();
    T* im = im_.data();
    // z[j] = x[2j] + i x[2j+1], gathered in bit-reversed order.
    for (int i = 0; i < m; ++i) {
      const auto j = static_cast<std::size_t>(2 * half_.bit_reversed(i));
      re[i] = in[j];
      im[i] = in[j + 1];
    }
    half_.template transform_bit_reversed<false>(re, im);
    // X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / 2i.
    for (int k = 0; k <= m; ++k) {
      const int a = k == m ? 0 : k;
      const int b = k == 0 ? 0 : m - k;
      const T zr = re[a], zi = im[a];
      const T cr = re[b], ci = -im[b];
      const T er = T(0.5) * (zr + cr), ei = T(0.5) * (zi + ci);
      // (Z - conj Z') / (2i) = (di - i dr) / 2 with d = Z - conj Z'
      const T dr = zr - cr, di = zi - ci;
      const T orr = T(0.5) * di, oi = T(-0.5) * dr;
      const T wr = w_re_[static_cast<std::size_t>(k)], wi = w_im_[static_cast<std::size_t>(k)];
      out[static_cast<std::size_t>(k)] = std::complex<T>(er + wr * orr - wi * oi, ei + wr * oi + wi * orr);
    }
  }

  // N/2 + 1 bins in, N real samples out, scaled by 1/N (inverse(forward(x)) == x).
  void inverse(std::span<const std::complex<T>> in, std::span<T> out) noexcept {
    const int m = n_ / 2;
    if (n_ == 0 || in.size() < static_cast<std::size_t>(m + 1) || out.size() < static_cast<std::size_t>(n_)) return;
    T* re = re_.data();
    T* im = im_.data();
    // Z[k] = E[k] + i O[k], E = (X[k] + conj X[m-k]) / 2, O = (X[k] - conj X[m-k]) W^-k / 2,
    // written straight into bit-reversed positions for the inverse half-size transform.
    for (int k = 0; k < m; ++k) {
      const auto& x = in[static_cast<std::size_t>(k)];
      const auto& y = in[static_cast<std::size_t>(m - k)];
      const T xr = x.real(), xi = x.imag();
      const T cr = y.real(), ci = -y.imag();
      const T er = T(0.5) * (xr + cr), ei = T(0.5) * (xi + ci);
      const T dr = T(0.5) * (xr - cr), di = T(0.5) * (xi - ci);
      const T wr = w_re_[static_cast<std::size_t>(k)], wi = -w_im_[static_cast<std::size_t>(k)];
      const T orr = dr * wr - di * wi, oi = dr * wi + di * wr;
      const auto p = static_cast<std::size_t>(half_.bit_reversed(k));
      re[p] = er - oi;
      im[p] = ei + orr;
    }
    half_.template transform_bit_reversed<true>(re, im);
    const T scale = T(1) / static_cast<T>(n_);
    for (int j = 0; j < m; ++j) {
      out[static_cast<std::size_t>(2 * j)] = re[j] * T(2) * scale;
      out[static_cast<std::size_t>(2 * j + 1)] = im[j] * T(2) * scale;
    }
  }

private:
  int n_ = 0;
  ScalarFft<T> half_;
  std::vector<T> w_re_, w_im_;
  std::vector<T> re_, im_;
};

// Scratch for the engine: four arrays of m + lanes values (the real transforms read and
// write one element past m), in one allocation.
template <class T>
struct EngineScratch {
  static constexpr std::size_t kAlign = 64 / sizeof(T);  // a cache line, in values
  std::vector<T> data;
  std::size_t stride = 0, offset = 0;
  void assign(int m, int lanes) {
    stride = static_cast<std::size_t>(m + lanes);
    // Cache-line aligned arrays one line apart from a multiple of a line: the passes read
    // power-of-two strides, and arrays a power of two apart would share cache sets.
    stride = (stride + kAlign - 1) / kAlign * kAlign + kAlign;
    data.assign(4 * stride + kAlign, T(0));
    const auto addr = reinterpret_cast<std::uintptr_t>(data.data());
    offset = ((kAlign * sizeof(T) - addr % (kAlign * sizeof(T))) % (kAlign * sizeof(T))) / sizeof(T);
  }
  T* operator[](int i) noexcept { return data.data() + offset + static_cast<std::size_t>(i) * stride; }
};

}  // namespace fft_detail

// Which kernels prepare() may pick; all give the same results to rounding. Tests use the
// narrower ones to check every path on one machine.
enum class FftKernels {
  fastest,   // AVX2+FMA where the CPU has it and the size allows, else baseline
  baseline,  // 128-bit SIMD (SSE2 on x86-64); scalar below the sizes above
  scalar,    // the scalar radix-2 transform at every size
};

template <std::floating_point T>
class FFT {
public:
  static constexpr int kMaxSize = 1 << 24;

  // Allocates tables and scratch for an N-point transform (N rounded up to a power of two).
  void prepare(int size, FftKernels kernels = FftKernels::fastest) {
    n_ = fft_detail::ceil_power_of_two(size, 1, kMaxSize);
    lanes_ = fft_detail::choose_engine<T>(n_, kernels_, kernels == FftKernels::fastest, kernels != FftKernels::scalar);
    if (lanes_ > 0) {
      tables_.build(n_, lanes_);
      scratch_.assign(n_, lanes_);
      scalar_ = {};
    } else {
      tables_ = {};
      scratch_ = {};
      scalar_.prepare(n_);
    }
  }

  [[nodiscard]] int size() const noexcept { return n_; }
  // SIMD lanes of the kernels in use (4 or 8 floats, 2 or 4 doubles), 0 for scalar.
  [[nodiscard]] int simd_lanes() const noexcept { return lanes_; }

  // Unscaled forward transform.
  void forward(std::span<const std::complex<T>> in, std::span<std::complex<T>> out) noexcept {
    run(in, out, false);
  }

  // Inverse transform scaled by 1/N.
  void inverse(std::span<const std::complex<T>> in, std::span<std::complex<T>> out) noexcept {
    run(in, out, true);
  }

private:
  void run(std::span<const std::complex<T>> in, std::span<std::complex<T>> out, bool inv) noexcept {
    const auto n = static_cast<std::size_t>(n_);
    if (n == 0 || in.size() < n || out.size() < n) return;
    if (lanes_ == 0) {
      inv ? scalar_.inverse(in, out) : scalar_.forward(in, out);
      return;
    }
    // std::complex<T> is layout-compatible with T[2] ([complex.numbers]).
    kernels_.complex(tables_, reinterpret_cast<const T*>(in.data()), reinterpret_cast<T*>(out.data()), inv,
                     inv ? T(1) / static_cast<T>(n_) : T(1), scratch_[0], scratch_[1], scratch_[2], scratch_[3]);
  }

  int n_ = 0;
  int lanes_ = 0;
  fft_detail::EngineKernels<T> kernels_;
  fft_detail::EngineTables<T> tables_;
  fft_detail::EngineScratch<T> scratch_;
  fft_detail::ScalarFft<T> scalar_;
};

template <std::floating_point T>
class RealFFT {
public:
  static constexpr int kMaxSize = 1 << 24;

  // Allocates tables and scratch for an N-point transform (N rounded up to a power of two).
  void prepare(int size, FftKernels kernels = FftKernels::fastest) {
    n_ = fft_detail::ceil_power_of_two(size, 2, kMaxSize);
    lanes_ = fft_detail::choose_engine<T>(n_ / 2, kernels_, kernels == FftKernels::fastest,
                                          kernels != FftKernels::scalar);
    if (lanes_ > 0) {
      tables_.build(n_ / 2, lanes_);
      scratch_.assign(n_ / 2, lanes_);
      scalar_ = {};
    } else {
      tables_ = {};
      scratch_ = {};
      scalar_.prepare(n_);
    }
  }

  [[nodiscard]] int size() const noexcept { return n_; }
  [[nodiscard]] int num_bins() const noexcept { return n_ / 2 + 1; }
  // SIMD lanes of the kernels in use (4 or 8 floats, 2 or 4 doubles), 0 for scalar.
  [[nodiscard]] int simd_lanes() const noexcept { return lanes_; }

  // N real samples in, N/2 + 1 bins out (unscaled; bins 0 and N/2 are real).
  void forward(std::span<const T> in, std::span<std::complex<T>> out) noexcept {
    if (n_ == 0 || in.size() < static_cast<std::size_t>(n_) || out.size() < static_cast<std::size_t>(n_ / 2 + 1))
      return;
    if (lanes_ == 0) return scalar_.forward(in, out);
    kernels_.real_fwd(tables_, in.data(), reinterpret_cast<T*>(out.data()), scratch_[0], scratch_[1], scratch_[2],
                      scratch_[3]);
  }

  // N/2 + 1 bins in, N real samples out, scaled by 1/N (inverse(forward(x)) == x). The
  // imaginary parts of bins 0 and N/2 are ignored.
  void inverse(std::span<const std::complex<T>> in, std::span<T> out) noexcept {
    if (n_ == 0 || in.size() < static_cast<std::size_t>(n_ / 2 + 1) || out.size() < static_cast<std::size_t>(n_))
      return;
    if (lanes_ == 0) return scalar_.inverse(in, out);
    kernels_.real_inv(tables_, reinterpret_cast<const T*>(in.data()), out.data(), scratch_[0], scratch_[1],
                      scratch_[2], scratch_[3]);
  }

private:
  int n_ = 0;
  int lanes_ = 0;
  fft_detail::EngineKernels<T> kernels_;
  fft_detail::EngineTables<T> tables_;
  fft_detail::EngineScratch<T> scratch_;
  fft_detail::ScalarRealFft<T> scalar_;
};

}  // namespace plinth::dsp
