// FFTs, ns per point: plinth against a textbook iterative radix-2 FFT, and against FFTW3
// and kissfft when they are installed, as pairs tools/bench_ratio.py reads:
//
//   BM_FFT_plinth / BM_FFT_reference                     complex float vs textbook radix-2
//   BM_RealFFT_plinth / BM_RealFFT_reference             real float vs a full textbook FFT
//   BM_RealFFT_<dir>_<type>_vs_fftw_{plinth,reference}   vs FFTW r2c / c2r, FFTW_MEASURE
//   BM_RealFFT_<dir>_f32_vs_kissfft_{plinth,reference}   vs kiss_fftr / kiss_fftri
//   BM_FFT_f32_vs_{fftw,kissfft}_{plinth,reference}      complex, vs fftwf_plan_dft_1d / kiss_fft
//
// <dir> is fwd or inv, <type> f32 or f64. All out-of-place on the calling thread; FFTW's
// c2r plans get FFTW_PRESERVE_INPUT, since plinth's inverse leaves its input alone too.
// Ratios: python3 tools/bench_ratio.py build/bench/bench_dsp_fft_bench --benchmark_repetitions=7
//
// kissfft and FFTW are benchmark-only and never linked: if their headers exist they are
// opened at run time with dlopen (libkissfft-float.so.131, libfftw3f.so.3, libfftw3.so.3),
// so this file builds with the plain benchmark rule, and a peer whose library is missing
// is simply not registered. scripts/install-deps.sh installs libfftw3-dev and
// libkissfft-dev.
#include "plinth/dsp/fft.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdlib>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

#if __has_include(<dlfcn.h>)
#include <dlfcn.h>
#define PLINTH_BENCH_DLOPEN 1
#endif

#if defined(PLINTH_BENCH_DLOPEN) && __has_include(<kissfft/kiss_fft.h>) && __has_include(<kissfft/kiss_fftr.h>)
#ifndef kiss_fft_scalar
#define kiss_fft_scalar float
#endif
#include <kissfft/kiss_fft.h>
#include <kissfft/kiss_fftr.h>
#define PLINTH_BENCH_KISSFFT 1
#endif

#if defined(PLINTH_BENCH_DLOPEN) && __has_include(<fftw3.h>)
#include <fftw3.h>
#define PLINTH_BENCH_FFTW 1
#endif

namespace pd = plinth::dsp;

namespace {

constexpr int kSizes[] = {256, 1024, 4096};

void finish(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

template <class T>
std::vector<std::complex<T>> random_complex(std::size_t n) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<T> d(-1, 1);
  std::vector<std::complex<T>> v(n);
  for (auto& x : v) x = {d(rng), d(rng)};
  return v;
}

template <class T>
std::vector<T> random_real(std::size_t n) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<T> d(-1, 1);
  std::vector<T> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// The spectrum of a real signal, as inverse-transform input.
template <class T>
std::vector<std::complex<T>> random_spectrum(std::size_t n) {
  pd::RealFFT<T> f;
  f.prepare(static_cast<int>(n));
  std::vector<std::complex<T>> bins(n / 2 + 1);
  f.forward(random_real<T>(n), bins);
  return bins;
}

// The textbook in-place iterative radix-2 FFT.
[[gnu::noinline]] void reference_fft(std::complex<float>* a, std::size_t n) {
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double ang = -2.0 * std::numbers::pi / static_cast<double>(len);
    const std::complex<float> wlen(static_cast<float>(std::cos(ang)), static_cast<float>(std::sin(ang)));
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<float> w(1.0f, 0.0f);
      for (std::size_t j = 0; j < len / 2; ++j) {
        const std::complex<float> u = a[i + j];
        const std::complex<float> v = a[i + j + len / 2] * w;
        a[i + j] = u + v;
        a[i + j + len / 2] = u - v;
        w *= wlen;
      }
    }
  }
}

// --- plinth ----------------------------------------------------------------------------

