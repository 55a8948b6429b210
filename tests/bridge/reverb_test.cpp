// The reverb through its .so: RT60 read off the energy decay curve (Schroeder backward
// integration, slope from -5 to -35 dB) against the decay setting, the pre-delay as the
// first arrival, the tail the host is told, and a golden render.
#include "example_harness.h"

#include <cstdio>

namespace {

namespace pt = plinth::test;

enum : plinth::abi::ParamId { size = 1, decay, damping, predelay, width, mix };

// RT60 (s) of an impulse response: the energy decay curve's least-squares slope between
// -5 and -35 dB (T30), extrapolated to 60 dB.
double rt60(const std::vector<double>& h, double rate) {
  std::vector<double> edc(h.size());
  double sum = 0.0;
  for (std::size_t i = h.size(); i-- > 0;) edc[i] = sum += h[i] * h[i];
  double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const double level = 10.0 * std::log10(edc[i] / edc[0]);
    if (level > -5.0 || level < -35.0) continue;
    const double t = static_cast<double>(i) / rate;
    sx += t, sy += level, sxx += t * t, sxy += t * level, n += 1;
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);  // dB per second
  return -60.0 / slope;
}

std::vector<double> impulse_response(pt::Example& e, std::size_t n) {
  return e.run({pt::impulse(n), pt::impulse(n)})[0];
}

}  // namespace

TEST(Reverb, Rt60FromTheEnergyDecayMatchesTheDecaySetting) {
  struct Case {
    double rate;
    double decay_s;
    double size;
  };
  for (const Case k :
       {Case{48000.0, 1.0, 1.0}, Case{44100.0, 0.4, 0.5}, Case{96000.0, 2.5, 1.5}, Case{22050.0, 1.5, 2.0}}) {
    auto e = pt::load_example("PlinthReverb", k.rate, 1024);
    ASSERT_TRUE(e.plugin);
    e.set({{decay, k.decay_s * 1000.0}, {size, k.size}, {damping, 0.0}, {predelay, 0.0}, {mix, 1.0}});
    e.restart();
    // Long enough for the curve to fall well past -35 dB before the truncation bends it.
    const auto h = impulse_response(e, static_cast<std::size_t>(k.rate * (k.decay_s * 1.2 + 0.2)));
    const double measured = rt60(h, k.rate);
    std::printf("RT60 %.3f s for a %.2f s setting at %g Hz\n", measured, k.decay_s, k.rate);
    EXPECT_NEAR(measured / k.decay_s, 1.0, 0.10)
        << "RT60 " << measured << " s for a " << k.decay_s << " s setting at " << k.rate << " Hz";
  }
}

TEST(Reverb, DampingShortensTheHighsOnly) {
  auto e = pt::load_example("PlinthReverb", 48000.0, 1024);
  e.set({{decay, 1000.0}, {damping, 1.0}, {predelay, 0.0}, {mix, 1.0}});
  e.restart();
  // Broadband RT60 is the low band's; the damped highs (0.15 s) leave less energy late on.
  const auto damped = impulse_response(e, 48000);
  e.set({{damping, 0.0}});
  e.restart();
  const auto plain = impulse_response(e, 48000);
  EXPECT_LT(pt::rms(damped, 4800, 14400), pt::rms(plain, 4800, 14400));
  EXPECT_NEAR(rt60(damped, 48000.0), 1.0, 0.15);
}

TEST(Reverb, PreDelayIsTheFirstArrivalAndTheTailFollowsTheDecay) {
  auto e = pt::load_example("PlinthReverb", 48000.0, 512);
  e.set({{predelay, 50.0}, {decay, 2000.0}, {mix, 1.0}, {size, 0.25}});
  e.restart();
  const auto h = impulse_response(e, 6000);
  // Nothing before the pre-delay plus the shortest line (29.3 ms * 0.25 = 7.3 ms).
  EXPECT_LT(pt::peak(h, 0, 2400 + 350), 1e-9);
  EXPECT_GT(pt::peak(h, 2400, 6000), 1e-3);
  EXPECT_NEAR(static_cast<double>(e->tail_samples()), (50.0 + 4000.0) / 1000.0 * 48000.0, 2.0);  // 2 x RT60
}

TEST(Reverb, DryAtZeroMix) {
  auto e = pt::load_example("PlinthReverb", 48000.0, 256);
  e.set({{mix, 0.0}});
  e.restart();
  const auto x = pt::noise(2000, 0.5, 11);
  const auto y = e.run({x, x});
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(y[0][i], x[i], 1e-6);
}

TEST(Reverb, GoldenRender) {
  auto e = pt::load_example("PlinthReverb", 48000.0, 256);
  ASSERT_TRUE(e.plugin);
  e.set({{size, 0.7}, {decay, 900.0}, {damping, 0.5}, {predelay, 5.0}, {width, 0.8}, {mix, 0.5}});
  e.restart();
  pt::expect_golden("reverb", e.run({pt::noise(3000, 0.5, 5), pt::impulse(3000, 10)}), 1e-5);
}
