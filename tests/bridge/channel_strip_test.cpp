// The channel strip through its .so, one section at a time against theory (gate range,
// EQ band gains at their centres and corners, the compressor's static curve, the limiter's
// ceiling, each gain-reduction meter), then all sections neutral: the input comes out
// unchanged, delayed by exactly the reported latency; golden render.
#include "example_harness.h"

namespace {

namespace pt = plinth::test;

enum : plinth::abi::ParamId {
  gate_threshold = 1,
  gate_range,
  gate_release,
  gate_reduction,
  high_pass = 10,
  high_pass_freq,
  low_freq,
  low_gain,
  mid1_freq,
  mid1_gain,
  mid1_q,
  mid2_freq,
  mid2_gain,
  mid2_q,
  high_freq,
  high_gain,
  comp_threshold = 30,
  comp_ratio,
  comp_attack,
  comp_release,
  comp_makeup,
  comp_reduction,
  ceiling = 40,
  limiter_release,
  limiter_reduction,
};

constexpr double kRate = 48000.0;

pt::Example strip(std::initializer_list<std::pair<plinth::abi::ParamId, double>> values, double rate = kRate,
                  plinth::abi::SpeakerArrangement arrangement = 0) {
  auto e = pt::load_example("PlinthChannelStrip", rate, 256, false, arrangement);
  if (e.plugin) {
    e.set(values);
    e.restart();
  }
  return e;
}

// Steady-state gain (dB) of a tone through the strip: RMS of the last 100 ms against the
// input's (a whole number of cycles in each case, so the ratio carries no window error).
double tone_gain_db(pt::Example& e, double freq, double amp, bool square = false) {
  auto s = pt::sine(freq, kRate, 14400, amp);
  if (square)
    for (double& v : s) v = std::copysign(amp, v);
  const auto y = e.run({s, s});
  return pt::db(pt::rms(y[0], 9600) / pt::rms(s, 9600));
}

}  // namespace

TEST(ChannelStrip, NeutralPassesTheInputThroughDelayedByTheLatency) {
  for (const double rate : {44100.0, 48000.0, 96000.0}) {
    auto e = strip({}, rate);  // every default is neutral
    ASSERT_TRUE(e.plugin);
    const auto latency = static_cast<std::size_t>(e->latency_samples());
    EXPECT_EQ(latency, static_cast<std::size_t>(std::lround(0.001 * rate)));  // the 1 ms look-ahead
    const auto y = e.run({pt::impulse(2000, 100, 0.25), pt::impulse(2000, 300, -0.5)});
    EXPECT_EQ(pt::argmax(y[0]), 100 + latency) << rate;
    EXPECT_EQ(pt::argmax(y[1]), 300 + latency) << rate;
    // Noise at up to -1 dBFS, sample for sample.
    const pt::Signal x{pt::noise(6000, 0.89, 1), pt::noise(6000, 0.89, 2)};
    const auto z = e.run(x);
    double worst = 0.0;
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t i = 0; i + latency < 6000; ++i)
        worst = std::max(worst, std::abs(z[c][i + latency] - static_cast<double>(static_cast<float>(x[c][i]))));
    EXPECT_EQ(worst, 0.0) << rate;  // each stage multiplies by exactly 1 or is an exact identity
    for (const auto id : {gate_reduction, comp_reduction, limiter_reduction}) EXPECT_NEAR(e.outputs[id], 0.0, 1e-9);
  }
}

TEST(ChannelStrip, MonoNeutral) {
  auto e = strip({}, kRate, plinth::abi::speaker_arr::kMono);
  ASSERT_TRUE(e.plugin);
  ASSERT_EQ(e->channels(plinth::abi::kOutput, 0), 1);
  const auto x = pt::noise(3000, 0.5, 3);
  const auto y = e.run({x});
  for (std::size_t i = 0; i + 48 < x.size(); i += 97)
    EXPECT_EQ(y[0][i + 48], static_cast<double>(static_cast<float>(x[i])));
}

TEST(ChannelStrip, GateClosesToItsRangeBelowTheThreshold) {
  auto e = strip({{gate_threshold, -40.0}, {gate_range, -30.0}, {gate_release, 20.0}});
  ASSERT_TRUE(e.plugin);
  EXPECT_NEAR(tone_gain_db(e, 1000.0, std::pow(10.0, -50.0 / 20.0)), -30.0, 0.01);
  EXPECT_NEAR(e.outputs[gate_reduction], -30.0, 0.01);
  EXPECT_NEAR(tone_gain_db(e, 1000.0, std::pow(10.0, -20.0 / 20.0)), 0.0, 0.01);
  EXPECT_NEAR(e.outputs[gate_reduction], 0.0, 0.01);
}

