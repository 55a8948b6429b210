// BiquadBank: every lane matches a double-precision Biquad with the same design (so the
// RBJ accuracy of biquad_test carries over): in double to 1e-12, in float as closely as a
// float Biquad does (low shelves in float differ from double by ~1e-5 in both); planar and
// interleaved; state carries across
// blocks and chunks; lanes are independent; a lane's response to a sine is |H| analytically.
#include "plinth/dsp/biquad_bank.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <vector>

namespace pd = plinth::dsp;

namespace {
constexpr double kFs = 48000.0;

struct LaneDesign {
  pd::BiquadType type;
  double hz, q, gain_db;
};
constexpr std::array<LaneDesign, 8> kDesigns{{{pd::BiquadType::LowPass, 300, 0.7, 0},
                                              {pd::BiquadType::HighPass, 2000, 1.5, 0},
                                              {pd::BiquadType::BandPass, 1000, 4, 0},
                                              {pd::BiquadType::Notch, 5000, 2, 0},
                                              {pd::BiquadType::Peak, 700, 1, 9},
                                              {pd::BiquadType::LowShelf, 150, 0.7, -6},
                                              {pd::BiquadType::HighShelf, 8000, 0.7, 4},
                                              {pd::BiquadType::AllPass, 3000, 0.9, 0}}};

template <typename T, std::size_t N>
void check_lanes_match_biquads(bool interleaved, double tolerance) {
  pd::BiquadBank<T, N> bank;
  std::array<pd::Biquad<double>, N> refs;
  std::array<pd::Biquad<T>, N> same_type;
  for (std::size_t c = 0; c < N; ++c) {
    const LaneDesign& d = kDesigns[c];
    bank.set_parameters(c, d.type, kFs, d.hz, d.q, d.gain_db);
    refs[c].prepare(kFs, 512, 1);
    same_type[c].prepare(kFs, 512, 1);
    // Coefficients rounded to T first, so only the arithmetic differs.
    const auto k = pd::BiquadCoefficients<T>::design(d.type, kFs, d.hz, d.q, d.gain_db);
    refs[c].set_coefficients({double(k.b0), double(k.b1), double(k.b2), double(k.a1), double(k.a2)});
    same_type[c].set_coefficients(k);
    refs[c].reset();  // no glide from the default coefficients
    same_type[c].reset();
  }
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-1, 1);
  std::array<std::vector<T>, N> x;
  for (auto& ch : x) {
    ch.resize(3000);
    for (auto& v : ch) v = static_cast<T>(u(rng));
  }
  std::array<std::vector<T>, N> y = x;
  // Odd block sizes: chunks and blocks do not line up.
  for (std::size_t start = 0; start < 3000; start += 77) {
    const std::size_t n = std::min<std::size_t>(77, 3000 - start);
    if (interleaved) {
      std::vector<T> frames(n * N);
      for (std::size_t c = 0; c < N; ++c)
        for (std::size_t i = 0; i < n; ++i) frames[i * N + c] = y[c][start + i];
      bank.process_interleaved(frames);
      for (std::size_t c = 0; c < N; ++c)
        for (std::size_t i = 0; i < n; ++i) y[c][start + i] = frames[i * N + c];
    } else {
      std::array<T*, N> ptrs;
      for (std::size_t c = 0; c < N; ++c) ptrs[c] = y[c].data() + start;
      bank.process(std::span<T* const, N>(ptrs), n);
    }
  }
  for (std::size_t c = 0; c < N; ++c) {
    double bank_error = 0, biquad_error = 0;
    for (std::size_t i = 0; i < 3000; ++i) {
      const double expected = refs[c].process(double(x[c][i]), 0);
      bank_error = std::max(bank_error, std::abs(double(y[c][i]) - expected));
      biquad_error = std::max(biquad_error, std::abs(double(same_type[c].process(x[c][i], 0)) - expected));
    }
    EXPECT_LE(bank_error, 2 * biquad_error + tolerance) << "lane " << c;
  }
}
}  // namespace

TEST(BiquadBank, LanesMatchBiquadsFloat8) { check_lanes_match_biquads<float, 8>(false, 1e-6); }
TEST(BiquadBank, LanesMatchBiquadsFloat4Interleaved) { check_lanes_match_biquads<float, 4>(true, 1e-6); }
TEST(BiquadBank, LanesMatchBiquadsDouble4) { check_lanes_match_biquads<double, 4>(false, 1e-12); }
TEST(BiquadBank, LanesMatchBiquadsDouble8Interleaved) { check_lanes_match_biquads<double, 8>(true, 1e-12); }

// A sine through lane 2 (band pass) settles to amplitude |H(e^jw)| from the RBJ formula;
// the other lanes, fed silence, stay exactly silent (lanes are independent).
TEST(BiquadBank, SineGainIsAnalyticAndLanesIndependent) {
  pd::BiquadBank<double, 4> bank;
  bank.set_parameters(2, pd::BiquadType::BandPass, kFs, 1000, 4);
  const double f = 1300;
  std::array<std::vector<double>, 4> ch;
  for (auto& c : ch) c.assign(48000, 0.0);
  for (std::size_t i = 0; i < ch[2].size(); ++i) ch[2][i] = std::sin(2 * std::numbers::pi * f * double(i) / kFs);
  std::array<double*, 4> ptrs{ch[0].data(), ch[1].data(), ch[2].data(), ch[3].data()};
  bank.process(std::span<double* const, 4>(ptrs), 48000);
  double peak = 0;
  for (std::size_t i = 24000; i < 48000; ++i) peak = std::max(peak, std::abs(ch[2][i]));
  const double w0 = 2 * std::numbers::pi * 1000 / kFs, alpha = std::sin(w0) / 8;
  const std::complex<double> z = std::polar(1.0, -2 * std::numbers::pi * f / kFs);
  const std::complex<double> h = (alpha - alpha * z * z) / ((1 + alpha) - 2 * std::cos(w0) * z + (1 - alpha) * z * z);
  EXPECT_NEAR(peak, std::abs(h), 1e-4);
  for (std::size_t c : {0u, 1u, 3u})
    for (double v : ch[c]) ASSERT_EQ(v, 0.0);
}

TEST(BiquadBank, NonFiniteInputIsSilenceAndBadCoefficientsIgnored) {
  pd::BiquadBank<float, 4> bank;
  for (std::size_t c = 0; c < 4; ++c) bank.set_parameters(c, pd::BiquadType::LowPass, kFs, 1000, 0.7);
  pd::BiquadCoefficients<float> bad;
  bad.a1 = std::numeric_limits<float>::quiet_NaN();
  bank.set_coefficients(1, bad);  // ignored
  std::vector<float> frames(4 * 256, 0.5f);
  frames[4 * 10 + 1] = std::numeric_limits<float>::quiet_NaN();
  frames[4 * 20 + 3] = std::numeric_limits<float>::infinity();
  bank.process_interleaved(frames);
  for (float v : frames) ASSERT_TRUE(std::isfinite(v));
  EXPECT_NEAR(frames[4 * 255 + 1], 0.5f, 1e-3f);  // DC gain 1 after the bad sample
}
