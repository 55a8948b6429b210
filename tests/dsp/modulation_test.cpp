// Chorus, flanger, phaser, tremolo and ring modulator against analytic expectations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include "dsp/fx_measure.h"
#include "plinth/dsp/chorus.h"
#include "plinth/dsp/flanger.h"
#include "plinth/dsp/phaser.h"
#include "plinth/dsp/ring_modulator.h"
#include "plinth/dsp/tremolo.h"

using namespace plinth::dsp;
using namespace plinth::dsp::fx_measure;
using cd = std::complex<double>;

namespace {
constexpr double kFs = 48000.0;
const double kNan = std::numeric_limits<double>::quiet_NaN();

template <typename Fx>
void expect_recovers_from_nan(Fx& fx, int channels) {
  for (int ch = 0; ch < channels; ++ch) {
    for (int i = 0; i < 100; ++i) (void)fx.process(static_cast<float>(kNan), ch);
  }
  fx.reset();
  for (int i = 0; i < 4000; ++i) {
    for (int ch = 0; ch < channels; ++ch) {
      const float y = fx.process(std::sin(0.01f * static_cast<float>(i)), ch);
      ASSERT_TRUE(std::isfinite(y)) << i;
    }
  }
}
}  // namespace

// A ramp x[n] = n through a linearly interpolated delay gives y[n] = n - delay(n) exactly,
// so the wet output reveals the modulated delay sample by sample.
TEST(Chorus, DelayFollowsCentrePlusDepthSine) {
  Chorus<double> chorus;
  chorus.set_centre_delay_ms(10.0);
  chorus.set_depth_ms(3.0);
  chorus.set_rate_hz(2.0);
  chorus.set_stereo_phase(0.25);
  chorus.set_mix(1.0);
  chorus.prepare(kFs, 512, 2);
  double lo[2] = {1e9, 1e9}, hi[2] = {-1e9, -1e9};
  for (int n = 0; n < 48000; ++n) {
    for (int ch = 0; ch < 2; ++ch) {
      const double delay = n - chorus.process(static_cast<double>(n), ch);
      if (n < 1000) continue;
      const double expected = 480.0 + 144.0 * std::sin(2 * kPi * (2.0 * n / kFs + 0.25 * ch));
      ASSERT_NEAR(delay, expected, 1e-6) << n << " " << ch;
      lo[ch] = std::min(lo[ch], delay);
      hi[ch] = std::max(hi[ch], delay);
    }
  }
  for (int ch = 0; ch < 2; ++ch) {
    EXPECT_NEAR(lo[ch], 336.0, 0.01);
    EXPECT_NEAR(hi[ch], 624.0, 0.01);
  }
}

