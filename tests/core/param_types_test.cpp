// Every parameter type, built in or defined by a plugin, on one grid: exact ends, monotonic
// mapping, text that reads back to the same value (within what the text shows) and prints
// the same again, garbage refused, NaN and out-of-range values handled.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/core/param.h"

using plinth::Param;
using plinth::ParamSpec;

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();

// How far a value may move through its text: half the last digit the text shows.
using Tolerance = double (*)(double value);
double half_cent(double) { return 0.005 + 1e-12; }
double three_digits(double v) { return std::abs(v) * 0.005 + 1e-12; }

void expect_exact_ends(const ParamSpec& s) {
  EXPECT_EQ(s.to_plain(0.0), s.min) << s.name;
  EXPECT_EQ(s.to_plain(1.0), s.max) << s.name;
  EXPECT_EQ(s.to_normalized(s.min), 0.0) << s.name;
  EXPECT_EQ(s.to_normalized(s.max), 1.0) << s.name;
}

void expect_nan_and_range_handled(const ParamSpec& s) {
  EXPECT_EQ(s.to_plain(nan), s.default_value) << s.name;
  EXPECT_EQ(s.to_plain(-0.5), s.min) << s.name;
  EXPECT_EQ(s.to_plain(7.0), s.max) << s.name;
  EXPECT_EQ(s.to_normalized(nan), s.default_normalized()) << s.name;
  EXPECT_EQ(s.to_normalized(s.max + 1e9), 1.0) << s.name;
  EXPECT_EQ(s.to_normalized(s.min - 1e9), 0.0) << s.name;
  EXPECT_EQ(s.to_text(nan), s.to_text(s.default_value)) << s.name;
  EXPECT_EQ(s.to_text(s.max + 1e9), s.to_text(s.max)) << s.name;
}

void expect_garbage_refused(const ParamSpec& s, std::vector<std::string> more) {
  for (const char* junk : {"", "   ", "garbage", "nan", "inf", "-", "1e999", "12 parsecs"}) more.emplace_back(junk);
  for (const auto& junk : more) EXPECT_FALSE(s.from_text(junk)) << s.name << ": \"" << junk << "\" was accepted";
}

// Continuous: strictly increasing, inverse consistent, and text stable on 2001 points.
void expect_continuous_round_trips(const ParamSpec& s, Tolerance tolerance) {
  ASSERT_EQ(s.check(), "") << s.name;
  EXPECT_EQ(s.step_count(), 0) << s.name;
  expect_exact_ends(s);
  double previous = -std::numeric_limits<double>::infinity();
  for (int i = 0; i <= 2000; ++i) {
    const double n = i / 2000.0;
    const double v = s.to_plain(n);
    ASSERT_GT(v, previous) << s.name << " at n = " << n;
    previous = v;
    // Inverse: exact in plain terms; in n, a flat stretch of a curve may cost a few digits.
    ASSERT_NEAR(s.to_plain(s.to_normalized(v)), v, 1e-12 * (s.max - s.min)) << s.name;
    ASSERT_NEAR(s.to_normalized(v), n, 1e-7) << s.name;
    const std::string text = s.to_text(v);
    const auto back = s.from_text(text);
    ASSERT_TRUE(back) << s.name << ": \"" << text << "\" does not parse";
    EXPECT_NEAR(*back, v, tolerance(v)) << s.name << ": \"" << text << "\"";
    EXPECT_EQ(s.to_text(*back), text) << s.name << ": " << v;
  }
}

// Discrete: every step comes back exactly, through its normalized value and its text.
void expect_steps_round_trip(const ParamSpec& s, int steps) {
  ASSERT_EQ(s.check(), "") << s.name;
  ASSERT_EQ(s.step_count(), steps) << s.name;
  expect_exact_ends(s);
  for (int k = 0; k <= steps; ++k) {
    const double n = static_cast<double>(k) / steps;
    const double v = s.to_plain(n);
    if (k > 0) {
      ASSERT_GT(v, s.to_plain(static_cast<double>(k - 1) / steps)) << s.name;
    }
    EXPECT_NEAR(s.to_normalized(v), n, 1e-12) << s.name;
    const std::string text = s.to_text(v);
    const auto back = s.from_text(text);
    ASSERT_TRUE(back) << s.name << ": \"" << text << "\" does not parse";
    EXPECT_EQ(*back, v) << s.name << ": \"" << text << "\"";
    EXPECT_EQ(s.to_text(*back), text) << s.name;
  }
}

}  // namespace

