#include "plinth/dsp/biquad.h"

#include "dsp/filter_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pd = plinth::dsp;
using namespace plinth::dsp::test;

namespace {
// The cookbook's analog prototypes (cutoff normalized to 1), A = 10^(dB/40).
cd prototype(pd::BiquadType type, cd s, double q, double gain_db) {
  const double A = std::pow(10.0, gain_db / 40.0);
  const cd den = s * s + s / q + 1.0;
  switch (type) {
    case pd::BiquadType::LowPass: return 1.0 / den;
    case pd::BiquadType::HighPass: return s * s / den;
    case pd::BiquadType::BandPass: return (s / q) / den;
    case pd::BiquadType::Notch: return (s * s + 1.0) / den;
    case pd::BiquadType::AllPass: return (s * s - s / q + 1.0) / den;
    case pd::BiquadType::Peak: return (s * s + s * (A / q) + 1.0) / (s * s + s / (A * q) + 1.0);
    case pd::BiquadType::LowShelf:
      return A * (s * s + (std::sqrt(A) / q) * s + A) / (A * s * s + (std::sqrt(A) / q) * s + 1.0);
    case pd::BiquadType::HighShelf:
      return A * (A * s * s + (std::sqrt(A) / q) * s + 1.0) / (s * s + (std::sqrt(A) / q) * s + A);
  }
  return 0;
}

const pd::BiquadType kAllTypes[] = {pd::BiquadType::LowPass,   pd::BiquadType::HighPass, pd::BiquadType::BandPass,
                                    pd::BiquadType::Notch,     pd::BiquadType::Peak,     pd::BiquadType::LowShelf,
                                    pd::BiquadType::HighShelf, pd::BiquadType::AllPass};

const char* name(pd::BiquadType t) {
  const char* names[] = {"LowPass", "HighPass", "BandPass", "Notch", "Peak", "LowShelf", "HighShelf", "AllPass"};
  return names[static_cast<int>(t)];
}

template <typename T>
void check_type(pd::BiquadType type, double f0, double q, double gain_db, bool check_phase) {
  constexpr double fs = 48000.0;
  pd::Biquad<T> f;
  f.set_parameters(type, f0, q, gain_db);
  f.prepare(fs, 512, 1);
  const auto h = impulse_response([&](double x) { return f.process(static_cast<T>(x)); });
  for (double freq : {20.0, 100.0, 440.0, 1000.0, 2500.0, 7000.0, 15000.0, 21000.0}) {
    if (type == pd::BiquadType::Notch && std::abs(freq - f0) < 1.0) continue;  // exact zero: magnitude in dB is -inf
    const cd measured = dft(h, freq, fs);
    const cd expected = prototype(type, warped_s(freq, f0, fs), q, gain_db);
    // Magnitude within 0.1 dB where the response is above -60 dB (deep stop band is
    // float noise territory).
    if (db(expected) > -60.0) {
      EXPECT_NEAR(db(measured), db(expected), 0.1)
          << name(type) << " f0=" << f0 << " q=" << q << " at " << freq << " Hz";
    }
    if (check_phase && db(expected) > -40.0) {
      EXPECT_NEAR(phase_diff(measured, expected), 0.0, 0.01) << name(type) << " phase at " << freq << " Hz";
    }
  }
}
}  // namespace

template <typename T>
class BiquadTyped : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(BiquadTyped, SampleTypes);

TYPED_TEST(BiquadTyped, EveryTypeMatchesCookbookTransferFunction) {
  for (auto type : kAllTypes) {
    const bool phase = type == pd::BiquadType::LowPass || type == pd::BiquadType::HighPass ||
                       type == pd::BiquadType::AllPass || type == pd::BiquadType::BandPass;
    check_type<TypeParam>(type, 1000.0, 0.7071, 6.0, phase);
    check_type<TypeParam>(type, 5000.0, 2.5, -9.0, phase);
    check_type<TypeParam>(type, 200.0, 0.5, 12.0, phase);
  }
}