TEST(Chorus, DepthLimitedByCentreAndParamsClamped) {
  Chorus<double> chorus;
  chorus.set_centre_delay_ms(0.0);  // -> 1 ms
  chorus.set_depth_ms(100.0);       // -> 20 ms, then limited to centre - 0.5 ms
  chorus.set_rate_hz(1000.0);       // -> 20 Hz
  chorus.set_mix(1.0);
  chorus.prepare(kFs, 512, 1);
  double lo = 1e9, hi = -1e9;
  for (int n = 0; n < 48000; ++n) {
    const double d = n - chorus.process(static_cast<double>(n), 0);
    if (n > 500) {
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
  }
  EXPECT_NEAR(lo, 24.0, 0.05);             // 1 ms - 0.5 ms
  EXPECT_NEAR(hi, 72.0, 0.05);             // 1 ms + 0.5 ms
  EXPECT_EQ(chorus.process(1.0, 5), 1.0);  // unknown channel passes through
  Chorus<float> f;
  f.prepare(kFs, 64, 2);
  expect_recovers_from_nan(f, 2);
}

TEST(Flanger, DelaySweepsMinToMinPlusDepth) {
  Flanger<double> fl;
  fl.set_delay_ms(1.0);
  fl.set_depth_ms(4.0);
  fl.set_rate_hz(0.5);
  fl.set_feedback(0.0);
  fl.set_mix(1.0);
  fl.prepare(kFs, 256, 1);
  double lo = 1e9, hi = -1e9;
  for (int n = 0; n < 96000; ++n) {
    const double d = n - fl.process(static_cast<double>(n), 0);
    if (n < 1000) continue;
    const double expected = 48.0 + 192.0 * 0.5 * (1 + std::sin(2 * kPi * 0.5 * n / kFs));
    ASSERT_NEAR(d, expected, 1e-6) << n;
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_NEAR(lo, 48.0, 0.01);
  EXPECT_NEAR(hi, 240.0, 0.01);
}

TEST(Flanger, FrozenWithFeedbackIsACombFilter) {
  // Frozen (depth 0): V = z^-D X / (1 - fb z^-D), y = (1 - mix) x + mix v.
  const double fb = 0.7, mix = 0.5;
  const int d = 48;  // 1 ms
  Flanger<double> fl;
  fl.set_delay_ms(1.0);
  fl.set_depth_ms(0.0);
  fl.set_feedback(fb);
  fl.set_mix(mix);
  fl.prepare(kFs, 256, 1);
  std::vector<double> h(8192);
  for (std::size_t n = 0; n < h.size(); ++n) h[n] = fl.process(n == 0 ? 1.0 : 0.0, 0);
  for (int i = 1; i < 80; ++i) {
    const double w = kPi * i / 80.0;
    const cd zd = std::polar(1.0, -w * d);
    const double expected = std::abs((1 - mix) + mix * zd / (1.0 - fb * zd));
    EXPECT_NEAR(to_db(std::abs(dft_at(h, w))), to_db(expected), 0.01) << w;
  }
}

TEST(Flanger, ClampedFeedbackStaysStableAndRecovers) {
  Flanger<float> fl;
  fl.set_feedback(10.0f);  // -> 0.95
  fl.set_delay_ms(-1.0);
  fl.set_depth_ms(50.0);
  fl.set_rate_hz(3.0);
  fl.prepare(kFs, 256, 2);
  double late = 0;
  for (int n = 0; n < 96000; ++n) {
    const float y = fl.process(n < 100 ? 1.0f : 0.0f, 0);
    ASSERT_TRUE(std::isfinite(y));
    if (n > 90000) late = std::max(late, static_cast<double>(std::abs(y)));
  }
  EXPECT_LT(late, 1e-3);  // the tail dies away
  expect_recovers_from_nan(fl, 2);
}

namespace {
// Phase of one first-order all-pass stage with break frequency fc: -2 atan(tan(w/2)/t).
double stage_phase(double w, double t) { return -2.0 * std::atan(std::tan(w / 2) / t); }

std::vector<double> phaser_impulse(int stages, double fc) {
  Phaser<double> ph;
  ph.set_stages(stages);
  ph.set_min_frequency(fc);
  ph.set_max_frequency(fc);
  ph.set_rate_hz(0.0);
  ph.set_feedback(0.0);
  ph.set_mix(0.5);
  ph.prepare(kFs, 512, 1);
  std::vector<double> h(4096);
  for (std::size_t n = 0; n < h.size(); ++n) h[n] = ph.process(n == 0 ? 1.0 : 0.0, 0);
  return h;
}
}  // namespace

TEST(Phaser, FrozenNotchesWhereTotalPhaseIsOddMultipleOfPi) {
  for (int stages : {2, 4, 6, 8}) {
    for (double fc : {300.0, 1000.0, 4000.0}) {
      const auto h = phaser_impulse(stages, fc);
      const double t = std::tan(kPi * fc / kFs);
      // Notches: N phase(w) = -(2k+1) pi  =>  tan(w/2) = t tan((2k+1) pi / (2N)).
      for (int k = 0; 2 * k + 1 < stages; ++k) {
        const double w_notch = 2 * std::atan(t * std::tan((2 * k + 1) * kPi / (2 * stages)));
        EXPECT_LT(std::abs(dft_at(h, w_notch)), 1e-4) << stages << " " << fc << " " << k;
        // The minimum of a fine scan around it sits at the predicted place.
        double best = 1e9, best_w = 0;
        for (int i = -30; i <= 30; ++i) {
          const double w = w_notch * (1 + i * 1e-4);
          const double m = std::abs(dft_at(h, w));
          if (m < best) {
            best = m;
            best_w = w;
          }
        }
        EXPECT_NEAR(best_w / w_notch, 1.0, 2e-4);
      }
      // Everywhere: |(1 + A^N) / 2| = |cos(N phase / 2)|.
      for (int i = 1; i < 40; ++i) {
        const double w = kPi * i / 40.0;
        const double expected = std::abs(std::cos(stages * stage_phase(w, t) / 2));
        EXPECT_NEAR(std::abs(dft_at(h, w)), expected, 1e-6) << w;
      }
    }
  }
}

TEST(Phaser, SweepsAndStaysStableWithFeedback) {
  Phaser<float> ph;
  ph.set_stages(99);  // -> 12
  EXPECT_EQ(ph.stages(), 12);
  ph.set_min_frequency(-5.0);
  ph.set_max_frequency(1e9);  // clamped to 0.45 fs when used
  EXPECT_NEAR(ph.break_frequency_for(1.0), 0.45 * kFs, 1e-6);
  ph.set_min_frequency(200.0);
  ph.set_max_frequency(3000.0);
  EXPECT_NEAR(ph.break_frequency_for(-1.0), 200.0, 1e-9);
  EXPECT_NEAR(ph.break_frequency_for(0.0), std::sqrt(200.0 * 3000.0), 1e-9);
  ph.set_feedback(5.0f);  // -> 0.95
  ph.set_rate_hz(2.0);
  ph.prepare(kFs, 512, 2);
  double peak = 0;
  for (int n = 0; n < 96000; ++n) {
    const float x = std::sin(0.05f * static_cast<float>(n));
    for (int ch = 0; ch < 2; ++ch) peak = std::max(peak, static_cast<double>(std::abs(ph.process(x, ch))));
  }
  EXPECT_TRUE(std::isfinite(peak));
  EXPECT_LT(peak, 50.0);
  expect_recovers_from_nan(ph, 2);
}

TEST(Phaser, StereoCallMatchesPerChannelCalls) {
  Phaser<float> a, b;
  for (auto* p : {&a, &b}) {
    p->set_stages(6);
    p->set_feedback(0.6f);
    p->set_rate_hz(1.5);
    p->prepare(kFs, 256, 2);
  }
  std::vector<float> l1(256), r1(256);
  for (int blk = 0; blk < 20; ++blk) {
    for (std::size_t i = 0; i < 256; ++i) {
      l1[i] = std::sin(0.02f * static_cast<float>(i + 256 * blk));
      r1[i] = std::cos(0.031f * static_cast<float>(i + 256 * blk));
    }
    auto l2 = l1, r2 = r1;
    a.process(std::span<float>(l1), std::span<float>(r1));
    b.process(std::span<float>(l2), 0);
    b.process(std::span<float>(r2), 1);
    for (std::size_t i = 0; i < 256; ++i) {
      ASSERT_EQ(l1[i], l2[i]);
      ASSERT_EQ(r1[i], r2[i]);
    }
  }
}

TEST(Tremolo, EnvelopeSwingsBetweenOneAndOneMinusDepth) {
  Tremolo<double> tr;
  tr.set_rate_hz(5.0);
  tr.set_depth(0.6);
  tr.prepare(kFs, 512, 1);
  std::vector<double> y(96000, 1.0);
  tr.process(std::span<double>(y), 0);
  EXPECT_NEAR(*std::max_element(y.begin(), y.end()), 1.0, 1e-6);
  EXPECT_NEAR(*std::min_element(y.begin(), y.end()), 0.4, 1e-6);
  // Gain minima are one LFO period (9600 samples) apart: at phase 1/4 + k.
  for (int k = 0; k < 10; ++k) EXPECT_NEAR(y[static_cast<std::size_t>(2400 + 9600 * k)], 0.4, 1e-9);
  // Square: only the two levels.
  tr.set_shape(LfoShape::square);
  tr.set_depth(1.0);
  tr.reset();
  std::vector<double> s(9600, 0.5);
  tr.process(std::span<double>(s), 0);
  for (std::size_t n = 0; n < s.size(); ++n) ASSERT_DOUBLE_EQ(s[n], n < 4800 ? 0.0 : 0.5) << n;
}

TEST(Tremolo, DepthClampedAndNanRecovers) {
  Tremolo<float> tr;
  tr.set_depth(3.0f);   // -> 1
  tr.set_rate_hz(1e6);  // -> 50 Hz
  tr.prepare(kFs, 64, 2);
  float lo = 1, hi = 0;
  for (int n = 0; n < 4800; ++n) {
    const float y = tr.process(1.0f, 0);
    lo = std::min(lo, y);
    hi = std::max(hi, y);
    ASSERT_GE(y, -1e-6f);
  }
  EXPECT_NEAR(lo, 0.0f, 1e-4f);
  EXPECT_NEAR(hi, 1.0f, 1e-4f);
  expect_recovers_from_nan(tr, 2);
}

TEST(RingModulator, EqualsMultiplicationBySine) {
  RingModulator<double> rm;
  rm.set_frequency(1500.0);
  rm.prepare(kFs, 512, 1);
  const double f1 = 440.0;
  std::vector<double> y(48000);
  for (std::size_t n = 0; n < y.size(); ++n) {
    const double x = std::sin(2 * kPi * f1 * n / kFs);
    y[n] = rm.process(x, 0);
    ASSERT_NEAR(y[n], x * std::sin(2 * kPi * 1500.0 * n / kFs), 1e-9) << n;
  }
  // Spectrum: only f2 - f1 and f2 + f1, each of amplitude 1/2 (1 s, bins exact).
  const double norm = 2.0 / static_cast<double>(y.size());
  EXPECT_NEAR(norm * std::abs(dft_at(y, 2 * kPi * 1060.0 / kFs)), 0.5, 1e-6);
  EXPECT_NEAR(norm * std::abs(dft_at(y, 2 * kPi * 1940.0 / kFs)), 0.5, 1e-6);
  for (double f : {440.0, 1500.0, 1000.0, 3000.0}) {
    EXPECT_LT(norm * std::abs(dft_at(y, 2 * kPi * f / kFs)), 1e-6) << f;
  }
}

TEST(RingModulator, FloatMixClampAndNan) {
  RingModulator<float> rm;
  rm.set_frequency(1e9);
  rm.prepare(kFs, 64, 2);
  rm.set_frequency(1e9);
  EXPECT_DOUBLE_EQ(rm.frequency(), 24000.0);
  rm.set_frequency(100.0);
  rm.set_mix(0.5f);
  rm.reset();
  for (int n = 0; n < 4800; ++n) {
    const double x = std::cos(2 * kPi * 700.0 * n / kFs);
    const double expected = x * (0.5 + 0.5 * std::sin(2 * kPi * 100.0 * n / kFs));
    ASSERT_NEAR(rm.process(static_cast<float>(x), 1), expected, 1e-5) << n;
  }
  rm.set_mix(-3.0f);
  EXPECT_EQ(rm.process(0.25f, 0), 0.25f);
  rm.set_mix(1.0f);
  expect_recovers_from_nan(rm, 2);
}
