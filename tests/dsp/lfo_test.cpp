#include "plinth/dsp/lfo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

using namespace plinth::dsp;

TEST(LfoTempo, NoteValuesAtTempo) {
  EXPECT_DOUBLE_EQ(tempo_sync_hz(120.0, 1.0 / 4), 2.0);
  EXPECT_DOUBLE_EQ(tempo_sync_hz(120.0, 1.0 / 1), 0.5);
  EXPECT_DOUBLE_EQ(tempo_sync_hz(120.0, 1.0 / 2), 1.0);
  EXPECT_DOUBLE_EQ(tempo_sync_hz(120.0, 1.0 / 8), 4.0);
  EXPECT_DOUBLE_EQ(tempo_sync_hz(90.0, 1.0 / 4), 1.5);
  // Dotted notes last 3/2 as long, triplets 2/3.
  EXPECT_DOUBLE_EQ(tempo_sync_hz(120.0, 1.0 / 4, NoteModifier::dotted), 2.0 / 1.5);
  EXPECT_DOUBLE_EQ(tempo_sync_hz(120.0, 1.0 / 4, NoteModifier::triplet), 3.0);
  EXPECT_DOUBLE_EQ(note_length_in_quarters(1.0 / 8, NoteModifier::dotted), 0.75);
  EXPECT_DOUBLE_EQ(note_length_in_quarters(1.0 / 2, NoteModifier::triplet), 4.0 / 3.0);
  // Clamped: absurd tempos and note values do not produce inf or 0.
  EXPECT_DOUBLE_EQ(tempo_sync_hz(1e9, 1.0 / 4), 1000.0 / 60.0);
  EXPECT_DOUBLE_EQ(tempo_sync_hz(-5, 1.0 / 4), 1.0 / 60.0);
  EXPECT_TRUE(std::isfinite(tempo_sync_hz(120.0, 0.0)));
}

TEST(LfoTempo, PhaseFromPpq) {
  // One cycle per quarter: the phase is the fractional part of ppq.
  EXPECT_DOUBLE_EQ(phase_from_ppq(3.25, 1.0), 0.25);
  // One cycle per bar of 4/4 (a whole note): ppq 6 is half way through bar 2.
  EXPECT_DOUBLE_EQ(phase_from_ppq(6.0, note_length_in_quarters(1.0)), 0.5);
  // Dotted eighth (0.75 quarters): ppq 1.5 is exactly two cycles.
  EXPECT_NEAR(phase_from_ppq(1.5, note_length_in_quarters(1.0 / 8, NoteModifier::dotted)), 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(phase_from_ppq(0.5, 1.0, 0.75), 0.25);
  EXPECT_DOUBLE_EQ(phase_from_ppq(-0.25, 1.0), 0.75);
  EXPECT_DOUBLE_EQ(phase_from_ppq(std::numeric_limits<double>::quiet_NaN(), 1.0), 0.0);
  EXPECT_DOUBLE_EQ(phase_from_ppq(1.0, 0.0), 0.0);

  Lfo<double> lfo;
  lfo.prepare(48000.0);
  lfo.set_shape(LfoShape::saw_up);
  lfo.sync_to_ppq(10.5, 1.0);
  EXPECT_DOUBLE_EQ(lfo.current(), 0.0);  // saw at phase 1/2
}

TEST(Lfo, ShapesAtKnownPhases) {
  using L = Lfo<double>;
  const double eps = 1e-12;
  EXPECT_NEAR(L::shape_at(LfoShape::sine, 0.0), 0.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::sine, 0.25), 1.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::sine, 0.75), -1.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::sine, 1.0 / 12), 0.5, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::triangle, 0.0), 0.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::triangle, 0.125), 0.5, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::triangle, 0.25), 1.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::triangle, 0.5), 0.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::triangle, 0.75), -1.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::triangle, 0.875), -0.5, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::saw_up, 0.0), -1.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::saw_up, 0.5), 0.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::saw_up, 0.75), 0.5, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::saw_down, 0.0), 1.0, eps);
  EXPECT_NEAR(L::shape_at(LfoShape::saw_down, 0.75), -0.5, eps);
  EXPECT_EQ(L::shape_at(LfoShape::square, 0.1), 1.0);
  EXPECT_EQ(L::shape_at(LfoShape::square, 0.49), 1.0);
  EXPECT_EQ(L::shape_at(LfoShape::square, 0.5), -1.0);
  EXPECT_EQ(L::shape_at(LfoShape::square, 0.9), -1.0);
  EXPECT_NEAR(L::shape_at(LfoShape::sine, 1.25), 1.0, eps);  // wraps
}

