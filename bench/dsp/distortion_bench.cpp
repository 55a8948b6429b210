// Distortion kernels vs plain references, 512-sample float blocks, ns per (base-rate) sample.
//   TanhShaper:   Waveshaper (Pade tanh, vectorized loop) vs a std::tanh loop.
//   Oversample2x/4x: Oversampler (polyphase, folded half-bands) vs the obvious direct form:
//                 zero-stuff, convolve with the same full half-band at the high rate, then
//                 convolve again and keep every second sample, per stage.
#include "plinth/dsp/bitcrusher.h"
#include "plinth/dsp/oversampler.h"
#include "plinth/dsp/waveshaper.h"

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

std::vector<float> noise(std::size_t n, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

[[gnu::noinline]] void ref_tanh(float* x, std::size_t n, float drive) {
  for (std::size_t i = 0; i < n; ++i) x[i] = std::tanh(drive * x[i]);
}

void BM_TanhShaper_plinth(benchmark::State& state) {
  pd::Waveshaper<float> ws;
  ws.prepare(48000, kBlock, 1);
  ws.set_type(pd::ShaperType::Tanh);
  ws.set_drive_db(12.0);
  ws.reset();
  const auto src = noise(kBlock);
  std::vector<float> x(kBlock);
  for (auto _ : state) {
    std::copy(src.begin(), src.end(), x.begin());
    ws.process(std::span<float>(x));
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}
BENCHMARK(BM_TanhShaper_plinth);

void BM_TanhShaper_reference(benchmark::State& state) {
  const auto src = noise(kBlock);
  std::vector<float> x(kBlock);
  const float drive = static_cast<float>(std::pow(10.0, 12.0 / 20.0));
  for (auto _ : state) {
    std::copy(src.begin(), src.end(), x.begin());
    ref_tanh(x.data(), kBlock, drive);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}
BENCHMARK(BM_TanhShaper_reference);

// Direct-form reference: for each stage, zero-stuffed upsampling (x2 gain) and full-length
// convolution, then full-length convolution at the high rate keeping every second output.
class DirectOversampler {
public:
  DirectOversampler(const pd::Oversampler<float>& os, int stages) {
    for (int s = 0; s < stages; ++s) {
      const auto h = os.stage_coefficients(s);
      Stage st;
      st.h.assign(h.begin(), h.end());
      st.up_hist.assign(h.size(), 0.0f);
      st.down_hist.assign(h.size(), 0.0f);
      stages_.push_back(st);
    }
    std::size_t len = kBlock;
    for (int s = 0; s < stages; ++s) {
      len *= 2;
      bufs_.emplace_back(len, 0.0f);
    }
  }

  [[gnu::noinline]] void process(float* x, std::size_t n) {
    const float* src = x;
    std::size_t len = n;
    for (std::size_t s = 0; s < stages_.size(); ++s) {
      float* dst = bufs_[s].data();
      for (std::size_t i = 0; i < len; ++i) {
        dst[2 * i] = fir(stages_[s].up_hist, stages_[s].h, 2.0f * src[i]);
        dst[2 * i + 1] = fir(stages_[s].up_hist, stages_[s].h, 0.0f);
      }
      src = dst;
      len *= 2;
    }
    for (std::size_t s = stages_.size(); s-- > 0;) {
      len /= 2;
      float* dst = s == 0 ? x : bufs_[s - 1].data();
      const float* in = bufs_[s].data();
      for (std::size_t i = 0; i < len; ++i) {
        dst[i] = fir(stages_[s].down_hist, stages_[s].h, in[2 * i]);
        (void)fir(stages_[s].down_hist, stages_[s].h, in[2 * i + 1]);
      }
    }
  }

private:
  struct Stage {
    std::vector<float> h, up_hist, down_hist;
  };

  // Direct form: shift the delay line, multiply-accumulate every tap.
  static float fir(std::vector<float>& z, const std::vector<float>& h, float x) {
    for (std::size_t i = z.size() - 1; i > 0; --i) z[i] = z[i - 1];
    z[0] = x;
    float acc = 0.0f;
    for (std::size_t i = 0; i < h.size(); ++i) acc += h[i] * z[i];
    return acc;
  }

  std::vector<Stage> stages_;
  std::vector<std::vector<float>> bufs_;
};

void oversample_plinth(benchmark::State& state, int factor) {
  pd::Oversampler<float> os(factor);
  os.prepare(48000, kBlock, 1);
  auto x = noise(kBlock);
  for (auto _ : state) {
    os.process(std::span<float>(x), 0, [](std::span<float> up) { benchmark::DoNotOptimize(up.data()); });
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}

void oversample_reference(benchmark::State& state, int factor) {
  pd::Oversampler<float> os(factor);
  DirectOversampler ref(os, os.num_stages());
  auto x = noise(kBlock);
  for (auto _ : state) {
    ref.process(x.data(), kBlock);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}

void BM_Oversample2x_plinth(benchmark::State& state) { oversample_plinth(state, 2); }
void BM_Oversample2x_reference(benchmark::State& state) { oversample_reference(state, 2); }
void BM_Oversample4x_plinth(benchmark::State& state) { oversample_plinth(state, 4); }
void BM_Oversample4x_reference(benchmark::State& state) { oversample_reference(state, 4); }
void BM_Oversample8x_plinth(benchmark::State& state) { oversample_plinth(state, 8); }
void BM_Oversample8x_reference(benchmark::State& state) { oversample_reference(state, 8); }
BENCHMARK(BM_Oversample2x_plinth);
BENCHMARK(BM_Oversample2x_reference);
BENCHMARK(BM_Oversample4x_plinth);
BENCHMARK(BM_Oversample4x_reference);
BENCHMARK(BM_Oversample8x_plinth);
BENCHMARK(BM_Oversample8x_reference);

[[gnu::noinline]] void ref_crush(float* x, std::size_t n, float q) {
  for (std::size_t i = 0; i < n; ++i) x[i] = std::clamp(std::round(x[i] / q) * q, -1.0f, 1.0f);
}

void BM_Bitcrush_plinth(benchmark::State& state) {
  pd::Bitcrusher<float> bc;
  bc.prepare(48000, kBlock, 1);
  bc.set_bits(8);
  const auto src = noise(kBlock);
  std::vector<float> x(kBlock);
  for (auto _ : state) {
    std::copy(src.begin(), src.end(), x.begin());
    bc.process(std::span<float>(x), 0);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}
BENCHMARK(BM_Bitcrush_plinth);

void BM_Bitcrush_reference(benchmark::State& state) {
  const auto src = noise(kBlock);
  std::vector<float> x(kBlock);
  for (auto _ : state) {
    std::copy(src.begin(), src.end(), x.begin());
    ref_crush(x.data(), kBlock, 1.0f / 128.0f);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  finish(state);
}
BENCHMARK(BM_Bitcrush_reference);

}  // namespace
