#include "plinth/dsp/ladder.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <span>
#include <type_traits>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

template <typename T>
class LadderTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(LadderTyped, SampleTypes);

// Small-signal response vs the analog ladder G^4 / (1 + k G^4), G = 1 / (1 + s).
TYPED_TEST(LadderTyped, SmallSignalMatchesAnalyticLadder) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  constexpr double amp = 1e-4;  // tanh(1e-4) = 1e-4 to 3e-9 relative: linear regime
  for (double fc : {300.0, 2000.0}) {
    for (double r : {0.0, 0.5, 0.9}) {
      pd::LadderFilter<T> f;
      f.set_cutoff(fc);
      f.set_resonance(r);
      f.prepare(fs, 256, 1);
      const auto h = impulse_response([&](double x) { return double(f.process(T(x * amp))) / amp; });
      const double k = 4.0 * r;
      for (double freq : {20.0, 100.0, 300.0, 1000.0, 2000.0, 2500.0, 5000.0}) {
        const cd s = warped_s(freq, fc, fs);
        const cd g4 = std::pow(1.0 / (1.0 + s), 4);
        const cd expected = g4 / (1.0 + k * g4);
        if (db(expected) > -50.0) {
          const cd m = dft(h, freq, fs);
          EXPECT_NEAR(db(m), db(expected), 0.1) << "fc " << fc << " r " << r << " f " << freq;
          EXPECT_NEAR(phase_diff(m, expected), 0.0, 0.02) << "fc " << fc << " r " << r << " f " << freq;
        }
      }
    }
  }
}

TEST(Ladder, ResonancePeakAtCutoff) {
  // At r = 0.9 (k = 3.6) the analytic gain at the cutoff is (1/4) / (1 - k/4) = 2.5,
  // while DC gain is 1 / (1 + k): a peak of 20 log10(2.5 * 4.6) = 21.2 dB over DC.
  constexpr double fs = 48000.0;
  pd::LadderFilter<double> f;
  f.set_cutoff(1000);
  f.set_resonance(0.9);
  f.prepare(fs, 64, 1);
  const auto h = impulse_response([&](double x) { return f.process(x * 1e-4) / 1e-4; });
  EXPECT_NEAR(db(dft(h, 1000, fs)) - db(dft(h, 1, fs)), 20 * std::log10(2.5 * 4.6), 0.1);
  // And the maximum of the response lies near the cutoff.
  double best = -1e9, best_f = 0;
  for (double freq = 500; freq < 2000; freq += 5) {
    const double m = db(dft(h, freq, fs));
    if (m > best) {
      best = m;
      best_f = freq;
    }
  }
  EXPECT_NEAR(best_f, 1000, 50);
}

TEST(Ladder, SelfOscillatesAtCutoffAndStaysBounded) {
  constexpr double fs = 48000.0;
  for (double fc : {440.0, 3000.0}) {
    pd::LadderFilter<float> f;
    f.set_cutoff(fc);
    f.set_resonance(1.1);  // above the threshold of 1.0
    f.prepare(fs, 64, 1);
    std::vector<float> y(48000);
    for (size_t n = 0; n < y.size(); ++n) y[n] = f.process(n == 0 ? 0.01f : 0.0f);  // a tiny kick, then silence
    // Sustained oscillation in the last 0.25 s, bounded.
    double peak = 0, sumsq = 0;
    int crossings = 0;
    for (size_t n = 36000; n < y.size(); ++n) {
      peak = std::max(peak, double(std::abs(y[n])));
      sumsq += double(y[n]) * y[n];
      if (y[n - 1] < 0 && y[n] >= 0) ++crossings;
    }
    EXPECT_GT(std::sqrt(sumsq / 12000.0), 0.05) << fc;
    EXPECT_LT(peak, 1.5) << fc;
    const double freq = crossings / 0.25;
    EXPECT_NEAR(freq, fc, 0.05 * fc) << "self-oscillation frequency";
  }
  // Below the threshold the ring dies away.
  pd::LadderFilter<float> f;
  f.set_cutoff(1000);
  f.set_resonance(0.95);
  f.prepare(fs, 64, 1);
  float last = 0;
  for (int n = 0; n < 48000; ++n) {
    const float y = f.process(n == 0 ? 0.5f : 0.0f);
    if (n > 40000) last = std::max(last, std::abs(y));
  }
  EXPECT_LT(last, 1e-4f);
}

TYPED_TEST(LadderTyped, StableAtMaxResonanceAndDriveWithLoudNoise) {
  using T = TypeParam;
  pd::LadderFilter<T> f;
  f.set_resonance(100.0);  // clamped to 1.2
  EXPECT_DOUBLE_EQ(f.resonance(), 1.2);
  f.set_drive(1e3);  // clamped to 10
  EXPECT_DOUBLE_EQ(f.drive(), 10.0);
  f.prepare(44100, 256, 1);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> d(-4, 4);
  std::vector<T> blk(256);
  double peak = 0;
  for (int b = 0; b < 400; ++b) {
    f.set_cutoff(20.0 * std::pow(1000.0, (b % 40) / 40.0));  // sweep too
    for (auto& v : blk) v = T(d(rng));
    f.process(blk);
    for (T v : blk) peak = std::max(peak, std::abs(double(v)));
  }
  EXPECT_TRUE(std::isfinite(peak));
  EXPECT_LT(peak, 3.0);
}

