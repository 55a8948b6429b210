// process.denormals: denormal input (and a plugin's own state decaying into the
// denormal range) must not make processing measurably slower than normal input.
// Robustness: the rules say nothing about speed, but on x86 a denormal costs ~100
// cycles per operation without flush-to-zero, which can miss real-time deadlines.
// Hosts may or may not set FTZ/DAZ, so this runs with both off, as many do.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define PLINTH_HAVE_MXCSR 1
#endif

#include "plinth/host/checks/common.h"

namespace plinth::host::checks {

namespace {

constexpr int kBlock = 1024;
constexpr int kRounds = 40;        // interleaved rounds; each times one block per input kind
constexpr double kMaxRatio = 1.5;  // median time with denormals / median time with noise
constexpr int kAttempts = 3;       // a ratio over the limit is measured again (a busy machine)

enum Kind { kNoise, kDenormal, kDecay, kKinds };
const char* const kKindNames[] = {"noise", "denormal input", "silence after noise (state decaying)"};

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// The worst ratio over the denormal kinds for one sample size, and which kind.
struct Measured {
  double ratio = 0.0;
  double noise_ns = 0.0;
  double worst_ns = 0.0;
  Kind worst = kDenormal;
};

Measured measure(Ctx& ck, PluginInstance& p, bool dbl) {
  const double tiny = dbl ? 1e-310 : static_cast<double>(1e-40f);
  std::vector<std::vector<double>> times(kKinds);
  // Warm up: caches, lazy initialisation, smoothing.
  for (int i = 0; i < 20; ++i) {
    fill_inputs(p, kBlock, 0.5, 7u + static_cast<std::uint32_t>(i));
    p.process(kBlock);
  }
  for (int round = 0; round < kRounds; ++round) {
    for (int kind = 0; kind < kKinds; ++kind) {
      if (kind == kDecay) {
        // Noise into the plugin's state, then silence: feedback paths decay towards
        // denormals over the next blocks; time the fourth one.
        fill_inputs(p, kBlock, 0.5, 99u + static_cast<std::uint32_t>(round));
        p.process(kBlock);
        fill_inputs(p, kBlock, 0.0);
        for (int i = 0; i < 3; ++i) p.process(kBlock);
      } else if (kind == kDenormal) {
        fill_inputs(p, kBlock, tiny, 0);
        // Alternate signs so nothing cancels to zero in a sum.
        for (int b = 0; b < p.audio_inputs(); ++b) {
          for (int c = 0; c < p.channels(abi::kInput, b); ++c) {
            for (int i = 1; i < kBlock; i += 2) {
              p.input(b, c)[static_cast<std::size_t>(i)] = -static_cast<float>(tiny);
              p.input64(b, c)[static_cast<std::size_t>(i)] = -tiny;
            }
          }
        }
      } else {
        fill_inputs(p, kBlock, 0.5, 1u + static_cast<std::uint32_t>(round));
      }
      const auto start = std::chrono::steady_clock::now();
      const abi::tresult r = p.process(kBlock);
      const auto end = std::chrono::steady_clock::now();
      if (r != abi::kResultOk) {
        ck.expect_ok(r, std::string(dbl ? "64" : "32") + "-bit process with " + kKindNames[kind]);
        return {};
      }
      times[static_cast<std::size_t>(kind)].push_back(std::chrono::duration<double, std::nano>(end - start).count());
    }
  }
  Measured m;
  m.noise_ns = median(times[kNoise]);
  for (Kind kind : {kDenormal, kDecay}) {
    const double ns = median(times[kind]);
    const double ratio = ns / std::max(m.noise_ns, 1.0);
    if (ratio > m.ratio) {
      m.ratio = ratio;
      m.worst_ns = ns;
      m.worst = kind;
    }
  }
  return m;
}

}  // namespace

void denormals(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  if (p->audio_inputs() == 0) {
    ck.note("no audio inputs; skipped");
    return;
  }
#ifdef PLINTH_HAVE_MXCSR
  // FTZ (bit 15) and DAZ (bit 6) off: the plugin must cope on its own.
  const unsigned saved = _mm_getcsr();
  _mm_setcsr(saved & ~((1u << 15) | (1u << 6)));
#endif
  for (bool dbl : {false, true}) {
    if (dbl && !p->can_process_double()) continue;
    if (!ck.start(*p, 48000.0, kBlock, dbl)) break;
    step(std::string("timing ") + (dbl ? "64" : "32") + "-bit blocks of noise, denormals and decaying silence");
    Measured best;
    const int failures_before = result.failure_count;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      const Measured m = measure(ck, *p, dbl);
      if (result.failure_count != failures_before) break;
      if (attempt == 0 || m.ratio < best.ratio) best = m;
      if (best.ratio <= kMaxRatio) break;
    }
    if (result.failure_count != failures_before) break;
    const std::string bits = dbl ? "64-bit" : "32-bit";
    ck.expect(best.ratio <= kMaxRatio, bits + ": a block of " + kKindNames[best.worst] + " takes " +
                                           fmt_short(best.worst_ns / 1000.0) + " us (median), " +
                                           fmt_short(best.ratio) + " times a block of noise (" +
                                           fmt_short(best.noise_ns / 1000.0) + " us)");
    ck.note(bits + ": slowest/noise median ratio " + fmt_short(best.ratio));
    p->deactivate();
  }
#ifdef PLINTH_HAVE_MXCSR
  _mm_setcsr(saved);
#endif
}

}  // namespace plinth::host::checks
