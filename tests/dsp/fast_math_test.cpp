#include "plinth/dsp/fast_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

namespace pd = plinth::dsp;

// Each test sweeps a dense grid and checks the bound documented in fast_math.h; it also
// prints the measured maximum so the doc page can quote it.

TEST(FastMath, Exp2RelativeError)
{
    double worstF = 0, worstD = 0;
    for (double x = -60.0; x <= 60.0; x += 0.000731) {
        const double truth = std::exp2(x);
        worstF = std::max(worstF, std::abs(pd::fastExp2(static_cast<float>(x)) / std::exp2(double(float(x))) - 1.0));
        worstD = std::max(worstD, std::abs(pd::fastExp2(x) / truth - 1.0));
    }
    std::printf("fastExp2 max rel error: float %.3g double %.3g\n", worstF, worstD);
    EXPECT_LT(worstF, 2e-7);
    EXPECT_LT(worstD, 2e-8);
    // Exact at integers (the polynomial is 1 at f = 0).
    EXPECT_EQ(pd::fastExp2(10.0f), 1024.0f);
    EXPECT_EQ(pd::fastExp2(-3.0), 0.125);
}

TEST(FastMath, Exp2ClampsAndNeverProducesNonFinite)
{
    EXPECT_TRUE(std::isfinite(pd::fastExp2(1000.0f)));
    EXPECT_TRUE(std::isfinite(pd::fastExp2(std::numeric_limits<float>::infinity())));
    EXPECT_GE(pd::fastExp2(-1000.0f), std::numeric_limits<float>::min());
    EXPECT_EQ(std::fpclassify(pd::fastExp2(-1000.0)), FP_NORMAL);
    EXPECT_TRUE(std::isfinite(pd::fastExp2(std::nanf(""))));
}

TEST(FastMath, ExpRelativeError)
{
    // In float the rounding of x * log2(e) dominates for large |x| (exp amplifies an
    // input error by |x|), so the bound is stated per range.
    double worstSmall = 0, worst = 0, worstD = 0;
    for (double x = -80.0; x <= 80.0; x += 0.00113) {
        const float xf = static_cast<float>(x);
        const double err = std::abs(pd::fastExp(xf) / std::exp(double(xf)) - 1.0);
        worst = std::max(worst, err);
        if (std::abs(x) <= 10.0)
            worstSmall = std::max(worstSmall, err);
        worstD = std::max(worstD, std::abs(pd::fastExp(x) / std::exp(x) - 1.0));
    }
    std::printf("fastExp max rel error: float |x|<=10 %.3g, |x|<=80 %.3g; double |x|<=80 %.3g\n", worstSmall, worst,
                worstD);
    EXPECT_LT(worstSmall, 1e-6);
    EXPECT_LT(worst, 5e-6);
    EXPECT_LT(worstD, 2e-8);
}

TEST(FastMath, Log2AbsoluteError)
{
    // Bound: 2e-7 + |log2 x| * 6e-8 in float (the last term is the rounding of the
    // result itself), 2e-9 in double.
    double worstF = 0, worstD = 0, worstExcessF = -1;
    for (double e = -30.0; e <= 30.0; e += 0.000917) {
        const double x = std::exp2(e);
        const float xf = static_cast<float>(x);
        const double truth = std::log2(double(xf));
        const double errF = std::abs(pd::fastLog2(xf) - truth);
        worstF = std::max(worstF, errF);
        worstExcessF = std::max(worstExcessF, errF - (2e-7 + std::abs(truth) * 6e-8));
        worstD = std::max(worstD, std::abs(pd::fastLog2(x) - std::log2(x)));
    }
    std::printf("fastLog2 max abs error over 2^-30..2^30: float %.3g double %.3g\n", worstF, worstD);
    EXPECT_LT(worstExcessF, 0.0);
    EXPECT_LT(worstD, 2e-9);
    EXPECT_EQ(pd::fastLog2(1.0f), 0.0f);
    EXPECT_EQ(pd::fastLog2(0.25), -2.0);
    EXPECT_TRUE(std::isfinite(pd::fastLog2(0.0f)));
    EXPECT_TRUE(std::isfinite(pd::fastLog2(-1.0)));
    EXPECT_TRUE(std::isfinite(pd::fastLog2(std::nan(""))));
}