TEST(Biquad, KnownPointsOfTheCookbookDesigns) {
  constexpr double fs = 44100.0;
  auto at = [&](pd::BiquadType t, double f, double q, double g, double probe) {
    return pd::BiquadCoefficients<double>::design(t, fs, f, q, g).response(probe, fs);
  };
  // Butterworth Q: -3.01 dB at cutoff for low and high pass.
  EXPECT_NEAR(db(at(pd::BiquadType::LowPass, 1000, std::sqrt(0.5), 0, 1000)), -3.0103, 1e-3);
  EXPECT_NEAR(db(at(pd::BiquadType::HighPass, 1000, std::sqrt(0.5), 0, 1000)), -3.0103, 1e-3);
  // Band pass: 0 dB at the centre; notch: a zero there; peak: the gain there.
  EXPECT_NEAR(db(at(pd::BiquadType::BandPass, 3000, 4, 0, 3000)), 0.0, 1e-6);
  EXPECT_LT(std::abs(at(pd::BiquadType::Notch, 3000, 4, 0, 3000)), 1e-9);
  EXPECT_NEAR(db(at(pd::BiquadType::Peak, 3000, 1, 7.5, 3000)), 7.5, 1e-6);
  // Shelves: full gain at the far end, half the gain (in dB) at the corner.
  EXPECT_NEAR(db(at(pd::BiquadType::LowShelf, 500, 0.7071, 10, 1)), 10.0, 1e-3);
  EXPECT_NEAR(db(at(pd::BiquadType::LowShelf, 500, 0.7071, 10, 500)), 5.0, 1e-6);
  EXPECT_NEAR(db(at(pd::BiquadType::HighShelf, 500, 0.7071, -10, 22000)), -10.0, 1e-2);
  // All-pass: unity everywhere, -180 degrees at the centre.
  for (double f : {50.0, 700.0, 2000.0, 9000.0})
    EXPECT_NEAR(std::abs(at(pd::BiquadType::AllPass, 2000, 1.3, 0, f)), 1.0, 1e-9);
  EXPECT_NEAR(std::abs(std::arg(at(pd::BiquadType::AllPass, 2000, 1.3, 0, 2000))), std::numbers::pi, 1e-6);
}

TEST(Biquad, OutOfRangeParametersAreClamped) {
  pd::Biquad<float> f;
  f.prepare(48000.0, 64, 1);
  f.set_frequency(1e9);
  EXPECT_DOUBLE_EQ(f.frequency(), 0.49 * 48000.0);
  f.set_frequency(-5.0);
  EXPECT_DOUBLE_EQ(f.frequency(), 1.0);
  f.set_frequency(std::nan(""));
  EXPECT_DOUBLE_EQ(f.frequency(), 1000.0);
  f.set_q(0.0);
  EXPECT_DOUBLE_EQ(f.q(), 0.05);
  f.set_q(1e6);
  EXPECT_DOUBLE_EQ(f.q(), 50.0);
  f.set_gain_db(200.0);
  EXPECT_DOUBLE_EQ(f.gain_db(), 48.0);
  // Cutoff above Nyquist: the clamped design is stable and finite.
  f.set_parameters(pd::BiquadType::LowPass, 1e6, 50.0);
  f.reset();
  const auto c = f.target_coefficients();
  EXPECT_LT(std::abs(c.a2), 1.0f);
  EXPECT_LT(std::abs(c.a1), 1.0f + c.a2);
  float y = 0;
  for (int i = 0; i < 10000; ++i) y = f.process(i % 2 ? 1.0f : -1.0f);
  EXPECT_TRUE(std::isfinite(y));
  // Unknown channel: pass-through, no crash.
  EXPECT_EQ(f.process(0.25f, 7), 0.25f);
  EXPECT_EQ(f.process(0.25f, -1), 0.25f);
  // Non-finite custom coefficients are ignored.
  pd::BiquadCoefficients<float> bad{};
  bad.a1 = std::numeric_limits<float>::quiet_NaN();
  f.set_coefficients(bad);
  EXPECT_TRUE(std::isfinite(f.target_coefficients().a1));
}

