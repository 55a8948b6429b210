// What a timing probe and a debug-log call cost on the audio thread, against the same
// loop without them (tools/bench_ratio.py pairs X_plinth with X_reference):
//   python3 tools/bench_ratio.py build/bench/bench_core_probe_bench --benchmark_repetitions=5
// The work inside is a short dependent chain so the loop is not optimized away.
#include <benchmark/benchmark.h>

#include "plinth/core/debug_log.h"
#include "plinth/core/probe.h"

namespace {

double work(double x) {
  for (int i = 0; i < 8; ++i) x = x * 0.999 + 0.001;
  return x;
}

void loop_alone(benchmark::State& state) {
  double x = 1.0;
  for (auto _ : state) {
    x = work(x);
    benchmark::DoNotOptimize(x);
  }
}

void BM_Probe_reference(benchmark::State& state) { loop_alone(state); }
BENCHMARK(BM_Probe_reference);

void BM_Probe_plinth(benchmark::State& state) {
  plinth::ProbeTable table;
  (void)table.find("other");  // not the first slot: the lookup walks one
  double x = 1.0;
  for (auto _ : state) {
    const plinth::ProbeScope p(table.find("section"));
    x = work(x);
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_Probe_plinth);

// The log off (the default): one relaxed load and a branch.
void BM_LogOff_reference(benchmark::State& state) { loop_alone(state); }
BENCHMARK(BM_LogOff_reference);

void BM_LogOff_plinth(benchmark::State& state) {
  plinth::debug_log().enable(false);
  const plinth::Logger log;
  double x = 1.0;
  for (auto _ : state) {
    x = work(x);
    log.info("x {}", x);
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_LogOff_plinth);

// The log on: a record captured and queued (drained every 512 calls, outside the timing).
void BM_LogOn_reference(benchmark::State& state) { loop_alone(state); }
BENCHMARK(BM_LogOn_reference);

void BM_LogOn_plinth(benchmark::State& state) {
  plinth::debug_log().enable(true);
  const plinth::Logger log;
  double x = 1.0;
  int n = 0;
  for (auto _ : state) {
    x = work(x);
    log.info("x {} n {}", x, n);
    benchmark::DoNotOptimize(x);
    if (++n == 512) {
      state.PauseTiming();
      plinth::debug_log().drain([](const plinth::LogRecord&) {});
      n = 0;
      state.ResumeTiming();
    }
  }
  plinth::debug_log().enable(false);
}
BENCHMARK(BM_LogOn_plinth);

}  // namespace
