#include "plinth/dsp/noise.h"

#include "dsp/spectrum_probe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace pd = plinth::dsp;
namespace sp = spectrum_probe;

template <typename T>
void check_white_statistics() {
  pd::WhiteNoise<T> noise;
  noise.prepare(48000.0, 512, 1);
  noise.set_seed(42);
  const int n = 1 << 20;
  double sum = 0, sum2 = 0, lag = 0, prev = 0, lo = 1, hi = -1;
  for (int i = 0; i < n; ++i) {
    const double v = static_cast<double>(noise.process());
    sum += v;
    sum2 += v * v;
    lag += v * prev;
    prev = v;
    lo = std::fmin(lo, v);
    hi = std::fmax(hi, v);
  }
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  // Uniform on [-1, 1): mean 0 (std error 0.577/1024), variance 1/3.
  EXPECT_NEAR(mean, 0.0, 3e-3);
  EXPECT_NEAR(var, 1.0 / 3.0, 0.005);
  EXPECT_NEAR(lag / n / var, 0.0, 0.01);  // white: no lag-1 correlation
  EXPECT_GE(lo, -1.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_LT(lo, -0.999);
  EXPECT_GT(hi, 0.999);
}

TEST(Noise, WhiteMeanVarianceFloat) { check_white_statistics<float>(); }
TEST(Noise, WhiteMeanVarianceDouble) { check_white_statistics<double>(); }

TEST(Noise, SeededAndReproducible) {
  pd::WhiteNoise<float> a, b;
  a.set_seed(7);
  b.set_seed(7);
  std::vector<float> first(100);
  for (auto& v : first) {
    v = a.process();
    EXPECT_EQ(v, b.process());
  }
  a.reset();
  for (float v : first) EXPECT_EQ(v, a.process());
  b.set_seed(8);
  int same = 0;
  for (float v : first) same += (v == b.process());
  EXPECT_LT(same, 3);
}

TEST(Noise, WhiteSpectrumIsFlat) {
  pd::WhiteNoise<double> noise;
  std::vector<double> x(1 << 18);
  for (auto& v : x) v = noise.process();
  const auto p = sp::welch(x, 1024);
  // Average power in the lower and upper halves of the band agree within 0.5 dB.
  double lo = 0, hi = 0;
  for (std::size_t k = 8; k < 256; ++k) lo += p[k];
  for (std::size_t k = 256; k < 504; ++k) hi += p[k];
  EXPECT_NEAR(10 * std::log10(lo / hi), 0.0, 0.5);
}

template <typename T>
void check_pink_slope() {
  pd::PinkNoise<T> pink;
  pink.prepare(48000.0, 512, 1);
  pink.set_seed(99);
  std::vector<T> x(1 << 19);  // ~11 s
  for (auto& v : x) v = pink.process();
  const std::size_t n = 8192;
  const auto p = sp::welch(x, n);
  const double bin_hz = 48000.0 / n;
  // Mean power density per octave band from 40 Hz to 20480 Hz (9 octaves), then a
  // least-squares line of dB against octave number.
  std::vector<double> octave, db;
  for (double f0 = 40.0; f0 * 2 <= 20480.0 + 1; f0 *= 2) {
    double s = 0;
    int count = 0;
    for (auto k = static_cast<std::size_t>(std::ceil(f0 / bin_hz)); static_cast<double>(k) * bin_hz < 2 * f0; ++k) {
      s += p[k];
      ++count;
    }
    octave.push_back(std::log2(f0));
    db.push_back(10 * std::log10(s / count));
  }
  const double m = static_cast<double>(octave.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < octave.size(); ++i) {
    sx += octave[i];
    sy += db[i];
    sxx += octave[i] * octave[i];
    sxy += octave[i] * db[i];
  }
  const double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
  const double intercept = (sy - slope * sx) / m;
  double worst = 0;
  for (std::size_t i = 0; i < octave.size(); ++i)
    worst = std::fmax(worst, std::fabs(db[i] - (intercept + slope * octave[i])));
  double rms = 0;
  for (auto v : x) rms += static_cast<double>(v) * static_cast<double>(v);
  rms = std::sqrt(rms / static_cast<double>(x.size()));
  std::printf("pink noise: slope %.3f dB/octave, worst octave deviation %.2f dB, rms %.3f\n", slope, worst, rms);
  EXPECT_NEAR(slope, -3.01, 0.25);
  EXPECT_LT(worst, 0.75);
  EXPECT_NEAR(rms, 0.3, 0.1);
}

TEST(Noise, PinkSlopeMinus3dBPerOctaveFloat) { check_pink_slope<float>(); }
TEST(Noise, PinkSlopeMinus3dBPerOctaveDouble) { check_pink_slope<double>(); }

TEST(Noise, PinkResetRestarts) {
  pd::PinkNoise<float> pink;
  pink.prepare(44100.0, 64, 1);
  std::vector<float> a(64);
  for (auto& v : a) v = pink.process();
  pink.reset();
  for (float v : a) EXPECT_EQ(v, pink.process());
}
