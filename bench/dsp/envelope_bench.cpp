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
alignas(64) float gIn[kBlock];
alignas(64) float gOut[kBlock];

void fillInput()
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (std::size_t i = 0; i < kBlock; ++i) gIn[i] = d(rng) * (i % 128 < 64 ? 1.0f : 0.05f);
}

void finish(benchmark::State& state)
{
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
    state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                                                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Textbook ADSR: linear attack by a fixed increment, exponential decay and release by a
// fixed multiplier towards the target.
struct RefAdsr {
    enum Stage { idle, attack, decay, sustain, release } stage = idle;
    float level = 0, attackInc = 0, decayCoef = 0, releaseCoef = 0, sus = 0.5f;
    RefAdsr()
    {
        attackInc = static_cast<float>(1.0 / (0.005 * kSr));
        decayCoef = static_cast<float>(std::exp(-5.0 / (0.05 * kSr)));
        releaseCoef = static_cast<float>(std::exp(-5.0 / (0.1 * kSr)));
    }
    [[gnu::noinline]] void run(float* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i) {
            switch (stage) {
            case attack:
                level += attackInc;
                if (level >= 1.0f) {
                    level = 1.0f;
                    stage = decay;
                }
                break;
            case decay:
                level = sus + (level - sus) * decayCoef;
                if (level - sus < 1e-4f) {
                    level = sus;
                    stage = sustain;
                }
                break;
            case release:
                level *= releaseCoef;
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
    RefPeak() : a(static_cast<float>(std::exp(-1.0 / (0.001 * kSr)))), r(static_cast<float>(std::exp(-1.0 / (0.1 * kSr)))) {}
    [[gnu::noinline]] void run(const float* in, float* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i) {
            const float x = std::fabs(in[i]);
            env = x > env ? a * env + (1 - a) * x : r * env + (1 - r) * x;
            out[i] = env;
        }
    }
};

struct RefRms {
    float ms = 0, a = 0, r = 0;
    RefRms() : a(static_cast<float>(std::exp(-1.0 / (0.001 * kSr)))), r(static_cast<float>(std::exp(-1.0 / (0.1 * kSr)))) {}
    [[gnu::noinline]] void run(const float* in, float* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i) {
            const float x = in[i] * in[i];
            ms = x > ms ? a * ms + (1 - a) * x : r * ms + (1 - r) * x;
            out[i] = std::sqrt(ms);
        }
    }
};

[[gnu::noinline]] void plinthAdsr(pd::Adsr<float>& env, float* out, std::size_t n) { env.process(std::span<float>(out, n)); }
[[gnu::noinline]] void plinthFollower(pd::EnvelopeFollower<float>& env, float* out, std::size_t n) { env.process(std::span<float>(out, n), 0); }
} // namespace

// Both ADSRs cycle through a note every 40 blocks (~0.43 s): attack, decay, sustain, release.
static void BM_Adsr_plinth(benchmark::State& state)
{
    pd::Adsr<float> env;
    env.prepare(kSr, kBlock, 1);
    env.setAttack(0.005);
    env.setDecay(0.05);
    env.setSustain(0.5);
    env.setRelease(0.1);
    int block = 0;
    for (auto _ : state) {
        if (block % 40 == 0) env.noteOn();
        if (block % 40 == 20) env.noteOff();
        ++block;
        plinthAdsr(env, gOut, kBlock);
        benchmark::DoNotOptimize(gOut);
        benchmark::ClobberMemory();
    }
    finish(state);
}
static void BM_Adsr_reference(benchmark::State& state)
{
    RefAdsr env;
    int block = 0;
    for (auto _ : state) {
        if (block % 40 == 0) env.stage = RefAdsr::attack;
        if (block % 40 == 20) env.stage = RefAdsr::release;
        ++block;
        env.run(gOut, kBlock);
        benchmark::DoNotOptimize(gOut);
        benchmark::ClobberMemory();
    }
    finish(state);
}

static void runFollower(benchmark::State& state, pd::DetectorMode mode)
{
    fillInput();
    pd::EnvelopeFollower<float> env;
    env.prepare(kSr, kBlock, 1);
    env.setMode(mode);
    env.setAttack(0.001);
    env.setRelease(0.1);
    for (auto _ : state) {
        std::copy(gIn, gIn + kBlock, gOut); // the block form works in place
        plinthFollower(env, gOut, kBlock);
        benchmark::DoNotOptimize(gOut);
        benchmark::ClobberMemory();
    }
    finish(state);
}
static void BM_EnvelopeFollower_plinth(benchmark::State& state) { runFollower(state, pd::DetectorMode::peak); }
static void BM_EnvelopeFollower_reference(benchmark::State& state)
{
    fillInput();
    RefPeak env;
    for (auto _ : state) {
        std::copy(gIn, gIn + kBlock, gOut); // same copy as the plinth side
        env.run(gOut, gOut, kBlock);
        benchmark::DoNotOptimize(gOut);
        benchmark::ClobberMemory();
    }
    finish(state);
}
static void BM_RmsFollower_plinth(benchmark::State& state) { runFollower(state, pd::DetectorMode::rms); }
static void BM_RmsFollower_reference(benchmark::State& state)
{
    fillInput();
    RefRms env;
    for (auto _ : state) {
        std::copy(gIn, gIn + kBlock, gOut);
        env.run(gOut, gOut, kBlock);
        benchmark::DoNotOptimize(gOut);
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
