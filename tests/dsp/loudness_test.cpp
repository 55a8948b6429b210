// Loudness meter against ITU-R BS.1770-4 and the EBU Tech 3341 (v4, 2016) test signals,
// generated here. Expected values are those the spec states in its table of test signals:
//   case 1: stereo 1 kHz sine, -23 dBFS, 20 s                         M, S, I = -23.0 +-0.1 LUFS
//   case 2: the same at -33 dBFS                                       M, S, I = -33.0 +-0.1
//   case 3: -36 dBFS 10 s, -23 dBFS 60 s, -36 dBFS 10 s                 I = -23.0 +-0.1
//   case 4: -72 / -36 / -23 / -36 / -72 dBFS, 10 / 10 / 60 / 10 / 10 s  I = -23.0 +-0.1
//   case 5: -26 dBFS 20 s, -20 dBFS 20.1 s, -26 dBFS 20 s               I = -23.0 +-0.1
//   case 6: 5.0 channels, L R -28 dBFS, C -24 dBFS, Ls Rs -30 dBFS, 20 s  I = -23.0 +-0.1
//   case 9: 1.34 s at -20 dBFS then 1.66 s at -30 dBFS, repeated        S = -23.0 +-0.1 after 3 s
//   case 12: 0.18 s at -20 dBFS then 0.22 s at -30 dBFS, repeated       M = -23.0 +-0.1 after 1 s
// (Levels are sine peak levels. Cases 3 and 4 exercise the relative and absolute gates:
// without them the -36 and -72 dBFS parts would pull the result down.)
#include "plinth/dsp/loudness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

namespace {

using namespace plinth::dsp;

struct Segment {
  double dbfs;
  double seconds;
};

// Feeds a stereo 1 kHz sine made of the given segments (continuous phase), in blocks.
template <class T>
void feed_stereo(LoudnessMeter<T>& m, double fs, const std::vector<Segment>& segs, int block = 512,
                 std::vector<double>* short_term_after_each_block = nullptr, std::vector<double>* momentary = nullptr) {
  std::vector<T> l(static_cast<std::size_t>(block)), r(static_cast<std::size_t>(block));
  long long n = 0;
  for (const auto& s : segs) {
    const auto count = static_cast<long long>(std::llround(s.seconds * fs));
    const double a = std::pow(10.0, s.dbfs / 20.0);
    long long done = 0;
    while (done < count) {
      const int len = static_cast<int>(std::min<long long>(block, count - done));
      for (int i = 0; i < len; ++i) {
        const T v = static_cast<T>(a * std::sin(2 * std::numbers::pi * 1000.0 * static_cast<double>(n + i) / fs));
        l[static_cast<std::size_t>(i)] = v;
        r[static_cast<std::size_t>(i)] = v;
      }
      m.process(std::span<const T>(l.data(), static_cast<std::size_t>(len)),
                std::span<const T>(r.data(), static_cast<std::size_t>(len)));
      n += len;
      done += len;
      if (short_term_after_each_block) short_term_after_each_block->push_back(m.short_term_lufs());
      if (momentary) momentary->push_back(m.momentary_lufs());
    }
  }
}

TEST(Loudness, KWeightingAt48kIsTheStandardsTable) {
  LoudnessMeter<float> m;
  m.prepare(48000, 512, 2);
  const auto& a = m.shelf_coefficients();
  const auto& b = m.high_pass_coefficients();
  // BS.1770-4 tables 1 and 2.
  EXPECT_NEAR(a.b0, 1.53512485958697, 1e-12);
  EXPECT_NEAR(a.b1, -2.69169618940638, 1e-12);
  EXPECT_NEAR(a.b2, 1.19839281085285, 1e-12);
  EXPECT_NEAR(a.a1, -1.69065929318241, 1e-12);
  EXPECT_NEAR(a.a2, 0.73248077421585, 1e-12);
  EXPECT_NEAR(b.b0, 1.0, 1e-12);
  EXPECT_NEAR(b.b1, -2.0, 1e-12);
  EXPECT_NEAR(b.b2, 1.0, 1e-12);
  EXPECT_NEAR(b.a1, -1.99004745483398, 1e-12);
  EXPECT_NEAR(b.a2, 0.99007225036621, 1e-12);
}

double kGainDb(const KWeightingBiquad& s, const KWeightingBiquad& h, double f, double fs) {
  const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f / fs);
  auto H = [&](const KWeightingBiquad& q) {
    return (q.b0 + q.b1 * z1 + q.b2 * z1 * z1) / (1.0 + q.a1 * z1 + q.a2 * z1 * z1);
  };
  return 20 * std::log10(std::abs(H(s) * H(h)));
}

