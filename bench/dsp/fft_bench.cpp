// FFTs, ns per point: plinth vs a textbook iterative radix-2 reference (std::complex,
// twiddles by recurrence, swaps for the bit reversal), and vs kissfft and FFTW (single
// precision) when they are installed.
//
// kissfft and FFTW are not linked: if their headers exist they are opened at run time with
// dlopen (libkissfft-float.so.131, libfftw3f.so.3), so this file builds with the project's
// plain benchmark rule and the comparison rows simply report an error when a library is
// missing. (To link them instead: pkg-config --cflags --libs kissfft-float fftw3f, i.e.
// -I/usr/include/kissfft -Dkiss_fft_scalar=float -lkissfft-float -lfftw3f.)
#include "plinth/dsp/fft.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <span>
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

void finish(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

std::vector<std::complex<float>> random_complex(std::size_t n) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<std::complex<float>> v(n);
  for (auto& x : v) x = {d(rng), d(rng)};
  return v;
}

std::vector<float> random_real(std::size_t n) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
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

void BM_FFT_plinth(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::FFT<float> fft;
  fft.prepare(static_cast<int>(n));
  const auto in = random_complex(n);
  std::vector<std::complex<float>> out(n);
  for (auto _ : state) {
    fft.forward(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
BENCHMARK(BM_FFT_plinth)->Arg(256)->Arg(1024)->Arg(4096);

void BM_FFT_reference(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto in = random_complex(n);
  std::vector<std::complex<float>> out(n);
  for (auto _ : state) {
    std::copy(in.begin(), in.end(), out.begin());  // same out-of-place contract as plinth
    reference_fft(out.data(), n);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
BENCHMARK(BM_FFT_reference)->Arg(256)->Arg(1024)->Arg(4096);

void BM_RealFFT_plinth(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::RealFFT<float> fft;
  fft.prepare(static_cast<int>(n));
  const auto in = random_real(n);
  std::vector<std::complex<float>> out(n / 2 + 1);
  for (auto _ : state) {
    fft.forward(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
BENCHMARK(BM_RealFFT_plinth)->Arg(256)->Arg(1024)->Arg(4096);

// Reference for the real transform: the obvious way, a full complex FFT of the samples.
void BM_RealFFT_reference(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto in = random_real(n);
  std::vector<std::complex<float>> buf(n);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) buf[i] = {in[i], 0.0f};
    reference_fft(buf.data(), n);
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
BENCHMARK(BM_RealFFT_reference)->Arg(256)->Arg(1024)->Arg(4096);

#if defined(PLINTH_BENCH_KISSFFT)
struct Kiss {
  void* lib = dlopen("libkissfft-float.so.131", RTLD_NOW);
  decltype(&kiss_fft_alloc) alloc =
      lib ? reinterpret_cast<decltype(&kiss_fft_alloc)>(dlsym(lib, "kiss_fft_alloc")) : nullptr;
  decltype(&kiss_fft) run = lib ? reinterpret_cast<decltype(&kiss_fft)>(dlsym(lib, "kiss_fft")) : nullptr;
  decltype(&kiss_fftr_alloc) ralloc =
      lib ? reinterpret_cast<decltype(&kiss_fftr_alloc)>(dlsym(lib, "kiss_fftr_alloc")) : nullptr;
  decltype(&kiss_fftr) rrun = lib ? reinterpret_cast<decltype(&kiss_fftr)>(dlsym(lib, "kiss_fftr")) : nullptr;
  bool ok() const { return alloc && run && ralloc && rrun; }
};
Kiss& kiss() {
  static Kiss k;
  return k;
}

void BM_FFT_kissfft(benchmark::State& state) {
  if (!kiss().ok()) {
    state.SkipWithError("libkissfft-float.so.131 not found");
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  kiss_fft_cfg cfg = kiss().alloc(static_cast<int>(n), 0, nullptr, nullptr);
  const auto src = random_complex(n);
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
BENCHMARK(BM_FFT_kissfft)->Arg(256)->Arg(1024)->Arg(4096);

void BM_RealFFT_kissfft(benchmark::State& state) {
  if (!kiss().ok()) {
    state.SkipWithError("libkissfft-float.so.131 not found");
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  kiss_fftr_cfg cfg = kiss().ralloc(static_cast<int>(n), 0, nullptr, nullptr);
  const auto in = random_real(n);
  std::vector<kiss_fft_cpx> out(n / 2 + 1);
  for (auto _ : state) {
    kiss().rrun(cfg, in.data(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  std::free(cfg);
  finish(state, n);
}
BENCHMARK(BM_RealFFT_kissfft)->Arg(256)->Arg(1024)->Arg(4096);
#endif

#if defined(PLINTH_BENCH_FFTW)
struct Fftw {
  void* lib = dlopen("libfftw3f.so.3", RTLD_NOW);
  template <class F>
  F sym(const char* name) const {
    return lib ? reinterpret_cast<F>(dlsym(lib, name)) : nullptr;
  }
  decltype(&fftwf_plan_dft_1d) plan = sym<decltype(&fftwf_plan_dft_1d)>("fftwf_plan_dft_1d");
  decltype(&fftwf_plan_dft_r2c_1d) plan_r = sym<decltype(&fftwf_plan_dft_r2c_1d)>("fftwf_plan_dft_r2c_1d");
  decltype(&fftwf_execute) execute = sym<decltype(&fftwf_execute)>("fftwf_execute");
  decltype(&fftwf_destroy_plan) destroy = sym<decltype(&fftwf_destroy_plan)>("fftwf_destroy_plan");
  decltype(&fftwf_malloc) alloc = sym<decltype(&fftwf_malloc)>("fftwf_malloc");
  decltype(&fftwf_free) release = sym<decltype(&fftwf_free)>("fftwf_free");
  bool ok() const { return plan && plan_r && execute && destroy && alloc && release; }
};
Fftw& fftw() {
  static Fftw f;
  return f;
}

void BM_FFT_fftw(benchmark::State& state) {
  if (!fftw().ok()) {
    state.SkipWithError("libfftw3f.so.3 not found");
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  auto* in = static_cast<fftwf_complex*>(fftw().alloc(sizeof(fftwf_complex) * n));
  auto* out = static_cast<fftwf_complex*>(fftw().alloc(sizeof(fftwf_complex) * n));
  fftwf_plan p = fftw().plan(static_cast<int>(n), in, out, FFTW_FORWARD, FFTW_MEASURE);
  const auto src = random_complex(n);
  for (std::size_t i = 0; i < n; ++i) {
    in[i][0] = src[i].real();
    in[i][1] = src[i].imag();
  }
  for (auto _ : state) {
    fftw().execute(p);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  fftw().destroy(p);
  fftw().release(in);
  fftw().release(out);
  finish(state, n);
}
BENCHMARK(BM_FFT_fftw)->Arg(256)->Arg(1024)->Arg(4096);

void BM_RealFFT_fftw(benchmark::State& state) {
  if (!fftw().ok()) {
    state.SkipWithError("libfftw3f.so.3 not found");
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  auto* in = static_cast<float*>(fftw().alloc(sizeof(float) * n));
  auto* out = static_cast<fftwf_complex*>(fftw().alloc(sizeof(fftwf_complex) * (n / 2 + 1)));
  fftwf_plan p = fftw().plan_r(static_cast<int>(n), in, out, FFTW_MEASURE);
  const auto src = random_real(n);
  std::copy(src.begin(), src.end(), in);
  for (auto _ : state) {
    fftw().execute(p);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  fftw().destroy(p);
  fftw().release(in);
  fftw().release(out);
  finish(state, n);
}
BENCHMARK(BM_RealFFT_fftw)->Arg(256)->Arg(1024)->Arg(4096);
#endif

}  // namespace
