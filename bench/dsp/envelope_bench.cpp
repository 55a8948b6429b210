// Envelopes vs plain reference implementations, 512-sample float blocks, in ns/sample.
//   Adsr              Adsr (linear attack, exponential decay/release) vs a textbook
//                     per-sample state machine (level += rate, level *= coefficient)
//   EnvelopeFollower  peak follower vs the plain one-pole attack/release loop
//   RmsFollower       rms follower vs the plain mean-square one-pole + sqrt loop
#include "plinth/dsp/adsr.h"
#include "plinth/dsp/envelope_follower.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr std::size_t kBlock = 512;
constexpr double kSr = 48000.0;
alignas(64) float g_in[kBlock];
alignas(64) float g_out[kBlock];

void fill_input() {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  for (std::size_t i = 0; i < kBlock; ++i) g_in[i] = d(rng) * (i % 128 < 64 ? 1.0f : 0.05f);
}

void finish(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Textbook ADSR: linear attack by a fixed increment, exponential decay and release by a
// fixed multiplier towards the target.
struct RefAdsr {
  enum Stage { idle, attack, decay, sustain, release } stage = idle;
  float level = 0, attack_inc = 0, decay_coef = 0, release_coef = 0, sus = 0.5f;
  RefAdsr() {
    attack_inc = static_cast<float>(1.0 / (0.005 * kSr));
    decay_coef = static_cast<float>(std::exp(-5.0 / (0.05 * kSr)));
    release_coef = static_cast<float>(std::exp(-5.0 / (0.1 * kSr)));
  }
  [[gnu::noinline]] void run(float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      switch (stage) {
        case attack:
          level += attack_inc;
          if (level >= 1.0f) {
            level = 1.0f;
            stage = decay;
          }
          break;
        case decay:
          level = sus + (level - sus) * decay_coef;
          if (level - sus < 1e-4f) {
            level = sus;
            stage = sustain;
          }
          break;
        case release:
          level *= release_coef;
          if (level < 1e-4f) {
            level = 0;
            stage = idle;
          }
          break;
        default: break;
      }
      out[i] = level;
    }
  }
};

struct RefPeak {
  float env = 0, a = 0, r = 0;
  RefPeak()
      : a(static_cast<float>(std::exp(-1.0 / (0.001 * kSr)))), r(static_cast<float>(std::exp(-1.0 / (0.1 * kSr)))) {}
  [[gnu::noinline]] void run(const float* in, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float x = std::fabs(in[i]);
      env = x > env ? a * env + (1 - a) * x : r * env + (1 - r) * x;
      out[i] = env;
    }
  }
};

struct RefRms {
  float ms = 0, a = 0, r = 0;
  RefRms()
      : a(static_cast<float>(std::exp(-1.0 / (0.001 * kSr)))), r(static_cast<float>(std::exp(-1.0 / (0.1 * kSr)))) {}
  [[gnu::noinline]] void run(const float* in, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float x = in[i] * in[i];
      ms = x > ms ? a * ms + (1 - a) * x : r * ms + (1 - r) * x;
      out[i] = std::sqrt(ms);
    }
  }
};

[[gnu::noinline]] void plinth_adsr(pd::Adsr<float>& env, float* out, std::size_t n) {
  env.process(std::span<float>(out, n));
}
[[gnu::noinline]] void plinth_follower(pd::EnvelopeFollower<float>& env, float* out, std::size_t n) {
  env.process(std::span<float>(out, n), 0);
}
}  // namespace

// Both ADSRs cycle through a note every 40 blocks (~0.43 s): attack, decay, sustain, release.
static void BM_Adsr_plinth(benchmark::State& state) {
  pd::Adsr<float> env;
  env.prepare(kSr, kBlock, 1);
  env.set_attack(0.005);
  env.set_decay(0.05);
  env.set_sustain(0.5);
  env.set_release(0.1);
  int block = 0;
  for (auto _ : state) {
    if (block % 40 == 0) env.note_on();
    if (block % 40 == 20) env.note_off();
    ++block;
    plinth_adsr(env, g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Adsr_reference(benchmark::State& state) {
  RefAdsr env;
  int block = 0;
  for (auto _ : state) {
    if (block % 40 == 0) env.stage = RefAdsr::attack;
    if (block % 40 == 20) env.stage = RefAdsr::release;
    ++block;
    env.run(g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void run_follower(benchmark::State& state, pd::DetectorMode mode) {
  fill_input();
  pd::EnvelopeFollower<float> env;
  env.prepare(kSr, kBlock, 1);
  env.set_mode(mode);
  env.set_attack(0.001);
  env.set_release(0.1);
  for (auto _ : state) {
    std::copy(g_in, g_in + kBlock, g_out);  // the block form works in place
    plinth_follower(env, g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_EnvelopeFollower_plinth(benchmark::State& state) { run_follower(state, pd::DetectorMode::peak); }
static void BM_EnvelopeFollower_reference(benchmark::State& state) {
  fill_input();
  RefPeak env;
  for (auto _ : state) {
    std::copy(g_in, g_in + kBlock, g_out);  // same copy as the plinth side
    env.run(g_out, g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_RmsFollower_plinth(benchmark::State& state) { run_follower(state, pd::DetectorMode::rms); }
static void BM_RmsFollower_reference(benchmark::State& state) {
  fill_input();
  RefRms env;
  for (auto _ : state) {
    std::copy(g_in, g_in + kBlock, g_out);
    env.run(g_out, g_out, kBlock);
    benchmark::DoNotOptimize(g_out);
    benchmark::ClobberMemory();
  }
  finish(state);
}

BENCHMARK(BM_Adsr_plinth);
BENCHMARK(BM_Adsr_reference);
BENCHMARK(BM_EnvelopeFollower_plinth);
BENCHMARK(BM_EnvelopeFollower_reference);
BENCHMARK(BM_RmsFollower_plinth);
BENCHMARK(BM_RmsFollower_reference);
