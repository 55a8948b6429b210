// The limiter through its .so: the output's true peak (ITU-R BS.1770, 4x oversampled)
// never above the ceiling over programme-like material, the reported latency equal to the
// measured delay of an impulse at several rates and look-aheads, and the gain-reduction meter.
#include "example_harness.h"

namespace {

namespace pt = plinth::test;

enum : plinth::abi::ParamId { input = 1, ceiling, release, lookahead, reduction };

// Noise bursts, a sine at 0.45 fs, a sine at fs/4 with samples off its peaks (true peak
// 3 dB over the sample peak) and isolated clicks, each far over the ceiling.
pt::Signal programme(double rate, std::size_t n) {
  pt::Signal s(2, std::vector<double>(n, 0.0));
  const auto burst = pt::noise(n, 2.0, 7);
  const auto high = pt::sine(0.45 * rate, rate, n, 1.5);
  const auto quarter = pt::sine(0.25 * rate, rate, n, 1.8, std::numbers::pi / 4);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t part = i * 6 / n;
    const bool on = (i / 700) % 2 == 0;  // bursts
    double l = 0.0;
    double r = 0.0;
    if (part == 0) l = on ? burst[i] : 0.05 * burst[i], r = -l;
    if (part == 1) l = high[i], r = 0.5 * high[i];
    if (part == 2) l = quarter[i], r = quarter[i];
    if (part == 3) l = i % 997 == 0 ? 3.0 : 0.0, r = i % 991 == 0 ? -3.0 : 0.0;  // clicks
    if (part == 4) l = 0.9 * burst[i] + 0.8 * high[i], r = quarter[i] * 0.9;
    s[0][i] = l;
    s[1][i] = r;
  }
  return s;
}

}  // namespace

TEST(Limiter, TruePeakNeverAboveTheCeiling) {
  struct Case {
    double rate;
    double ceiling_db;
    double release_ms;
    double lookahead_ms;
    bool dbl;
  };
  for (const Case k : {Case{48000.0, -1.0, 100.0, 5.0, false}, Case{44100.0, -0.3, 10.0, 1.0, false},
                       Case{96000.0, -6.0, 300.0, 10.0, true}, Case{22050.0, -1.0, 50.0, 2.0, false},
                       Case{48000.0, -1.0, 1.0, 1.0, false}, Case{384000.0, -0.1, 1.0, 1.0, true}}) {
    auto e = pt::load_example("PlinthLimiter", k.rate, 512, k.dbl);
    ASSERT_TRUE(e.plugin);
    e.set({{ceiling, k.ceiling_db}, {release, k.release_ms}, {lookahead, k.lookahead_ms}, {input, 6.0}});
    e.restart();
    const auto out = e.run(programme(k.rate, static_cast<std::size_t>(k.rate * 0.6)));
    for (std::size_t c = 0; c < 2; ++c) {
      const double tp = pt::db(pt::true_peak(out[c]));
      EXPECT_LE(tp, k.ceiling_db) << "rate " << k.rate << " channel " << c;
      EXPECT_GT(tp, k.ceiling_db - 1.0) << "limiting far below the ceiling, rate " << k.rate;
    }
  }
}

TEST(Limiter, ReportedLatencyIsTheImpulseDelay) {
  for (const double rate : {22050.0, 48000.0, 96000.0, 384000.0}) {
    for (const double ms : {1.0, 5.0, 10.0}) {
      auto e = pt::load_example("PlinthLimiter", rate, 512);
      ASSERT_TRUE(e.plugin);
      e.set({{lookahead, ms}});
      e.restart();
      const int latency = static_cast<int>(e->latency_samples());
      EXPECT_EQ(latency, 12 + static_cast<int>(std::lround(ms / 1000.0 * rate)));
      const auto out = e.run({pt::impulse(static_cast<std::size_t>(latency) + 600, 100, 0.25), {}});
      EXPECT_EQ(pt::argmax(out[0]), static_cast<std::size_t>(100 + latency)) << "rate " << rate << " look-ahead " << ms;
      EXPECT_NEAR(pt::peak(out[0]), 0.25, 1e-6);  // under the ceiling: untouched
    }
  }
}

TEST(Limiter, ReductionMeterShowsTheGainApplied) {
  auto e = pt::load_example("PlinthLimiter", 48000.0, 480);
  ASSERT_TRUE(e.plugin);
  e.set({{ceiling, -6.0}, {release, 50.0}});
  e.restart();
  // A 0 dBTP sine (1 kHz: 48 samples a cycle, one on each peak) needs 6.1 dB, margin included.
  const auto s = pt::sine(1000.0, 48000.0, 24000, 1.0);
  e.run({s, s});
  EXPECT_NEAR(e.outputs[reduction], -6.1, 0.05);
  const auto quiet = pt::sine(1000.0, 48000.0, 48000, 0.1);
  e.run({quiet, quiet});
  EXPECT_NEAR(e.outputs[reduction], 0.0, 0.01);
}

TEST(Limiter, GoldenRender) {
  auto e = pt::load_example("PlinthLimiter", 48000.0, 256);
  ASSERT_TRUE(e.plugin);
  e.set({{input, 3.0}, {ceiling, -1.0}, {release, 40.0}, {lookahead, 2.0}});
  e.restart();
  pt::expect_golden("limiter", e.run(programme(48000.0, 3000)), 1e-5);
}
