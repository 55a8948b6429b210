// Comb, all-pass and multi-tap sections against their closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

#include "dsp/fx_measure.h"
#include "plinth/dsp/allpass.h"
#include "plinth/dsp/comb.h"
#include "plinth/dsp/multitap_delay.h"

using namespace plinth::dsp;
using namespace plinth::dsp::fx_measure;
using cd = std::complex<double>;

namespace {

template <typename Section>
std::vector<double> impulse_response(Section& s, std::size_t length) {
  std::vector<double> h(length);
  for (std::size_t n = 0; n < length; ++n) h[n] = static_cast<double>(s.process(n == 0 ? 1 : 0));
  return h;
}

cd z_pow(double w, double k) { return std::polar(1.0, -w * k); }

}  // namespace

template <typename T>
class CombTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(CombTyped, SampleTypes);

TYPED_TEST(CombTyped, FeedbackCombMatchesClosedForm) {
  using T = TypeParam;
  const int d = 20;
  const double g = 0.7;
  FeedbackComb<T> comb;
  comb.prepare(64);
  comb.set_delay(d);
  comb.set_gain(static_cast<T>(g));
  const auto h = impulse_response(comb, 4096);
  // Peaks at k fs / D (w = 2 pi k / D) with height 1/(1-g); troughs half way, 1/(1+g).
  for (int k = 0; k <= d / 2; ++k) {
    const double w_peak = 2 * kPi * k / d;
    EXPECT_NEAR(to_db(std::abs(dft_at(h, w_peak))), to_db(1 / (1 - g)), 0.01) << k;
    if (k < d / 2) {
      const double w_trough = 2 * kPi * (k + 0.5) / d;
      EXPECT_NEAR(to_db(std::abs(dft_at(h, w_trough))), to_db(1 / (1 + g)), 0.01) << k;
    }
  }
  // And everywhere in between.
  for (int i = 1; i < 97; ++i) {
    const double w = kPi * i / 97.0;
    const double expected = std::abs(1.0 / (1.0 - g * z_pow(w, d)));
    EXPECT_NEAR(to_db(std::abs(dft_at(h, w))), to_db(expected), 0.01) << w;
  }
}

TYPED_TEST(CombTyped, DampedFeedbackCombMatchesClosedForm) {
  using T = TypeParam;
  const int d = 13;
  const double g = -0.8, damp = 0.4;
  FeedbackComb<T> comb;
  comb.prepare(64);
  comb.set_delay(d);
  comb.set_gain(static_cast<T>(g));
  comb.set_damping(static_cast<T>(damp));
  const auto h = impulse_response(comb, 4096);
  for (int i = 1; i < 61; ++i) {
    const double w = kPi * i / 61.0;
    const cd lp = (1 - damp) / (1.0 - damp * z_pow(w, 1));
    const double expected = std::abs(1.0 / (1.0 - g * lp * z_pow(w, d)));
    EXPECT_NEAR(to_db(std::abs(dft_at(h, w))), to_db(expected), 0.01) << w;
  }
}

TYPED_TEST(CombTyped, FeedforwardCombMatchesClosedForm) {
  using T = TypeParam;
  const int d = 8;
  FeedforwardComb<T> comb;
  comb.prepare(16);
  comb.set_delay(d);
  comb.set_gain(T(1));
  const auto h = impulse_response(comb, 64);
  EXPECT_EQ(h[0], 1.0);
  EXPECT_EQ(h[8], 1.0);
  // Notches at odd multiples of fs / (2 D): exact zeros.
  for (int k = 0; k < d / 2; ++k) EXPECT_LT(std::abs(dft_at(h, kPi * (2 * k + 1) / d)), 1e-6);
  comb.set_gain(T(0.5));
  comb.reset();
  const auto h2 = impulse_response(comb, 64);
  for (int i = 1; i < 50; ++i) {
    const double w = kPi * i / 50.0;
    EXPECT_NEAR(std::abs(dft_at(h2, w)), std::abs(1.0 + 0.5 * z_pow(w, d)), 1e-6);
  }
}

TYPED_TEST(CombTyped, AllpassIsFlatWithin001Db) {
  using T = TypeParam;
  for (double g : {0.7, -0.5, 0.95}) {
    SchroederAllpass<T> ap;
    ap.prepare(100);
    ap.set_delay(37);
    ap.set_gain(static_cast<T>(g));
    const auto h = impulse_response(ap, 32768);
    for (int i = 0; i <= 200; ++i) {
      const double w = kPi * i / 200.0;
      const cd response = dft_at(h, w);
      EXPECT_NEAR(to_db(std::abs(response)), 0.0, 0.01) << g << " " << w;
      const cd expected = (-g + z_pow(w, 37)) / (1.0 - g * z_pow(w, 37));
      EXPECT_NEAR(std::abs(response - expected), 0.0, 1e-3) << g << " " << w;
    }
  }
}

TEST(CombSections, ParametersAreClamped) {
  FeedbackComb<float> fb;
  fb.prepare(100);
  fb.set_delay(100000);
  EXPECT_EQ(fb.delay(), 100);
  fb.set_delay(-3);
  EXPECT_EQ(fb.delay(), 1);
  fb.set_gain(3.0f);
  EXPECT_LT(fb.gain(), 1.0f);
  fb.set_gain(std::numeric_limits<float>::quiet_NaN());
  EXPECT_TRUE(std::isfinite(fb.gain()));
  fb.set_damping(2.0f);
  EXPECT_LT(fb.damping(), 1.0f);
  FeedforwardComb<float> ff;
  ff.prepare(10);
  ff.set_gain(-7.0f);
  EXPECT_EQ(ff.gain(), -1.0f);
  SchroederAllpass<float> ap;
  ap.prepare(10);
  ap.set_gain(1.5f);
  EXPECT_LT(ap.gain(), 1.0f);
  ap.set_delay(50);
  EXPECT_EQ(ap.delay(), 10);
}

