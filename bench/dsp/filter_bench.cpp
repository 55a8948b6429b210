// Filters vs plain scalar references of the same maths, 512-sample float blocks.
//   Biquad: plinth TDF-II block loop vs a textbook direct form I loop.
//   Svf:    plinth TPT SVF (low pass) vs the same equations in a plain loop with members.
//   Ladder: plinth TPT ladder vs a plain loop of the same ZDF ladder (std::tanh).
//   LadderStdTanh: plinth ladder vs its own previous version (same code, std::tanh), to
//           show what the rational saturator buys. JUCE's LadderFilter is compared in
//           bench/dsp/juce/juce_peer_bench.cpp (optional, built when JUCE is installed).
//   LadderStereo: process(left, right) (both channels in one pass, two SIMD lanes) vs
//           process(left, 0) then process(right, 1).
//   Tanh:   tanh_rational over a block vs std::tanh over a block.
//   BiquadBank8: 8 channels through BiquadBank<float, 8> (SIMD across channels) vs the
//           scalar per-channel loop, 8 Biquad<float>::process calls (BiquadBank4: 4).
//   OnePole, Fir: likewise.
#include "plinth/dsp/biquad.h"
#include "plinth/dsp/biquad_bank.h"
#include "plinth/dsp/fir.h"
#include "plinth/dsp/ladder.h"
#include "plinth/dsp/one_pole.h"
#include "plinth/dsp/svf.h"

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <span>
#include <numbers>
#include <random>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr std::size_t kBlock = 512;
constexpr double kFs = 48000.0;

std::vector<float> input() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(-0.5f, 0.5f);
  std::vector<float> v(kBlock);
  for (auto& x : v) x = d(rng);
  return v;
}

void finish(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock));
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Direct form I, the obvious way.
struct RefBiquad {
  float b0, b1, b2, a1, a2;
  float x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  void process(float* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float x = d[i];
      const float y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      d[i] = y;
    }
  }
};

struct RefSvf {
  float a1, a2, a3;
  float ic1 = 0, ic2 = 0;
  void process(float* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const float v3 = d[i] - ic2;
      const float v1 = a1 * ic1 + a2 * v3;
      const float v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      d[i] = v2;
    }
  }
};

struct RefLadder {
  float G, k;
  float s[4] = {0, 0, 0, 0};
  void process(float* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      // Same zero-delay feedback solution, written out plainly.
      float S = 0;
      float gpow = 1;
      for (int j = 3; j >= 0; --j) {
        S += gpow * s[j] * (1 - G);
        gpow *= G;
      }
      const float G4 = G * G * G * G;
      float in = std::tanh((d[i] - k * S) / (1 + k * G4));
      for (float& st : s) {
        const float v = (in - st) * G;
        const float y = v + st;
        st = y + v;
        in = y;
      }
      d[i] = in;
    }
  }
};

// The ladder as it was before tanh_rational: identical except for std::tanh.
struct StdTanhLadder {
  float G, beta, k, inv_den;
  float s[4] = {0, 0, 0, 0};
  void process(float* d, std::size_t n) {
    float s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (std::size_t i = 0; i < n; ++i) {
      const float S = beta * (((s0 * G + s1) * G + s2) * G + s3);
      float in = std::tanh((d[i] - k * S) * inv_den);
      for (float* st : {&s0, &s1, &s2, &s3}) {
        const float v = (in - *st) * G;
        const float y = v + *st;
        *st = y + v;
        in = y;
      }
      d[i] = in;
    }
    s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
  }
};

struct RefOnePole {
  float a, z = 0;  // y = y + a (x - y): the textbook exponential smoother form
  void process(float* d, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      z += a * (d[i] - z);
      d[i] = z;
    }
  }
};

std::vector<float> fir_kernel() {
  std::vector<float> h(64);
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = 0.02f * std::cos(0.1f * float(i));
  return h;
}

struct RefFir {
  std::vector<float> h, hist;
  std::size_t pos = 0;
  explicit RefFir(std::vector<float> k) : h(std::move(k)), hist(h.size(), 0.0f) {}
  void process(float* d, std::size_t n) {
    const std::size_t L = h.size();
    for (std::size_t i = 0; i < n; ++i) {
      hist[pos] = d[i];
      float y = 0;
      std::size_t j = pos;
      for (std::size_t k = 0; k < L; ++k) {
        y += h[k] * hist[j];
        j = (j == 0) ? L - 1 : j - 1;
      }
      pos = (pos + 1 == L) ? 0 : pos + 1;
      d[i] = y;
    }
  }
};
}  // namespace

