// The distortion through its .so: aliasing of a driven high sine (energy away from its
// harmonics) with and without oversampling, and the reported latency equal to the measured
// delay of an impulse at each factor, the host told when the factor changes.
#include "example_harness.h"

#include <cstdio>

namespace {

namespace pt = plinth::test;

enum : plinth::abi::ParamId { shape = 1, drive, tone, output, mix, oversampling };

// Share of the output's energy (dB) that lies away from the harmonics of a sine of bin k0
// over the last n samples: exactly periodic there, so each harmonic sits in one DFT bin and
// whatever aliasing folds back lands between them (n a power of two, k0 odd).
double aliasing_db(const std::vector<double>& y, std::size_t n, std::size_t k0) {
  const std::size_t from = y.size() - n;
  double total = 0.0;
  for (std::size_t i = from; i < y.size(); ++i) total += y[i] * y[i];
  double harmonic = 0.0;
  for (std::size_t k = 0; k <= n / 2; k += k0) {  // DC and every harmonic below Nyquist
    double re = 0.0;
    double im = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double a = 2.0 * std::numbers::pi * static_cast<double>(k * i % n) / static_cast<double>(n);
      re += y[from + i] * std::cos(a);
      im -= y[from + i] * std::sin(a);
    }
    // Parseval: a bin's share of sum(y^2) is |X|^2 / n, twice for k in (0, n/2).
    harmonic += (k == 0 ? 1.0 : 2.0) * (re * re + im * im) / static_cast<double>(n);
  }
  return 10.0 * std::log10(std::max(total - harmonic, 1e-30) / total);
}

double aliasing_at(int factor_index, double shape_index) {
  auto e = pt::load_example("PlinthDistortion", 48000.0, 512);
  e.set({{shape, shape_index}, {drive, 24.0}, {tone, 20000.0}, {output, 0.0}, {oversampling, factor_index}});
  e.restart();
  constexpr std::size_t n = 8192;
  constexpr std::size_t k0 = 853;  // 4998 Hz: harmonics at 15, 25, 35... kHz fold back
  const auto x = pt::sine(static_cast<double>(k0) * 48000.0 / n, 48000.0, 2 * n, 0.5);
  return aliasing_db(e.run({x})[0], n, k0);
}

// The lag (0..200) at which `y` best matches `x`, by cross-correlation.
int best_lag(const std::vector<double>& x, const std::vector<double>& y) {
  int best = 0;
  double most = -1.0;
  for (int lag = 0; lag <= 200; ++lag) {
    double sum = 0.0;
    for (std::size_t i = 0; i + static_cast<std::size_t>(lag) < y.size() && i < x.size(); ++i)
      sum += x[i] * y[i + static_cast<std::size_t>(lag)];
    if (sum > most) most = sum, best = lag;
  }
  return best;
}

}  // namespace

TEST(Distortion, OversamplingRemovesAliasing) {
  for (const double type : {0.0, 2.0, 3.0}) {  // tanh, hard clip, foldback
    const double a1 = aliasing_at(0, type);
    const double a2 = aliasing_at(1, type);
    const double a8 = aliasing_at(3, type);
    std::printf("shape %g: aliasing 1x %.1f dB, 2x %.1f dB, 8x %.1f dB\n", type, a1, a2, a8);
    EXPECT_GT(a1, -40.0) << "a 5 kHz sine driven 24 dB should alias without oversampling";
    EXPECT_LT(a8, a1 - 30.0) << "shape " << type;
    EXPECT_LT(a2, a1) << "shape " << type;
  }
}

TEST(Distortion, ReportedLatencyIsTheImpulseDelayAtEachFactor) {
  for (const double rate : {44100.0, 384000.0}) {
    auto e = pt::load_example("PlinthDistortion", rate, 256);
    ASSERT_TRUE(e.plugin);
    auto restarts = [&] {
      int count = 0;
      for (const auto& r : e->handler().records())
        if (r.kind == plinth::host::ComponentHandler::Kind::restart && (r.flags & plinth::abi::kLatencyChanged) != 0)
          ++count;
      return count;
    };
    std::vector<double> reference;
    for (int k = 0; k < 4; ++k) {  // from the default 4x, each step moves the latency
      const int before = restarts();
      const double normalized = e->plain_to_normalized(oversampling, k);
      ASSERT_EQ(e->controller()->set_param_normalized(oversampling, normalized), plinth::abi::kResultOk);
      EXPECT_EQ(restarts(), before + 1) << "factor " << (1 << k);
      e.set({{shape, 0.0}, {drive, 0.0}, {tone, 20000.0}, {output, 0.0}, {mix, 1.0}, {oversampling, k}});
      e.restart();
      const int latency = static_cast<int>(e->latency_samples());
      const auto out = e.run({pt::impulse(600, 50, 0.1)})[0];
      // The 1x path has no delay line (only the tone filter's causal smear); the others are
      // it band-limited by linear-phase filters and delayed: the lag of best match.
      if (k == 0) {
        EXPECT_EQ(latency, 0);
        reference = out;
      }
      EXPECT_EQ(best_lag(reference, out), latency) << "factor " << (1 << k) << " at " << rate << " Hz";
      EXPECT_EQ(latency > 0, k > 0);
    }
  }
}

TEST(Distortion, HalfMixIsTheAverageOfTheAlignedDryAndWet) {
  // With the dry path delayed by the latency, a half mix of a quiet sine (the shaper nearly
  // linear at 0 dB drive) is the sine at the same delay: no comb filtering.
  auto e = pt::load_example("PlinthDistortion", 48000.0, 256);
  e.set({{shape, 2.0}, {drive, 0.0}, {tone, 20000.0}, {output, 0.0}, {mix, 0.5}, {oversampling, 3.0}});
  e.restart();
  const auto x = pt::sine(3000.0, 48000.0, 4800, 0.1);
  const auto y = e.run({x})[0];
  EXPECT_NEAR(pt::rms(y, 2400) / pt::rms(x, 2400), 1.0, 0.02);
}

TEST(Distortion, GoldenRender) {
  auto e = pt::load_example("PlinthDistortion", 48000.0, 256);
  ASSERT_TRUE(e.plugin);
  e.set({{shape, 4.0}, {drive, 18.0}, {tone, 5000.0}, {output, -6.0}, {mix, 0.8}, {oversampling, 2.0}});
  e.restart();
  const auto x = pt::sine(220.0, 48000.0, 3000, 0.7);
  pt::expect_golden("distortion", e.run({x, pt::noise(3000, 0.3, 3)}), 1e-5);
}
