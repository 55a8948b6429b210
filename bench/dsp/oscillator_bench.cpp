// Oscillators vs plain reference implementations, 512-sample float blocks, in ns/sample.
//   Sine              SineOsc                    vs phase accumulator + std::sin
//   SineTable         SineOsc                    vs a 128-point table, linear interpolation
//                                                (the usual cheap sine; error ~3e-4)
//   SawPolyBlep       BlepOsc (poly_blep)         vs the textbook 2-point polyBLEP saw loop
//   BandLimitedSaw    BlepOsc (kaiser, 440 Hz)   vs additive synthesis of the harmonics below Nyquist
//   Wavetable         WavetableOsc               vs a plain linear-interpolating table read
//   WhiteNoise        WhiteNoise (PCG32)         vs std::mt19937 + uniform_real_distribution
//   PinkNoise         PinkNoise                  vs the same filter fed by std::mt19937
#include "plinth/dsp/blep_osc.h"
#include "plinth/dsp/noise.h"
#include "plinth/dsp/sine_osc.h"
#include "plinth/dsp/wavetable.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr std::size_t kBlock = 512;
constexpr double kSr = 48000.0;
constexpr double kTwoPi = 6.283185307179586476925286766559;
alignas(64) float g_out[kBlock];

void finish(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// ---- references (noinline: measured as one call per block, like the plinth side) ----
struct RefSine {
  double phase = 0, inc = 440.0 / kSr;
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = static_cast<float>(std::sin(kTwoPi * phase));
      phase += inc;
      if (phase >= 1.0) phase -= 1.0;
    }
  }
};

struct RefSineTable {
  float table[129];
  double phase = 0, inc = 440.0 / kSr;
  RefSineTable() {
    for (int i = 0; i <= 128; ++i) table[i] = static_cast<float>(std::sin(kTwoPi * i / 128.0));
  }
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const double pos = phase * 128.0;
      const auto k = static_cast<int>(pos);
      const auto frac = static_cast<float>(pos - k);
      out[i] = table[k] + frac * (table[k + 1] - table[k]);
      phase += inc;
      if (phase >= 1.0) phase -= 1.0;
    }
  }
};

struct RefPolyBlepSaw {
  double phase = 0, inc = 440.0 / kSr;
  static double blep(double t, double dt) {
    if (t < dt) {
      t /= dt;
      return t + t - t * t - 1.0;
    }
    if (t > 1.0 - dt) {
      t = (t - 1.0) / dt;
      return t * t + t + t + 1.0;
    }
    return 0.0;
  }
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = static_cast<float>(2.0 * phase - 1.0 - blep(phase, inc));
      phase += inc;
      if (phase >= 1.0) phase -= 1.0;
    }
  }
};

struct RefAdditiveSaw {
  double phase = 0, inc = 440.0 / kSr;
  int harmonics = static_cast<int>(0.5 / (440.0 / kSr));
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      double v = 0;
      for (int h = 1; h <= harmonics; ++h) v += std::sin(kTwoPi * h * phase) / h;
      out[i] = static_cast<float>(-2.0 / 3.14159265358979 * v);
      phase += inc;
      if (phase >= 1.0) phase -= 1.0;
    }
  }
};

struct RefTable {
  std::vector<float> table;
  double phase = 0, inc = 440.0 / kSr;
  RefTable() : table(2049) {
    for (std::size_t i = 0; i < table.size(); ++i)
      table[i] = static_cast<float>(std::sin(kTwoPi * static_cast<double>(i) / 2048.0));
  }
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const double x = phase * 2048.0;
      const auto k = static_cast<std::size_t>(x);
      const float f = static_cast<float>(x - static_cast<double>(k));
      out[i] = table[k] + f * (table[k + 1] - table[k]);
      phase += inc;
      if (phase >= 1.0) phase -= 1.0;
    }
  }
};

struct RefWhite {
  std::mt19937 rng{1};
  std::uniform_real_distribution<float> dist{-1.0f, 1.0f};
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = dist(rng);
  }
};

