// The EQ through the real .so: magnitudes measured from its impulse response (DFT at the
// probe frequency) against the designs' exact (bilinear-warped) responses.
#include <cmath>
#include <numbers>

#include "bridge/fx_harness.h"

namespace {

enum : fx::pabi::ParamId {
  low_cut = 1,
  low_slope,
  high_cut,
  high_slope,
  low_shelf,
  low_shelf_gain,
  high_shelf,
  high_shelf_gain,
  band1 = 10,
  band1_gain,
  band1_q,
  band3 = 16,
  band3_gain,
  band3_q
};

// The response at `hz` of the EQ set to `settings`, from an impulse response.
double response_db(fx::PluginInstance& p, std::initializer_list<fx::Setting> settings, double hz,
                   std::size_t n = 16384) {
  // Coefficient ramps (5 ms) land during a stretch of silence.
  const auto settle = static_cast<std::size_t>(p.sample_rate() * 0.01);
  fx::run(p, fx::Channels(2, std::vector<float>(settle, 0.0f)), fx::at_start(p, settings));
  const auto ir = fx::run(p, fx::impulse(n));
  if (ir.size() == 2) {
    EXPECT_EQ(ir[0], ir[1]);
  }
  return fx::db(fx::dft_magnitude(ir[0], hz, p.sample_rate()));
}

// Butterworth of order N: |H|^2 = 1 / (1 + W^2N), W the warped frequency ratio.
double butterworth_db(double hz, double corner, double rate, int order, bool high_pass) {
  double w = std::tan(std::numbers::pi * hz / rate) / std::tan(std::numbers::pi * corner / rate);
  if (high_pass) w = 1.0 / w;
  return -10.0 * std::log10(1.0 + std::pow(w, 2 * order));
}

TEST(Eq, PeakingBandsReachTheirGainAtTheirCentre) {
  auto p = fx::load("PlinthEq");
  ASSERT_TRUE(p.plugin);
  EXPECT_NEAR(response_db(*p, {{band1, 1000.0}, {band1_gain, 6.0}, {band1_q, 1.0}}, 1000.0), 6.0, 0.2);
  EXPECT_NEAR(response_db(*p, {{band1_gain, 0.0}, {band3, 5000.0}, {band3_gain, -9.0}, {band3_q, 4.0}}, 5000.0), -9.0,
              0.2);
  EXPECT_NEAR(response_db(*p, {}, 1000.0), 0.0, 0.05);  // band 1 back at 0 dB
}

TEST(Eq, CutsAreButterworthMinus3dBAtTheirCorner) {
  auto p = fx::load("PlinthEq");
  ASSERT_TRUE(p.plugin);
  // 24 dB/oct low cut at 100 Hz: -3.01 dB at the corner, -24.1 dB an octave below.
  const std::initializer_list<fx::Setting> lc{{low_cut, 100.0}, {low_slope, 2.0}};
  EXPECT_NEAR(response_db(*p, lc, 100.0, 48000), -3.01, 0.05);
  EXPECT_NEAR(response_db(*p, lc, 50.0, 48000), butterworth_db(50.0, 100.0, 48000.0, 4, true), 0.1);
  // 48 dB/oct high cut at 5 kHz: -3.01 dB at the corner, about -48 dB an octave above.
  const std::initializer_list<fx::Setting> hc{{low_slope, 0.0}, {high_cut, 5000.0}, {high_slope, 4.0}};
  EXPECT_NEAR(response_db(*p, hc, 5000.0), -3.01, 0.05);
  EXPECT_NEAR(response_db(*p, hc, 10000.0), butterworth_db(10000.0, 5000.0, 48000.0, 8, false), 0.1);
  // 12 dB/oct: -12.3 dB an octave below.
  const std::initializer_list<fx::Setting> lc12{{high_slope, 0.0}, {low_cut, 200.0}, {low_slope, 1.0}};
  EXPECT_NEAR(response_db(*p, lc12, 100.0, 48000), butterworth_db(100.0, 200.0, 48000.0, 2, true), 0.1);
}

TEST(Eq, ShelvesReachFullGainBeyondAndHalfAtTheirCorner) {
  auto p = fx::load("PlinthEq");
  ASSERT_TRUE(p.plugin);
  const std::initializer_list<fx::Setting> ls{{low_shelf, 200.0}, {low_shelf_gain, 6.0}};
  EXPECT_NEAR(response_db(*p, ls, 200.0, 48000), 3.0, 0.1);
  EXPECT_NEAR(response_db(*p, ls, 10.0, 48000), 6.0, 0.1);
  const std::initializer_list<fx::Setting> hs{{low_shelf_gain, 0.0}, {high_shelf, 6000.0}, {high_shelf_gain, -8.0}};
  EXPECT_NEAR(response_db(*p, hs, 6000.0), -4.0, 0.1);
  EXPECT_NEAR(response_db(*p, hs, 20000.0), -8.0, 0.2);
}

TEST(Eq, FlatByDefault) {
  auto p = fx::load("PlinthEq");
  ASSERT_TRUE(p.plugin);
  const auto in = fx::noise(4096);
  const auto out = fx::run(*p, in);
  for (int c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < in[0].size(); ++i) ASSERT_NEAR(out[c][i], in[c][i], 1e-6) << i;
}

TEST(Eq, SameResponseAtEverySampleRate) {
  for (const double rate : {22050.0, 44100.0, 96000.0, 192000.0, 384000.0}) {
    auto p = fx::load("PlinthEq", rate);
    ASSERT_TRUE(p.plugin);
    EXPECT_NEAR(response_db(*p, {{band1, 1000.0}, {band1_gain, 6.0}}, 1000.0, 8192), 6.0, 0.2) << rate;
    EXPECT_NEAR(response_db(*p, {{band1_gain, 0.0}, {low_cut, 100.0}, {low_slope, 1.0}}, 100.0,
                            static_cast<std::size_t>(rate / 4)),
                -3.01, 0.05)
        << rate;
  }
}

TEST(Eq, MonoWorks) {
  auto p = fx::load("PlinthEq", 48000.0, 512, true);
  ASSERT_TRUE(p.plugin);
  ASSERT_EQ(p->channels(fx::pabi::kOutput, 0), 1);
  fx::run(*p, fx::Channels(1, std::vector<float>(512, 0.0f)), fx::at_start(*p, {{band1, 1000.0}, {band1_gain, 6.0}}));
  const auto ir = fx::run(*p, fx::impulse(8192, 1));
  ASSERT_EQ(ir.size(), 1u);
  EXPECT_NEAR(fx::db(fx::dft_magnitude(ir[0], 1000.0, 48000.0)), 6.0, 0.2);
}

TEST(Eq, GoldenRender) {
  auto p = fx::load("PlinthEq");
  ASSERT_TRUE(p.plugin);
  const auto out = fx::run(*p, fx::noise(6000),
                           fx::at_start(*p, {{low_cut, 80.0},
                                             {low_slope, 2.0},
                                             {high_cut, 12000.0},
                                             {high_slope, 1.0},
                                             {low_shelf_gain, 3.0},
                                             {band1_gain, -4.0},
                                             {band3, 3000.0},
                                             {band3_gain, 5.0},
                                             {band3_q, 2.0},
                                             {high_shelf_gain, -2.0}}));
  fx::check_golden("eq", out);
}

}  // namespace

namespace {

// The reported tail covers a narrow low bell's ringing: by its end the ringing is
// 100 dB below where it started, and halfway it is still above -70 dB (not far too long).
TEST(Eq, TailCoversTheRinging) {
  auto p = fx::load("PlinthEq");
  ASSERT_TRUE(p.plugin);
  fx::run(*p, fx::Channels(2, std::vector<float>(512, 0.0f)),
          fx::at_start(*p, {{band1, 40.0}, {band1_gain, 12.0}, {band1_q, 10.0}}));
  const auto tail = static_cast<std::size_t>(p->tail_samples());
  ASSERT_GT(tail, 48000u);
  const auto ir = fx::run(*p, fx::impulse(tail + 2048));
  auto level = [&](std::size_t from) {  // peak over one cycle of 40 Hz
    double m = 0.0;
    for (std::size_t i = from; i < from + 1200; ++i) m = std::max(m, double(std::abs(ir[0][i])));
    return m;
  };
  const double start = level(1200);
  EXPECT_LT(level(tail), 1e-5 * start);
  EXPECT_GT(level(tail / 2), 3e-4 * start);
}

}  // namespace
