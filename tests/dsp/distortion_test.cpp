// Waveshapers against their closed forms, saturators' small-signal gain and harmonics,
// bitcrusher levels and hold pattern.
#include "plinth/dsp/bitcrusher.h"
#include "plinth/dsp/saturation.h"
#include "plinth/dsp/waveshaper.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <set>
#include <vector>

namespace {

using namespace plinth::dsp;

template <class T>
class Shapers : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(Shapers, SampleTypes);

TYPED_TEST(Shapers, TanhMatchesStdTanh) {
  using T = TypeParam;
  double worst = 0;
  for (int i = -40000; i <= 40000; ++i) {
    const double x = i * 0.0005;  // [-20, 20]
    worst = std::max(worst, std::abs(static_cast<double>(shape_tanh(static_cast<T>(x))) - std::tanh(x)));
  }
  EXPECT_LT(worst, (std::is_same_v<T, float> ? 9e-6 : 7e-6));
  EXPECT_EQ(shape_tanh(T(0)), T(0));
  EXPECT_EQ(shape_tanh(T(100)), T(1));
  EXPECT_EQ(shape_tanh(-std::numeric_limits<T>::infinity()), T(-1));
}

TYPED_TEST(Shapers, SoftClipClosedForm) {
  using T = TypeParam;
  for (double x : {-3.0, -1.0, -0.7, -0.2, 0.0, 0.1, 0.5, 0.99, 1.0, 2.5}) {
    const double expected = std::abs(x) >= 1.0 ? std::copysign(1.0, x) : 1.5 * x - 0.5 * x * x * x;
    EXPECT_NEAR(shape_soft_clip(static_cast<T>(x)), expected, 1e-6) << x;
  }
  // Slope 1.5 at the origin, 0 at the knee.
  const double h = 1e-4;
  EXPECT_NEAR((shape_soft_clip(h) - shape_soft_clip(-h)) / (2 * h), 1.5, 1e-6);
  EXPECT_NEAR((shape_soft_clip(1.0) - shape_soft_clip(1.0 - h)) / h, 0.0, 1e-3);
}

TYPED_TEST(Shapers, HardClipBounds) {
  using T = TypeParam;
  for (int i = -1000; i <= 1000; ++i) {
    const T x = static_cast<T>(i * 0.01);
    const T y = shape_hard_clip(x);
    EXPECT_LE(y, T(1));
    EXPECT_GE(y, T(-1));
    if (std::abs(x) <= T(1)) {
      EXPECT_EQ(y, x);
    }
  }
}

TYPED_TEST(Shapers, FoldbackReflects) {
  using T = TypeParam;
  // Reference: reflect repeatedly at +-1.
  auto reflect = [](double x) {
    for (int guard = 0; guard < 1000 && std::abs(x) > 1.0; ++guard) x = x > 1.0 ? 2.0 - x : -2.0 - x;
    return x;
  };
  for (int i = -2000; i <= 2000; ++i) {
    const double x = i * 0.0037;
    EXPECT_NEAR(shape_foldback(static_cast<T>(x)), reflect(x), 1e-5) << x;
  }
}

TYPED_TEST(Shapers, AsymmetricClosedForm) {
  using T = TypeParam;
  const double c = 0.5;
  for (double x : {-4.0, -1.0, -0.3, 0.0, 0.3, 1.0, 4.0}) {
    const double expected = x >= 0 ? std::tanh(x) : c * std::tanh(x / c);
    EXPECT_NEAR(shape_asymmetric(static_cast<T>(x), static_cast<T>(c)), expected, 2e-5) << x;
  }
  // Ceiling is clamped to [0.1, 1].
  EXPECT_NEAR(shape_asymmetric(T(-100), T(0)), -0.1, 1e-6);
  EXPECT_NEAR(shape_asymmetric(T(-100), T(5)), -1.0, 1e-6);
}

TEST(Waveshaper, DriveAndTypesAndClamps) {
  Waveshaper<double> ws;
  ws.prepare(48000, 64, 1);
  ws.set_type(ShaperType::HardClip);
  ws.set_drive_db(20.0);
  ws.reset();  // jump the ramp
  EXPECT_NEAR(ws.process(0.05), 0.5, 1e-12);
  EXPECT_NEAR(ws.process(0.5), 1.0, 1e-12);
  ws.set_drive_db(1000.0);  // clamped to +48 dB
  ws.reset();
  EXPECT_NEAR(ws.drive(), std::pow(10.0, 48.0 / 20.0), 1e-9);
  ws.set_drive_db(std::numeric_limits<double>::quiet_NaN());  // -> 0 dB
  ws.reset();
  EXPECT_NEAR(ws.drive(), 1.0, 1e-12);

  // Block and sample paths agree, for every type.
  for (auto t :
       {ShaperType::Tanh, ShaperType::SoftClip, ShaperType::HardClip, ShaperType::Foldback, ShaperType::Asymmetric}) {
    Waveshaper<float> a, b;
    a.prepare(48000, 64, 1);
    b.prepare(48000, 64, 1);
    for (auto* w : {&a, &b}) {
      w->set_type(t);
      w->set_asymmetry(0.4);
      w->set_drive_db(12.0);
    }
    std::vector<float> x(1000);
    for (int i = 0; i < 1000; ++i) x[static_cast<std::size_t>(i)] = 0.8f * std::sin(0.01f * i);
    auto y = x;
    b.process(std::span<float>(y));
    for (int i = 0; i < 1000; ++i)
      EXPECT_FLOAT_EQ(a.process(x[static_cast<std::size_t>(i)]), y[static_cast<std::size_t>(i)]);
  }
}

TEST(Waveshaper, DriveRampIsLinearOver10ms) {
  Waveshaper<double> ws;
  ws.prepare(48000, 64, 1);  // 480-sample ramp
  ws.set_type(ShaperType::HardClip);
  ws.set_drive_db(0.0);
  ws.reset();
  ws.set_drive_db(6.0);
  const double target = std::pow(10.0, 6.0 / 20.0);
  double prev = 1.0;
  for (int i = 0; i < 480; ++i) {
    const double y = ws.process(0.01) / 0.01;
    // Linear in gain: sample i (0-based) is i + 1 steps of (target - 1) / 480 along.
    EXPECT_NEAR(y, 1.0 + (target - 1.0) * (i + 1) / 480.0, 1e-12) << i;
    EXPECT_GT(y, prev - 1e-12);
    EXPECT_LE(y, target + 1e-12);
    prev = y;
  }
  EXPECT_NEAR(prev, target, 1e-12);
  EXPECT_NEAR(ws.process(0.01) / 0.01, target, 1e-12);
}

// Amplitude of the component at frequency f (cycles/sample) over a whole number of periods.
double tone_amplitude(const std::vector<double>& y, std::size_t start, std::size_t n, double f) {
  double re = 0, im = 0;
  for (std::size_t i = 0; i < n; ++i) {
    re += y[start + i] * std::cos(2 * std::numbers::pi * f * static_cast<double>(i));
    im += y[start + i] * std::sin(2 * std::numbers::pi * f * static_cast<double>(i));
  }
  return 2 * std::hypot(re, im) / static_cast<double>(n);
}

TEST(TubeSaturator, SmallSignalGainMatchesCurveSlope) {
  const double fs = 48000, f = 1000.0 / fs;
  TubeSaturator<double> tube;
  tube.prepare(fs, 512, 1);
  tube.set_drive_db(12.0);
  tube.set_bias(0.3);
  tube.reset();
  std::vector<double> y(48000);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = tube.process(1e-4 * std::sin(2 * std::numbers::pi * f * i), 0);
  const double d = std::pow(10.0, 12.0 / 20.0);
  const double slope = 1.0 - std::tanh(0.3) * std::tanh(0.3);
  // 5 Hz one-pole DC blocker at 1 kHz: |H| = 1 / sqrt(1 + (5/1000)^2) (bilinear-ish; < 1e-4 dB)
  EXPECT_NEAR(tone_amplitude(y, 24000, 24000, f) / 1e-4, d * slope, d * slope * 1e-3);
}

TEST(TubeSaturator, EvenHarmonicsAndNoDc) {
  const double fs = 48000, f = 1000.0 / fs;
  TubeSaturator<double> tube;
  tube.prepare(fs, 512, 1);
  tube.set_drive_db(18.0);
  tube.set_bias(0.2);
  tube.reset();
  std::vector<double> y(96000);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = tube.process(0.5 * std::sin(2 * std::numbers::pi * f * i), 0);
  const double h1 = tone_amplitude(y, 48000, 48000, f);
  const double h2 = tone_amplitude(y, 48000, 48000, 2 * f);
  EXPECT_GT(20 * std::log10(h2 / h1), -40.0) << "asymmetry gives a 2nd harmonic (a symmetric curve gives none)";
  double mean = 0;
  for (std::size_t i = 48000; i < 96000; ++i) mean += y[i];
  mean /= 48000;
  EXPECT_LT(std::abs(mean), 1e-3 * h1) << "DC removed";
  EXPECT_NEAR(tube.process(0.0, 5), 0.0, 0.0) << "bad channel passes through";
}

TEST(TapeSaturator, TransparentAtLowLevelAtEveryFrequency) {
  const double fs = 48000;
  for (double hz : {100.0, 1000.0, 5000.0, 15000.0}) {
    TapeSaturator<double> tape;
    tape.prepare(fs, 512, 1);
    tape.set_emphasis_db(12.0);
    tape.set_drive_db(6.0);
    tape.reset();
    // Whole number of periods: choose n so that hz * n / fs is an integer.
    const std::size_t n = 48000;
    std::vector<double> y(2 * n);
    for (std::size_t i = 0; i < y.size(); ++i)
      y[i] = tape.process(1e-4 * std::sin(2 * std::numbers::pi * hz / fs * i), 0);
    const double gain_db = 20 * std::log10(tone_amplitude(y, n, n, hz / fs) / 1e-4);
    EXPECT_NEAR(gain_db, 6.0, 0.01) << hz << " Hz";
  }
}

TEST(TapeSaturator, TrebleSaturatesFirst) {
  const double fs = 48000;
  auto gain_at = [&](double hz) {
    TapeSaturator<double> tape;
    tape.prepare(fs, 512, 1);
    tape.set_emphasis_db(12.0);
    tape.set_drive_db(6.0);
    tape.reset();
    const std::size_t n = 48000;
    std::vector<double> y(2 * n);
    for (std::size_t i = 0; i < y.size(); ++i)
      y[i] = tape.process(0.5 * std::sin(2 * std::numbers::pi * hz / fs * i), 0);
    return 20 * std::log10(tone_amplitude(y, n, n, hz / fs) / 0.5);
  };
  const double low = gain_at(100.0), high = gain_at(8000.0);
  EXPECT_LT(high, low - 2.0) << "low " << low << " high " << high;
}

TEST(Saturators, NanThenResetRecovers) {
  TubeSaturator<float> tube;
  TapeSaturator<float> tape;
  tube.prepare(48000, 64, 1);
  tape.prepare(48000, 64, 1);
  std::vector<float> x(64, std::numeric_limits<float>::quiet_NaN());
  tube.process(std::span<float>(x), 0);
  x.assign(64, std::numeric_limits<float>::quiet_NaN());
  tape.process(std::span<float>(x), 0);
  tube.reset();
  tape.reset();
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(std::isfinite(tube.process(0.3f, 0)));
    EXPECT_TRUE(std::isfinite(tape.process(0.3f, 0)));
  }
  // Out-of-range parameters are clamped, not trusted.
  tube.set_drive_db(1e9);
  tube.set_bias(-7);
  tape.set_emphasis_db(-5);
  tape.set_drive_db(std::numeric_limits<double>::infinity());
  tube.reset();
  tape.reset();
  for (int i = 0; i < 100; ++i) {
    EXPECT_LE(std::abs(tube.process(0.9f, 0)), 2.5f);
    EXPECT_TRUE(std::isfinite(tape.process(0.9f, 0)));
  }
}

