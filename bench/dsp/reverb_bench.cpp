// Reverbs against plain implementations of the same structures:
//   Freeverb: one object per comb / all-pass, each with its own std::vector and an index
//             that wraps with `if (++i == size) i = 0`, processed sample by sample (the
//             classic way to write it), same gains, same true all-passes, same smoothing.
//   FDN:      8 std::vector delay lines indexed with %, the feedback matrix applied as a
//             dense 8x8 multiply, same absorption filters.
// Stereo; ns_per_sample counts sample frames.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "plinth/dsp/fdn_reverb.h"
#include "plinth/dsp/freeverb.h"

namespace {

constexpr int kBlock = 512;
constexpr double kFs = 48000.0;

void set_counters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kBlock);
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

std::vector<float> make_input(float w) {
  std::vector<float> v(kBlock);
  for (int i = 0; i < kBlock; ++i) v[static_cast<std::size_t>(i)] = 0.5f * std::sin(w * static_cast<float>(i));
  return v;
}

// ----------------------------------------------------------------------------- Freeverb
struct PlainComb {
  std::vector<float> buf;
  std::size_t idx = 0;
  float lp = 0.0f;
  float process(float in, float feedback, float d1, float d2) {
    const float out = buf[idx];
    lp = out * d2 + lp * d1;
    buf[idx] = in + lp * feedback;
    if (++idx == buf.size()) idx = 0;
    return out;
  }
};

struct PlainAllpass {
  std::vector<float> buf;
  std::size_t idx = 0;
  float process(float in) {
    const float delayed = buf[idx];
    const float v = in + 0.5f * delayed;
    buf[idx] = v;
    if (++idx == buf.size()) idx = 0;
    return delayed - 0.5f * v;
  }
};

struct PlainFreeverb {
  PlainComb combs[2][8];
  PlainAllpass allpasses[2][4];
  float feedback = 0.84f, d1 = 0.2f, d2 = 0.8f;
  float wet1 = 1.0f, wet2 = 0.0f, dry = 0.0f, wet1_t = 1.0f, wet2_t = 0.0f, dry_t = 0.0f, smooth = 0.002f;
  PlainFreeverb() {
    const int comb_t[8] = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
    const int ap_t[4] = {556, 441, 341, 225};
    const double scale = kFs / 44100.0;
    for (int s = 0; s < 2; ++s) {
      for (int i = 0; i < 8; ++i)
        combs[s][i].buf.assign(static_cast<std::size_t>(std::lround((comb_t[i] + 23 * s) * scale)), 0.0f);
      for (int i = 0; i < 4; ++i)
        allpasses[s][i].buf.assign(static_cast<std::size_t>(std::lround((ap_t[i] + 23 * s) * scale)), 0.0f);
    }
  }
  void process(float& l, float& r) {
    const float in = (l + r) * 0.015f;
    float acc[2];
    for (int s = 0; s < 2; ++s) {
      float sum = 0.0f;
      for (auto& c : combs[s]) sum += c.process(in, feedback, d1, d2);
      for (auto& a : allpasses[s]) sum = a.process(sum);
      acc[s] = sum;
    }
    wet1 += smooth * (wet1_t - wet1);
    wet2 += smooth * (wet2_t - wet2);
    dry += smooth * (dry_t - dry);
    const float xl = l, xr = r;
    l = acc[0] * wet1 + acc[1] * wet2 + xl * dry;
    r = acc[1] * wet1 + acc[0] * wet2 + xr * dry;
  }
};

