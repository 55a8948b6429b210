// FFT against a naive DFT computed here in long double, inverse round trips, Parseval.
#include "plinth/dsp/fft.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

namespace {

using plinth::dsp::FFT;
using plinth::dsp::RealFFT;

template <class T>
std::vector<std::complex<long double>> naive_dft(const std::vector<std::complex<T>>& x) {
  const std::size_t n = x.size();
  // Table of e^{-2 pi i m / n}, m < n, in long double; (k j) mod n picks the exact angle.
  std::vector<long double> wr(n), wi(n);
  for (std::size_t m = 0; m < n; ++m) {
    const long double a =
        -2.0L * std::numbers::pi_v<long double> * static_cast<long double>(m) / static_cast<long double>(n);
    wr[m] = std::cos(a);
    wi[m] = std::sin(a);
  }
  std::vector<std::complex<long double>> out(n);
  for (std::size_t k = 0; k < n; ++k) {
    long double ar = 0, ai = 0;
    std::size_t m = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const long double xr = x[j].real(), xi = x[j].imag();
      ar += xr * wr[m] - xi * wi[m];
      ai += xr * wi[m] + xi * wr[m];
      m += k;
      if (m >= n) m -= n;
    }
    out[k] = {ar, ai};
  }
  return out;
}

template <class T>
std::vector<std::complex<T>> random_complex(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> d(-1.0, 1.0);
  std::vector<std::complex<T>> x(n);
  for (auto& v : x) v = {static_cast<T>(d(rng)), static_cast<T>(d(rng))};
  return x;
}

// Relative RMS error: ||a - b|| / ||b||.
template <class T>
double rel_error(const std::vector<std::complex<T>>& a, const std::vector<std::complex<long double>>& b) {
  long double num = 0, den = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    num += std::norm(std::complex<long double>(a[i].real(), a[i].imag()) - b[i]);
    den += std::norm(b[i]);
  }
  return static_cast<double>(std::sqrt(num / den));
}

template <class T>
void check_complex_against_naive(double tol, plinth::dsp::FftKernels kernels) {
  for (int n = 1; n <= 4096; n *= 2) {
    const auto x = random_complex<T>(static_cast<std::size_t>(n), 1234u + static_cast<unsigned>(n));
    FFT<T> fft;
    fft.prepare(n, kernels);
    ASSERT_EQ(fft.size(), n);
    std::vector<std::complex<T>> y(static_cast<std::size_t>(n));
    fft.forward(x, y);
    const auto ref = naive_dft(x);
    EXPECT_LT(rel_error(y, ref), tol) << "n = " << n;
    // Inverse round trip.
    std::vector<std::complex<T>> back(static_cast<std::size_t>(n));
    fft.inverse(y, back);
    double err = 0;
    for (int i = 0; i < n; ++i)
      err = std::max(err,
                     static_cast<double>(std::abs(back[static_cast<std::size_t>(i)] - x[static_cast<std::size_t>(i)])));
    EXPECT_LT(err, tol * 10) << "round trip n = " << n;
  }
}

using plinth::dsp::FftKernels;
constexpr FftKernels kAllKernels[] = {FftKernels::fastest, FftKernels::baseline, FftKernels::scalar};

TEST(Fft, ComplexMatchesNaiveDftDouble) {
  for (auto k : kAllKernels) check_complex_against_naive<double>(1e-13, k);
}
TEST(Fft, ComplexMatchesNaiveDftFloat) {
  for (auto k : kAllKernels) check_complex_against_naive<float>(2e-6, k);
}

template <class T>
void check_real_against_naive(double tol, plinth::dsp::FftKernels kernels) {
  for (int n = 2; n <= 4096; n *= 2) {
    std::mt19937 rng(99u + static_cast<unsigned>(n));
    std::uniform_real_distribution<double> d(-1.0, 1.0);
    std::vector<T> x(static_cast<std::size_t>(n));
    std::vector<std::complex<T>> xc(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      x[static_cast<std::size_t>(i)] = static_cast<T>(d(rng));
      xc[static_cast<std::size_t>(i)] = x[static_cast<std::size_t>(i)];
    }
    RealFFT<T> rfft;
    rfft.prepare(n, kernels);
    ASSERT_EQ(rfft.size(), n);
    std::vector<std::complex<T>> bins(static_cast<std::size_t>(n / 2 + 1));
    rfft.forward(x, bins);
    auto ref = naive_dft(xc);
    ref.resize(static_cast<std::size_t>(n / 2 + 1));
    EXPECT_LT(rel_error(bins, ref), tol) << "n = " << n;
    std::vector<T> back(static_cast<std::size_t>(n));
    rfft.inverse(bins, back);
    double err = 0;
    for (int i = 0; i < n; ++i)
      err = std::max(err,
                     static_cast<double>(std::abs(back[static_cast<std::size_t>(i)] - x[static_cast<std::size_t>(i)])));
    EXPECT_LT(err, tol * 10) << "round trip n = " << n;
  }
}