TEST(Lfo, RunningShapeMatchesPhase) {
  // 3 Hz at 48 kHz: sample n is at phase 3 n / 48000.
  for (auto shape : {LfoShape::sine, LfoShape::triangle, LfoShape::saw_up, LfoShape::saw_down}) {
    Lfo<float> lfo;
    lfo.prepare(48000.0, 512, 1);
    lfo.set_shape(shape);
    lfo.set_frequency(3.0);
    lfo.set_phase_offset(0.1);
    lfo.reset();
    for (int n = 0; n < 48000; ++n) {
      const double phase = 0.1 + 3.0 * n / 48000.0;
      const float v = lfo.process();
      const double frac_part = phase - std::floor(phase);
      // Skip samples at the saw's discontinuity, where rounding picks a side.
      if (frac_part < 1e-6 || frac_part > 1 - 1e-6) continue;
      ASSERT_NEAR(v, Lfo<double>::shape_at(shape, phase), 1e-5) << n;
    }
  }
}

TEST(Lfo, FrequencyFromZeroCrossings) {
  for (double f : {0.5, 2.0, 7.3, 440.0}) {
    Lfo<double> lfo;
    lfo.prepare(48000.0);
    lfo.set_frequency(f);
    lfo.set_shape(LfoShape::sine);
    lfo.set_phase_offset(0.3);  // start away from a crossing
    lfo.reset();
    const int total = 4 * 48000;
    double first = -1, last = -1;
    int crossings = 0;
    double prev = lfo.process();
    for (int n = 1; n < total; ++n) {
      const double v = lfo.process();
      if (prev < 0 && v >= 0) {
        const double t = (n - 1) + prev / (prev - v);  // linear interpolation
        if (first < 0) first = t;
        last = t;
        ++crossings;
      }
      prev = v;
    }
    const double measured = (crossings - 1) / ((last - first) / 48000.0);
    EXPECT_NEAR(measured / f, 1.0, 1e-4) << f;
  }
}

TEST(Lfo, SampleAndHoldHoldsForACycle) {
  Lfo<double> lfo;
  lfo.prepare(1000.0);
  lfo.set_shape(LfoShape::sample_and_hold);
  lfo.set_frequency(10.0);  // 100 samples per cycle
  lfo.reset();
  std::vector<double> v(1000);
  for (auto& s : v) s = lfo.process();
  int changes = 0;
  for (std::size_t n = 1; n < v.size(); ++n) {
    ASSERT_LE(std::abs(v[n]), 1.0);
    if (v[n] != v[n - 1]) {
      ++changes;
      EXPECT_EQ(n % 100, 0u) << n;
    }
  }
  EXPECT_GE(changes, 8);
}

TEST(Lfo, SmoothRandomIsContinuousAndBounded) {
  Lfo<double> lfo;
  lfo.prepare(1000.0);
  lfo.set_shape(LfoShape::smooth_random);
  lfo.set_frequency(10.0);
  lfo.reset();
  double prev = lfo.process();
  double lo = prev, hi = prev;
  for (int n = 1; n < 5000; ++n) {
    const double v = lfo.process();
    // Max slope of a cosine ramp between values 2 apart over 100 samples: pi/100.
    ASSERT_LE(std::abs(v - prev), std::numbers::pi / 100 + 1e-9);
    ASSERT_LE(std::abs(v), 1.0);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    prev = v;
  }
  EXPECT_GT(hi - lo, 0.5);  // it does move
}

TEST(Lfo, ParametersClamped) {
  Lfo<float> lfo;
  lfo.prepare(48000.0, 64, 1);
  lfo.set_frequency(1e9);
  EXPECT_DOUBLE_EQ(lfo.frequency(), 12000.0);
  lfo.set_frequency(-4.0);
  EXPECT_DOUBLE_EQ(lfo.frequency(), 0.0);
  lfo.set_frequency(std::numeric_limits<double>::quiet_NaN());
  EXPECT_DOUBLE_EQ(lfo.frequency(), 0.0);
  lfo.set_phase_offset(2.75);
  lfo.reset();
  EXPECT_DOUBLE_EQ(lfo.phase(), 0.75);
  lfo.set_phase_offset(std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isfinite(lfo.process()));
}

TEST(RotatingPhasor, MatchesSinAndCosOverALongRun) {
  RotatingPhasor p;
  p.set_frequency(997.0, 48000.0);
  p.set_phase(0.125);
  for (int n = 0; n < 480000; ++n) {
    const double phase = 2 * std::numbers::pi * (0.125 + 997.0 * n / 48000.0);
    ASSERT_NEAR(p.sin(), std::sin(phase), 1e-9) << n;
    ASSERT_NEAR(p.cos(), std::cos(phase), 1e-9) << n;
    p.advance();
  }
}
