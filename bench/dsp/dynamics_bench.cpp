// Dynamics vs plain reference implementations, 512-sample float blocks, in ns/sample.
//   Compressor  Compressor (peak detector, soft knee)  vs a plain loop: one-pole peak follower,
//               20 log10, the same knee formula, pow(10, g/20)
//   CompressorPerSample, CompressorRmsPerSample  Compressor (peak / rms detector) vs the
//               previous plinth block path, kept here: the per-sample detector, then
//               std::log2, the knee formula and std::exp2 per sample (skipped below the knee)
//   Limiter     Limiter (5 ms look-ahead)              vs the obvious look-ahead limiter:
//               brute-force minimum and average over the window every sample
//   Gate        Gate                                   vs a plain threshold/hysteresis/hold gate
#include "plinth/dsp/compressor.h"
#include "plinth/dsp/gate.h"
#include "plinth/dsp/limiter.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr std::size_t kBlock = 512;
constexpr double kSr = 48000.0;
constexpr double kPi = 3.14159265358979323846;
alignas(64) float g_in[kBlock];
alignas(64) float g_out[kBlock];

// Half the block loud (over the threshold), half quiet: both sides of the curve are hit.
void fill_input() {
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> d(-0.05f, 0.05f);
  for (std::size_t i = 0; i < kBlock; ++i)
    g_in[i] =
        static_cast<float>((i < kBlock / 2 ? 0.9 : 0.01) * std::sin(2 * kPi * 440.0 * static_cast<double>(i) / kSr)) +
        d(rng) * 0.1f;
}

void finish(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

struct RefCompressor {
  float env = 0;
  float a = static_cast<float>(std::exp(-1.0 / (0.005 * kSr)));
  float r = static_cast<float>(std::exp(-1.0 / (0.1 * kSr)));
  float t = -20, ratio = 4, w = 6;
  [[gnu::noinline]] void run(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float in = std::fabs(x[i]);
      env = in > env ? a * env + (1 - a) * in : r * env + (1 - r) * in;
      const float lvl = 20.0f * std::log10(std::max(env, 1e-12f));
      float y;
      if (2 * (lvl - t) < -w)
        y = lvl;
      else if (2 * (lvl - t) > w)
        y = t + (lvl - t) / ratio;
      else
        y = lvl + (1 / ratio - 1) * (lvl - t + w / 2) * (lvl - t + w / 2) / (2 * w);
      x[i] *= std::pow(10.0f, (y - lvl) / 20.0f);
    }
  }
};

// The Compressor's block path before the chunked detector / vectorized gain loop.
struct PerSampleCompressor {
  using GC = pd::GainComputer;
  pd::EnvelopeFollower<float> detector;
  float threshold = -20, ratio = 4, knee = 6, makeup_gain = 1;
  float knee_start = GC::db_to_amplitude(threshold - knee / 2);
  explicit PerSampleCompressor(pd::DetectorMode mode) {
    detector.prepare(kSr, static_cast<int>(kBlock), 1);
    detector.set_attack(0.005);
    detector.set_release(0.1);
    detector.set_mode(mode);
  }
  float gain_for_level(float level) const {
    if (!(level > knee_start)) return makeup_gain;
    const float x = GC::amplitude_to_db(level);
    return GC::db_to_amplitude(GC::compressor_gain_db(x, threshold, ratio, knee));
  }
  [[gnu::noinline]] void run(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] *= gain_for_level(detector.process(x[i], 0));
  }
};

struct RefLimiter {
  int L = static_cast<int>(0.005 * kSr);
  float ceiling = static_cast<float>(std::pow(10.0, -1.0 / 20));
  float rel_coef = static_cast<float>(std::exp(-1.0 / (0.05 * kSr)));
  std::vector<float> delay, targets, smooth;
  float rel = 1;
  std::size_t pos = 0;
  RefLimiter()
      : delay(static_cast<std::size_t>(L) + 1, 0.0f),
        targets(static_cast<std::size_t>(L) + 1, 1.0f),
        smooth(static_cast<std::size_t>(L) + 1, 1.0f) {}
  [[gnu::noinline]] void run(float* x, std::size_t n) {
    const std::size_t w = static_cast<std::size_t>(L) + 1;
    for (std::size_t i = 0; i < n; ++i) {
      const float a = std::fabs(x[i]);
      targets[pos] = a > ceiling ? ceiling / a : 1.0f;
      const float out = delay[(pos + 1) % w];  // L samples old
      delay[pos] = x[i];
      const float held = *std::min_element(targets.begin(), targets.end());
      rel = held < rel ? held : rel * rel_coef + held * (1 - rel_coef);
      smooth[pos] = rel;
      float sum = 0;
      for (float v : smooth) sum += v;
      x[i] = out * (sum / static_cast<float>(w));
      pos = (pos + 1) % w;
    }
  }
};

