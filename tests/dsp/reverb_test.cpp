// Schroeder, Freeverb-style and FDN reverbs: stability, decay times measured from the
// energy decay curve, losslessness of the FDN's orthogonal matrix, NaN recovery, clamps.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "dsp/fx_measure.h"
#include "plinth/dsp/fdn_reverb.h"
#include "plinth/dsp/freeverb.h"
#include "plinth/dsp/schroeder_reverb.h"

using namespace plinth::dsp;
using namespace plinth::dsp::fx_measure;

namespace {
constexpr double kFs = 48000.0;

// Energy in consecutive windows must fall (by at least `factor` each time).
void expect_decaying(const std::vector<double>& h, std::size_t window, double factor) {
  double prev = energy(h, window, 2 * window);
  ASSERT_GT(prev, 0.0);
  for (std::size_t start = 2 * window; start + window <= h.size(); start += window) {
    const double e = energy(h, start, start + window);
    EXPECT_LT(e, prev * factor) << start;
    prev = e;
  }
}

// Second-order band pass (RBJ cookbook, constant 0 dB peak) to look at one band of an IR.
std::vector<double> band_pass(const std::vector<double>& x, double f0, double q) {
  const double w0 = 2 * kPi * f0 / kFs, alpha = std::sin(w0) / (2 * q), a0 = 1 + alpha;
  const double b0 = alpha / a0, b2 = -alpha / a0, a1 = -2 * std::cos(w0) / a0, a2 = (1 - alpha) / a0;
  std::vector<double> y(x.size());
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double v = b0 * x[n] + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x[n];
    y2 = y1;
    y1 = v;
    y[n] = v;
  }
  return y;
}

std::vector<double> fdn_impulse(FdnReverb<double>& fdn, std::size_t length) {
  std::vector<double> h(length);
  for (std::size_t n = 0; n < length; ++n) {
    double l, r;
    fdn.process(n == 0 ? 1.0 : 0.0, n == 0 ? 1.0 : 0.0, l, r);
    h[n] = l + r;
  }
  return h;
}
}  // namespace

// ---------------------------------------------------------------------------------------

TEST(SchroederReverb, DecaysAtTheSetRt60) {
  for (double rt : {0.8, 2.0}) {
    SchroederReverb<double> rev;
    rev.set_decay_seconds(rt);
    rev.set_mix(1.0);
    rev.prepare(kFs, 512, 1);
    std::vector<double> h(static_cast<std::size_t>((1.2 * rt + 0.3) * kFs));
    for (std::size_t n = 0; n < h.size(); ++n) h[n] = rev.process(n == 0 ? 1.0 : 0.0, 0);
    expect_decaying(h, static_cast<std::size_t>(0.1 * kFs), 1.0);
    const double measured = rt60_from_edc(energy_decay_curve_db(h), kFs);
    EXPECT_NEAR(measured / rt, 1.0, 0.1) << rt;
  }
}

TEST(SchroederReverb, StereoChannelsDifferAndNanRecovers) {
  SchroederReverb<float> rev;
  rev.set_decay_seconds(1e6);  // -> 30 s
  EXPECT_DOUBLE_EQ(rev.decay_seconds(), 30.0);
  rev.set_decay_seconds(1.0);
  rev.set_damping(5.0f);
  rev.set_mix(1.0f);
  rev.prepare(44100.0, 256, 2);
  double diff = 0;
  for (int n = 0; n < 20000; ++n) {
    const float l = rev.process(n == 0 ? 1.0f : 0.0f, 0);
    const float r = rev.process(n == 0 ? 1.0f : 0.0f, 1);
    diff += std::abs(l - r);
  }
  EXPECT_GT(diff, 0.1);
  for (int n = 0; n < 100; ++n) (void)rev.process(std::numeric_limits<float>::quiet_NaN(), 0);
  rev.reset();
  for (int n = 0; n < 5000; ++n) ASSERT_TRUE(std::isfinite(rev.process(0.1f, 0)));
}

// ---------------------------------------------------------------------------------------

TEST(Freeverb, TailDecaysEvenAtMaximumRoomWithoutDamping) {
  Freeverb<float> fv;
  fv.set_room_size(7.0f);  // clamped to 1
  EXPECT_FLOAT_EQ(fv.comb_feedback(), 0.98f);
  fv.set_damping(-1.0f);  // clamped to 0
  fv.set_wet(1.0f);
  fv.set_dry(0.0f);
  fv.prepare(kFs, 512, 2);
  std::vector<float> l(6 * 48000, 0.0f), r(6 * 48000, 0.0f);
  l[0] = r[0] = 1.0f;
  for (std::size_t start = 0; start < l.size(); start += 512) {
    const std::size_t n = std::min<std::size_t>(512, l.size() - start);
    fv.process(std::span<float>(l.data() + start, n), std::span<float>(r.data() + start, n));
  }
  std::vector<double> h(l.size());
  for (std::size_t n = 0; n < h.size(); ++n) h[n] = static_cast<double>(l[n]) + r[n];
  expect_decaying(h, 24000, 1.0);
  // Feedback 0.98 per ~1400-sample trip: about 7 s to -60 dB at 48 kHz (the damping-free
  // combs decay at -60 / (20 log10(0.98)) trips). Check the order of magnitude.
  const double measured = rt60_from_edc(energy_decay_curve_db(h), kFs, -5, -25);
  const double trip = 1350.0 * kFs / 44100.0 / kFs;
  const double expected = -60.0 / (20 * std::log10(0.98)) * trip;
  EXPECT_NEAR(measured / expected, 1.0, 0.15);
}