TEST(Loudness, KWeightingAtOtherRatesFollowsThe48kCurve) {
  // The remapped filters keep the analog prototype: below a few kHz the response at any
  // rate matches the published 48 kHz filter's.
  for (double fs : {44100.0, 88200.0, 96000.0, 192000.0, 32000.0}) {
    LoudnessMeter<double> m;
    m.prepare(fs, 512, 1);
    for (double f : {20.0, 38.0, 100.0, 1000.0, 1681.0, 3000.0}) {
      const double ref = kGainDb(kBs1770Shelf48k, kBs1770HighPass48k, f, 48000.0);
      const double got = kGainDb(m.shelf_coefficients(), m.high_pass_coefficients(), f, fs);
      EXPECT_NEAR(got, ref, f <= 1000 ? 0.01 : 0.05) << fs << " Hz rate, " << f << " Hz";
    }
    // High-frequency plateau of the shelf: about +4 dB.
    EXPECT_NEAR(kGainDb(m.shelf_coefficients(), m.high_pass_coefficients(), 10000.0, fs), 4.0, 0.35) << fs;
  }
}

TEST(Loudness, Tech3341Case1And2) {
  for (double fs : {48000.0, 44100.0, 96000.0}) {
    for (double level : {-23.0, -33.0}) {
      LoudnessMeter<float> m;
      m.prepare(fs, 512, 2);
      feed_stereo(m, fs, {{level, 20.0}});
      EXPECT_NEAR(m.momentary_lufs(), level, 0.1) << fs;
      EXPECT_NEAR(m.short_term_lufs(), level, 0.1) << fs;
      EXPECT_NEAR(m.integrated_lufs(), level, 0.1) << fs;
    }
  }
}

TEST(Loudness, Tech3341Case3RelativeGate) {
  LoudnessMeter<double> m;
  m.prepare(48000, 512, 2);
  feed_stereo(m, 48000, {{-36, 10}, {-23, 60}, {-36, 10}});
  EXPECT_NEAR(m.integrated_lufs(), -23.0, 0.1);
}

TEST(Loudness, Tech3341Case4AbsoluteAndRelativeGates) {
  LoudnessMeter<float> m;
  m.prepare(48000, 480, 2);
  feed_stereo(m, 48000, {{-72, 10}, {-36, 10}, {-23, 60}, {-36, 10}, {-72, 10}}, 480);
  EXPECT_NEAR(m.integrated_lufs(), -23.0, 0.1);
}

TEST(Loudness, Tech3341Case5) {
  LoudnessMeter<float> m;
  m.prepare(48000, 1024, 2);
  feed_stereo(m, 48000, {{-26, 20}, {-20, 20.1}, {-26, 20}}, 1024);
  EXPECT_NEAR(m.integrated_lufs(), -23.0, 0.1);
}

TEST(Loudness, Tech3341Case6FiveChannels) {
  const double fs = 48000;
  LoudnessMeter<float> m;
  m.prepare(fs, 512, 5);
  m.set_channel_weight(3, 1.41);                       // Ls
  m.set_channel_weight(4, 1.41);                       // Rs
  const double levels[5] = {-28, -28, -24, -30, -30};  // L R C Ls Rs
  std::vector<std::vector<float>> buf(5, std::vector<float>(480));
  for (int b = 0; b < 20 * 100; ++b) {
    for (int c = 0; c < 5; ++c)
      for (int i = 0; i < 480; ++i)
        buf[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)] = static_cast<float>(
            std::pow(10.0, levels[c] / 20) * std::sin(2 * std::numbers::pi * 1000 * (b * 480 + i) / fs));
    const float* ptrs[5] = {buf[0].data(), buf[1].data(), buf[2].data(), buf[3].data(), buf[4].data()};
    m.process(std::span<const float* const>(ptrs, 5), 480);
  }
  EXPECT_NEAR(m.integrated_lufs(), -23.0, 0.1);
}