TEST(CombSections, NanThenResetRecovers) {
  FeedbackComb<float> fb;
  SchroederAllpass<float> ap;
  FeedforwardComb<float> ff;
  fb.prepare(50);
  ap.prepare(50);
  ff.prepare(50);
  fb.set_delay(10);
  fb.set_gain(0.9f);
  fb.set_damping(0.3f);
  ap.set_delay(7);
  ff.set_delay(5);
  ff.set_gain(0.5f);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int i = 0; i < 20; ++i) {
    (void)fb.process(nan);
    (void)ap.process(nan);
    (void)ff.process(nan);
  }
  fb.reset();
  ap.reset();
  ff.reset();
  for (int i = 0; i < 200; ++i) {
    const float x = std::sin(0.05f * static_cast<float>(i));
    EXPECT_TRUE(std::isfinite(fb.process(x)));
    EXPECT_TRUE(std::isfinite(ap.process(x)));
    EXPECT_TRUE(std::isfinite(ff.process(x)));
  }
}

TEST(MultitapDelay, ImpulsePositionsGainsAndPans) {
  MultitapDelay<double, 4> delay;
  delay.set_max_delay_seconds(0.1);
  delay.prepare(10000.0, 512, 2);
  delay.set_num_taps(3);
  const int pos[3] = {100, 250, 400};
  const double gain[3] = {0.5, -0.3, 0.8};
  const double pan[3] = {-1.0, 0.0, 0.5};
  for (int i = 0; i < 3; ++i) delay.set_tap(i, pos[i] / 10000.0, gain[i], pan[i]);
  delay.set_dry_level(0.0);
  delay.set_wet_level(1.0);
  std::vector<double> l(600), r(600);
  for (std::size_t n = 0; n < 600; ++n) delay.process(n == 0 ? 1.0 : 0.0, l[n], r[n]);
  for (std::size_t n = 0; n < 600; ++n) {
    double el = 0, er = 0;
    for (int i = 0; i < 3; ++i) {
      if (static_cast<int>(n) == pos[i]) {
        const double theta = (pan[i] + 1) * std::numbers::pi / 4;
        el = gain[i] * std::cos(theta);
        er = gain[i] * std::sin(theta);
      }
    }
    EXPECT_NEAR(l[n], el, 1e-9) << n;
    EXPECT_NEAR(r[n], er, 1e-9) << n;
  }
}

TEST(MultitapDelay, FeedbackRepeatsAtMultiplesOfTheDelay) {
  MultitapDelay<float> delay;
  delay.set_max_delay_seconds(0.05);
  delay.prepare(48000.0, 512, 1);
  delay.set_num_taps(1);
  delay.set_tap_delay_samples(0, 300);
  delay.set_tap_gain(0, 1.0f);
  delay.set_feedback(0.5f);
  delay.set_dry_level(0.0f);
  std::vector<float> y(1300);
  for (std::size_t n = 0; n < y.size(); ++n) y[n] = delay.process(n == 0 ? 1.0f : 0.0f);
  for (std::size_t n = 0; n < y.size(); ++n) {
    const float expected = (n > 0 && n % 300 == 0) ? std::pow(0.5f, static_cast<float>(n / 300 - 1)) : 0.0f;
    EXPECT_FLOAT_EQ(y[n], expected) << n;
  }
}

TEST(MultitapDelay, ClampsAndRecoversFromNan) {
  MultitapDelay<float, 2> delay;
  delay.set_max_delay_seconds(1e9);  // clamped to 60 s
  delay.set_max_delay_seconds(0.01);
  delay.prepare(48000.0, 64, 2);
  delay.set_num_taps(99);
  EXPECT_EQ(delay.num_taps(), 2);
  delay.set_tap(0, 10.0, 5.0f, 3.0f);  // delay clamped to 10 ms, gain to 2, pan to right
  delay.set_tap(1, -1.0, 0.0f, 0.0f);
  delay.set_feedback(4.0f);
  delay.set_dry_level(0.0f);
  std::vector<float> l(1000), r(1000);
  std::vector<float> in(1000, 0.0f);
  in[0] = 1.0f;
  delay.process(std::span<const float>(in), std::span<float>(l), std::span<float>(r));
  // Tap 0 at the 480-sample limit, gain 2, hard right.
  EXPECT_NEAR(l[480], 0.0f, 1e-6f);
  EXPECT_NEAR(r[480], 2.0f, 1e-5f);
  // Feedback 0.99 normalised by the total gain 2: the second repeat is 2 * 0.99/2 * 2.
  EXPECT_NEAR(r[960], 2.0f * 0.99f, 1e-4f);
  delay.process(std::numeric_limits<float>::quiet_NaN(), l[0], r[0]);
  delay.reset();
  for (int i = 0; i < 2000; ++i) {
    float a, b;
    delay.process(0.1f, a, b);
    ASSERT_TRUE(std::isfinite(a) && std::isfinite(b));
  }
}