TEST(Freeverb, WidthZeroIsMonoAndDampingShortensTail) {
  Freeverb<double> fv;
  fv.set_width(0.0);
  fv.set_wet(1.0);
  fv.prepare(kFs, 512, 2);
  for (int n = 0; n < 20000; ++n) {
    double l, r;
    fv.process(n == 0 ? 1.0 : 0.0, 0.0, l, r);
    ASSERT_DOUBLE_EQ(l, r) << n;
  }
  // High-frequency content decays faster with damping than without.
  auto hf_tail_energy = [](double damping) {
    Freeverb<double> f;
    f.set_damping(damping);
    f.set_room_size(0.8);
    f.prepare(kFs, 512, 2);
    std::vector<double> h(48000);
    for (std::size_t n = 0; n < h.size(); ++n) {
      double l, r;
      f.process(n == 0 ? 1.0 : 0.0, n == 0 ? 1.0 : 0.0, l, r);
      h[n] = l;
    }
    const auto hf = band_pass(h, 10000.0, 1.4);
    return energy(hf, 24000, 48000);
  };
  EXPECT_LT(hf_tail_energy(1.0), 0.1 * hf_tail_energy(0.0));
}

TEST(Freeverb, FreezeSustainsAndNanRecovers) {
  Freeverb<float> fv;
  fv.set_wet(1.0f);
  fv.prepare(kFs, 256, 2);
  std::vector<float> l(256), r(256);
  for (int b = 0; b < 20; ++b) {
    for (std::size_t i = 0; i < l.size(); ++i) l[i] = r[i] = std::sin(0.1f * static_cast<float>(i + 256 * b));
    fv.process(std::span<float>(l), std::span<float>(r));
  }
  fv.set_freeze(true);
  auto block_energy = [&] {
    std::fill(l.begin(), l.end(), 1.0f);  // input is muted while frozen
    std::fill(r.begin(), r.end(), 1.0f);
    fv.process(std::span<float>(l), std::span<float>(r));
    double e = 0;
    for (float v : l) e += static_cast<double>(v) * v;
    return e;
  };
  double early = 0, late = 0;
  for (int b = 0; b < 400; ++b) early += block_energy();
  for (int b = 0; b < 1000; ++b) (void)block_energy();
  for (int b = 0; b < 400; ++b) late += block_energy();
  EXPECT_NEAR(late / early, 1.0, 0.25);  // still ringing after 7 s
  fv.set_freeze(false);
  l.assign(256, std::numeric_limits<float>::quiet_NaN());
  fv.process(std::span<float>(l), std::span<float>(r));
  fv.reset();
  for (int b = 0; b < 50; ++b) {
    for (std::size_t i = 0; i < l.size(); ++i) l[i] = r[i] = 0.1f;
    fv.process(std::span<float>(l), std::span<float>(r));
    for (std::size_t i = 0; i < l.size(); ++i) ASSERT_TRUE(std::isfinite(l[i]) && std::isfinite(r[i]));
  }
  // Mono path works too.
  std::vector<float> m(4000, 0.0f);
  m[0] = 1.0f;
  fv.reset();
  fv.process(std::span<float>(m));
  double e = 0;
  for (float v : m) e += static_cast<double>(v) * v;
  EXPECT_GT(e, 0.0);
}

TEST(Freeverb, NanRecoversWithoutResetThroughBlockApi) {
  Freeverb<double> fv;
  fv.prepare(kFs, 128, 2);
  std::vector<double> l(128, std::numeric_limits<double>::quiet_NaN()), r(128, 0.0);
  fv.process(std::span<double>(l), std::span<double>(r));
  bool finite_again = false;
  for (int b = 0; b < 100 && !finite_again; ++b) {
    std::fill(l.begin(), l.end(), 0.0);
    std::fill(r.begin(), r.end(), 0.0);
    fv.process(std::span<double>(l), std::span<double>(r));
    finite_again = std::isfinite(l.back()) && std::isfinite(r.back());
  }
  EXPECT_TRUE(finite_again);
}

// ---------------------------------------------------------------------------------------

