#include "plinth/dsp/adsr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;

namespace {

constexpr double kSr = 48000.0;

template <typename T>
pd::Adsr<T> make(double a, double d, double s, double r, pd::EnvelopeShape shape) {
  pd::Adsr<T> env;
  env.prepare(kSr, 512, 1);
  env.set_attack(a);
  env.set_decay(d);
  env.set_sustain(s);
  env.set_release(r);
  env.set_attack_shape(shape);
  env.set_decay_shape(shape);
  env.set_release_shape(shape);
  return env;
}

template <typename T>
std::vector<double> run(pd::Adsr<T>& env, int n) {
  std::vector<double> y(static_cast<std::size_t>(n));
  for (auto& v : y) v = static_cast<double>(env.process());
  return y;
}

// Closed form of the exponential shape: fraction of the way covered after i of n samples.
double exp_fraction(int i, int n, double k) { return (1 - std::exp(-k * i / n)) / (1 - std::exp(-k)); }

}  // namespace

template <typename T>
void check_linear_stage_times(double tol) {
  // 10 ms attack = 480 samples, 20 ms decay = 960, sustain 0.5, 5 ms release = 240.
  auto env = make<T>(0.010, 0.020, 0.5, 0.005, pd::EnvelopeShape::linear);
  env.note_on();
  const auto y = run(env, 2000);
  for (int k = 0; k < 480; ++k) ASSERT_NEAR(y[static_cast<std::size_t>(k)], (k + 1) / 480.0, tol) << k;
  EXPECT_EQ(y[479], 1.0);  // peak exactly at sample attack*sr - 1
  EXPECT_LT(y[478], 1.0);
  for (int k = 0; k < 960; ++k)
    ASSERT_NEAR(y[static_cast<std::size_t>(480 + k)], 1.0 - 0.5 * (k + 1) / 960.0, tol) << k;
  EXPECT_EQ(y[1439], 0.5);  // sustain reached exactly at attack+decay
  EXPECT_GT(y[1438], 0.5);
  for (std::size_t k = 1440; k < y.size(); ++k) ASSERT_EQ(y[k], 0.5);
  EXPECT_EQ(env.stage(), pd::AdsrStage::sustain);
  env.note_off();
  const auto r = run(env, 300);
  for (int k = 0; k < 240; ++k) ASSERT_NEAR(r[static_cast<std::size_t>(k)], 0.5 * (1 - (k + 1) / 240.0), tol) << k;
  EXPECT_EQ(r[239], 0.0);
  EXPECT_GT(r[238], 0.0);
  EXPECT_FALSE(env.is_active());
}

TEST(Adsr, LinearStageTimesExactToTheSampleFloat) { check_linear_stage_times<float>(1e-6); }
TEST(Adsr, LinearStageTimesExactToTheSampleDouble) { check_linear_stage_times<double>(1e-12); }

TEST(Adsr, ExponentialShapesFollowClosedForm) {
  auto env = make<double>(0.010, 0.020, 0.25, 0.030, pd::EnvelopeShape::exponential);
  env.set_curvature(4.0);
  env.note_on();
  const auto y = run(env, 1500);
  for (int k = 0; k < 480; ++k) ASSERT_NEAR(y[static_cast<std::size_t>(k)], exp_fraction(k + 1, 480, 4.0), 1e-9) << k;
  EXPECT_EQ(y[479], 1.0);
  for (int k = 0; k < 960; ++k)
    ASSERT_NEAR(y[static_cast<std::size_t>(480 + k)], 1.0 - 0.75 * exp_fraction(k + 1, 960, 4.0), 1e-9) << k;
  EXPECT_EQ(y[1439], 0.25);
  // Exponential attack is concave: well above the linear ramp at mid-stage.
  EXPECT_GT(y[239], 0.5 + 0.3);
  env.note_off();
  const auto r = run(env, 1440);
  EXPECT_NEAR(r[719], 0.25 * (1 - exp_fraction(720, 1440, 4.0)), 1e-9);
  EXPECT_EQ(r[1439], 0.0);
  EXPECT_GT(r[1438], 0.0);
}

