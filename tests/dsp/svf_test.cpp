#include "plinth/dsp/svf.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

template <typename T>
class SvfTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(SvfTyped, SampleTypes);

// Each output's impulse response vs the analog SVF at the warped frequency.
TYPED_TEST(SvfTyped, AllOutputsMatchAnalyticResponses) {
  using T = TypeParam;
  constexpr double fs = 48000.0;
  for (double f0 : {150.0, 1000.0, 6000.0}) {
    for (double q : {0.5, 0.7071, 3.0}) {
      pd::StateVariableFilter<T> f;
      f.set_cutoff(f0);
      f.set_q(q);
      f.prepare(fs, 256, 1);
      std::vector<pd::SvfOutputs<T>> out;
      const int len = 1 << 14;
      for (int n = 0; n < len; ++n) out.push_back(f.process_all(n == 0 ? T(1) : T(0)));
      auto pick = [&](auto member) {
        std::vector<double> h(len);
        for (int n = 0; n < len; ++n) h[size_t(n)] = double(out[size_t(n)].*member);
        return h;
      };
      const auto lp = pick(&pd::SvfOutputs<T>::low_pass), bp = pick(&pd::SvfOutputs<T>::band_pass),
                 hp = pick(&pd::SvfOutputs<T>::high_pass), no = pick(&pd::SvfOutputs<T>::notch),
                 ap = pick(&pd::SvfOutputs<T>::all_pass);
      const double k = 1.0 / q;
      for (double freq : {30.0, 400.0, 1000.0, 3000.0, 9000.0, 18000.0}) {
        const cd s = warped_s(freq, f0, fs);
        const cd den = s * s + k * s + 1.0;
        const struct {
          const std::vector<double>& h;
          cd expected;
          const char* name;
        } cases[] = {{lp, 1.0 / den, "lp"},
                     {bp, k * s / den, "bp"},
                     {hp, s * s / den, "hp"},
                     {no, (s * s + 1.0) / den, "notch"},
                     {ap, (s * s - k * s + 1.0) / den, "ap"}};
        for (const auto& c : cases) {
          if (db(c.expected) < -60.0) continue;
          const cd m = dft(c.h, freq, fs);
          EXPECT_NEAR(db(m), db(c.expected), 0.1) << c.name << " f0=" << f0 << " q=" << q << " f=" << freq;
          if (db(c.expected) > -30.0) {
            EXPECT_NEAR(phase_diff(m, c.expected), 0.0, 0.01) << c.name << " phase f=" << freq;
          }
        }
      }
    }
  }
}

TEST(Svf, ModeSelectionAndBlockMatchProcessAll) {
  pd::StateVariableFilter<float> a, b;
  for (auto* f : {&a, &b}) {
    f->set_cutoff(700);
    f->set_q(1.5);
    f->prepare(44100, 128, 2);
  }
  const pd::SvfMode modes[] = {pd::SvfMode::LowPass, pd::SvfMode::BandPass, pd::SvfMode::HighPass, pd::SvfMode::Notch,
                               pd::SvfMode::AllPass};
  for (auto mode : modes) {
    a.reset();
    b.reset();
    a.set_mode(mode);
    std::vector<float> x(100);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.1f * float(i)) + (i == 3 ? 1.0f : 0.0f);
    auto blk = x;
    a.process(blk, 1);
    for (size_t i = 0; i < x.size(); ++i) {
      const auto o = b.process_all(x[i], 1);
      const float expected = mode == pd::SvfMode::LowPass    ? o.low_pass
                             : mode == pd::SvfMode::BandPass ? o.band_pass
                             : mode == pd::SvfMode::HighPass ? o.high_pass
                             : mode == pd::SvfMode::Notch    ? o.notch
                                                             : o.all_pass;
      ASSERT_FLOAT_EQ(blk[i], expected) << i;
    }
  }
}

TEST(Svf, ClampsAndRecoversFromNan) {
  pd::StateVariableFilter<double> f;
  f.prepare(48000, 64, 1);
  f.set_cutoff(1e7);
  EXPECT_DOUBLE_EQ(f.cutoff(), 0.49 * 48000);
  f.set_q(-3);
  EXPECT_DOUBLE_EQ(f.q(), 0.05);
  f.set_q(std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(f.q(), 50.0);
  // Max Q at near-Nyquist cutoff stays bounded.
  double peak = 0;
  for (int n = 0; n < 48000; ++n) peak = std::max(peak, std::abs(f.process(n % 2 ? 1.0 : -1.0)));
  EXPECT_TRUE(std::isfinite(peak));
  (void)f.process(std::nan(""));
  f.reset();
  EXPECT_TRUE(std::isfinite(f.process(1.0)));
  std::vector<double> blk(16, 1.0);
  blk[3] = std::numeric_limits<double>::infinity();
  f.process(blk);
  EXPECT_TRUE(std::isfinite(f.process(0.5)));  // block end sanitized the state
  EXPECT_EQ(f.process(0.3, 5), 0.3);           // unknown channel passes through
}

TEST(Svf, ModulatedEveryStepStaysStable) {
  // Sweep cutoff every sample across the range at high Q: TPT form must stay bounded.
  pd::StateVariableFilter<float> f;
  f.set_q(20);
  f.prepare(48000, 64, 1);
  float peak = 0;
  for (int n = 0; n < 96000; ++n) {
    f.set_cutoff(20.0 * std::pow(1000.0, 0.5 + 0.5 * std::sin(n * 0.001)));
    peak = std::max(peak, std::abs(f.process(std::sin(n * 0.05f))));
  }
  EXPECT_LT(peak, 100.0f);
}