// RBJ designs are exact at these points in the digital domain: a peak's gain at its centre,
// half a shelf's gain at its corner, |H| = Q (-3.01 dB) at a high-pass corner.
TEST(ChannelStrip, EqBandsAtTheirCentresAndCorners) {
  struct Case {
    std::initializer_list<std::pair<plinth::abi::ParamId, double>> set;
    double freq, expected_db;
  };
  for (const Case& k : {Case{{{mid1_freq, 1000.0}, {mid1_gain, 6.0}, {mid1_q, 2.0}}, 1000.0, 6.0},
                        Case{{{mid2_freq, 5000.0}, {mid2_gain, -9.0}, {mid2_q, 0.7}}, 5000.0, -9.0},
                        Case{{{low_freq, 200.0}, {low_gain, 8.0}}, 200.0, 4.0},
                        Case{{{high_freq, 6000.0}, {high_gain, -6.0}}, 6000.0, -3.0},
                        Case{{{high_pass, 1.0}, {high_pass_freq, 100.0}}, 100.0, -3.0103}}) {
    auto e = strip(k.set);
    ASSERT_TRUE(e.plugin);
    EXPECT_NEAR(tone_gain_db(e, k.freq, 0.25), k.expected_db, 0.01) << k.freq << " Hz";
  }
  // Bands away from the probe leave it alone: a 1 kHz bell at +6 dB, read at 100 Hz.
  auto e = strip({{mid1_freq, 1000.0}, {mid1_gain, 6.0}, {mid1_q, 4.0}});
  EXPECT_NEAR(tone_gain_db(e, 100.0, 0.25), 0.0, 0.05);
}

// A steady 1 kHz square wave: |x| is constant, so the detector reads its amplitude with
// no ripple, and the gain settles exactly on the soft-knee static curve (knee 6 dB): above
// the knee (L - T)(1/R - 1); at the threshold (1/R - 1) * knee / 8; below the knee 0 dB.
TEST(ChannelStrip, CompressorFollowsItsStaticCurve) {
  struct Case {
    double threshold, ratio, level_db, expected_db;
  };
  for (const Case k : {Case{-30.0, 4.0, -6.0, (-6.0 + 30.0) * (0.25 - 1.0)}, Case{-20.0, 2.0, -12.0, -4.0},
                       Case{-30.0, 4.0, -30.0, -0.75 * 6.0 / 8.0}, Case{-20.0, 8.0, -40.0, 0.0}}) {
    auto e = strip({{comp_threshold, k.threshold}, {comp_ratio, k.ratio}, {comp_attack, 1.0}, {comp_release, 100.0}});
    ASSERT_TRUE(e.plugin);
    EXPECT_NEAR(tone_gain_db(e, 1000.0, std::pow(10.0, k.level_db / 20.0), true), k.expected_db, 0.001)
        << "threshold " << k.threshold << " ratio " << k.ratio << " level " << k.level_db;
    EXPECT_NEAR(e.outputs[comp_reduction], k.expected_db, 0.001);
  }
  auto e = strip({{comp_threshold, -30.0}, {comp_ratio, 4.0}, {comp_makeup, 6.0}});
  EXPECT_NEAR(tone_gain_db(e, 1000.0, 0.5, true), (pt::db(0.5) + 30.0) * (0.25 - 1.0) + 6.0,
              0.001);  // make-up after the curve
}

TEST(ChannelStrip, LimiterHoldsTheCeiling) {
  for (const double c : {-6.0, -1.0, 0.0}) {
    auto e = strip({{ceiling, c}, {limiter_release, 50.0}});
    ASSERT_TRUE(e.plugin);
    // A 0 dBFS tone (1 kHz: a sample on every peak) and noise bursts up to +6 dBFS.
    const auto tone = pt::sine(1000.0, kRate, 9600, 1.0);
    auto loud = pt::noise(9600, 2.0, 5);
    for (std::size_t i = 0; i < loud.size(); ++i) loud[i] *= (i / 1200) % 2 == 0 ? 1.0 : 0.1;
    const auto y = e.run({tone, loud});
    const double limit = std::pow(10.0, c / 20.0);
    EXPECT_LE(pt::peak(y[0]), limit) << c;
    EXPECT_LE(pt::peak(y[1]), limit) << c;
    EXPECT_GT(pt::db(pt::peak(y[1])), c - 0.01) << c;  // it limits to the ceiling, not far under
    e.restart();                                       // from rest: no release left over from the bursts
    const auto steady = e.run({tone, tone});
    EXPECT_NEAR(pt::db(pt::peak(steady[0], 4800)), c, 0.01);
    EXPECT_NEAR(e.outputs[limiter_reduction], c, 0.01);
  }
}

TEST(ChannelStrip, GoldenRender) {
  // Roughly the "Vocal" program, with the limiter working too.
  auto e = strip({{gate_threshold, -45.0},
                  {gate_range, -12.0},
                  {high_pass, 1.0},
                  {high_pass_freq, 90.0},
                  {mid1_freq, 300.0},
                  {mid1_gain, -2.0},
                  {mid2_freq, 3500.0},
                  {mid2_gain, 3.0},
                  {high_gain, 2.0},
                  {comp_threshold, -24.0},
                  {comp_ratio, 3.0},
                  {comp_attack, 5.0},
                  {comp_makeup, 8.0},
                  {ceiling, -3.0}});
  ASSERT_TRUE(e.plugin);
  // Swells of a 220 Hz tone with noise, with quiet gaps for the gate.
  pt::Signal s(2, std::vector<double>(9600, 0.0));
  const auto n = pt::noise(9600, 0.2, 9);
  for (std::size_t i = 0; i < 9600; ++i) {
    const double env =
        (i / 2400) % 2 == 0 ? 0.8 * std::sin(std::numbers::pi * static_cast<double>(i % 2400) / 2400.0) : 0.002;
    const double t = std::sin(2.0 * std::numbers::pi * 220.0 * static_cast<double>(i) / kRate);
    s[0][i] = env * (t + n[i]);
    s[1][i] = env * (0.7 * t - n[i]);
  }
  // Float output; 1e-5 absorbs libm differences between machines.
  pt::expect_golden("channel_strip", e.run(s), 1e-5);
}
