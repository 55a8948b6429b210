// Plinth's kernels vs JUCE's juce_dsp in one binary, same compiler and flags, matched settings.
//
// Optional: bench/CMakeLists.txt builds this only when the JUCE module sources are found
// (Debian: juce-modules-source). JUCE is GPL/commercial; it is compiled into this benchmark
// executable only, never into the library, the plugins or the tests. Nothing here is copied
// from JUCE: it calls JUCE's public API.
//
// Names follow tools/bench_ratio.py: BM_<Kernel>_plinth vs BM_<Kernel>_reference (JUCE),
// argument = block size (64, 512), stereo, float. Each iteration copies the same input into
// the work buffers (same for both) and processes them in place.
//   Ladder:     LadderFilter<float>::process(left, right) vs juce::dsp::LadderFilter<float>
//               (LPF24). Cutoff 1 kHz, drive 1, feedback gain matched: JUCE maps resonance
//               r to k = 4 (0.1 + 0.9 r), so JUCE r = 0.7 is k = 2.92, plinth r = 0.73.
//               (The filters differ: JUCE's is a unit-delay-feedback ladder with a 128-point
//               tanh table, plinth's a zero-delay-feedback ladder with tanh_rational.)
//   Compressor: Compressor<float>::process(left, right) (peak detector, hard knee) vs
//               juce::dsp::Compressor<float> (peak ballistics). Threshold -20 dB, ratio 4,
//               attack 5 ms, release 100 ms as plinth defines them (pole exp(-1/(tau fs)));
//               JUCE's pole is exp(-2 pi / (t fs)), so it is given 2 pi times those times
//               and both detectors follow the same envelope.
#include "plinth/dsp/compressor.h"
#include "plinth/dsp/ladder.h"

#include <juce_dsp/juce_dsp.h>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstring>
#include <numbers>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kFs = 48000.0;
constexpr std::size_t kMaxBlock = 512;

// Stereo input: a 220 Hz sine at 0.5 plus noise, loud for the first half of each 512
// samples and 30 dB down for the second, so the compressor works on both sides of its
// threshold and the ladder sees a broadband signal.
struct Input {
  std::array<std::vector<float>, 2> x;
  Input() {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> noise(-0.1f, 0.1f);
    for (std::size_t c = 0; c < 2; ++c) {
      x[c].resize(kMaxBlock);
      for (std::size_t i = 0; i < kMaxBlock; ++i) {
        const double level = i < kMaxBlock / 2 ? 1.0 : 0.03;
        x[c][i] = static_cast<float>(
            level * (0.5 * std::sin(2 * std::numbers::pi * 220.0 * double(i) / kFs + double(c)) + noise(rng)));
      }
    }
  }
};

const Input& input() {
  static const Input in;
  return in;
}

struct Work {
  std::array<std::vector<float>, 2> buf{std::vector<float>(kMaxBlock), std::vector<float>(kMaxBlock)};
  void load(std::size_t n) {
    for (std::size_t c = 0; c < 2; ++c) std::memcpy(buf[c].data(), input().x[c].data(), n * sizeof(float));
  }
};

void finish(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(2 * n));
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(2 * n) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The timed loops, the same for every kernel: the stereo input copied in, then one block
// through Plinth's two-span stereo path or JUCE's replacing context.
template <class Processor>
void time_plinth_stereo(benchmark::State& state, Processor& f, std::size_t n) {
  Work w;
  for (auto _ : state) {
    w.load(n);
    f.process(std::span<float>(w.buf[0].data(), n), std::span<float>(w.buf[1].data(), n));
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
template <class Processor>
void time_juce_stereo(benchmark::State& state, Processor& f, std::size_t n) {
  Work w;
  float* channels[2] = {w.buf[0].data(), w.buf[1].data()};
  juce::dsp::AudioBlock<float> block(channels, 2, n);
  for (auto _ : state) {
    w.load(n);
    f.process(juce::dsp::ProcessContextReplacing<float>(block));
    benchmark::ClobberMemory();
  }
  finish(state, n);
}

constexpr double kCutoff = 1000.0;
constexpr float kJuceResonance = 0.7f;
constexpr double kPlinthResonance = 0.1 + 0.9 * 0.7;  // same k = 4 r
constexpr double kThreshold = -20.0, kRatio = 4.0, kAttack = 0.005, kRelease = 0.1;
}  // namespace

static void BM_Ladder_plinth(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::LadderFilter<float> f;
  f.set_cutoff(kCutoff);
  f.set_resonance(kPlinthResonance);
  f.set_drive(1.0);
  f.prepare(kFs, static_cast<int>(n), 2);
  time_plinth_stereo(state, f, n);
}
static void BM_Ladder_reference(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  juce::dsp::LadderFilter<float> f;
  f.setMode(juce::dsp::LadderFilterMode::LPF24);
  f.setCutoffFrequencyHz(static_cast<float>(kCutoff));
  f.setResonance(kJuceResonance);
  f.setDrive(1.0f);
  f.prepare({kFs, static_cast<juce::uint32>(n), 2});
  time_juce_stereo(state, f, n);
}

static void BM_Compressor_plinth(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  pd::Compressor<float> f;
  f.prepare(kFs, static_cast<int>(n), 2);
  f.set_threshold(kThreshold);
  f.set_ratio(kRatio);
  f.set_knee(0.0);
  f.set_attack(kAttack);
  f.set_release(kRelease);
  f.set_detector(pd::DetectorMode::peak);
  time_plinth_stereo(state, f, n);
}
static void BM_Compressor_reference(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  juce::dsp::Compressor<float> f;
  f.setThreshold(static_cast<float>(kThreshold));
  f.setRatio(static_cast<float>(kRatio));
  f.setAttack(static_cast<float>(2 * std::numbers::pi * kAttack * 1000.0));
  f.setRelease(static_cast<float>(2 * std::numbers::pi * kRelease * 1000.0));
  f.prepare({kFs, static_cast<juce::uint32>(n), 2});
  time_juce_stereo(state, f, n);
}

BENCHMARK(BM_Ladder_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_Ladder_reference)->Arg(64)->Arg(512);
BENCHMARK(BM_Compressor_plinth)->Arg(64)->Arg(512);
BENCHMARK(BM_Compressor_reference)->Arg(64)->Arg(512);