TEST(FastMath, SinCosAbsoluteError)
{
    double worstF = 0, worstD = 0, worstCos = 0;
    const double range = 2.0 * std::numbers::pi;
    for (double x = -range; x <= range; x += 0.0001) {
        const float xf = static_cast<float>(x);
        worstF = std::max(worstF, std::abs(double(pd::fastSin(xf)) - std::sin(double(xf))));
        worstD = std::max(worstD, std::abs(pd::fastSin(x) - std::sin(x)));
        worstCos = std::max(worstCos, std::abs(pd::fastCos(x) - std::cos(x)));
    }
    std::printf("fastSin max abs error on [-2pi,2pi]: float %.3g double %.3g (cos double %.3g)\n", worstF, worstD,
                worstCos);
    EXPECT_LT(worstF, 2e-7);
    EXPECT_LT(worstD, 2e-9);
    EXPECT_LT(worstCos, 2e-9);
    // Larger arguments: error grows with |x| * epsilon from the range reduction only.
    double worstLarge = 0;
    for (double x = 100.0; x < 1000.0; x += 0.0123)
        worstLarge = std::max(worstLarge, std::abs(pd::fastSin(x) - std::sin(x)));
    EXPECT_LT(worstLarge, 1e-8);
    EXPECT_EQ(pd::fastSin(std::numeric_limits<double>::infinity()), 0.0);
}

TEST(FastMath, TanhAbsoluteErrorAndShape)
{
    double worstF = 0, worstD = 0;
    float previous = -2.0f;
    double previousD = -2.0;
    bool monotonic = true, monotonicD = true;
    for (double x = -12.0; x <= 12.0; x += 0.0003) {
        const float xf = static_cast<float>(x);
        const float yf = pd::fastTanh(xf);
        worstF = std::max(worstF, std::abs(double(yf) - std::tanh(double(xf))));
        worstD = std::max(worstD, std::abs(pd::fastTanh(x) - std::tanh(x)));
        // Float: monotonic up to one rounding step near saturation.
        monotonic = monotonic && yf >= previous - 1.2e-7f;
        previous = yf;
        const double yd = pd::fastTanh(x);
        monotonicD = monotonicD && yd >= previousD;
        previousD = yd;
        EXPECT_LE(std::abs(yf), 1.0f);
    }
    std::printf("fastTanh max abs error: float %.3g double %.3g\n", worstF, worstD);
    EXPECT_LT(worstF, 1e-4);
    EXPECT_LT(worstD, 1e-4);
    EXPECT_TRUE(monotonic);
    EXPECT_TRUE(monotonicD);
    EXPECT_EQ(pd::fastTanh(100.0), 1.0);
    EXPECT_EQ(pd::fastTanh(-100.0f), -1.0f);
    EXPECT_EQ(pd::fastTanh(0.0), 0.0);
    EXPECT_EQ(pd::fastTanh(std::nan("")), 0.0);
    EXPECT_DOUBLE_EQ(pd::fastTanh(-0.3), -pd::fastTanh(0.3));
    // Near zero it is accurate to rounding.
    EXPECT_NEAR(pd::fastTanh(0.01), std::tanh(0.01), 1e-15);
}

TEST(FastMath, DecibelConversions)
{
    double worstGain = 0, worstDb = 0;
    for (double db = -120.0; db <= 24.0; db += 0.0137) {
        const double g = std::pow(10.0, db / 20.0);
        worstGain = std::max(worstGain, std::abs(pd::fastDecibelsToGain(db) / g - 1.0));
        worstDb = std::max(worstDb, std::abs(pd::fastGainToDecibels(g) - db));
    }
    EXPECT_LT(worstGain, 5e-7);
    EXPECT_LT(worstDb, 5e-5);
    EXPECT_NEAR(pd::fastDecibelsToGain(-6.0206f), 0.5f, 1e-6f);
}