TEST(ParamTypes, FirstSixKindsKeepTheirBehaviour) {
  expect_continuous_round_trips(ParamSpec::linear(1, "Linear", -10.0, 30.0, 0.0), half_cent);
  expect_continuous_round_trips(ParamSpec::decibel(2, "Decibel", -60.0, 24.0, 0.0), half_cent);
  expect_continuous_round_trips(ParamSpec::logarithmic(3, "Log", 20.0, 900.0, 100.0), half_cent);
  expect_continuous_round_trips(ParamSpec::logarithmic(4, "Log Hz", 20.0, 20000.0, 1000.0).with_unit("Hz"),
                                [](double v) { return v >= 1000.0 ? 5.0 + 1e-9 : 0.005 + 1e-12; });
  expect_steps_round_trip(ParamSpec::integer(5, "Integer", -3, 12, 0), 15);
  expect_steps_round_trip(ParamSpec::list(6, "List", {"A", "B", "C"}, 1), 2);
  expect_steps_round_trip(ParamSpec::boolean(7, "Boolean", true), 1);
  for (const auto& s : {ParamSpec::linear(1, "Linear", -10.0, 30.0, 0.0), ParamSpec::integer(5, "Integer", -3, 12, 0),
                        ParamSpec::list(6, "List", {"A", "B", "C"}, 1), ParamSpec::boolean(7, "Boolean", true)}) {
    expect_nan_and_range_handled(s);
    expect_garbage_refused(s, {"5 dB"});
  }
}

TEST(ParamTypes, Frequency) {
  const auto f = ParamSpec::frequency(1, "Cutoff", 20.0, 20000.0, 1000.0);
  expect_continuous_round_trips(f, three_digits);
  expect_nan_and_range_handled(f);
  expect_garbage_refused(f, {"1.2 kg", "12 ms", "k", "Hz", "H4", "1.2 kHz Hz"});
  EXPECT_EQ(f.unit, "");  // the text carries it
  EXPECT_EQ(f.to_text(440.0), "440 Hz");
  EXPECT_EQ(f.to_text(1234.0), "1.23 kHz");
  EXPECT_EQ(f.to_text(12345.0), "12.3 kHz");
  EXPECT_EQ(f.to_text(20.0), "20.0 Hz");
  EXPECT_EQ(f.to_text(999.7), "1.00 kHz");  // rounding crosses into kHz
  EXPECT_EQ(f.to_text(20000.0), "20.0 kHz");
  for (const char* t : {"1.2k", "1.2 kHz", "1200", "1200 Hz", "1.2KHZ", " 1200hz "}) {
    ASSERT_TRUE(f.from_text(t)) << t;
    EXPECT_DOUBLE_EQ(*f.from_text(t), 1200.0) << t;
  }
  EXPECT_DOUBLE_EQ(*f.from_text("A4"), 440.0);
  EXPECT_DOUBLE_EQ(*f.from_text("1e6"), 20000.0);                 // clamped
  EXPECT_NEAR(f.to_plain(0.5), std::sqrt(20.0 * 20000.0), 1e-9);  // logarithmic
}