void BM_Freeverb_plinth(benchmark::State& state) {
  plinth::dsp::Freeverb<float> fv;
  fv.set_wet(1.0f / 3.0f);
  fv.prepare(kFs, kBlock, 2);
  const auto in_l = make_input(0.01f), in_r = make_input(0.017f);
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = in_l;
    r = in_r;
    fv.process(std::span<float>(l), std::span<float>(r));
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

void BM_Freeverb_reference(benchmark::State& state) {
  PlainFreeverb fv;
  const auto in_l = make_input(0.01f), in_r = make_input(0.017f);
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = in_l;
    r = in_r;
    for (std::size_t i = 0; i < l.size(); ++i) fv.process(l[i], r[i]);
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

// --------------------------------------------------------------------------------- FDN
struct PlainFdn {
  static constexpr int N = 8;
  std::vector<float> lines[N];
  std::size_t w[N] = {};
  std::size_t len[N] = {};
  float matrix[N][N];
  float b0[N], b1[N], a1[N], x1[N] = {}, y1[N] = {};
  PlainFdn() {
    const double ms[N] = {29.3, 33.7, 37.9, 41.3, 45.7, 49.9, 53.1, 58.7};
    const double k = std::tan(3.141592653589793 * 2000.0 / kFs);
    for (int i = 0; i < N; ++i) {
      len[i] = static_cast<std::size_t>(std::lround(ms[i] * 1e-3 * kFs));
      lines[i].assign(len[i], 0.0f);
      const double gl = std::pow(10.0, -3.0 * static_cast<double>(len[i]) / (kFs * 2.0));
      const double gh = std::pow(10.0, -3.0 * static_cast<double>(len[i]) / (kFs * 1.0));
      b0[i] = static_cast<float>((gh + gl * k) / (1 + k));
      b1[i] = static_cast<float>((gl * k - gh) / (1 + k));
      a1[i] = static_cast<float>((k - 1) / (1 + k));
    }
    // Sylvester Hadamard matrix: sign = (-1)^popcount(i & j), scaled by 1/sqrt(8).
    for (int i = 0; i < N; ++i) {
      for (int j = 0; j < N; ++j) {
        matrix[i][j] = (__builtin_popcount(static_cast<unsigned>(i & j)) % 2 ? -1.0f : 1.0f) / std::sqrt(8.0f);
      }
    }
  }
  void process(float& l, float& r) {
    static constexpr float in_[N] = {1, -1, 1, -1, 1, 1, -1, -1};
    static constexpr float o_l[N] = {1, 1, 1, 1, -1, -1, -1, -1};
    static constexpr float o_r[N] = {1, -1, 1, -1, 1, -1, 1, -1};
    const float in = 0.5f * (l + r);
    float v[N];
    for (int i = 0; i < N; ++i) {
      const float x = lines[i][w[i]];  // oldest sample = the one about to be overwritten
      const float y = b0[i] * x + b1[i] * x1[i] - a1[i] * y1[i];
      x1[i] = x;
      y1[i] = y;
      v[i] = y;
    }
    float ol = 0, orr = 0;
    for (int i = 0; i < N; ++i) {
      ol += o_l[i] * v[i];
      orr += o_r[i] * v[i];
    }
    for (int i = 0; i < N; ++i) {
      float acc = 0;
      for (int j = 0; j < N; ++j) acc += matrix[i][j] * v[j];
      lines[i][w[i]] = acc + in_[i] * in;
      w[i] = (w[i] + 1) % len[i];
    }
    l = 0.3f * 0.35f * ol + l;
    r = 0.3f * 0.35f * orr + r;
  }
};

void BM_FdnReverb_plinth(benchmark::State& state) {
  plinth::dsp::FdnReverb<float> fdn;
  fdn.set_decay_low(2.0);
  fdn.set_decay_high(1.0);
  fdn.prepare(kFs, kBlock, 2);
  const auto in_l = make_input(0.01f), in_r = make_input(0.017f);
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = in_l;
    r = in_r;
    fdn.process(std::span<float>(l), std::span<float>(r));
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

void BM_FdnReverb_reference(benchmark::State& state) {
  PlainFdn fdn;
  const auto in_l = make_input(0.01f), in_r = make_input(0.017f);
  std::vector<float> l(kBlock), r(kBlock);
  for (auto _ : state) {
    l = in_l;
    r = in_r;
    for (std::size_t i = 0; i < l.size(); ++i) fdn.process(l[i], r[i]);
    benchmark::DoNotOptimize(l.data());
    benchmark::DoNotOptimize(r.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

}  // namespace

BENCHMARK(BM_Freeverb_plinth);
BENCHMARK(BM_Freeverb_reference);
BENCHMARK(BM_FdnReverb_plinth);
BENCHMARK(BM_FdnReverb_reference);