TEST(Fft, RealMatchesNaiveDftDouble) {
  for (auto k : kAllKernels) check_real_against_naive<double>(1e-13, k);
}
TEST(Fft, RealMatchesNaiveDftFloat) {
  for (auto k : kAllKernels) check_real_against_naive<float>(2e-6, k);
}

// The kernel choice: SIMD from 16 complex / 32 real points (gcc and clang builds), never
// wider than asked, scalar when asked.
TEST(Fft, KernelSelection) {
  FFT<float> f;
  RealFFT<double> r;
  f.prepare(8);
  EXPECT_EQ(f.simd_lanes(), 0);
  f.prepare(1024, FftKernels::scalar);
  EXPECT_EQ(f.simd_lanes(), 0);
  f.prepare(1024, FftKernels::baseline);
  EXPECT_EQ(f.simd_lanes(), 4);
  f.prepare(1024);
  EXPECT_GE(f.simd_lanes(), 4);
  r.prepare(1024, FftKernels::baseline);
  EXPECT_EQ(r.simd_lanes(), 2);
  r.prepare(1024);
  EXPECT_GE(r.simd_lanes(), 2);
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    EXPECT_EQ(f.simd_lanes(), 8);
    EXPECT_EQ(r.simd_lanes(), 4);
  }
#endif
}

// Accuracy at the sizes that matter, for every kernel set: relative RMS error of the
// forward transform against the long-double DFT of the same inputs, and of the inverse
// round trip against the input. Prints the errors (the docs quote them).
template <class T>
void check_accuracy(plinth::dsp::FftKernels kernels, double fwd_tol, double trip_tol) {
  for (int n : {256, 1024, 4096}) {
    std::mt19937 rng(5u + static_cast<unsigned>(n));
    std::uniform_real_distribution<double> d(-1.0, 1.0);
    std::vector<T> x(static_cast<std::size_t>(n));
    std::vector<std::complex<T>> xc(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      x[static_cast<std::size_t>(i)] = static_cast<T>(d(rng));
      xc[static_cast<std::size_t>(i)] = x[static_cast<std::size_t>(i)];
    }
    const auto ref = naive_dft(xc);

    RealFFT<T> rfft;
    rfft.prepare(n, kernels);
    std::vector<std::complex<T>> bins(static_cast<std::size_t>(n / 2 + 1));
    rfft.forward(x, bins);
    auto half_ref = ref;
    half_ref.resize(bins.size());
    const double real_err = rel_error(bins, half_ref);
    std::vector<T> back(static_cast<std::size_t>(n));
    rfft.inverse(bins, back);
    long double num = 0, den = 0;
    for (int i = 0; i < n; ++i) {
      const long double e = static_cast<long double>(back[static_cast<std::size_t>(i)]) - x[static_cast<std::size_t>(i)];
      num += e * e;
      den += static_cast<long double>(x[static_cast<std::size_t>(i)]) * x[static_cast<std::size_t>(i)];
    }
    const double real_trip = static_cast<double>(std::sqrt(num / den));

    FFT<T> fft;
    fft.prepare(n, kernels);
    std::vector<std::complex<T>> y(static_cast<std::size_t>(n)), yback(static_cast<std::size_t>(n));
    fft.forward(xc, y);
    const double complex_err = rel_error(y, ref);
    fft.inverse(y, yback);
    std::vector<std::complex<long double>> xl(xc.begin(), xc.end());
    const double complex_trip = rel_error(yback, xl);

    std::printf("%s n=%d lanes=%d/%d: real fwd %.3g, real round trip %.3g, complex fwd %.3g, round trip %.3g\n",
                sizeof(T) == 4 ? "float" : "double", n, rfft.simd_lanes(), fft.simd_lanes(), real_err, real_trip,
                complex_err, complex_trip);
    EXPECT_LT(real_err, fwd_tol) << n;
    EXPECT_LT(complex_err, fwd_tol) << n;
    EXPECT_LT(real_trip, trip_tol) << n;
    EXPECT_LT(complex_trip, trip_tol) << n;
  }
}