TEST(FdnReverb, FeedbackMatrixIsOrthogonal) {
  std::array<std::array<double, 8>, 8> cols;
  for (std::size_t j = 0; j < 8; ++j) {
    std::array<double, 8> e{};
    e[j] = 1.0;
    FdnReverb<double>::apply_feedback_matrix(e);
    cols[j] = e;
  }
  for (std::size_t i = 0; i < 8; ++i) {
    for (std::size_t j = 0; j < 8; ++j) {
      double dot = 0;
      for (std::size_t k = 0; k < 8; ++k) dot += cols[i][k] * cols[j][k];
      EXPECT_NEAR(dot, i == j ? 1.0 : 0.0, 1e-12) << i << " " << j;
    }
  }
}

TEST(FdnReverb, LosslessWhenAbsorptionIsOff) {
  FdnReverb<double> fdn;
  fdn.set_decay(1.0);
  fdn.prepare(kFs, 512, 2);
  double l, r;
  for (int n = 0; n < 3000; ++n) fdn.process(std::sin(0.3 * n), std::cos(0.17 * n), l, r);
  fdn.set_freeze(true);
  const double e0 = fdn.stored_energy();
  ASSERT_GT(e0, 0.0);
  for (int n = 0; n < 100000; ++n) {
    fdn.process(1.0, 1.0, l, r);  // input is muted while frozen
    if (n % 10007 == 0) {
      ASSERT_NEAR(fdn.stored_energy() / e0, 1.0, 1e-9) << n;
    }
  }
  EXPECT_NEAR(fdn.stored_energy() / e0, 1.0, 1e-9);
  // And with absorption on it loses energy.
  fdn.set_freeze(false);
  for (int n = 0; n < 48000; ++n) fdn.process(0.0, 0.0, l, r);
  EXPECT_LT(fdn.stored_energy(), e0 * 1e-5);  // 1 s at RT60 1 s: -60 dB
}

TEST(FdnReverb, BroadbandRt60FromEnergyDecayCurve) {
  for (double rt : {0.5, 1.0, 2.5}) {
    FdnReverb<double> fdn;
    fdn.set_decay(rt);
    fdn.set_wet(1.0);
    fdn.set_dry(0.0);
    fdn.prepare(kFs, 512, 2);
    const auto h = fdn_impulse(fdn, static_cast<std::size_t>((1.2 * rt + 0.3) * kFs));
    expect_decaying(h, static_cast<std::size_t>(0.1 * rt * kFs), 1.0);
    const double measured = rt60_from_edc(energy_decay_curve_db(h), kFs);
    EXPECT_NEAR(measured / rt, 1.0, 0.05) << rt << " measured " << measured;
  }
}

TEST(FdnReverb, PerBandRt60) {
  for (double sample_rate : {44100.0, 96000.0}) {
    FdnReverb<double> fdn;
    fdn.set_decay_low(2.0);
    fdn.set_decay_high(0.5);
    fdn.set_crossover(1000.0);
    fdn.set_wet(1.0);
    fdn.set_dry(0.0);
    fdn.prepare(sample_rate, 512, 2);
    std::vector<double> h(static_cast<std::size_t>(2.8 * sample_rate));
    for (std::size_t n = 0; n < h.size(); ++n) {
      double l, r;
      fdn.process(n == 0 ? 1.0 : 0.0, n == 0 ? 1.0 : 0.0, l, r);
      h[n] = l + r;
    }
    // Band filters are designed at 48 kHz in the helper; scale the centre to match.
    const double k = kFs / sample_rate;
    const double low = rt60_from_edc(energy_decay_curve_db(band_pass(h, 150.0 * k, 1.4)), sample_rate);
    const double high = rt60_from_edc(energy_decay_curve_db(band_pass(h, 12000.0 * k, 1.4)), sample_rate);
    EXPECT_NEAR(low / 2.0, 1.0, 0.1) << sample_rate << " low " << low;
    EXPECT_NEAR(high / 0.5, 1.0, 0.1) << sample_rate << " high " << high;
  }
}

TEST(FdnReverb, DelaysScaleWithSampleRateAndParamsClamp) {
  FdnReverb<float> a, b;
  a.prepare(48000.0, 64, 2);
  b.prepare(96000.0, 64, 2);
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(b.delay_samples(i), 2 * a.delay_samples(i), 1);
  EXPECT_EQ(a.delay_samples(0), static_cast<int>(std::lround(29.3 * 48.0)));
  a.set_size(100.0);  // -> 2
  EXPECT_EQ(a.delay_samples(0), static_cast<int>(std::lround(2 * 29.3 * 48.0)));
  a.set_size(-1.0);  // -> 0.25
  EXPECT_EQ(a.delay_samples(0), static_cast<int>(std::lround(0.25 * 29.3 * 48.0)));
  a.set_decay(1e9);
  a.set_crossover(-5);
  a.set_wet(9.0f);
  float l, r;
  for (int n = 0; n < 1000; ++n) {
    a.process(std::numeric_limits<float>::quiet_NaN(), 0.0f, l, r);
  }
  a.reset();
  for (int n = 0; n < 10000; ++n) {
    a.process(0.1f, -0.1f, l, r);
    ASSERT_TRUE(std::isfinite(l) && std::isfinite(r));
  }
}