TEST(Loudness, Tech3341Case9ShortTermIsConstant) {
  LoudnessMeter<double> m;
  m.prepare(48000, 480, 2);
  std::vector<Segment> segs;
  for (int i = 0; i < 5; ++i) {
    segs.push_back({-20, 1.34});
    segs.push_back({-30, 1.66});
  }
  std::vector<double> st;
  feed_stereo(m, 48000, segs, 480, &st);
  // Blocks are 10 ms; after 3 s every reading must be -23.0 +- 0.1.
  for (std::size_t i = 300; i < st.size(); ++i) EXPECT_NEAR(st[i], -23.0, 0.1) << i;
}

TEST(Loudness, Tech3341Case12MomentaryIsConstant) {
  LoudnessMeter<double> m;
  m.prepare(48000, 480, 2);
  std::vector<Segment> segs;
  for (int i = 0; i < 25; ++i) {
    segs.push_back({-20, 0.18});
    segs.push_back({-30, 0.22});
  }
  std::vector<double> mom;
  feed_stereo(m, 48000, segs, 480, nullptr, &mom);
  for (std::size_t i = 100; i < mom.size(); ++i) EXPECT_NEAR(mom[i], -23.0, 0.1) << i;
}

TEST(Loudness, WithoutGatingTheGatedCasesWouldFail) {
  // Sanity check that case 3 really needs the relative gate: the plain energy mean of its
  // blocks is well below -23 LUFS.
  const double e23 = std::pow(10.0, (-23 + 0.691) / 10), e36 = std::pow(10.0, (-36 + 0.691) / 10);
  const double ungated = -0.691 + 10 * std::log10((60 * e23 + 20 * e36) / 80);
  EXPECT_LT(ungated, -24.0);
}

TEST(Loudness, SilenceNanAndReset) {
  LoudnessMeter<float> m;
  m.prepare(48000, 512, 2);
  EXPECT_EQ(m.integrated_lufs(), -std::numeric_limits<double>::infinity());
  std::vector<float> z(48000, 0.0f);
  m.process(z, z);
  EXPECT_EQ(m.momentary_lufs(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(m.integrated_lufs(), -std::numeric_limits<double>::infinity());
  std::vector<float> bad(512, std::numeric_limits<float>::quiet_NaN());
  m.process(bad, bad);
  feed_stereo(m, 48000, {{-23, 5}});
  EXPECT_NEAR(m.momentary_lufs(), -23.0, 0.1) << "NaN samples are treated as silence";
  m.reset();
  EXPECT_EQ(m.gated_block_count(), 0u);
  EXPECT_EQ(m.short_term_lufs(), -std::numeric_limits<double>::infinity());
  m.set_channel_weight(0, 99);  // clamped to 2
  m.set_channel_weight(1, 0);
  feed_stereo(m, 48000, {{-23, 3}});
  // Left only, weight 2: same energy as the stereo pair.
  EXPECT_NEAR(m.momentary_lufs(), -23.0, 0.1);
}

TEST(Loudness, HistogramHandlesVeryLoudBlocks) {
  LoudnessMeter<double> m;
  m.prepare(48000, 512, 2);
  m.set_channel_weight(0, 2.0);
  m.set_channel_weight(1, 2.0);
  // Full-scale 10 kHz square-ish content: ~+4 dB of K gain, stays below the +30 LUFS top.
  std::vector<double> x(48000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = (i / 2) % 2 ? 1.0 : -1.0;
  m.process(x, x);
  EXPECT_TRUE(std::isfinite(m.integrated_lufs()));
  EXPECT_GT(m.integrated_lufs(), 0.0);
}

}  // namespace
