#include "plinth/dsp/wavetable.h"

#include "dsp/spectrum_probe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;
namespace sp = spectrum_probe;

namespace {

constexpr double kSr = 48000.0;
constexpr std::size_t kFft = 16384;

template <typename T>
pd::Wavetable<T> saw_table() {
  std::vector<double> amps(1024);
  for (std::size_t h = 1; h <= amps.size(); ++h) amps[h - 1] = 2.0 / (sp::kPi * static_cast<double>(h));
  pd::Wavetable<T> t;
  t.load_from_harmonics(amps);
  return t;
}

template <typename T>
std::vector<T> render(const pd::Wavetable<T>& table, double f, std::size_t n) {
  pd::WavetableOsc<T> osc;
  osc.prepare(kSr, 512, 1);
  osc.set_table(&table);
  osc.set_frequency(f);
  std::vector<T> y(n);
  osc.process(std::span<T>(y));
  return y;
}

}  // namespace

TEST(Wavetable, MipMapsAliasFree) {
  const auto table = saw_table<float>();
  for (double f : {100.0, 1000.0, 3000.0, 5000.0, 9000.0, 15000.0}) {
    const double r = sp::measure_aliasing(render(table, f, kFft), kSr, f).ratio_db();
    EXPECT_LT(r, -40.0) << "f=" << f;
  }
  // Beside it: the full-band level 0 played at 5 kHz (what a table without mip-maps does).
  std::vector<float> full(kFft);
  double p = 0;
  for (auto& v : full) {
    v = table.read(0, p);
    p += 5000.0 / kSr;
    if (p >= 1) p -= 1;
  }
  const double naive = sp::measure_aliasing(full, kSr, 5000.0).ratio_db();
  const double mip = sp::measure_aliasing(render(table, 5000.0, kFft), kSr, 5000.0).ratio_db();
  std::printf("5 kHz wavetable saw: single full-band table %.1f dB, mip-mapped %.1f dB\n", naive, mip);
  EXPECT_GT(naive, mip + 20.0);
}

TEST(Wavetable, LevelSelectionKeepsMostHarmonicsBelowNyquist) {
  using W = pd::Wavetable<float>;
  for (double f = 10.0; f < kSr / 2; f *= 1.07) {
    const double inc = f / kSr;
    const int level = W::level_for_increment(inc);
    EXPECT_LE(W::harmonics_in_level(level) * f, kSr / 2) << f;
    if (level > 0) {
      EXPECT_GT(W::harmonics_in_level(level - 1) * f, kSr / 2) << f;
    }
  }
  pd::WavetableOsc<float> osc;
  osc.prepare(kSr, 512, 1);
  osc.set_frequency(5000.0);
  EXPECT_EQ(W::harmonics_in_level(osc.current_level()), 4);  // 5,10,15,20 kHz kept; 25 kHz not
}

TEST(Wavetable, HarmonicsSynthesizedExactly) {
  // sin + 0.5 sin(3x + 90 deg): every level with >= 3 harmonics holds both, the others only
  // the fundamental.
  pd::Wavetable<double> t;
  const std::vector<double> amps{1.0, 0.0, 0.5};
  const std::vector<double> phases{0.0, 0.0, 0.25};
  t.load_from_harmonics(amps, phases);
  for (int level = 0; level < pd::Wavetable<double>::kLevels; ++level) {
    const auto data = t.level(level);
    const bool third = pd::Wavetable<double>::harmonics_in_level(level) >= 3;
    double worst = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
      const double x = 2 * sp::kPi * static_cast<double>(i) / static_cast<double>(data.size());
      const double expected = std::sin(x) + (third ? 0.5 * std::cos(3 * x) : 0.0);
      worst = std::fmax(worst, std::fabs(data[i] - expected));
    }
    EXPECT_LT(worst, 1e-12) << "level " << level;
  }
}

TEST(Wavetable, LoadFromCycleRecoversHarmonics) {
  // A 600-point cycle of 0.8 sin(x) - 0.3 sin(5x) + 0.1 cos(7x).
  std::vector<float> cycle(600);
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const double x = 2 * sp::kPi * static_cast<double>(i) / 600.0;
    cycle[i] = static_cast<float>(0.8 * std::sin(x) - 0.3 * std::sin(5 * x) + 0.1 * std::cos(7 * x));
  }
  pd::Wavetable<float> t;
  t.load_from_cycle(cycle);
  const auto l0 = t.level(0);
  double worst = 0;
  for (std::size_t i = 0; i < l0.size(); ++i) {
    const double x = 2 * sp::kPi * static_cast<double>(i) / static_cast<double>(l0.size());
    worst = std::fmax(worst, std::fabs(l0[i] - (0.8 * std::sin(x) - 0.3 * std::sin(5 * x) + 0.1 * std::cos(7 * x))));
  }
  EXPECT_LT(worst, 1e-5);
  // Level 8 keeps 4 harmonics: only the fundamental survives.
  const auto l8 = t.level(8);
  worst = 0;
  for (std::size_t i = 0; i < l8.size(); ++i)
    worst = std::fmax(worst, std::fabs(l8[i] - 0.8 * std::sin(2 * sp::kPi * static_cast<double>(i) /
                                                              static_cast<double>(l8.size()))));
  EXPECT_LT(worst, 1e-5);
}

TEST(Wavetable, FrequencyAccuracy) {
  pd::Wavetable<double> t;
  t.load_from_harmonics(std::vector<double>{1.0});
  for (double f : {30.0, 440.0, 12345.0}) {
    const auto y = render(t, f, 240000);
    double first = -1, last = -1;
    long count = 0;
    for (std::size_t i = 1; i < y.size(); ++i)
      if (y[i - 1] < 0 && y[i] >= 0) {
        const double tc = static_cast<double>(i - 1) + y[i - 1] / (y[i - 1] - y[i]);
        if (first < 0) first = tc;
        last = tc;
        ++count;
      }
    EXPECT_NEAR(static_cast<double>(count - 1) * kSr / (last - first) / f - 1.0, 0.0, 1e-4) << f;
  }
}

TEST(Wavetable, NoTableGivesSilenceAndParamsClamp) {
  pd::WavetableOsc<float> osc;
  osc.prepare(kSr, 512, 1);
  std::vector<float> y(64, 1.0f);
  osc.process(std::span<float>(y));
  for (float v : y) EXPECT_EQ(v, 0.0f);
  EXPECT_EQ(osc.process(), 0.0f);
  osc.set_frequency(1e9);
  EXPECT_DOUBLE_EQ(osc.frequency(), kSr / 2);
  osc.set_frequency(std::numeric_limits<double>::quiet_NaN());
  EXPECT_DOUBLE_EQ(osc.frequency(), 0.0);
  // NaN in the source data is dropped at load time.
  pd::Wavetable<float> t;
  const std::vector<double> amps{1.0, std::numeric_limits<double>::quiet_NaN()};
  t.load_from_harmonics(amps);
  osc.set_table(&t);
  osc.set_frequency(1000.0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(std::isfinite(osc.process()));
}
