// Buffer operations vs the plain loops a reader would write. Each kernel registers
// BM_<Kernel>_plinth and BM_<Kernel>_reference over the same 512-sample float blocks.
#include "plinth/dsp/buffer.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr std::size_t kBlock = 512;

// One static arena for every benchmark, so plinth and reference kernels see exactly the
// same addresses (64-byte aligned, spaced so the buffers don't alias modulo 4 KiB, which
// otherwise swings timings by 2x from run to run).
constexpr std::size_t kStride = kBlock + 80;  // 2368 bytes apart
alignas(64) float g_arena[4 * kStride + 2 * kBlock];

struct Buffers {
  std::span<float> a{g_arena, kBlock};
  std::span<float> b{g_arena + kStride, kBlock};
  std::span<float> c{g_arena + 2 * kStride, kBlock};
  Buffers() {
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (std::size_t i = 0; i < kBlock; ++i) {
      a[i] = d(rng);
      b[i] = d(rng);
      c[i] = d(rng);
    }
  }
};

void finish(benchmark::State& state) {
  const auto n = static_cast<double>(kBlock);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
  state.counters["ns_per_sample"] = benchmark::Counter(n * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The plain references; noinline so each is measured as one function call, like the
// plinth wrappers below (otherwise inlining into the timing loop skews either side).
[[gnu::noinline]] void ref_copy(const float* s, float* d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) d[i] = s[i];
}
[[gnu::noinline]] void ref_add(const float* s, float* d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) d[i] += s[i];
}
[[gnu::noinline]] void ref_scale(float* d, std::size_t n, float g) {
  for (std::size_t i = 0; i < n; ++i) d[i] *= g;
}
[[gnu::noinline]] void ref_mix(const float* s, float* d, std::size_t n, float g) {
  for (std::size_t i = 0; i < n; ++i) d[i] += s[i] * g;
}
[[gnu::noinline]] void ref_ramp(float* d, std::size_t n, float g0, float g1) {
  const float step = (g1 - g0) / static_cast<float>(n);
  float g = g0;
  for (std::size_t i = 0; i < n; ++i) {
    d[i] *= g;
    g += step;
  }
}
[[gnu::noinline]] float ref_peak(const float* s, std::size_t n) {
  float m = 0.0f;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::abs(s[i]));
  return m;
}
[[gnu::noinline]] float ref_rms(const float* s, std::size_t n) {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += s[i] * s[i];
  return std::sqrt(sum / static_cast<float>(n));
}
[[gnu::noinline]] void ref_mid_side(float* l, float* r, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float m = 0.5f * (l[i] + r[i]);
    const float s = 0.5f * (l[i] - r[i]);
    l[i] = m;
    r[i] = s;
  }
}
[[gnu::noinline]] void ref_interleave(const float* l, const float* r, float* o, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    o[2 * i] = l[i];
    o[2 * i + 1] = r[i];
  }
}

// plinth kernels behind the same kind of call boundary as the references.
[[gnu::noinline]] void pl_copy(const float* s, float* d, std::size_t n) {
  pd::copy<float>(std::span<const float>(s, n), std::span<float>(d, n));
}
[[gnu::noinline]] void pl_add(const float* s, float* d, std::size_t n) {
  pd::add<float>(std::span<const float>(s, n), std::span<float>(d, n));
}
[[gnu::noinline]] void pl_scale(float* d, std::size_t n, float g) { pd::scale<float>(std::span<float>(d, n), g); }
[[gnu::noinline]] void pl_mix(const float* s, float* d, std::size_t n, float g) {
  pd::add_with_gain<float>(std::span<const float>(s, n), std::span<float>(d, n), g);
}
[[gnu::noinline]] void pl_ramp(float* d, std::size_t n, float g0, float g1) {
  pd::apply_gain_ramp<float>(std::span<float>(d, n), g0, g1);
}
[[gnu::noinline]] float pl_peak(const float* s, std::size_t n) { return pd::peak<float>(std::span<const float>(s, n)); }
[[gnu::noinline]] float pl_rms(const float* s, std::size_t n) { return pd::rms<float>(std::span<const float>(s, n)); }
[[gnu::noinline]] void pl_mid_side(float* l, float* r, std::size_t n) {
  pd::left_right_to_mid_side<float>(std::span<float>(l, n), std::span<float>(r, n));
}
[[gnu::noinline]] void pl_interleave(const float* l, const float* r, float* o, std::size_t n) {
  pd::interleave_stereo<float>(std::span<const float>(l, n), std::span<const float>(r, n), std::span<float>(o, 2 * n));
}
}  // namespace