TEST(ParamTypes, Time) {
  const auto t = ParamSpec::time(1, "Release", 0.1, 5000.0, 250.0);
  expect_continuous_round_trips(t, three_digits);
  expect_nan_and_range_handled(t);
  expect_garbage_refused(t, {"12 Hz", "ms", "1.2 m", "s1"});
  EXPECT_EQ(t.to_text(12.5), "12.5 ms");
  EXPECT_EQ(t.to_text(1200.0), "1.20 s");
  EXPECT_EQ(t.to_text(0.25), "0.250 ms");
  EXPECT_DOUBLE_EQ(*t.from_text("1.2s"), 1200.0);
  EXPECT_DOUBLE_EQ(*t.from_text("1.2 sec"), 1200.0);
  EXPECT_DOUBLE_EQ(*t.from_text("1200ms"), 1200.0);
  EXPECT_DOUBLE_EQ(*t.from_text("0.5"), 0.5);  // a bare number is in ms, the plain unit
  // From zero a log cannot start: linear, and "0 ms" reads back.
  const auto pre = ParamSpec::time(2, "Pre-delay", 0.0, 500.0, 0.0);
  expect_continuous_round_trips(pre, three_digits);
  EXPECT_EQ(pre.to_text(0.0), "0 ms");
  EXPECT_DOUBLE_EQ(pre.to_plain(0.5), 250.0);
}

TEST(ParamTypes, Percent) {
  const auto p = ParamSpec::percent(1, "Mix", 0.5);
  expect_continuous_round_trips(p, half_cent);
  expect_nan_and_range_handled(p);
  expect_garbage_refused(p, {"50 dB", "%", "50%%"});
  EXPECT_EQ(p.to_text(0.5), "50 %");
  EXPECT_EQ(p.to_text(0.0), "0 %");
  for (const char* text : {"50", "50%", "50 %", "+50 %"}) EXPECT_DOUBLE_EQ(*p.from_text(text), 0.5) << text;
  EXPECT_DOUBLE_EQ(*p.from_text("250"), 1.0);  // clamped
  const auto fine = ParamSpec::percent(2, "Depth", 0.0, -1.0, 1.0).with_precision(1);
  expect_continuous_round_trips(fine, [](double) { return 0.0005 + 1e-12; });
  EXPECT_EQ(fine.to_text(-0.125), "-12.5 %");
}

TEST(ParamTypes, Pan) {
  const auto p = ParamSpec::pan(1, "Pan");
  expect_continuous_round_trips(p, half_cent);
  expect_nan_and_range_handled(p);
  expect_garbage_refused(p, {"L", "R", "X50", "L-50", "R 50 %", "left"});
  EXPECT_EQ(p.to_text(-0.5), "L50");
  EXPECT_EQ(p.to_text(0.0), "C");
  EXPECT_EQ(p.to_text(0.004), "C");
  EXPECT_EQ(p.to_text(1.0), "R100");
  const std::vector<std::pair<const char*, double>> cases{{"L50", -0.5},   {"l 50", -0.5}, {"C", 0.0},
                                                          {"center", 0.0}, {"R100", 1.0},  {"r25", 0.25},
                                                          {"-50", -0.5},   {"0", 0.0},     {"L0", 0.0}};
  for (const auto& [text, value] : cases) {
    ASSERT_TRUE(p.from_text(text)) << text;
    EXPECT_DOUBLE_EQ(*p.from_text(text), value) << text;
  }
}

TEST(ParamTypes, NoteNamesWithC4At60) {
  const auto n = ParamSpec::note(1, "Root", 60);
  expect_steps_round_trip(n, 127);
  expect_nan_and_range_handled(n);
  expect_garbage_refused(n, {"H4", "C", "C#", "C4 5", "Cx4", "#4"});
  EXPECT_EQ(n.to_text(60), "C4");
  EXPECT_EQ(n.to_text(0), "C-1");
  EXPECT_EQ(n.to_text(127), "G9");
  EXPECT_EQ(n.to_text(70), "A#4");
  const std::vector<std::pair<const char*, double>> cases{{"C4", 60},  {"c#4", 61}, {"Db3", 49}, {"B#3", 60},
                                                          {"Cb4", 59}, {"A4", 69},  {"60", 60},  {"G#-1", 8}};
  for (const auto& [text, value] : cases) {
    ASSERT_TRUE(n.from_text(text)) << text;
    EXPECT_EQ(*n.from_text(text), value) << text;
  }
  EXPECT_EQ(n.from_text("C10"), 127.0);  // clamped, as numbers are
  EXPECT_FALSE(n.from_text("C99"));
  const auto keys = ParamSpec::note(2, "Split", 48, 36, 96);
  expect_steps_round_trip(keys, 60);
  EXPECT_EQ(keys.to_text(keys.to_plain(0.0)), "C2");
}