static void BM_Biquad_plinth(benchmark::State& state) {
  pd::Biquad<float> f;
  f.set_parameters(pd::BiquadType::Peak, 1000, 1.0, 6.0);
  f.prepare(kFs, kBlock, 1);
  auto x = input();
  for (auto _ : state) {
    f.process(x, 0);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Biquad_reference(benchmark::State& state) {
  const auto c = pd::BiquadCoefficients<float>::design(pd::BiquadType::Peak, kFs, 1000, 1.0, 6.0);
  RefBiquad f{c.b0, c.b1, c.b2, c.a1, c.a2};
  auto x = input();
  for (auto _ : state) {
    f.process(x.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_Svf_plinth(benchmark::State& state) {
  pd::StateVariableFilter<float> f;
  f.set_cutoff(1000);
  f.set_q(2);
  f.prepare(kFs, kBlock, 1);
  auto x = input();
  for (auto _ : state) {
    f.process(x, 0);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Svf_reference(benchmark::State& state) {
  const double g = std::tan(std::numbers::pi * 1000 / kFs), k = 0.5;
  const double a1 = 1 / (1 + g * (g + k));
  RefSvf f{float(a1), float(g * a1), float(g * g * a1)};
  auto x = input();
  for (auto _ : state) {
    f.process(x.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

// The ladder every ladder benchmark times: 1 kHz, resonance 0.7, prepared for `channels`.
static void set_up_ladder(pd::LadderFilter<float>& f, int channels) {
  f.set_cutoff(1000);
  f.set_resonance(0.7);
  f.prepare(kFs, kBlock, channels);
}

static void BM_Ladder_plinth(benchmark::State& state) {
  pd::LadderFilter<float> f;
  set_up_ladder(f, 1);
  auto x = input();
  for (auto _ : state) {
    f.process(x, 0);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Ladder_reference(benchmark::State& state) {
  const double g = std::tan(std::numbers::pi * 1000 / kFs);
  RefLadder f{float(g / (1 + g)), 2.8f};
  auto x = input();
  for (auto _ : state) {
    f.process(x.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

// Stereo: both channels in one pass (two lanes) vs the same filter called per channel.
static void BM_LadderStereo_plinth(benchmark::State& state) {
  pd::LadderFilter<float> f;
  set_up_ladder(f, 2);
  auto l = input(), r = input();
  for (auto _ : state) {
    f.process(std::span<float>(l), std::span<float>(r));
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_LadderStereo_reference(benchmark::State& state) {
  pd::LadderFilter<float> f;
  set_up_ladder(f, 2);
  auto l = input(), r = input();
  for (auto _ : state) {
    f.process(std::span<float>(l), 0);
    f.process(std::span<float>(r), 1);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_LadderStdTanh_plinth(benchmark::State& state) { BM_Ladder_plinth(state); }
static void BM_LadderStdTanh_reference(benchmark::State& state) {
  const double g = std::tan(std::numbers::pi * 1000 / kFs), G = g / (1 + g);
  StdTanhLadder f{float(G), float(1 - G), 2.8f, float(1 / (1 + 2.8 * G * G * G * G))};
  auto x = input();
  for (auto _ : state) {
    f.process(x.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

// Inputs spread over the saturator's whole range (+-4).
static void BM_Tanh_plinth(benchmark::State& state) {
  auto x = input();
  std::vector<float> y(kBlock);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) y[i] = pd::tanh_rational(8.0f * x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Tanh_reference(benchmark::State& state) {
  auto x = input();
  std::vector<float> y(kBlock);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) y[i] = std::tanh(8.0f * x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}

template <std::size_t N>
void bank_plinth(benchmark::State& state) {
  pd::BiquadBank<float, N> bank;
  for (std::size_t c = 0; c < N; ++c)
    bank.set_parameters(c, pd::BiquadType::LowPass, kFs, 500.0 + 300.0 * double(c), 0.707);
  std::array<std::vector<float>, N> x;
  std::array<float*, N> ptrs;
  for (std::size_t c = 0; c < N; ++c) {
    x[c] = input();
    ptrs[c] = x[c].data();
  }
  for (auto _ : state) {
    bank.process(std::span<float* const, N>(ptrs), kBlock);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock * N));
}
template <std::size_t N>
void bank_reference(benchmark::State& state) {
  std::array<pd::Biquad<float>, N> filters;
  for (std::size_t c = 0; c < N; ++c) {
    filters[c].prepare(kFs, kBlock, 1);
    filters[c].set_parameters(pd::BiquadType::LowPass, 500.0 + 300.0 * double(c), 0.707);
    filters[c].reset();
  }
  std::array<std::vector<float>, N> x;
  for (auto& v : x) v = input();
  for (auto _ : state) {
    for (std::size_t c = 0; c < N; ++c) filters[c].process(x[c], 0);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock * N));
}
// The same 8 lanes from frame-interleaved data: no gather/scatter of planar channels.
static void BM_BiquadBank8Interleaved_plinth(benchmark::State& state) {
  pd::BiquadBank<float, 8> bank;
  for (std::size_t c = 0; c < 8; ++c)
    bank.set_parameters(c, pd::BiquadType::LowPass, kFs, 500.0 + 300.0 * double(c), 0.707);
  std::vector<float> frames(8 * kBlock);
  const auto x = input();
  for (std::size_t i = 0; i < kBlock; ++i)
    for (std::size_t c = 0; c < 8; ++c) frames[i * 8 + c] = x[i];
  for (auto _ : state) {
    bank.process_interleaved(frames);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBlock * 8));
}
static void BM_BiquadBank8Interleaved_reference(benchmark::State& state) { bank_reference<8>(state); }
static void BM_BiquadBank8_plinth(benchmark::State& state) { bank_plinth<8>(state); }
static void BM_BiquadBank8_reference(benchmark::State& state) { bank_reference<8>(state); }
static void BM_BiquadBank4_plinth(benchmark::State& state) { bank_plinth<4>(state); }
static void BM_BiquadBank4_reference(benchmark::State& state) { bank_reference<4>(state); }

static void BM_OnePole_plinth(benchmark::State& state) {
  pd::OnePole<float> f;
  f.set_cutoff(500);
  f.prepare(kFs, kBlock, 1);
  auto x = input();
  for (auto _ : state) {
    f.process(x, 0);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_OnePole_reference(benchmark::State& state) {
  RefOnePole f{float(1 - std::exp(-2 * std::numbers::pi * 500 / kFs))};
  auto x = input();
  for (auto _ : state) {
    f.process(x.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

static void BM_Fir64_plinth(benchmark::State& state) {
  pd::FirFilter<float> f;
  const auto k = fir_kernel();
  f.set_kernel(k);
  f.prepare(kFs, kBlock, 1);
  auto x = input();
  for (auto _ : state) {
    f.process(x, 0);
    benchmark::ClobberMemory();
  }
  finish(state);
}
static void BM_Fir64_reference(benchmark::State& state) {
  RefFir f(fir_kernel());
  auto x = input();
  for (auto _ : state) {
    f.process(x.data(), kBlock);
    benchmark::ClobberMemory();
  }
  finish(state);
}

BENCHMARK(BM_Biquad_plinth);
BENCHMARK(BM_Biquad_reference);
BENCHMARK(BM_Svf_plinth);
BENCHMARK(BM_Svf_reference);
BENCHMARK(BM_Ladder_plinth);
BENCHMARK(BM_Ladder_reference);
BENCHMARK(BM_LadderStereo_plinth);
BENCHMARK(BM_LadderStereo_reference);
BENCHMARK(BM_LadderStdTanh_plinth);
BENCHMARK(BM_LadderStdTanh_reference);
BENCHMARK(BM_Tanh_plinth);
BENCHMARK(BM_Tanh_reference);
BENCHMARK(BM_BiquadBank8_plinth);
BENCHMARK(BM_BiquadBank8_reference);
BENCHMARK(BM_BiquadBank8Interleaved_plinth);
BENCHMARK(BM_BiquadBank8Interleaved_reference);
BENCHMARK(BM_BiquadBank4_plinth);
BENCHMARK(BM_BiquadBank4_reference);
BENCHMARK(BM_OnePole_plinth);
BENCHMARK(BM_OnePole_reference);
BENCHMARK(BM_Fir64_plinth);
BENCHMARK(BM_Fir64_reference);