static void BM_Copy_plinth(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    pl_copy(b.a.data(), b.b.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Copy_reference(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    ref_copy(b.a.data(), b.b.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_Add_plinth(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    pl_add(b.a.data(), b.b.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Add_reference(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    ref_add(b.a.data(), b.b.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

// Scale alternates gains above and below one so the data stays in range.
static void BM_Scale_plinth(benchmark::State& state) {
  Buffers b;
  float g = 0.999f;
  for (auto _ : state) {
    pl_scale(b.b.data(), kBlock, g);
    g = 1.0f / g;
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Scale_reference(benchmark::State& state) {
  Buffers b;
  float g = 0.999f;
  for (auto _ : state) {
    ref_scale(b.b.data(), kBlock, g);
    g = 1.0f / g;
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_Mix_plinth(benchmark::State& state) {
  Buffers b;
  float g = 0.5f;
  for (auto _ : state) {
    pl_mix(b.a.data(), b.b.data(), kBlock, g);
    g = -g;
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Mix_reference(benchmark::State& state) {
  Buffers b;
  float g = 0.5f;
  for (auto _ : state) {
    ref_mix(b.a.data(), b.b.data(), kBlock, g);
    g = -g;
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_GainRamp_plinth(benchmark::State& state) {
  Buffers b;
  float g0 = 0.99f, g1 = 1.0f / 0.99f;
  for (auto _ : state) {
    pl_ramp(b.b.data(), kBlock, g0, g1);
    std::swap(g0, g1);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_GainRamp_reference(benchmark::State& state) {
  Buffers b;
  float g0 = 0.99f, g1 = 1.0f / 0.99f;
  for (auto _ : state) {
    ref_ramp(b.b.data(), kBlock, g0, g1);
    std::swap(g0, g1);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_Peak_plinth(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    benchmark::DoNotOptimize(b.a.data());
    benchmark::DoNotOptimize(pl_peak(b.a.data(), kBlock));
  }
  finish(state);
}
static void BM_Peak_reference(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    benchmark::DoNotOptimize(b.a.data());
    benchmark::DoNotOptimize(ref_peak(b.a.data(), kBlock));
  }
  finish(state);
}

static void BM_Rms_plinth(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    benchmark::DoNotOptimize(b.a.data());
    benchmark::DoNotOptimize(pl_rms(b.a.data(), kBlock));
  }
  finish(state);
}
static void BM_Rms_reference(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    benchmark::DoNotOptimize(b.a.data());
    benchmark::DoNotOptimize(ref_rms(b.a.data(), kBlock));
  }
  finish(state);
}

static void BM_MidSide_plinth(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    pl_mid_side(b.a.data(), b.b.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_MidSide_reference(benchmark::State& state) {
  Buffers b;
  for (auto _ : state) {
    ref_mid_side(b.a.data(), b.b.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_InterleaveStereo_plinth(benchmark::State& state) {
  Buffers b;
  std::span<float> out{g_arena + 3 * kStride, 2 * kBlock};
  for (auto _ : state) {
    pl_interleave(b.a.data(), b.b.data(), out.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_InterleaveStereo_reference(benchmark::State& state) {
  Buffers b;
  std::span<float> out{g_arena + 3 * kStride, 2 * kBlock};
  for (auto _ : state) {
    ref_interleave(b.a.data(), b.b.data(), out.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

BENCHMARK(BM_Copy_plinth);
BENCHMARK(BM_Copy_reference);
BENCHMARK(BM_Add_plinth);
BENCHMARK(BM_Add_reference);
BENCHMARK(BM_Scale_plinth);
BENCHMARK(BM_Scale_reference);
BENCHMARK(BM_Mix_plinth);
BENCHMARK(BM_Mix_reference);
BENCHMARK(BM_GainRamp_plinth);
BENCHMARK(BM_GainRamp_reference);
BENCHMARK(BM_Peak_plinth);
BENCHMARK(BM_Peak_reference);
BENCHMARK(BM_Rms_plinth);
BENCHMARK(BM_Rms_reference);
BENCHMARK(BM_MidSide_plinth);
BENCHMARK(BM_MidSide_reference);
BENCHMARK(BM_InterleaveStereo_plinth);
BENCHMARK(BM_InterleaveStereo_reference);
