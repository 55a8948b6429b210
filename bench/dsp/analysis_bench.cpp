// Analysis kernels vs plain references, 512-frame float blocks, ns per sample (per frame
// for the stereo loudness meter).
//   Loudness:  LoudnessMeter (stereo) vs a direct-form K-weighting + mean-square loop.
//   TruePeak:  TruePeakMeter (polyphase, skips the zero taps) vs zero-stuffing 4x and a full
//              direct-form FIR with the same 100 coefficients, then max |y|.
//   Correlation, Spectrum: meter vs plain loop; spectrum vs window + textbook DFT-free FFT
//              (the reference FFT is the radix-2 loop from fft_bench).
#include "plinth/dsp/correlation.h"
#include "plinth/dsp/loudness.h"
#include "plinth/dsp/meters.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {

constexpr std::size_t kBlock = 512;

void finish(benchmark::State& state, std::size_t n = kBlock) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

std::vector<float> noise(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-0.5f, 0.5f);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

void BM_Loudness_plinth(benchmark::State& state) {
  pd::LoudnessMeter<float> m;
  m.prepare(48000, kBlock, 2);
  const auto l = noise(kBlock, 1), r = noise(kBlock, 2);
  for (auto _ : state) {
    m.process(std::span<const float>(l), std::span<const float>(r));
    benchmark::DoNotOptimize(m.gated_block_count());
  }
  benchmark::DoNotOptimize(m.integrated_lufs());
  finish(state);
}
BENCHMARK(BM_Loudness_plinth);

// Reference: per channel, the two BS.1770 biquads in direct form I (double), the squares
// summed into 100 ms sub-blocks that are pushed into a plain array.
struct RefLoudness {
  struct Biquad {
    double b0, b1, b2, a1, a2;
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    double run(double x) {
      const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      return y;
    }
  };
  Biquad shelf[2], hp[2];
  double acc = 0;
  int pos = 0;
  std::vector<double> sub = std::vector<double>(1000, 0.0);
  std::size_t sub_pos = 0;
  RefLoudness() {
    for (int c = 0; c < 2; ++c) {
      shelf[c] = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585};
      hp[c] = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};
    }
  }
  [[gnu::noinline]] void process(const float* l, const float* r, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const double yl = hp[0].run(shelf[0].run(l[i]));
      const double yr = hp[1].run(shelf[1].run(r[i]));
      acc += yl * yl + yr * yr;
      if (++pos == 4800) {
        sub[sub_pos] = acc;
        sub_pos = (sub_pos + 1) % sub.size();
        acc = 0;
        pos = 0;
      }
    }
  }
};

void BM_Loudness_reference(benchmark::State& state) {
  RefLoudness m;
  const auto l = noise(kBlock, 1), r = noise(kBlock, 2);
  for (auto _ : state) {
    m.process(l.data(), r.data(), kBlock);
    benchmark::DoNotOptimize(m.acc);
  }
  finish(state);
}
BENCHMARK(BM_Loudness_reference);

void BM_TruePeak_plinth(benchmark::State& state) {
  pd::TruePeakMeter<float> m;
  m.prepare(48000, kBlock, 1);
  const auto x = noise(kBlock, 3);
  for (auto _ : state) {
    m.process(x, 0);
    benchmark::DoNotOptimize(m.true_peak(0));
  }
  finish(state);
}
BENCHMARK(BM_TruePeak_plinth);

void BM_TruePeak_reference(benchmark::State& state) {
  // The same interpolator as one 100-tap FIR at 4x over the zero-stuffed signal.
  pd::TruePeakMeter<float> design;
  constexpr int taps = pd::TruePeakMeter<float>::kTaps;
  std::vector<float> h(4 * taps, 0.0f);
  for (int p = 0; p < 4; ++p)
    for (int j = 0; j < taps; ++j) h[static_cast<std::size_t>(4 * j + (4 - p) % 4)] = design.coefficient(p, j);
  std::vector<float> z(h.size(), 0.0f);
  const auto x = noise(kBlock, 3);
  float peak = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) {
      for (int k = 0; k < 4; ++k) {
        for (std::size_t t = z.size() - 1; t > 0; --t) z[t] = z[t - 1];
        z[0] = k == 0 ? x[i] : 0.0f;
        float acc = 0;
        for (std::size_t t = 0; t < h.size(); ++t) acc += h[t] * z[t];
        peak = std::max(peak, std::abs(acc));
      }
    }
    benchmark::DoNotOptimize(peak);
  }
  finish(state);
}
BENCHMARK(BM_TruePeak_reference);

void BM_Correlation_plinth(benchmark::State& state) {
  pd::CorrelationMeter<float> m;
  m.prepare(48000, kBlock);
  const auto l = noise(kBlock, 4), r = noise(kBlock, 5);
  for (auto _ : state) {
    m.process(std::span<const float>(l), std::span<const float>(r));
    benchmark::DoNotOptimize(m.correlation());
  }
  finish(state);
}
BENCHMARK(BM_Correlation_plinth);

void BM_Correlation_reference(benchmark::State& state) {
  const auto l = noise(kBlock, 4), r = noise(kBlock, 5);
  const double a = 1.0 - std::exp(-1.0 / (0.3 * 48000));
  double lr = 0, ll = 0, rr = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) {
      lr += a * (static_cast<double>(l[i]) * r[i] - lr);
      ll += a * (static_cast<double>(l[i]) * l[i] - ll);
      rr += a * (static_cast<double>(r[i]) * r[i] - rr);
    }
    double c = ll > 0 && rr > 0 ? lr / std::sqrt(ll * rr) : 0.0;
    benchmark::DoNotOptimize(c);
  }
  finish(state);
}
BENCHMARK(BM_Correlation_reference);

}  // namespace
