// Delay line reads (integer, linear, Lagrange, Hermite, Thiran all-pass) against a plain
// delay line: a std::vector of max_delay + 4 samples indexed with %, same interpolation
// formulas. Each iteration pushes one sample and reads one (delay modulated per sample).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "plinth/dsp/delay_line.h"

namespace {

constexpr int kBlock = 512;
constexpr int kMaxDelay = 4800;

void set_counters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kBlock);
  state.counters["ns_per_sample"] =
      benchmark::Counter(static_cast<double>(kBlock) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

struct Signals {
  std::vector<float> in = std::vector<float>(kBlock);
  std::vector<float> out = std::vector<float>(kBlock);
  std::vector<float> delay = std::vector<float>(kBlock);
  std::vector<int> int_delay = std::vector<int>(kBlock);
  Signals() {
    for (int i = 0; i < kBlock; ++i) {
      in[static_cast<std::size_t>(i)] = std::sin(0.01f * static_cast<float>(i));
      delay[static_cast<std::size_t>(i)] = 1000.0f + 300.0f * std::sin(0.003f * static_cast<float>(i));
      int_delay[static_cast<std::size_t>(i)] = static_cast<int>(delay[static_cast<std::size_t>(i)]);
    }
  }
};

// The plain reference: modulo indexing over a buffer of exactly the size needed.
struct PlainDelay {
  std::vector<float> buf = std::vector<float>(kMaxDelay + 4, 0.0f);
  std::size_t w = 0;
  float y1 = 0.0f;
  void push(float x) {
    w = (w + 1) % buf.size();
    buf[w] = x;
  }
  float at(std::size_t d) const { return buf[(w + buf.size() - d) % buf.size()]; }
  float linear(float d) const {
    const auto i = static_cast<std::size_t>(d);
    const float f = d - static_cast<float>(i);
    return at(i) + f * (at(i + 1) - at(i));
  }
  float lagrange(float d) const {
    const auto i = static_cast<std::size_t>(d);
    const float f = d - static_cast<float>(i);
    const float xm1 = at(i - 1), x0 = at(i), x1 = at(i + 1), x2 = at(i + 2);
    return -f * (f - 1) * (f - 2) / 6 * xm1 + (f + 1) * (f - 1) * (f - 2) / 2 * x0 - (f + 1) * f * (f - 2) / 2 * x1 +
           (f + 1) * f * (f - 1) / 6 * x2;
  }
  float hermite(float d) const {
    const auto i = static_cast<std::size_t>(d);
    const float f = d - static_cast<float>(i);
    const float xm1 = at(i - 1), x0 = at(i), x1 = at(i + 1), x2 = at(i + 2);
    const float c1 = 0.5f * (x1 - xm1);
    const float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
    const float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
    return ((c3 * f + c2) * f + c1) * f + x0;
  }
  float thiran(float d) {
    const auto n = static_cast<std::size_t>(d - 0.5f);
    const float frac = d - static_cast<float>(n);
    const float a = (1 - frac) / (1 + frac);
    const float y = a * (at(n) - y1) + at(n + 1);
    y1 = y;
    return y;
  }
};

template <typename Kernel>
void run(benchmark::State& state, Kernel kernel) {
  Signals s;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) s.out[i] = kernel(s, i);
    benchmark::DoNotOptimize(s.out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
}

// --- integer ---
void BM_DelayInteger_plinth(benchmark::State& state) {
  plinth::dsp::DelayLine<float> line;
  line.prepare(kMaxDelay);
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.read(s.int_delay[i]);
  });
}
void BM_DelayInteger_reference(benchmark::State& state) {
  PlainDelay line;
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.at(static_cast<std::size_t>(s.int_delay[i]));
  });
}

// --- linear ---
void BM_DelayLinear_plinth(benchmark::State& state) {
  plinth::dsp::DelayLine<float> line;
  line.prepare(kMaxDelay);
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.read_linear(s.delay[i]);
  });
}
void BM_DelayLinear_reference(benchmark::State& state) {
  PlainDelay line;
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.linear(s.delay[i]);
  });
}

// --- Lagrange ---
void BM_DelayLagrange_plinth(benchmark::State& state) {
  plinth::dsp::DelayLine<float> line;
  line.prepare(kMaxDelay);
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.read_lagrange(s.delay[i]);
  });
}
void BM_DelayLagrange_reference(benchmark::State& state) {
  PlainDelay line;
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.lagrange(s.delay[i]);
  });
}

// --- Hermite ---
void BM_DelayHermite_plinth(benchmark::State& state) {
  plinth::dsp::DelayLine<float> line;
  line.prepare(kMaxDelay);
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.read_hermite(s.delay[i]);
  });
}
void BM_DelayHermite_reference(benchmark::State& state) {
  PlainDelay line;
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.hermite(s.delay[i]);
  });
}

// --- Thiran all-pass ---
void BM_DelayThiran_plinth(benchmark::State& state) {
  plinth::dsp::DelayLine<float> line;
  line.prepare(kMaxDelay);
  plinth::dsp::ThiranReader<float> reader;
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return reader.read(line, s.delay[i]);
  });
}
void BM_DelayThiran_reference(benchmark::State& state) {
  PlainDelay line;
  run(state, [&](const Signals& s, std::size_t i) {
    line.push(s.in[i]);
    return line.thiran(s.delay[i]);
  });
}

}  // namespace

BENCHMARK(BM_DelayInteger_plinth);
BENCHMARK(BM_DelayInteger_reference);
BENCHMARK(BM_DelayLinear_plinth);
BENCHMARK(BM_DelayLinear_reference);
BENCHMARK(BM_DelayLagrange_plinth);
BENCHMARK(BM_DelayLagrange_reference);
BENCHMARK(BM_DelayHermite_plinth);
BENCHMARK(BM_DelayHermite_reference);
BENCHMARK(BM_DelayThiran_plinth);
BENCHMARK(BM_DelayThiran_reference);