TEST(Adsr, ReleaseMidAttackTakesReleaseTimeFromCurrentLevel) {
  auto env = make<double>(0.010, 0.0, 1.0, 0.002, pd::EnvelopeShape::linear);  // release 96
  env.note_on();
  const auto a = run(env, 240);
  EXPECT_NEAR(a.back(), 0.5, 1e-12);
  env.note_off();
  const auto r = run(env, 96);
  EXPECT_NEAR(r[47], 0.25, 1e-12);
  EXPECT_EQ(r[95], 0.0);
}

TEST(Adsr, RetriggerModes) {
  // Note on, run into release down to ~0.5, then a second note on.
  auto prime = [](pd::RetriggerMode mode) {
    auto env = make<double>(0.010, 0.0, 1.0, 0.010, pd::EnvelopeShape::linear);
    env.set_retrigger_mode(mode);
    env.note_on();
    (void)run(env, 600);
    env.note_off();
    (void)run(env, 240);  // release halfway: 0.5
    return env;
  };
  {
    auto env = prime(pd::RetriggerMode::from_current);
    env.note_on();
    const auto y = run(env, 480);
    EXPECT_NEAR(y[0], 0.5 + 0.5 / 480, 1e-12);  // continues from 0.5
    EXPECT_EQ(y[479], 1.0);                     // and still takes the full attack time
  }
  {
    auto env = prime(pd::RetriggerMode::from_zero);
    env.note_on();
    const auto y = run(env, 480);
    EXPECT_NEAR(y[0], 1.0 / 480, 1e-12);  // restarted from zero
    EXPECT_EQ(y[479], 1.0);
  }
  {
    auto env = prime(pd::RetriggerMode::legato);
    env.note_on();  // from release: resumes attack from 0.5
    const auto y = run(env, 600);
    EXPECT_NEAR(y[0], 0.5 + 0.5 / 480, 1e-12);
    env.note_on();  // gate held: ignored
    EXPECT_EQ(env.stage(), pd::AdsrStage::sustain);
    EXPECT_EQ(env.process(), 1.0);
  }
  {
    // Legato during the attack keeps the attack running unchanged.
    auto env = make<double>(0.010, 0.0, 1.0, 0.010, pd::EnvelopeShape::linear);
    env.set_retrigger_mode(pd::RetriggerMode::legato);
    env.note_on();
    (void)run(env, 100);
    env.note_on();
    EXPECT_NEAR(env.process(), 101.0 / 480, 1e-12);
  }
}

TEST(Adsr, ZeroTimesAndSustainChanges) {
  auto env = make<float>(0.0, 0.0, 0.3, 0.0, pd::EnvelopeShape::linear);
  env.note_on();
  EXPECT_FLOAT_EQ(env.process(), 0.3f);  // straight to sustain
  env.set_sustain(0.6);
  EXPECT_FLOAT_EQ(env.process(), 0.6f);
  env.note_off();
  EXPECT_EQ(env.process(), 0.0f);
  EXPECT_FALSE(env.is_active());
}

TEST(Adsr, ParametersClampedAndResetWorks) {
  pd::Adsr<float> env;
  env.prepare(kSr, 512, 1);
  env.set_attack(-1.0);
  EXPECT_EQ(env.attack(), 0.0);
  env.set_decay(1e9);
  EXPECT_EQ(env.decay(), 60.0);
  env.set_release(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(env.release(), 0.0);
  env.set_sustain(2.0);
  EXPECT_EQ(env.sustain(), 1.0);
  env.set_sustain(-2.0);
  EXPECT_EQ(env.sustain(), 0.0);
  env.set_curvature(1e6);
  EXPECT_EQ(env.curvature(), 20.0);
  env.note_on();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(std::isfinite(env.process()));
  env.reset();
  EXPECT_FALSE(env.is_active());
  EXPECT_EQ(env.process(), 0.0f);
}

TEST(Adsr, BlockMatchesPerSample) {
  auto a = make<float>(0.003, 0.004, 0.4, 0.002, pd::EnvelopeShape::exponential);
  auto b = a;
  a.note_on();
  b.note_on();
  std::vector<float> block(777);
  b.process(std::span<float>(block));
  for (float v : block) ASSERT_EQ(v, a.process());
}
