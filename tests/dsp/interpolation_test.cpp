#include "plinth/dsp/interpolation.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numbers>

namespace pd = plinth::dsp;

TEST(Interpolation, LinearExactOnLines) {
  for (double t = 0.0; t < 1.0; t += 0.0625) EXPECT_DOUBLE_EQ(pd::linear_interpolate(2.0, 5.0, t), 2.0 + 3.0 * t);
  EXPECT_EQ(pd::linear_interpolate(1.0f, 3.0f, 0.0f), 1.0f);
}

TEST(Interpolation, HermitePassesThroughPointsAndIsExactForQuadratics) {
  auto q = [](double x) { return 0.3 * x * x - 1.7 * x + 0.25; };
  for (double t = 0.0; t <= 1.0; t += 0.125) {
    EXPECT_NEAR(pd::hermite4(q(-1), q(0), q(1), q(2), t), q(t), 1e-12) << t;
  }
  EXPECT_DOUBLE_EQ(pd::hermite4(4.0, -2.0, 7.0, 1.0, 0.0), -2.0);
  EXPECT_NEAR(pd::hermite4(4.0, -2.0, 7.0, 1.0, 1.0), 7.0, 1e-12);
  // A cubic is not reproduced (the tangents are only second-order accurate).
  auto c = [](double x) { return x * x * x; };
  EXPECT_GT(std::abs(pd::hermite4(c(-1), c(0), c(1), c(2), 0.25) - c(0.25)), 1e-3);
}

TEST(Interpolation, LagrangeExactForCubics) {
  auto c = [](double x) { return 0.5 * x * x * x - x * x + 2.0 * x - 3.0; };
  for (double t = 0.0; t <= 1.0; t += 0.125) {
    EXPECT_NEAR(pd::lagrange4(c(-1), c(0), c(1), c(2), t), c(t), 1e-12) << t;
    const std::array<double, 4> pts{c(-1), c(0), c(1), c(2)};
    EXPECT_NEAR(pd::lagrange<4>(pts, t + 1.0), c(t), 1e-12) << t;
  }
  // General order: 6 points reproduce a quintic.
  auto q5 = [](double x) { return x * x * x * x * x - 3.0 * x * x + 1.0; };
  std::array<double, 6> pts{};
  for (size_t i = 0; i < pts.size(); ++i) pts[i] = q5(static_cast<double>(i));
  for (double x = 0.0; x <= 5.0; x += 0.3) EXPECT_NEAR(pd::lagrange<6>(pts, x), q5(x), 1e-9) << x;
}

// Interpolating a sine sampled at 16 samples per cycle: errors against the true sine,
// bounds from the interpolators' known orders (documented in docs/dsp/utility.md).
TEST(Interpolation, SineErrorBounds) {
  const double w = 2.0 * std::numbers::pi / 16.0;
  double err_linear = 0, err_hermite = 0, err_lagrange = 0;
  for (int n = 1; n < 40; ++n) {
    for (double t = 0.0; t < 1.0; t += 1.0 / 64.0) {
      const double truth = std::sin(w * (n + t));
      auto y = [&](int k) { return std::sin(w * (n + k)); };
      err_linear = std::max(err_linear, std::abs(pd::linear_interpolate(y(0), y(1), t) - truth));
      err_hermite = std::max(err_hermite, std::abs(pd::hermite4(y(-1), y(0), y(1), y(2), t) - truth));
      err_lagrange = std::max(err_lagrange, std::abs(pd::lagrange4(y(-1), y(0), y(1), y(2), t) - truth));
    }
  }
  // Linear: w^2/8 = 0.0193 analytic bound.
  EXPECT_LT(err_linear, w * w / 8.0 + 1e-9);
  EXPECT_GT(err_linear, 0.015);
  EXPECT_LT(err_hermite, 3e-3);
  EXPECT_LT(err_lagrange, 1.5e-3);
  // Lagrange 4-point remainder bound: max|t(t^2-1)(t-2)|/24 * w^4 = (9/16)/24 w^4.
  EXPECT_LT(err_lagrange, 9.0 / 16.0 / 24.0 * w * w * w * w + 1e-12);
  std::printf("sine at fs/16: max error linear %.3g, hermite %.3g, lagrange %.3g\n", err_linear, err_hermite,
              err_lagrange);
}
