#include "plinth/dsp/delay_line.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include "dsp/fx_measure.h"

using namespace plinth::dsp;
using namespace plinth::dsp::fx_measure;

namespace {

constexpr double kFs = 48000.0;

enum class Read { linear, lagrange, hermite, thiran };

// Runs sin(w n) through a delay line read with the given method at a constant delay and
// returns the measured complex response.
template <typename T>
std::complex<double> measure(Read method, double delay, double w, std::size_t length = 16384) {
  DelayLine<T> line;
  line.prepare(64);
  ThiranReader<T> thiran;
  std::vector<double> y(length);
  for (std::size_t n = 0; n < length; ++n) {
    line.push(static_cast<T>(std::sin(w * static_cast<double>(n))));
    const T d = static_cast<T>(delay);
    T out{};
    switch (method) {
      case Read::linear: out = line.read_linear(d); break;
      case Read::lagrange: out = line.read_lagrange(d); break;
      case Read::hermite: out = line.read_hermite(d); break;
      case Read::thiran: out = thiran.read(line, d); break;
    }
    y[n] = static_cast<double>(out);
  }
  return fit_sine(y, w, 256, length);
}

// The analytic transfer function of each read for delay i + f.
std::complex<double> analytic(Read method, double delay, double w) {
  const auto z1 = [w](double k) { return std::polar(1.0, -w * k); };
  if (method == Read::thiran) {
    const double n = std::floor(delay - 0.5);
    const double d = delay - n;
    const double a = (1 - d) / (1 + d);
    return z1(n) * (a + z1(1)) / (1.0 + a * z1(1));
  }
  const double i = std::floor(method == Read::linear ? delay : std::max(delay, 1.0));
  const double f = delay - i;
  if (method == Read::linear) return z1(i) * ((1 - f) + f * z1(1));
  double wgt[4];
  if (method == Read::lagrange) {
    wgt[0] = -f * (f - 1) * (f - 2) / 6;
    wgt[1] = (f + 1) * (f - 1) * (f - 2) / 2;
    wgt[2] = -(f + 1) * f * (f - 2) / 2;
    wgt[3] = (f + 1) * f * (f - 1) / 6;
  } else {  // Catmull-Rom basis
    wgt[0] = (-f * f * f + 2 * f * f - f) / 2;
    wgt[1] = (3 * f * f * f - 5 * f * f + 2) / 2;
    wgt[2] = (-3 * f * f * f + 4 * f * f + f) / 2;
    wgt[3] = (f * f * f - f * f) / 2;
  }
  std::complex<double> h{0, 0};
  for (int k = 0; k < 4; ++k) h += wgt[k] * z1(i + k - 1);
  return h;
}

}  // namespace

TEST(DelayLine, IntegerDelayIsExactToTheSample) {
  DelayLine<float> line;
  line.prepare(1000);
  for (int delay : {0, 1, 7, 500, 1000}) {
    line.reset();
    std::vector<float> out;
    for (int n = 0; n < 1200; ++n) {
      line.push(n == 3 ? 1.0f : 0.0f);
      out.push_back(line.read(delay));
    }
    for (int n = 0; n < 1200; ++n) {
      EXPECT_EQ(out[static_cast<std::size_t>(n)], n == 3 + delay ? 1.0f : 0.0f) << delay << " " << n;
    }
  }
}

TEST(DelayLine, BufferIsPowerOfTwoAndWrapsManyTimes) {
  DelayLine<double> line;
  line.prepare(100);
  const auto size = line.buffer_size();
  EXPECT_EQ(size & (size - 1), 0u);
  EXPECT_GE(size, 104u);
  // A ramp read back at delay 100 after many wraps.
  for (int n = 0; n < 5000; ++n) {
    line.push(n);
    if (n >= 100) {
      ASSERT_EQ(line.read(100), n - 100);
    }
  }
}

TEST(DelayLine, ReadsAreClampedToRange) {
  DelayLine<double> line;
  line.prepare(50);
  for (int n = 0; n < 200; ++n) line.push(n);
  EXPECT_EQ(line.read(1000), 199 - 50);
  EXPECT_EQ(line.read(-5), 199);
  EXPECT_DOUBLE_EQ(line.read_linear(1e9), 199 - 50);
  EXPECT_DOUBLE_EQ(line.read_linear(-3), 199);
  EXPECT_DOUBLE_EQ(line.read_linear(std::numeric_limits<double>::quiet_NaN()), 199);
  EXPECT_DOUBLE_EQ(line.read_lagrange(0.2), 198);  // clamped to 1
  EXPECT_DOUBLE_EQ(line.read_hermite(1e9), 199 - 50);
}