TEST(Ladder, ClampsAndRecoversFromNan) {
  pd::LadderFilter<float> f;
  f.prepare(48000, 64, 1);
  f.set_cutoff(1e6);
  EXPECT_DOUBLE_EQ(f.cutoff(), 0.49 * 48000);
  f.set_resonance(-1);
  EXPECT_DOUBLE_EQ(f.resonance(), 0.0);
  f.set_resonance(std::nan(""));
  EXPECT_DOUBLE_EQ(f.resonance(), 0.0);
  (void)f.process(std::nanf(""));
  f.reset();
  EXPECT_TRUE(std::isfinite(f.process(0.5f)));
  std::vector<float> blk(8, 0.5f);
  blk[2] = INFINITY;
  f.process(blk);
  EXPECT_TRUE(std::isfinite(f.process(0.5f)));  // block end sanitized the state
  EXPECT_EQ(f.process(0.25f, 4), 0.25f);
}

// The block paths (one channel, a stereo pair, and channel groups of every size the lanes
// allow) run the feedback in a different arrangement (u from K in_prev + Q, several
// channels per vector); each channel must still equal the per-sample path to rounding,
// through resonance past self-oscillation, heavy drive, loud noise and parameter changes
// between blocks.
TYPED_TEST(LadderTyped, BlockPathsEqualPerSamplePath) {
  using T = TypeParam;
  const double tolerance = std::is_same_v<T, float> ? 2e-5 : 1e-12;
  for (int channels : {1, 2, 3, 4, 5, 7}) {
    pd::LadderFilter<T> block_filter, sample_filter;
    for (auto* f : {&block_filter, &sample_filter}) f->prepare(44100, 512, channels);
    std::mt19937 rng(static_cast<unsigned>(channels));
    std::uniform_real_distribution<double> d(-2, 2);
    double worst = 0;
    for (int b = 0; b < 40; ++b) {
      const double cutoff = 50.0 * std::pow(300.0, (b % 10) / 10.0);
      const double resonance = 0.3 * (b % 5);  // 0 .. 1.2
      const double drive = 0.5 + (b % 3) * 2.0;
      for (auto* f : {&block_filter, &sample_filter}) {
        f->set_cutoff(cutoff);
        f->set_resonance(resonance);
        f->set_drive(drive);
      }
      const std::size_t n = 1 + static_cast<std::size_t>(b * 37 % 300);
      std::vector<std::vector<T>> data(static_cast<std::size_t>(channels), std::vector<T>(n));
      for (auto& ch : data)
        for (T& v : ch) v = T(d(rng));
      std::vector<std::vector<T>> expected = data;
      for (int c = 0; c < channels; ++c)
        for (T& v : expected[static_cast<std::size_t>(c)]) v = sample_filter.process(v, c);
      if (channels == 1) {
        block_filter.process(std::span<T>(data[0]), 0);
      } else if (channels == 2) {
        block_filter.process(std::span<T>(data[0]), std::span<T>(data[1]));
      } else {
        std::vector<T*> pointers;
        for (auto& ch : data) pointers.push_back(ch.data());
        block_filter.process(std::span<T* const>(pointers), n);
      }
      for (std::size_t c = 0; c < data.size(); ++c)
        for (std::size_t i = 0; i < n; ++i)
          worst = std::max(worst, std::abs(double(data[c][i]) - double(expected[c][i])));
    }
    std::printf("ladder block path vs per-sample, %d channels: max abs difference %.3g\n", channels, worst);
    EXPECT_LT(worst, tolerance) << channels << " channels";
  }
}

// process(channels, frames) leaves channels beyond those prepared alone.
TEST(Ladder, ChannelsBeyondPreparedUntouched) {
  pd::LadderFilter<float> f;
  f.prepare(48000, 64, 2);
  std::vector<float> a(64, 0.5f), b(64, 0.5f), c(64, 0.5f);
  float* const pointers[3] = {a.data(), b.data(), c.data()};
  f.process(std::span<float* const>(pointers), 64);
  EXPECT_NE(a[63], 0.5f);
  EXPECT_EQ(a, b);
  EXPECT_EQ(c, std::vector<float>(64, 0.5f));
}

// The multichannel block paths scrub NaN and infinity like the mono one: finite output, and
// the next block is clean.
TEST(Ladder, StereoAndMultichannelPathsScrubNonFinite) {
  pd::LadderFilter<float> f;
  f.set_resonance(1.1);
  f.prepare(48000, 128, 5);
  std::vector<std::vector<float>> data(5, std::vector<float>(128, 0.25f));
  data[0][3] = std::nanf("");
  data[1][60] = INFINITY;
  data[4][127] = -INFINITY;
  f.process(std::span<float>(data[0]), std::span<float>(data[1]));
  std::vector<float*> pointers;
  for (auto& ch : data) pointers.push_back(ch.data());
  f.process(std::span<float* const>(pointers), 128);
  for (auto& ch : data)
    for (float v : ch) ASSERT_TRUE(std::isfinite(v));
  for (int c = 0; c < 5; ++c) EXPECT_TRUE(std::isfinite(f.process(0.5f, c)));
}