template <class T>
void plinth_complex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::FFT<T> fft;
  fft.prepare(static_cast<int>(n));
  const auto in = random_complex<T>(n);
  std::vector<std::complex<T>> out(n);
  for (auto _ : state) {
    fft.forward(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

template <class T>
void plinth_real_forward(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::RealFFT<T> fft;
  fft.prepare(static_cast<int>(n));
  const auto in = random_real<T>(n);
  std::vector<std::complex<T>> out(n / 2 + 1);
  for (auto _ : state) {
    fft.forward(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

template <class T>
void plinth_real_inverse(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::RealFFT<T> fft;
  fft.prepare(static_cast<int>(n));
  const auto in = random_spectrum<T>(n);
  std::vector<T> out(n);
  for (auto _ : state) {
    fft.inverse(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

// --- textbook references ----------------------------------------------------------------

void reference_complex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto in = random_complex<float>(n);
  std::vector<std::complex<float>> out(n);
  for (auto _ : state) {
    std::copy(in.begin(), in.end(), out.begin());  // same out-of-place contract as plinth
    reference_fft(out.data(), n);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

// The obvious real transform: a full complex FFT of the samples.
void reference_real(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto in = random_real<float>(n);
  std::vector<std::complex<float>> buf(n);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) buf[i] = {in[i], 0.0f};
    reference_fft(buf.data(), n);
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

// --- kissfft -----------------------------------------------------------------------------

#if defined(PLINTH_BENCH_KISSFFT)
struct Kiss {
  void* lib = dlopen("libkissfft-float.so.131", RTLD_NOW);
  template <class F>
  F sym(const char* name) const {
    return lib ? reinterpret_cast<F>(dlsym(lib, name)) : nullptr;
  }
  decltype(&kiss_fft_alloc) alloc = sym<decltype(&kiss_fft_alloc)>("kiss_fft_alloc");
  decltype(&kiss_fft) run = sym<decltype(&kiss_fft)>("kiss_fft");
  decltype(&kiss_fftr_alloc) ralloc = sym<decltype(&kiss_fftr_alloc)>("kiss_fftr_alloc");
  decltype(&kiss_fftr) rrun = sym<decltype(&kiss_fftr)>("kiss_fftr");
  decltype(&kiss_fftri) rinv = sym<decltype(&kiss_fftri)>("kiss_fftri");
  bool ok() const { return alloc && run && ralloc && rrun && rinv; }
};
Kiss& kiss() {
  static Kiss k;
  return k;
}

void kiss_complex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  kiss_fft_cfg cfg = kiss().alloc(static_cast<int>(n), 0, nullptr, nullptr);
  const auto src = random_complex<float>(n);
  std::vector<kiss_fft_cpx> in(n), out(n);
  for (std::size_t i = 0; i < n; ++i) in[i] = {src[i].real(), src[i].imag()};
  for (auto _ : state) {
    kiss().run(cfg, in.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  std::free(cfg);
  finish(state, n);
}

void kiss_real_forward(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  kiss_fftr_cfg cfg = kiss().ralloc(static_cast<int>(n), 0, nullptr, nullptr);
  const auto in = random_real<float>(n);
  std::vector<kiss_fft_cpx> out(n / 2 + 1);
  for (auto _ : state) {
    kiss().rrun(cfg, in.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  std::free(cfg);
  finish(state, n);
}

void kiss_real_inverse(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  kiss_fftr_cfg cfg = kiss().ralloc(static_cast<int>(n), 1, nullptr, nullptr);
  const auto src = random_spectrum<float>(n);
  std::vector<kiss_fft_cpx> in(n / 2 + 1);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = {src[i].real(), src[i].imag()};
  std::vector<float> out(n);
  for (auto _ : state) {
    kiss().rinv(cfg, in.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  std::free(cfg);
  finish(state, n);
}
#endif

// --- FFTW --------------------------------------------------------------------------------

#if defined(PLINTH_BENCH_FFTW)
// The FFTW API of one precision, resolved from its shared library.
template <class T>
struct Fftw;

#define PLINTH_BENCH_FFTW_API(T, PREFIX, SONAME)                                                           \
  template <>                                                                                              \
  struct Fftw<T> {                                                                                         \
    using complex_type = PREFIX##_complex;                                                                 \
    using plan_type = PREFIX##_plan;                                                                       \
    void* lib = dlopen(SONAME, RTLD_NOW);                                                                  \
    template <class F>                                                                                     \
    F sym(const char* name) const {                                                                        \
      return lib ? reinterpret_cast<F>(dlsym(lib, name)) : nullptr;                                        \
    }                                                                                                      \
    decltype(&PREFIX##_plan_dft_1d) plan_c2c = sym<decltype(&PREFIX##_plan_dft_1d)>(#PREFIX "_plan_dft_1d"); \
    decltype(&PREFIX##_plan_dft_r2c_1d) plan_r2c =                                                         \
        sym<decltype(&PREFIX##_plan_dft_r2c_1d)>(#PREFIX "_plan_dft_r2c_1d");                              \
    decltype(&PREFIX##_plan_dft_c2r_1d) plan_c2r =                                                         \
        sym<decltype(&PREFIX##_plan_dft_c2r_1d)>(#PREFIX "_plan_dft_c2r_1d");                              \
    decltype(&PREFIX##_execute) execute = sym<decltype(&PREFIX##_execute)>(#PREFIX "_execute");            \
    decltype(&PREFIX##_destroy_plan) destroy = sym<decltype(&PREFIX##_destroy_plan)>(#PREFIX "_destroy_plan"); \
    decltype(&PREFIX##_malloc) alloc = sym<decltype(&PREFIX##_malloc)>(#PREFIX "_malloc");                 \
    decltype(&PREFIX##_free) release = sym<decltype(&PREFIX##_free)>(#PREFIX "_free");                     \
    bool ok() const { return plan_c2c && plan_r2c && plan_c2r && execute && destroy && alloc && release; } \
  };

PLINTH_BENCH_FFTW_API(float, fftwf, "libfftw3f.so.3")
PLINTH_BENCH_FFTW_API(double, fftw, "libfftw3.so.3")
#undef PLINTH_BENCH_FFTW_API

template <class T>
Fftw<T>& fftw() {
  static Fftw<T> f;
  return f;
}

template <class T, class P>
void run_plan(benchmark::State& state, P plan, std::size_t n, const void* out) {
  for (auto _ : state) {
    fftw<T>().execute(plan);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  fftw<T>().destroy(plan);
  finish(state, n);
}

void fftw_complex(benchmark::State& state) {
  auto& f = fftw<float>();
  const auto n = static_cast<std::size_t>(state.range(0));
  auto* in = static_cast<fftwf_complex*>(f.alloc(sizeof(fftwf_complex) * n));
  auto* out = static_cast<fftwf_complex*>(f.alloc(sizeof(fftwf_complex) * n));
  fftwf_plan p = f.plan_c2c(static_cast<int>(n), in, out, FFTW_FORWARD, FFTW_MEASURE);
  const auto src = random_complex<float>(n);
  for (std::size_t i = 0; i < n; ++i) {
    in[i][0] = src[i].real();
    in[i][1] = src[i].imag();
  }
  run_plan<float>(state, p, n, out);
  f.release(in);
  f.release(out);
}

template <class T>
void fftw_real_forward(benchmark::State& state) {
  auto& f = fftw<T>();
  using C = typename Fftw<T>::complex_type;
  const auto n = static_cast<std::size_t>(state.range(0));
  auto* in = static_cast<T*>(f.alloc(sizeof(T) * n));
  auto* out = static_cast<C*>(f.alloc(sizeof(C) * (n / 2 + 1)));
  auto p = f.plan_r2c(static_cast<int>(n), in, out, FFTW_MEASURE);  // planning clobbers in
  const auto src = random_real<T>(n);
  std::copy(src.begin(), src.end(), in);
  run_plan<T>(state, p, n, out);
  f.release(in);
  f.release(out);
}

template <class T>
void fftw_real_inverse(benchmark::State& state) {
  auto& f = fftw<T>();
  using C = typename Fftw<T>::complex_type;
  const auto n = static_cast<std::size_t>(state.range(0));
  auto* in = static_cast<C*>(f.alloc(sizeof(C) * (n / 2 + 1)));
  auto* out = static_cast<T*>(f.alloc(sizeof(T) * n));
  auto p = f.plan_c2r(static_cast<int>(n), in, out, FFTW_MEASURE | FFTW_PRESERVE_INPUT);
  const auto src = random_spectrum<T>(n);
  for (std::size_t i = 0; i < src.size(); ++i) {
    in[i][0] = src[i].real();
    in[i][1] = src[i].imag();
  }
  run_plan<T>(state, p, n, out);
  f.release(in);
  f.release(out);
}
#endif

// A plinth benchmark and its peer under the names bench_ratio.py pairs.
template <class F, class G>
void register_pair(const std::string& kernel, F plinth, G peer) {
  for (int n : kSizes) {
    benchmark::RegisterBenchmark(("BM_" + kernel + "_plinth").c_str(), plinth)->Arg(n);
    benchmark::RegisterBenchmark(("BM_" + kernel + "_reference").c_str(), peer)->Arg(n);
  }
}

[[maybe_unused]] const bool registered = [] {
  register_pair("FFT", plinth_complex<float>, reference_complex);
  register_pair("RealFFT", plinth_real_forward<float>, reference_real);
#if defined(PLINTH_BENCH_FFTW)
  if (fftw<float>().ok()) {
    register_pair("RealFFT_fwd_f32_vs_fftw", plinth_real_forward<float>, fftw_real_forward<float>);
    register_pair("RealFFT_inv_f32_vs_fftw", plinth_real_inverse<float>, fftw_real_inverse<float>);
    register_pair("FFT_f32_vs_fftw", plinth_complex<float>, fftw_complex);
  }
  if (fftw<double>().ok()) {
    register_pair("RealFFT_fwd_f64_vs_fftw", plinth_real_forward<double>, fftw_real_forward<double>);
    register_pair("RealFFT_inv_f64_vs_fftw", plinth_real_inverse<double>, fftw_real_inverse<double>);
  }
#endif
#if defined(PLINTH_BENCH_KISSFFT)
  if (kiss().ok()) {
    register_pair("RealFFT_fwd_f32_vs_kissfft", plinth_real_forward<float>, kiss_real_forward);
    register_pair("RealFFT_inv_f32_vs_kissfft", plinth_real_inverse<float>, kiss_real_inverse);
    register_pair("FFT_f32_vs_kissfft", plinth_complex<float>, kiss_complex);
  }
#endif
  return true;
}();

}  // namespace