TEST(DelayLine, InterpolatorsReproduceARampExactly) {
  // Linear and both cubics are exact for linear signals: y = n - delay.
  DelayLine<double> line;
  line.prepare(64);
  for (int n = 0; n < 300; ++n) {
    line.push(n);
    const double d = 3.0 + 0.37 * std::sin(n * 0.01);
    if (n > 70) {
      ASSERT_NEAR(line.read_linear(d), n - d, 1e-9);
      ASSERT_NEAR(line.read_lagrange(d), n - d, 1e-9);
      ASSERT_NEAR(line.read_hermite(d), n - d, 1e-9);
    }
  }
}

TEST(DelayLine, FractionalPhaseDelayAtLowFrequency) {
  const double w = 2 * kPi * 100.0 / kFs;
  for (Read m : {Read::linear, Read::lagrange, Read::hermite, Read::thiran}) {
    for (double delay : {5.25, 10.5, 20.75, 33.1}) {
      const auto h = measure<double>(m, delay, w);
      EXPECT_NEAR(phase_delay(h, w, delay), delay, 1e-4) << static_cast<int>(m) << " " << delay;
      EXPECT_NEAR(std::abs(h), 1.0, 1e-4);
      const auto hf = measure<float>(m, delay, w);
      EXPECT_NEAR(phase_delay(hf, w, delay), delay, 2e-3) << "float " << static_cast<int>(m);
    }
  }
}

TEST(DelayLine, FractionalReadsMatchTheirTransferFunctions) {
  for (Read m : {Read::linear, Read::lagrange, Read::hermite, Read::thiran}) {
    for (double f0 : {1000.0, 5000.0, 10000.0}) {
      for (double delay : {10.25, 10.5, 10.75}) {
        const double w = 2 * kPi * f0 / kFs;
        const auto h = measure<double>(m, delay, w);
        const auto expected = analytic(m, delay, w);
        EXPECT_NEAR(std::abs(h - expected), 0.0, 1e-7) << static_cast<int>(m) << " " << f0;
      }
    }
  }
}

TEST(DelayLine, PhaseDelayErrorBoundsPerMethod) {
  // Bounds (samples) on |phase delay - requested| for fractional parts 0.25/0.5/0.75,
  // from the methods' transfer functions at 48 kHz. Rows: 1, 5, 10 kHz.
  const double freqs[3] = {1000.0, 5000.0, 10000.0};
  const double bound[4][3] = {
      {3e-4, 7.5e-3, 3.1e-2},    // linear
      {2e-6, 7e-4, 9e-3},        // Lagrange
      {3e-4, 7.5e-3, 3.1e-2},    // Hermite
      {1.1e-3, 2.5e-2, 8.5e-2},  // Thiran all-pass
  };
  for (int mi = 0; mi < 4; ++mi) {
    for (int fi = 0; fi < 3; ++fi) {
      for (double delay : {10.25, 10.5, 10.75}) {
        const double w = 2 * kPi * freqs[fi] / kFs;
        const auto h = measure<double>(static_cast<Read>(mi), delay, w);
        EXPECT_LT(std::abs(phase_delay(h, w, delay) - delay), bound[mi][fi]) << mi << " " << freqs[fi] << " " << delay;
      }
    }
  }
}

TEST(DelayLine, ThiranIsAllPass) {
  for (double f0 : {1000.0, 8000.0, 15000.0, 20000.0}) {
    const double w = 2 * kPi * f0 / kFs;
    const auto h = measure<double>(Read::thiran, 7.3, w);
    EXPECT_NEAR(to_db(std::abs(h)), 0.0, 1e-3) << f0;
  }
  // Linear interpolation, by contrast, loses 2 dB at 10 kHz for a half-sample delay.
  const auto hl = measure<double>(Read::linear, 7.5, 2 * kPi * 10000.0 / kFs);
  EXPECT_NEAR(to_db(std::abs(hl)), 20 * std::log10(std::cos(kPi * 10000.0 / kFs)), 1e-3);
}

TEST(DelayLine, NanThenResetRecovers) {
  DelayLine<float> line;
  line.prepare(32);
  ThiranReader<float> thiran;
  for (int n = 0; n < 40; ++n) {
    line.push(std::numeric_limits<float>::quiet_NaN());
    (void)thiran.read(line, 4.3f);
  }
  line.reset();
  thiran.reset();
  for (int n = 0; n < 100; ++n) {
    line.push(std::sin(0.1f * static_cast<float>(n)));
    EXPECT_TRUE(std::isfinite(thiran.read(line, 4.3f)));
    EXPECT_TRUE(std::isfinite(line.read_hermite(4.3f)));
    EXPECT_TRUE(std::isfinite(line.read_lagrange(4.3f)));
    EXPECT_TRUE(std::isfinite(line.read_linear(4.3f)));
  }
}