struct RefPink {
  RefWhite white;
  float b[7] = {};
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float w = white.dist(white.rng);
      b[0] = 0.99886f * b[0] + w * 0.0555179f;
      b[1] = 0.99332f * b[1] + w * 0.0750759f;
      b[2] = 0.96900f * b[2] + w * 0.1538520f;
      b[3] = 0.86650f * b[3] + w * 0.3104856f;
      b[4] = 0.55000f * b[4] + w * 0.5329522f;
      b[5] = -0.7616f * b[5] - w * 0.0168980f;
      out[i] = 0.16f * (b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362f);
      b[6] = w * 0.115926f;
    }
  }
};

template <class Osc>
[[gnu::noinline]] void run_plinth(Osc& osc, float* out, std::size_t n) {
  osc.process(std::span<float>(out, n));
}

template <class Ref>
void run_reference(benchmark::State& state) {
  Ref ref;
  for (auto _ : state) {
    ref.run(g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}

template <class Osc>
void run_osc(benchmark::State& state, Osc& osc) {
  for (auto _ : state) {
    run_plinth(osc, g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}
}  // namespace

static void BM_Sine_plinth(benchmark::State& state) {
  pd::SineOsc<float> osc;
  osc.prepare(kSr, kBlock, 1);
  osc.set_frequency(440.0);
  run_osc(state, osc);
}
static void BM_Sine_reference(benchmark::State& state) { run_reference<RefSine>(state); }
static void BM_SineTable_plinth(benchmark::State& state) { BM_Sine_plinth(state); }
static void BM_SineTable_reference(benchmark::State& state) { run_reference<RefSineTable>(state); }

static void BM_SawPolyBlep_plinth(benchmark::State& state) {
  pd::BlepOsc<float> osc;
  osc.prepare(kSr, kBlock, 1);
  osc.set_quality(pd::BlepQuality::poly_blep);
  osc.set_frequency(440.0);
  run_osc(state, osc);
}
static void BM_SawPolyBlep_reference(benchmark::State& state) { run_reference<RefPolyBlepSaw>(state); }

static void BM_BandLimitedSaw_plinth(benchmark::State& state) {
  pd::BlepOsc<float> osc;
  osc.prepare(kSr, kBlock, 1);
  osc.set_quality(pd::BlepQuality::kaiser);
  osc.set_frequency(440.0);
  run_osc(state, osc);
}
static void BM_BandLimitedSaw_reference(benchmark::State& state) { run_reference<RefAdditiveSaw>(state); }

static void BM_Wavetable_plinth(benchmark::State& state) {
  static pd::Wavetable<float> table = [] {
    pd::Wavetable<float> t;
    t.load_from_harmonics(std::vector<double>{1.0});
    return t;
  }();
  pd::WavetableOsc<float> osc;
  osc.prepare(kSr, kBlock, 1);
  osc.set_table(&table);
  osc.set_frequency(440.0);
  run_osc(state, osc);
}
static void BM_Wavetable_reference(benchmark::State& state) { run_reference<RefTable>(state); }

static void BM_WhiteNoise_plinth(benchmark::State& state) {
  pd::WhiteNoise<float> noise;
  noise.prepare(kSr, kBlock, 1);
  run_osc(state, noise);
}
static void BM_WhiteNoise_reference(benchmark::State& state) { run_reference<RefWhite>(state); }

static void BM_PinkNoise_plinth(benchmark::State& state) {
  pd::PinkNoise<float> noise;
  noise.prepare(kSr, kBlock, 1);
  run_osc(state, noise);
}
static void BM_PinkNoise_reference(benchmark::State& state) { run_reference<RefPink>(state); }

BENCHMARK(BM_Sine_plinth);
BENCHMARK(BM_Sine_reference);
BENCHMARK(BM_SineTable_plinth);
BENCHMARK(BM_SineTable_reference);
BENCHMARK(BM_SawPolyBlep_plinth);
BENCHMARK(BM_SawPolyBlep_reference);
BENCHMARK(BM_BandLimitedSaw_plinth);
BENCHMARK(BM_BandLimitedSaw_reference);
BENCHMARK(BM_Wavetable_plinth);
BENCHMARK(BM_Wavetable_reference);
BENCHMARK(BM_WhiteNoise_plinth);
BENCHMARK(BM_WhiteNoise_reference);
BENCHMARK(BM_PinkNoise_plinth);
BENCHMARK(BM_PinkNoise_reference);