TEST(Fft, AccuracyFloatFastest) { check_accuracy<float>(FftKernels::fastest, 2e-7, 3e-7); }
TEST(Fft, AccuracyFloatBaseline) { check_accuracy<float>(FftKernels::baseline, 2e-7, 3e-7); }
TEST(Fft, AccuracyFloatScalar) { check_accuracy<float>(FftKernels::scalar, 2e-7, 3e-7); }
TEST(Fft, AccuracyDoubleFastest) { check_accuracy<double>(FftKernels::fastest, 5e-16, 6e-16); }
TEST(Fft, AccuracyDoubleBaseline) { check_accuracy<double>(FftKernels::baseline, 5e-16, 6e-16); }
TEST(Fft, AccuracyDoubleScalar) { check_accuracy<double>(FftKernels::scalar, 5e-16, 6e-16); }

void check_parseval(FftKernels kernels) {
  // sum |x|^2 = (1/N) sum |X|^2
  const int n = 2048;
  const auto x = random_complex<double>(static_cast<std::size_t>(n), 7u);
  FFT<double> fft;
  fft.prepare(n, kernels);
  std::vector<std::complex<double>> y(static_cast<std::size_t>(n));
  fft.forward(x, y);
  double ex = 0, ey = 0;
  for (int i = 0; i < n; ++i) {
    ex += std::norm(x[static_cast<std::size_t>(i)]);
    ey += std::norm(y[static_cast<std::size_t>(i)]);
  }
  EXPECT_NEAR(ey / n, ex, ex * 1e-12);

  // Real transform: sum x^2 = (1/N) (|X0|^2 + |X_{N/2}|^2 + 2 sum_{0<k<N/2} |Xk|^2)
  RealFFT<float> r;
  r.prepare(n, kernels);
  std::vector<float> xr(static_cast<std::size_t>(n));
  std::mt19937 rng(3);
  std::normal_distribution<float> g;
  double er = 0;
  for (auto& v : xr) {
    v = g(rng);
    er += static_cast<double>(v) * v;
  }
  std::vector<std::complex<float>> b(static_cast<std::size_t>(n / 2 + 1));
  r.forward(xr, b);
  double eb =
      std::norm(std::complex<double>(b[0])) + std::norm(std::complex<double>(b[static_cast<std::size_t>(n / 2)]));
  for (int k = 1; k < n / 2; ++k) eb += 2 * std::norm(std::complex<double>(b[static_cast<std::size_t>(k)]));
  EXPECT_NEAR(eb / n, er, er * 1e-6);
}

TEST(Fft, Parseval) {
  for (auto k : kAllKernels) check_parseval(k);
}

TEST(Fft, PureToneLandsInOneBin) {
  // x = cos(2 pi 5 n / 64): X[5] = X[59] = 32, everything else 0.
  const int n = 64;
  std::vector<std::complex<double>> x(n), y(n);
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = std::cos(2 * std::numbers::pi * 5 * i / n);
  FFT<double> fft;
  fft.prepare(n);
  fft.forward(x, y);
  for (int k = 0; k < n; ++k) {
    const double expected = (k == 5 || k == 59) ? 32.0 : 0.0;
    EXPECT_NEAR(std::abs(y[static_cast<std::size_t>(k)]), expected, 1e-12) << k;
  }
}

TEST(Fft, SizesRoundUpAndShortSpansAreIgnored) {
  FFT<float> fft;
  fft.prepare(100);
  EXPECT_EQ(fft.size(), 128);
  fft.prepare(0);
  EXPECT_EQ(fft.size(), 1);
  fft.prepare(-5);
  EXPECT_EQ(fft.size(), 1);
  RealFFT<float> r;
  r.prepare(1);
  EXPECT_EQ(r.size(), 2);
  r.prepare(1000);
  EXPECT_EQ(r.size(), 1024);
  std::vector<float> in(10, 1.0f);
  std::vector<std::complex<float>> out(4, {7.0f, 7.0f});
  r.forward(in, out);  // too short: nothing written
  EXPECT_EQ(out[0], std::complex<float>(7.0f, 7.0f));
}

TEST(Fft, InPlaceWorks) {
  const int n = 256;
  auto x = random_complex<double>(n, 11u);
  const auto ref = naive_dft(x);
  FFT<double> fft;
  fft.prepare(n);
  fft.forward(x, x);
  EXPECT_LT(rel_error(x, ref), 1e-13);
}

}  // namespace
