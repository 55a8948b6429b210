// The transient shaper through its .so: on a percussive test signal (a 4 kHz tone struck
// from silence, decaying with a 100 ms time constant) the ratio of its attack level to its
// sustain level changes by the set attack amount minus the set sustain amount, whatever
// the level; mix and output; golden render.
#include "example_harness.h"

namespace {

namespace pt = plinth::test;

enum : plinth::abi::ParamId { attack = 1, sustain, attack_time, sustain_time, output, mix };

constexpr double kRate = 48000.0;
constexpr std::size_t kLength = 33600;  // 700 ms

std::vector<double> hit(double amp) {
  auto s = pt::sine(4000.0, kRate, kLength, amp);
  for (std::size_t i = 0; i < s.size(); ++i) s[i] *= std::exp(-static_cast<double>(i) / (0.1 * kRate));
  return s;
}

// Attack: the peak of the first 3 ms; sustain: the RMS of 500..700 ms.
struct Levels {
  double attack_db, sustain_db;
};
Levels levels(const std::vector<double>& x) {
  return {pt::db(pt::peak(x, 0, 144)), pt::db(pt::rms(x, 24000, kLength))};
}

pt::Example shaper(double attack_db, double sustain_db) {
  auto e = pt::load_example("PlinthTransientShaper", kRate, 256);
  // The slowest detectors, so the onset and tail fractions come close to 1 (see below).
  e.set({{attack, attack_db}, {sustain, sustain_db}, {attack_time, 200.0}, {sustain_time, 2000.0}});
  e.restart();
  return e;
}

}  // namespace

// Theory (plinth/dsp/transient_shaper.h): gain dB = attack * onset + sustain * tail.
//   Attack window: the fast follower (0.5 ms) leads the 200 ms one by a factor of 400, so
//   onset = 1 - 0.5/200 = 0.9975 at the first peak and >= 0.985 by 3 ms; the input's own
//   peak sits at the start, where the gain is largest. tail = 0 while the level rises.
//   Sustain window: the fast follower tracks the 100 ms decay (its release is 50 ms), the
//   2 s one hangs on: tail = 1 - exp(-t/100 ms + t/2 s) = 0.991 at 500 ms, 0.9986 at 700 ms;
//   onset is only the detector's ripple between 4 kHz peaks (< 0.3 %).
// So the ratio moves by A * 0.997 - S * 0.995 or so: tolerance 1 % of |A| + |S| plus 0.05 dB.
TEST(TransientShaper, AttackToSustainRatioChangesByTheSetAmount) {
  struct Case {
    double attack_db, sustain_db, amp;
  };
  for (const Case k : {Case{12.0, 0.0, 0.5}, Case{0.0, -12.0, 0.5}, Case{9.0, -6.0, 0.05}, Case{-10.0, 8.0, 0.9},
                       Case{24.0, -24.0, 0.2}}) {
    auto e = shaper(k.attack_db, k.sustain_db);
    ASSERT_TRUE(e.plugin);
    const auto x = hit(k.amp);
    const auto y = e.run({x, x});
    const Levels in = levels(x), out = levels(y[0]);
    const double change = (out.attack_db - out.sustain_db) - (in.attack_db - in.sustain_db);
    const double expected = k.attack_db - k.sustain_db;
    const double tolerance = 0.01 * (std::abs(k.attack_db) + std::abs(k.sustain_db)) + 0.05;
    EXPECT_NEAR(change, expected, tolerance) << "attack " << k.attack_db << " sustain " << k.sustain_db;
    // Each end on its own, too.
    EXPECT_NEAR(out.attack_db - in.attack_db, k.attack_db, 0.01 * std::abs(k.attack_db) + 0.05);
    EXPECT_NEAR(out.sustain_db - in.sustain_db, k.sustain_db, 0.01 * std::abs(k.sustain_db) + 0.05);
    EXPECT_NEAR(y[1][100], y[0][100], 1e-7);  // linked: both channels get one gain
  }
}

TEST(TransientShaper, SteadyToneUntouchedMixAndOutput) {
  auto e = shaper(12.0, -12.0);
  ASSERT_TRUE(e.plugin);
  e.set({{attack_time, 10.0}, {sustain_time, 100.0}});
  e.restart();
  // Once the detectors settle a steady tone has neither transient nor tail: unity gain.
  const auto tone = pt::sine(1000.0, kRate, 24000, 0.3);
  // (The detector's ripple between peaks moves the gain by a few thousandths of a dB.)
  EXPECT_NEAR(pt::db(pt::rms(e.run({tone, tone})[0], 19200) / pt::rms(tone, 19200)), 0.0, 0.02);
  // Mix 0 is the dry signal; the output gain scales it.
  e.set({{mix, 0.0}, {output, -6.0}});
  e.restart();
  const auto x = hit(0.5);
  const auto y = e.run({x, x})[0];
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    worst = std::max(worst, std::abs(y[i] - x[i] * std::pow(10.0, -6.0 / 20.0)));
  EXPECT_LT(worst, 1e-6);
}

TEST(TransientShaper, Mono) {
  auto e = pt::load_example("PlinthTransientShaper", kRate, 256, false, plinth::abi::speaker_arr::kMono);
  ASSERT_TRUE(e.plugin);
  ASSERT_EQ(e->channels(plinth::abi::kOutput, 0), 1);
  e.set({{attack, 12.0}, {attack_time, 200.0}, {sustain_time, 2000.0}});
  e.restart();
  const auto x = hit(0.5);
  const auto y = e.run({x});
  EXPECT_NEAR(levels(y[0]).attack_db - levels(x).attack_db, 12.0, 0.17);
}

TEST(TransientShaper, GoldenRender) {
  auto e = pt::load_example("PlinthTransientShaper", kRate, 256);
  ASSERT_TRUE(e.plugin);
  e.set({{attack, 8.0}, {sustain, -6.0}, {attack_time, 15.0}, {mix, 0.8}, {output, -2.0}});
  e.restart();
  // Two hits, the second on the first's tail, with noise on the right.
  pt::Signal s(2, std::vector<double>(9600, 0.0));
  const auto n = pt::noise(9600, 0.3, 11);
  for (std::size_t i = 0; i < 9600; ++i) {
    const double env = std::exp(-static_cast<double>(i % 4800) / 960.0);
    s[0][i] = env * std::sin(2.0 * std::numbers::pi * 180.0 * static_cast<double>(i) / kRate);
    s[1][i] = env * n[i];
  }
  // Float processing in the plugin; 1e-5 absorbs libm differences between machines.
  pt::expect_golden("transient_shaper", e.run(s), 1e-5);
}
