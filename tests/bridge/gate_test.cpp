// The gate through its .so, keyed by its side-chain: closed (at its range) below the open
// threshold, open above it, staying as it was inside the hysteresis band, and holding for
// exactly its hold time (in samples) before it starts to close.
#include "example_harness.h"

namespace {

namespace pt = plinth::test;

enum : plinth::abi::ParamId { open = 1, close, range, attack, hold, release, key };

constexpr double kRate = 48000.0;

// Main input DC 1 (so the output is the gain), key a 1 kHz tone at the given levels (dB) in turn.
pt::Signal keyed_run(pt::Example& e, std::initializer_list<std::pair<double, std::size_t>> key_parts) {
  std::vector<double> k;
  for (const auto& [level_db, n] : key_parts) {
    const auto s = pt::sine(1000.0, kRate, n, std::pow(10.0, level_db / 20.0));
    k.insert(k.end(), s.begin(), s.end());
  }
  const std::vector<double> ones(k.size(), 1.0);
  return e.run({ones, ones}, {k, k});
}

pt::Example gate(double hold_ms) {
  auto e = pt::load_example("PlinthGate", kRate, 256);
  e.set({{open, -30.0}, {close, -40.0}, {range, -60.0}, {attack, 0.1}, {hold, hold_ms}, {release, 20.0}, {key, 1.0}});
  e.restart();
  return e;
}

// First sample at or after `from` where the gain has left fully open.
std::size_t closing_onset(const std::vector<double>& g, std::size_t from) {
  for (std::size_t i = from; i < g.size(); ++i)
    if (g[i] < 0.999) return i;
  return g.size();
}

}  // namespace

TEST(Gate, ClosedBelowOpenAboveAndHysteresisInBetween) {
  auto e = gate(10.0);
  ASSERT_TRUE(e.plugin);
  // -35 dB (inside the band) from closed: stays closed at the range; -20 dB: opens;
  // back to -35 dB: stays open; -50 dB: closes to the range (-60 dB).
  const auto g = keyed_run(e, {{-35.0, 9600}, {-20.0, 9600}, {-35.0, 9600}, {-50.0, 19200}})[0];
  EXPECT_NEAR(pt::db(g[9599]), -60.0, 0.1);
  EXPECT_NEAR(g[19199], 1.0, 1e-6);
  EXPECT_NEAR(g[28799], 1.0, 1e-6);
  EXPECT_NEAR(pt::db(g.back()), -60.0, 0.1);
}

TEST(Gate, HoldsForItsHoldTimeInSamples) {
  // The key drops at the same moment in both runs; the detector's fall is the same, so the
  // closing onsets differ by exactly the difference of the hold times.
  auto short_hold = gate(10.0);
  auto long_hold = gate(60.0);
  ASSERT_TRUE(short_hold.plugin && long_hold.plugin);
  const auto a = keyed_run(short_hold, {{-10.0, 9600}, {-80.0, 9600}})[0];
  const auto b = keyed_run(long_hold, {{-10.0, 9600}, {-80.0, 9600}})[0];
  const auto onset_a = closing_onset(a, 9600);
  const auto onset_b = closing_onset(b, 9600);
  EXPECT_EQ(static_cast<long>(onset_b) - static_cast<long>(onset_a), 2400);  // 50 ms at 48 kHz
  // And the short one starts closing within its hold plus the detector's fall from
  // -10 dB to -40 dB (20 ms time constant: 20 ms x ln(10^1.5) = 69 ms).
  EXPECT_GE(onset_a, 9600u + 480u);
  EXPECT_LE(onset_a, 9600u + 480u + 3400u);
  // The tail covers the hold and the release, so a host skipping silence does not freeze it open.
  EXPECT_NEAR(static_cast<double>(long_hold->tail_samples()), (60.0 + 7.0 * 20.0) / 1000.0 * kRate, 2.0);
}

TEST(Gate, InputKeyIgnoresTheSideChain) {
  auto e = gate(10.0);
  e.set({{key, 0.0}});
  const auto loud = pt::sine(200.0, kRate, 4800, 0.5);
  const auto y = e.run({loud, loud}, {std::vector<double>(4800, 0.0)});
  EXPECT_NEAR(pt::rms(y[0], 2400) / pt::rms(loud, 2400), 1.0, 1e-3);
}

TEST(Gate, GoldenRender) {
  auto e = gate(15.0);
  ASSERT_TRUE(e.plugin);
  std::vector<double> x = pt::noise(4000, 0.3, 9);
  for (std::size_t i = 1500; i < 3000; ++i) x[i] *= 0.001;  // a quiet gap to gate
  pt::expect_golden("gate", e.run({x, x}, {x, x}), 1e-5);
}