TYPED_TEST(BiquadTyped, NanInputThenResetRecovers) {
  using T = TypeParam;
  pd::Biquad<T> f;
  f.set_parameters(pd::BiquadType::Peak, 1000, 2, 6);
  f.prepare(48000, 64, 2);
  std::vector<T> block(64, T(0.5));
  block[10] = std::numeric_limits<T>::quiet_NaN();
  f.process(block, 1);
  // Block processing sanitizes its state at the end of the block.
  std::vector<T> next(64, T(0.5));
  f.process(next, 1);
  EXPECT_TRUE(std::isfinite(next.back()));
  // Per-sample: NaN sticks until reset().
  (void)f.process(std::numeric_limits<T>::infinity(), 0);
  f.reset();
  T y = 0;
  for (int i = 0; i < 100; ++i) y = f.process(T(0.5), 0);
  EXPECT_TRUE(std::isfinite(y));
}

TEST(Biquad, ChannelsAreIndependentAndBlockEqualsSamples) {
  pd::Biquad<double> a, b;
  for (auto* f : {&a, &b}) {
    f->set_parameters(pd::BiquadType::HighShelf, 3000, 0.9, 4);
    f->prepare(48000, 256, 2);
  }
  std::vector<double> x(300);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.05 * double(i)) + 0.3 * std::cos(0.71 * double(i));
  auto blk = x;
  a.process(std::span<double>(blk).first(100), 1);
  a.set_frequency(500);  // glide in the middle
  a.process(std::span<double>(blk).subspan(100), 1);
  for (size_t i = 0; i < x.size(); ++i) {
    if (i == 100) b.set_frequency(500);
    EXPECT_NEAR(b.process(x[i], 1), blk[i], 1e-12) << i;
  }
  // Channel 0 of `a` never ran: its state is still clear.
  pd::Biquad<double> fresh;
  fresh.set_parameters(pd::BiquadType::HighShelf, 500, 0.9, 4);
  fresh.prepare(48000, 256, 1);
  a.reset();
  EXPECT_DOUBLE_EQ(a.process(1.0, 0), fresh.process(1.0, 0));
}

TEST(Biquad, ModulationGlidesWithoutJumps) {
  // Sweep the cutoff of a resonant low pass every sample over a sine; the output must
  // stay bounded and change smoothly (no clicks: the largest sample-to-sample step is
  // close to that of the unmodulated filter).
  constexpr double fs = 48000;
  pd::Biquad<float> f;
  f.set_parameters(pd::BiquadType::LowPass, 500, 4.0);
  f.set_smoothing_time(0.002);
  f.prepare(fs, 64, 1);
  float prev = 0, max_step = 0, max_abs = 0;
  for (int n = 0; n < 48000; ++n) {
    if (n % 16 == 0)  // jumps of 4 octaves every 16 samples: the glide must absorb them
      f.set_frequency((n / 16) % 2 ? 8000.0 : 500.0);
    const float x = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 220.0 * n / fs));
    const float y = f.process(x);
    max_step = std::max(max_step, std::abs(y - prev));
    max_abs = std::max(max_abs, std::abs(y));
    prev = y;
  }
  EXPECT_TRUE(std::isfinite(max_abs));
  EXPECT_LT(max_abs, 4.0f);
  EXPECT_LT(max_step, 0.25f);
  // Glide length is exact: after smoothingTime * fs samples the coefficients are the
  // target ones.
  f.set_frequency(3000);
  EXPECT_TRUE(f.is_smoothing());
  for (int i = 0; i < 96; ++i) (void)f.process(0.0f);
  EXPECT_FALSE(f.is_smoothing());
}
