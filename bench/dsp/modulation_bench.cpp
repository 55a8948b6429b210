// Chorus, phaser and ring modulator against plain implementations of the same effects:
//   chorus:   std::sin LFO per sample, %-indexed buffer, linear interpolation;
//   phaser:   the same control-rate scheme (coefficient from std::sin/pow/tan every 16
//             samples, ramped), written plainly; a second reference recomputes the
//             coefficient every sample (the obvious way);
//   ring mod: x * std::sin(phase) with a phase accumulator.
// Stereo (2 channels) for chorus and phaser (plinth's phaser through its stereo call, the
// reference one channel after the other); ns_per_sample counts sample frames.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <vector>

#include "plinth/dsp/chorus.h"
#include "plinth/dsp/phaser.h"
#include "plinth/dsp/ring_modulator.h"

namespace {

constexpr int kBlock = 512;
constexpr double kFs = 48000.0;
constexpr float kTwoPi = 2.0f * std::numbers::pi_v<float>;

void set_counters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kBlock);
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

std::vector<float> make_input() {
  std::vector<float> v(kBlock);
  for (int i = 0; i < kBlock; ++i) v[static_cast<std::size_t>(i)] = std::sin(0.013f * static_cast<float>(i));
  return v;
}

// ----------------------------------------------------------------------------- chorus
struct PlainChorus {
  std::vector<float> buf[2];
  std::size_t w[2] = {0, 0};
  float phase[2] = {0.0f, 0.25f};
  float inc = 0.8f / static_cast<float>(kFs);
  float centre = 720.0f, depth = 144.0f, mix = 0.5f;
  PlainChorus() {
    for (auto& b : buf) b.assign(3500, 0.0f);
  }
  float process(float x, int ch) {
    auto& b = buf[ch];
    const float d = centre + depth * std::sin(kTwoPi * phase[ch]);
    phase[ch] += inc;
    if (phase[ch] >= 1.0f) phase[ch] -= 1.0f;
    const float rd = d - 1.0f;
    const auto i = static_cast<std::size_t>(rd);
    const float f = rd - static_cast<float>(i);
    const float a = b[(w[ch] + b.size() - i) % b.size()];
    const float c = b[(w[ch] + b.size() - i - 1) % b.size()];
    const float wet = a + f * (c - a);
    w[ch] = (w[ch] + 1) % b.size();
    b[w[ch]] = x;
    return x + mix * (wet - x);
  }
};

void BM_Chorus_plinth(benchmark::State& state) {
  plinth::dsp::Chorus<float> chorus;
  chorus.set_centre_delay_ms(15.0);
  chorus.set_depth_ms(3.0);
  chorus.set_rate_hz(0.8);
  chorus.prepare(kFs, kBlock, 2);
  const auto input = make_input();
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = input;
    r = input;
    chorus.process(std::span<float>(l), 0);
    chorus.process(std::span<float>(r), 1);
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

void BM_Chorus_reference(benchmark::State& state) {
  PlainChorus chorus;
  const auto input = make_input();
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = input;
    r = input;
    for (auto& s : l) s = chorus.process(s, 0);
    for (auto& s : r) s = chorus.process(s, 1);
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

// ----------------------------------------------------------------------------- phaser
struct PlainPhaser {
  static constexpr int kStages = 4;
  std::array<float, kStages> s[2]{};
  float last[2] = {0, 0};
  float phase[2] = {0.0f, 0.25f};
  float a[2] = {0, 0}, a_step[2] = {0, 0};
  int count[2] = {0, 0};
  int interval;  // 16 for the same scheme as plinth, 1 for per-sample coefficients
  float min_hz = 200.0f, max_hz = 2000.0f, rate = 0.3f, fb = 0.5f, mix = 0.5f;
  explicit PlainPhaser(int control_interval) : interval(control_interval) {}
  float coefficient(int ch) const {
    const float u = 0.5f * (1.0f + std::sin(kTwoPi * phase[ch]));
    const float fc = min_hz * std::pow(max_hz / min_hz, u);
    const float t = std::tan(std::numbers::pi_v<float> * fc / static_cast<float>(kFs));
    return (t - 1.0f) / (t + 1.0f);
  }
  float process(float x, int ch) {
    if (count[ch] == 0) {
      count[ch] = interval;
      const float target = coefficient(ch);
      phase[ch] += rate * static_cast<float>(interval) / static_cast<float>(kFs);
      if (phase[ch] >= 1.0f) phase[ch] -= 1.0f;
      a_step[ch] = (target - a[ch]) / static_cast<float>(interval);
    }
    --count[ch];
    a[ch] += a_step[ch];
    float w = x + fb * last[ch];
    for (int i = 0; i < kStages; ++i) {
      const float y = a[ch] * w + s[ch][static_cast<std::size_t>(i)];
      s[ch][static_cast<std::size_t>(i)] = w - a[ch] * y;
      w = y;
    }
    last[ch] = w;
    return x + mix * (w - x);
  }
};

void BM_Phaser_plinth(benchmark::State& state) {
  plinth::dsp::Phaser<float> phaser;
  phaser.set_stages(4);
  phaser.set_feedback(0.5f);
  phaser.prepare(kFs, kBlock, 2);
  const auto input = make_input();
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = input;
    r = input;
    phaser.process(std::span<float>(l), std::span<float>(r));
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

void run_plain_phaser(benchmark::State& state, int interval) {
  PlainPhaser phaser(interval);
  const auto input = make_input();
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = input;
    r = input;
    for (auto& s : l) s = phaser.process(s, 0);
    for (auto& s : r) s = phaser.process(s, 1);
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}
void BM_Phaser_reference(benchmark::State& state) { run_plain_phaser(state, 16); }
void BM_PhaserPerSampleCoefficient_plain(benchmark::State& state) { run_plain_phaser(state, 1); }

// ---------------------------------------------------------------------- ring modulator
void BM_RingModulator_plinth(benchmark::State& state) {
  plinth::dsp::RingModulator<float> rm;
  rm.set_frequency(440.0);
  rm.prepare(kFs, kBlock, 1);
  const auto input = make_input();
  std::vector<float> x(kBlock);
  for (auto _ : state) {
    x = input;
    rm.process(std::span<float>(x), 0);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

void BM_RingModulator_reference(benchmark::State& state) {
  const auto input = make_input();
  std::vector<float> x(kBlock);
  double phase = 0.0;
  const double inc = 440.0 / kFs;
  for (auto _ : state) {
    x = input;
    for (auto& s : x) {
      s *= static_cast<float>(std::sin(2.0 * std::numbers::pi * phase));
      phase += inc;
      if (phase >= 1.0) phase -= 1.0;
    }
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

}  // namespace

BENCHMARK(BM_Chorus_plinth);
BENCHMARK(BM_Chorus_reference);
BENCHMARK(BM_Phaser_plinth);
BENCHMARK(BM_Phaser_reference);
BENCHMARK(BM_PhaserPerSampleCoefficient_plain);
BENCHMARK(BM_RingModulator_plinth);
BENCHMARK(BM_RingModulator_reference);