struct RefGate {
  float env = 0, gain = 0;
  float det_rel = static_cast<float>(std::exp(-1.0 / (0.02 * kSr)));
  float att = static_cast<float>(std::exp(-1.0 / (0.0005 * kSr)));
  float rel = static_cast<float>(std::exp(-1.0 / (0.05 * kSr)));
  float open = static_cast<float>(std::pow(10.0, -30.0 / 20)), close = static_cast<float>(std::pow(10.0, -36.0 / 20));
  float range = static_cast<float>(std::pow(10.0, -80.0 / 20));
  bool is_open = false;
  int hold = 0, hold_samples = static_cast<int>(0.01 * kSr);
  [[gnu::noinline]] void run(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float in = std::fabs(x[i]);
      env = in > env ? in : env * det_rel;
      if (env > open) {
        is_open = true;
        hold = hold_samples;
      } else if (is_open && env < close) {
        if (hold > 0)
          --hold;
        else
          is_open = false;
      }
      const float target = is_open ? 1.0f : range;
      gain = target > gain ? target + (gain - target) * att : target + (gain - target) * rel;
      x[i] *= gain;
    }
  }
};

template <class P>
[[gnu::noinline]] void plinth_run(P& p, float* x, std::size_t n) {
  p.process(std::span<float>(x, n), 0);
}
[[gnu::noinline]] void plinth_limiter(pd::Limiter<float>& p, float* x, std::size_t n) {
  p.process(std::span<float>(x, n));
}

template <class F>
void loop(benchmark::State& state, F&& f) {
  fill_input();
  for (auto _ : state) {
    std::copy(g_in, g_in + kBlock, g_out);
    f(g_out);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}
}  // namespace

static void BM_Compressor_plinth(benchmark::State& state) {
  pd::Compressor<float> c;
  c.prepare(kSr, kBlock, 1);
  c.set_threshold(-20);
  c.set_ratio(4);
  c.set_knee(6);
  c.set_attack(0.005);
  c.set_release(0.1);
  loop(state, [&](float* x) { plinth_run(c, x, kBlock); });
}
static void BM_Compressor_reference(benchmark::State& state) {
  RefCompressor c;
  loop(state, [&](float* x) { c.run(x, kBlock); });
}

static void compressor_vs_per_sample(benchmark::State& state, pd::DetectorMode mode, bool plinth) {
  if (plinth) {
    pd::Compressor<float> c;
    c.prepare(kSr, kBlock, 1);
    c.set_threshold(-20);
    c.set_ratio(4);
    c.set_knee(6);
    c.set_attack(0.005);
    c.set_release(0.1);
    c.set_detector(mode);
    loop(state, [&](float* x) { plinth_run(c, x, kBlock); });
  } else {
    PerSampleCompressor c(mode);
    loop(state, [&](float* x) { c.run(x, kBlock); });
  }
}
static void BM_CompressorPerSample_plinth(benchmark::State& state) {
  compressor_vs_per_sample(state, pd::DetectorMode::peak, true);
}
static void BM_CompressorPerSample_reference(benchmark::State& state) {
  compressor_vs_per_sample(state, pd::DetectorMode::peak, false);
}
static void BM_CompressorRmsPerSample_plinth(benchmark::State& state) {
  compressor_vs_per_sample(state, pd::DetectorMode::rms, true);
}
static void BM_CompressorRmsPerSample_reference(benchmark::State& state) {
  compressor_vs_per_sample(state, pd::DetectorMode::rms, false);
}

static void BM_Limiter_plinth(benchmark::State& state) {
  pd::Limiter<float> l;
  l.prepare(kSr, kBlock, 1);
  l.set_ceiling(-1.0);
  l.set_lookahead(0.005);
  l.set_release(0.05);
  loop(state, [&](float* x) { plinth_limiter(l, x, kBlock); });
}
static void BM_Limiter_reference(benchmark::State& state) {
  RefLimiter l;
  loop(state, [&](float* x) { l.run(x, kBlock); });
}

static void BM_Gate_plinth(benchmark::State& state) {
  pd::Gate<float> g;
  g.prepare(kSr, kBlock, 1);
  g.set_threshold(-30);
  g.set_hysteresis(6);
  g.set_range(-80);
  g.set_hold(0.01);
  loop(state, [&](float* x) { plinth_run(g, x, kBlock); });
}
static void BM_Gate_reference(benchmark::State& state) {
  RefGate g;
  loop(state, [&](float* x) { g.run(x, kBlock); });
}

BENCHMARK(BM_Compressor_plinth);
BENCHMARK(BM_Compressor_reference);
BENCHMARK(BM_CompressorPerSample_plinth);
BENCHMARK(BM_CompressorPerSample_reference);
BENCHMARK(BM_CompressorRmsPerSample_plinth);
BENCHMARK(BM_CompressorRmsPerSample_reference);
BENCHMARK(BM_Limiter_plinth);
BENCHMARK(BM_Limiter_reference);
BENCHMARK(BM_Gate_plinth);
BENCHMARK(BM_Gate_reference);