TEST(ParamTypes, TempoSyncedDivisions) {
  const auto d = ParamSpec::division(1, "Delay", "1/4");
  expect_steps_round_trip(d, 17);
  expect_nan_and_range_handled(d);
  expect_garbage_refused(d, {"1/3", "1/4x", "1/", "quarter", "1/64"});
  ASSERT_EQ(d.labels.size(), 18u);
  EXPECT_EQ(d.labels.front(), "1/32T");
  EXPECT_EQ(d.labels.back(), "1/1.");
  EXPECT_EQ(d.to_text(d.default_value), "1/4");
  for (std::size_t i = 1; i < d.beats.size(); ++i) EXPECT_GT(d.beats[i], d.beats[i - 1]) << d.labels[i];
  const auto beats_of = [&](const char* text) { return d.beats_at(*d.from_text(text)); };
  EXPECT_DOUBLE_EQ(beats_of("1/4"), 1.0);
  EXPECT_DOUBLE_EQ(beats_of("1/1"), 4.0);
  EXPECT_DOUBLE_EQ(beats_of("1/4."), 1.5);
  EXPECT_DOUBLE_EQ(beats_of("1/4 dotted"), 1.5);
  EXPECT_DOUBLE_EQ(beats_of("1/4d"), 1.5);
  EXPECT_DOUBLE_EQ(beats_of("1/8T"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(beats_of("1/8 triplet"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(beats_of("1/32"), 0.125);

  Param p(ParamSpec::division(1, "Delay", "1/4"));
  EXPECT_DOUBLE_EQ(p.beats(), 1.0);
  EXPECT_DOUBLE_EQ(p.seconds_at(120.0), 0.5);
  p.set_value(*p.spec().from_text("1/8."));
  EXPECT_DOUBLE_EQ(p.seconds_at(90.0), 0.75 * 60.0 / 90.0);
  EXPECT_EQ(p.seconds_at(0.0), 0.0);  // no tempo, no length

  const auto straight = ParamSpec::division(2, "Rate", "1/8", {.dotted = false, .triplet = false, .shortest = 16});
  EXPECT_EQ(straight.labels, (std::vector<std::string>{"1/16", "1/8", "1/4", "1/2", "1/1"}));
  EXPECT_NE(ParamSpec::division(3, "Bad", "1/5").check(), "");
}

// A plugin's own type, as an author would write it in the plugin class.
TEST(ParamTypes, CustomTypeDefinedInPlace) {
  const auto ratio =
      ParamSpec::linear(1, "Ratio", 1.0, 20.0, 4.0)
          .with_mapping([](double n, const ParamSpec& s) { return s.min + n * n * (s.max - s.min); },
                        [](double v, const ParamSpec& s) { return std::sqrt((v - s.min) / (s.max - s.min)); })
          .with_text([](double v) { return plinth::param_text::fixed(v, 1) + ":1"; },
                     [](std::string_view t) { return plinth::param_text::number(t, {":1"}); });
  expect_continuous_round_trips(ratio, [](double) { return 0.05 + 1e-12; });
  expect_nan_and_range_handled(ratio);
  expect_garbage_refused(ratio, {"4:2", "4 dB"});
  EXPECT_EQ(ratio.kind, plinth::ParamKind::custom);
  EXPECT_EQ(ratio.to_text(4.0), "4.0:1");
  EXPECT_DOUBLE_EQ(*ratio.from_text("8:1"), 8.0);
  EXPECT_DOUBLE_EQ(ratio.to_plain(0.5), 1.0 + 0.25 * 19.0);

  // Only to_plain given, capturing a number: the framework inverts it.
  const double curve = 3.0;
  const auto drive = ParamSpec::linear(2, "Drive", 0.0, 10.0, 1.0).with_mapping([curve](double n, const ParamSpec& s) {
    return s.min + std::pow(n, curve) * (s.max - s.min);
  });
  expect_continuous_round_trips(drive, half_cent);
  EXPECT_NEAR(drive.to_normalized(1.25), 0.5, 1e-12);

  // Stepped, no inverse: semitones shown as "+3 st".
  const auto shift =
      ParamSpec::integer(3, "Shift", -24, 24, 0)
          .with_mapping([](double n, const ParamSpec& s) { return s.min + std::round(n * (s.max - s.min)); }, {}, 48)
          .with_text(
              [](double v) {
                std::string text = plinth::param_text::fixed(v, 0) + " st";
                return v > 0 ? "+" + text : text;
              },
              [](std::string_view t) { return plinth::param_text::number(t, {"st"}); });
  expect_steps_round_trip(shift, 48);
  EXPECT_EQ(shift.to_text(3.0), "+3 st");
  EXPECT_DOUBLE_EQ(*shift.from_text("2.6 st"), 3.0);  // onto the step grid

  // The audio thread's path: Param::value() through the custom mapping.
  Param p(ParamSpec::linear(4, "Drive", 0.0, 10.0, 1.0).with_mapping([curve](double n, const ParamSpec& s) {
    return s.min + std::pow(n, curve) * (s.max - s.min);
  }));
  p.set_normalized(0.5);
  EXPECT_DOUBLE_EQ(p.value(), 1.25);
  EXPECT_DOUBLE_EQ(p.normalized(), 0.5);
}

TEST(ParamTypes, CheckCatchesABrokenCustomType) {
  // Not monotonic.
  EXPECT_NE(ParamSpec::linear(1, "Fold", 0.0, 1.0, 0.0)
                .with_mapping([](double n) { return std::abs(std::sin(6.0 * n)); }, [](double v) { return v; })
                .check(),
            "");
  // An inverse that is not one.
  EXPECT_NE(ParamSpec::linear(2, "Skew", 0.0, 1.0, 0.0)
                .with_mapping([](double n) { return n * n; }, [](double v) { return v; })
                .check(),
            "");
  // Text that cannot read itself back.
  EXPECT_NE(ParamSpec::linear(3, "Mute text", 0.0, 1.0, 0.0)
                .with_text([](double v) { return plinth::param_text::fixed(v, 2) + " units"; },
                           [](std::string_view t) { return plinth::param_text::number(t); })
                .check(),
            "");
  // Text that drifts: prints two decimals, parses as double the value.
  EXPECT_NE(ParamSpec::linear(4, "Drift", 0.0, 1.0, 0.0)
                .with_text([](double v) { return plinth::param_text::fixed(v, 2); },
                           [](std::string_view t) -> std::optional<double> {
                             const auto v = plinth::param_text::number(t);
                             return v ? std::optional<double>(*v * 0.5) : std::nullopt;
                           })
                .check(),
            "");
  // A centre outside the range.
  EXPECT_NE(ParamSpec::frequency(5, "Cutoff", 20.0, 20000.0, 1000.0).centered_at(30000.0).check(), "");
}

TEST(ParamTypes, CenteredAtPutsAValueAtMidTravel) {
  const auto f = ParamSpec::linear(1, "Cutoff", 20.0, 20000.0, 1000.0).centered_at(1000.0);
  EXPECT_NEAR(f.to_plain(0.5), 1000.0, 1e-9);
  expect_continuous_round_trips(f, half_cent);
  const auto t = ParamSpec::time(2, "Pre-delay", 0.0, 500.0, 0.0).centered_at(50.0);
  EXPECT_NEAR(t.to_plain(0.5), 50.0, 1e-9);
  expect_continuous_round_trips(t, three_digits);
}

TEST(ParamTypes, TextHelpers) {
  using namespace plinth::param_text;
  EXPECT_EQ(fixed(-0.0001, 2), "0.00");
  EXPECT_EQ(significant(0.012345, 3), "0.0123");
  EXPECT_EQ(significant(99.96, 3), "100");
  EXPECT_EQ(significant(123456.0, 3), "123000");
  EXPECT_EQ(note_name(61), "C#4");
  EXPECT_EQ(note_number("Bb-1"), 10);
  EXPECT_FALSE(note_number("C99"));
  EXPECT_FALSE(number("3 apples", {"pears"}));
  EXPECT_EQ(number(" 3 Pears ", {"pears"}), 3.0);
}
