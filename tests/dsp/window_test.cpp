// Windows: closed-form coefficients, published ENBW, Bessel I0; spectrum helper readings.
#include "plinth/dsp/spectrum.h"
#include "plinth/dsp/window.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace {

using namespace plinth::dsp;

TEST(Window, HannClosedFormAndSymmetry) {
  std::vector<double> w(16);
  fill_window(std::span<double>(w), WindowType::Hann);  // periodic
  for (int n = 0; n < 16; ++n)
    EXPECT_NEAR(w[static_cast<std::size_t>(n)], 0.5 - 0.5 * std::cos(2 * std::numbers::pi * n / 16), 1e-15);
  EXPECT_NEAR(w[0], 0.0, 1e-15);
  EXPECT_NEAR(w[8], 1.0, 1e-15);
  fill_window(std::span<double>(w), WindowType::Hann, WindowSymmetry::Symmetric);
  EXPECT_NEAR(w[0], 0.0, 1e-15);
  EXPECT_NEAR(w[15], 0.0, 1e-15);
  for (int n = 0; n < 16; ++n) EXPECT_NEAR(w[static_cast<std::size_t>(n)], w[static_cast<std::size_t>(15 - n)], 1e-15);
}

TEST(Window, KnownEndpointAndPeakValues) {
  std::vector<double> w(9);
  auto check = [&](WindowType t, double end, double mid) {
    fill_window(std::span<double>(w), t, WindowSymmetry::Symmetric);
    EXPECT_NEAR(w[0], end, 1e-12);
    EXPECT_NEAR(w[4], mid, 1e-12);
  };
  check(WindowType::Hamming, 0.08, 1.0);
  check(WindowType::Blackman, 0.0, 1.0);  // 0.42 - 0.5 + 0.08
  check(WindowType::BlackmanHarris, 0.00006, 1.0);
  check(WindowType::FlatTop, -0.000421051, 1.000000003);
  check(WindowType::Rectangular, 1.0, 1.0);
}

TEST(Window, BesselI0KnownValues) {
  // Abramowitz & Stegun table 9.8: I0(1) = 1.2660658777520082, I0(5) = 27.239871823604442.
  EXPECT_NEAR(bessel_i0(0.0), 1.0, 1e-15);
  EXPECT_NEAR(bessel_i0(1.0), 1.2660658777520082, 1e-14);
  EXPECT_NEAR(bessel_i0(5.0), 27.239871823604442, 1e-11);
}

TEST(Window, KaiserClosedForm) {
  const double beta = 5.0;
  std::vector<float> w(11);
  fill_window(std::span<float>(w), WindowType::Kaiser, WindowSymmetry::Symmetric, beta);
  EXPECT_NEAR(w[0], 1.0 / 27.239871823604442, 1e-7);  // I0(0) / I0(beta)
  EXPECT_NEAR(w[5], 1.0, 1e-7);
  // n = 7: r = 0.4, I0(5 sqrt(0.84)) / I0(5)
  EXPECT_NEAR(w[7], bessel_i0(5 * std::sqrt(0.84)) / bessel_i0(5), 1e-6);
}

TEST(Window, EnbwMatchesPublishedValues) {
  // Harris (1978) / Heinzel et al. (2002): ENBW in bins for large N.
  std::vector<double> w(8192);
  auto enbw = [&](WindowType t) {
    fill_window(std::span<double>(w), t);
    return window_enbw(std::span<const double>(w));
  };
  EXPECT_NEAR(enbw(WindowType::Rectangular), 1.0, 1e-12);
  EXPECT_NEAR(enbw(WindowType::Hann), 1.5, 1e-9);
  EXPECT_NEAR(enbw(WindowType::Hamming), 1.3628, 1e-4);
  EXPECT_NEAR(enbw(WindowType::Blackman), 1.7268, 1e-4);
  EXPECT_NEAR(enbw(WindowType::BlackmanHarris), 2.0044, 1e-4);
  EXPECT_NEAR(enbw(WindowType::FlatTop), 3.7702, 2e-4);
  fill_window(std::span<double>(w), WindowType::Hann);
  EXPECT_NEAR(window_coherent_gain(std::span<const double>(w)), 0.5, 1e-12);
}

TEST(Spectrum, BinCentredSineReadsItsAmplitude) {
  const int n = 1024;
  for (auto t : {WindowType::Hann, WindowType::BlackmanHarris, WindowType::FlatTop, WindowType::Rectangular}) {
    SpectrumAnalyzer<float> sa;
    sa.prepare(n, t);
    ASSERT_EQ(sa.num_bins(), n / 2 + 1);
    std::vector<float> x(n), db(static_cast<std::size_t>(sa.num_bins()));
    for (int i = 0; i < n; ++i)
      x[static_cast<std::size_t>(i)] = 0.5f * static_cast<float>(std::sin(2 * std::numbers::pi * 100 * i / n + 0.3));
    sa.magnitude_db(x, db);
    EXPECT_NEAR(db[100], 20 * std::log10(0.5), 0.01);
    if (t == WindowType::Rectangular) {
      EXPECT_LT(db[300], -100.0);
    }
  }
}

TEST(Spectrum, FlatTopReadsAmplitudeBetweenBinsHannScallops) {
  const int n = 2048;
  std::vector<double> x(n), db(n / 2 + 1);
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = std::sin(2 * std::numbers::pi * 200.5 * i / n);
  SpectrumAnalyzer<double> flat, hann;
  flat.prepare(n, WindowType::FlatTop);
  hann.prepare(n, WindowType::Hann);
  flat.magnitude_db(x, db);
  EXPECT_NEAR(std::max(db[200], db[201]), 0.0, 0.02);
  hann.magnitude_db(x, db);
  // Hann scalloping loss at half a bin: 20 log10(sinc(0.5) / (1 - 0.25)) = -1.42 dB.
  EXPECT_NEAR(std::max(db[200], db[201]), -1.4236, 0.01);
  EXPECT_NEAR(hann.bin_frequency(200, 48000), 200 * 48000.0 / n, 1e-9);
}

TEST(Spectrum, SilenceAndNanReadTheFloor) {
  SpectrumAnalyzer<float> sa;
  sa.prepare(64);
  std::vector<float> x(64, 0.0f), db(33);
  x[5] = std::numeric_limits<float>::quiet_NaN();
  sa.magnitude_db(x, db, -150.0f);
  for (float v : db) EXPECT_EQ(v, -150.0f);
}

}  // namespace