TEST(Bitcrusher, QuantizationLevels) {
  for (int bits : {1, 2, 3, 4, 8}) {
    Bitcrusher<double> bc;
    bc.prepare(48000, 64, 1);
    bc.set_bits(bits);
    const double q = std::pow(2.0, 1 - bits);
    EXPECT_DOUBLE_EQ(bc.quantization_step(), q);
    std::set<double> levels;
    for (int i = -30000; i <= 30000; ++i) {
      const double x = i / 20000.0;  // [-1.5, 1.5]
      const double y = bc.process(x, 0);
      EXPECT_LE(std::abs(y - std::clamp(x, -1.0, 1.0)), q / 2 + 1e-12);
      const double k = y / q;
      EXPECT_DOUBLE_EQ(k, std::round(k)) << "on the grid";
      levels.insert(y);
    }
    EXPECT_EQ(levels.size(), static_cast<std::size_t>((1 << bits) + 1)) << bits << " bits";
    EXPECT_EQ(bc.process(0.0, 0), 0.0) << "mid-tread: silence stays silent";
  }
}

TEST(Bitcrusher, SampleAndHold) {
  Bitcrusher<float> bc;
  bc.prepare(48000, 64, 2);
  bc.set_downsample(4.0);
  std::vector<float> x(64);
  for (int i = 0; i < 64; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
  auto y = x;
  bc.process(std::span<float>(y), 1);
  for (int i = 0; i < 64; ++i) EXPECT_EQ(y[static_cast<std::size_t>(i)], x[static_cast<std::size_t>(i - i % 4)]) << i;

  // Fractional factor: the average hold length equals the factor.
  Bitcrusher<double> b2;
  b2.prepare(48000, 64, 1);
  b2.set_downsample(2.5);
  int changes = 0;
  double prev = -1;
  for (int i = 0; i < 1000; ++i) {
    const double y2 = b2.process(static_cast<double>(i), 0);
    if (y2 != prev) ++changes;
    prev = y2;
  }
  EXPECT_EQ(changes, 400);
  // Clamps.
  b2.set_downsample(0.1);
  b2.set_bits(100);
  EXPECT_EQ(b2.bits(), 24.0);
  EXPECT_EQ(b2.process(0.123, 0), 0.123);
}

TEST(Bitcrusher, NanIsClearedByReset) {
  Bitcrusher<float> bc;
  bc.prepare(48000, 64, 1);
  bc.set_downsample(8);
  bc.set_bits(8);
  (void)bc.process(std::numeric_limits<float>::quiet_NaN(), 0);
  bc.reset();
  EXPECT_TRUE(std::isfinite(bc.process(0.5f, 0)));
}

}  // namespace
