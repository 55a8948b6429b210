// `plinth plot` end to end: the plotted magnitude against an independent measurement (a
// steady sine rendered through `plinth render`, RMS out over RMS in), the SVG as XML with
// labelled axes, latency removal, distortion, and bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numbers>
#include <sstream>

#include "plinth_command.h"
#include "wav_samples.h"

namespace fs = std::filesystem;

namespace {

std::string bundle(const std::string& name) { return std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3"; }

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() / ("plinth_plot_test_" + std::to_string(::getpid()) + "_" + name);
}

// The rows of the CSV section whose header starts with `first_column`: column name -> values.
std::map<std::string, std::vector<double>> section(const std::string& table, const std::string& first_column) {
  std::map<std::string, std::vector<double>> out;
  std::istringstream in(table);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (names.empty()) {
      if (line.rfind(first_column + ",", 0) != 0) continue;
      std::istringstream header(line);
      for (std::string n; std::getline(header, n, ',');) names.push_back(n);
      continue;
    }
    if (line.empty()) break;
    std::istringstream row(line);
    std::size_t k = 0;
    for (std::string v; std::getline(row, v, ',') && k < names.size(); ++k) out[names[k]].push_back(std::stod(v));
  }
  return out;
}

// Magnitude (dB) of channel 1 at `hz` as `plinth plot --table` gives it; NaN if not a point.
double plotted_db(const std::map<std::string, std::vector<double>>& fr, double hz) {
  const auto& f = fr.at("hz");
  for (std::size_t i = 0; i < f.size(); ++i)
    if (std::abs(f[i] / hz - 1.0) < 1e-5) return fr.at("magnitude_db_1")[i];
  return std::nan("");
}

// Gain at `hz` measured independently: a 0.5-amplitude sine rendered through `plinth
// render` with the same settings, the RMS of channel 1 over its last half second (steady
// state) over the RMS of the same stretch of the input sine.
double sine_db(const std::string& plugin, const std::string& settings, double hz) {
  const fs::path wav = temp("sine.wav");
  char freq[64];
  std::snprintf(freq, sizeof freq, "%.12g", hz);
  const auto r =
      plinth::test::run_plinth("render " + bundle(plugin) + " --sine " + freq + " --seconds 1" + settings + " -o " +
                               wav.string());
  EXPECT_EQ(r.status, 0) << r.out;
  int channels = 0;
  const auto samples = plinth::test::wav_samples(wav, channels);
  fs::remove(wav);
  if (channels < 1 || samples.size() != 48000u * static_cast<std::size_t>(channels)) return std::nan("");
  double out = 0.0, in = 0.0;
  for (std::size_t i = 24000; i < 48000; ++i) {
    const double y = samples[i * static_cast<std::size_t>(channels)];
    const double x = 0.5 * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / 48000.0);
    out += y * y;
    in += x * x;
  }
  return 10.0 * std::log10(out / in);
}

struct Case {
  std::string plugin;
  std::string settings;  // -p options, shared by plot and render
};

void expect_plot_matches_sines(const Case& c, std::initializer_list<double> frequencies) {
  const auto r = plinth::test::run_plinth("plot " + bundle(c.plugin) + c.settings + " --what magnitude --table", true);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto fr = section(r.out, "hz");
  ASSERT_TRUE(fr.contains("magnitude_db_1")) << r.out;
  double worst = 0.0;
  for (double hz : frequencies) {
    const double plotted = plotted_db(fr, hz);
    const double measured = sine_db(c.plugin, c.settings, hz);
    ASSERT_FALSE(std::isnan(plotted)) << hz << " Hz is not a point of the plot";
    EXPECT_NEAR(plotted, measured, 0.1) << c.plugin << c.settings << " at " << hz << " Hz";
    worst = std::max(worst, std::abs(plotted - measured));
    std::printf("%s%s  %8.1f Hz  plot %8.3f dB  sine %8.3f dB  diff %.4f dB\n", c.plugin.c_str(), c.settings.c_str(),
                hz, plotted, measured, plotted - measured);
  }
  std::printf("%s: largest difference %.4f dB\n", c.plugin.c_str(), worst);
}

// 1 kHz times 2^(k/48): the plot's frequency points.
double point(int k) { return 1000.0 * std::exp2(k / 48.0); }

}  // namespace

TEST(Plot, EqMagnitudeMatchesASteadySineWithinATenthOfADecibel) {
  expect_plot_matches_sines({"PlinthEq", " -p \"Band 1 Freq=1000\" -p \"Band 1 Gain=9\" -p \"Band 1 Q=2\" -p \"Low Cut=150\""
                                         " -p \"Low Cut Slope=24 dB/oct\" -p \"High Shelf Gain=-6\""},
                            {point(-192), point(-96), point(-48), point(-24), 1000.0, point(17), point(48), point(96),
                             point(120), point(192)});
}

TEST(Plot, FilterMagnitudeMatchesASteadySineWithinATenthOfADecibel) {
  const std::initializer_list<double> hz{point(-144), point(-48), 1000.0, point(24), point(40), point(48), point(72),
                                         point(144)};
  expect_plot_matches_sines({"PlinthFilter", " -p Cutoff=2000 -p Resonance=60"}, hz);
  expect_plot_matches_sines({"PlinthFilter", " -p Mode=High-pass -p Cutoff=1500 -p Resonance=20"}, hz);
}

TEST(Plot, SteppedSinesAgreeWithTheImpulseResponseOnALinearEffect) {
  const std::string args = "plot " + bundle("PlinthEq") +
                           " -p \"Band 1 Gain=9\" -p \"Low Cut=100\" -p \"Low Cut Slope=48 dB/oct\" --what magnitude,phase"
                           " --table --method ";
  const auto impulse = plinth::test::run_plinth(args + "impulse", true);
  const auto sines = plinth::test::run_plinth(args + "sine", true);
  ASSERT_EQ(impulse.status, 0) << impulse.err;
  ASSERT_EQ(sines.status, 0) << sines.err;
  EXPECT_NE(sines.out.find("(steady sines at -6 dBFS)"), std::string::npos) << sines.out;
  const auto a = section(impulse.out, "hz"), b = section(sines.out, "hz");
  ASSERT_EQ(a.at("hz"), b.at("hz"));
  for (std::size_t i = 0; i < a.at("hz").size(); ++i) {
    if (a.at("magnitude_db_1")[i] < -80.0) continue;  // the 8th-order cut's stop band
    EXPECT_NEAR(a.at("magnitude_db_1")[i], b.at("magnitude_db_1")[i], 0.01) << a.at("hz")[i] << " Hz";
    EXPECT_NEAR(a.at("phase_deg_1")[i], b.at("phase_deg_1")[i], 0.1) << a.at("hz")[i] << " Hz";
  }
}

TEST(Plot, SteppedSinesShowASaturatorCompressingAtHighLevel) {
  const std::string args = "plot " + bundle("PlinthDistortion") + " --what magnitude --table --method sine --from 900 "
                           "--to 1100 --level ";
  const auto quiet = plinth::test::run_plinth(args + "-40", true);
  const auto loud = plinth::test::run_plinth(args + "0", true);
  ASSERT_EQ(quiet.status, 0) << quiet.err;
  ASSERT_EQ(loud.status, 0) << loud.err;
  const double small_signal = plotted_db(section(quiet.out, "hz"), 1000.0);
  const double driven = plotted_db(section(loud.out, "hz"), 1000.0);
  // 12 dB of drive and -6 dB of output: +6 dB while tanh is linear, far less at full scale.
  EXPECT_NEAR(small_signal, 6.0, 0.5);
  EXPECT_LT(driven, small_signal - 6.0);
}

TEST(Plot, SvgIsXmlWithLabelledAxes) {
  const fs::path svg = temp("eq.svg");
  const auto r = plinth::test::run_plinth("plot " + bundle("PlinthEq") + " -p \"Band 1 Gain=6\" -o " + svg.string() +
                                          " --what magnitude,phase,impulse,thd,harmonics");
  ASSERT_EQ(r.status, 0) << r.out;
  // python3's XML parser: the document is well-formed; print every text element.
  const std::string cmd = "python3 -c \"import sys, xml.etree.ElementTree as E; root = E.parse(sys.argv[1]).getroot(); "
                          "print(root.tag); [print(t.text) for t in root.iter('{http://www.w3.org/2000/svg}text')]\" " +
                          svg.string() + " 2>&1";
  if (std::system("python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  std::FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << text;
  fs::remove(svg);
  EXPECT_EQ(text.rfind("{http://www.w3.org/2000/svg}svg\n", 0), 0u) << text;
  for (const char* label : {"Frequency (Hz)", "Magnitude (dB)", "Phase (degrees)", "Time (ms)",
                            "THD (dB re fundamental)", "Input level (dBFS, sine peak)", "Harmonic number", "1k", "20k",
                            "-180", "Magnitude response: Plinth EQ (Band 1 Gain=6) (all 2 channels alike)"}) {
    EXPECT_NE(text.find(std::string(label) + "\n"), std::string::npos) << "no text '" << label << "' in\n" << text;
  }
}

TEST(Plot, ReportedLatencyIsRemoved) {
  // The test plugin delays by exactly the latency it reports: with it removed, the impulse
  // response is a unit impulse at 0 and the response flat in magnitude and phase.
  const auto r = plinth::test::run_plinth(
      "plot " + std::string(PLINTH_TEST_PLUGIN_DIR) + "/PlinthTestLatency.vst3 -p Delay=100 --table "
      "--what magnitude,phase,impulse", true);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("100 samples of reported latency removed"), std::string::npos) << r.out;
  const auto fr = section(r.out, "hz");
  ASSERT_FALSE(fr.at("hz").empty());
  for (std::size_t i = 0; i < fr.at("hz").size(); ++i) {
    EXPECT_NEAR(fr.at("magnitude_db_1")[i], 0.0, 1e-6);
    EXPECT_NEAR(fr.at("phase_deg_1")[i], 0.0, 1e-6);
  }
  const auto sines = plinth::test::run_plinth(
      "plot " + std::string(PLINTH_TEST_PLUGIN_DIR) + "/PlinthTestLatency.vst3 -p Delay=100 --table "
      "--what phase --method sine --from 100 --to 10000", true);
  ASSERT_EQ(sines.status, 0) << sines.err;
  const auto by_sine = section(sines.out, "hz");
  ASSERT_FALSE(by_sine.at("phase_deg_1").empty());
  for (double deg : by_sine.at("phase_deg_1")) EXPECT_NEAR(deg, 0.0, 1e-3);  // float32 samples
  const auto ir = section(r.out, "ms");
  ASSERT_GT(ir.at("amplitude_1").size(), 2u);
  EXPECT_EQ(ir.at("amplitude_1")[0], 1.0);
  EXPECT_EQ(ir.at("amplitude_1")[1], 0.0);
}

TEST(Plot, DistortionGrowsWithLevelAndALinearEqHasNone) {
  const auto dist = plinth::test::run_plinth("plot " + bundle("PlinthDistortion") + " --what thd,harmonics --table", true);
  ASSERT_EQ(dist.status, 0) << dist.err;
  const auto thd = section(dist.out, "level_dbfs");
  const auto& t = thd.at("thd_db_1");
  ASSERT_EQ(t.size(), 11u);  // -60 to 0 dBFS in 6 dB steps
  // A tanh-like curve: the third harmonic grows 2 dB per dB at low level.
  EXPECT_NEAR(t[1] - t[0], 12.0, 0.5);
  EXPECT_GT(t.back(), -20.0);
  // Odd-symmetric: no second harmonic, a strong third.
  const auto h = section(dist.out, "harmonic");
  ASSERT_GE(h.at("db_1").size(), 3u);
  EXPECT_LT(h.at("db_1")[1], -100.0);
  EXPECT_GT(h.at("db_1")[2], -40.0);

  const auto eq = plinth::test::run_plinth("plot " + bundle("PlinthEq") + " --what thd --table", true);
  ASSERT_EQ(eq.status, 0) << eq.err;
  const auto eq_thd = section(eq.out, "level_dbfs");
  ASSERT_EQ(eq_thd.at("thd_db_1").size(), 11u);
  for (double v : eq_thd.at("thd_db_1")) EXPECT_LT(v, -120.0);
}

TEST(Plot, BadInputIsOneLineAndNonZero) {
  const std::string eq = bundle("PlinthEq");
  const std::string out = temp("bad.svg").string();
  for (const std::string& args :
       {"plot " + eq, "plot " + eq + " -o " + out + " --what bode", "plot " + eq + " -o " + out + " --what ,",
        "plot /nonexistent/Thing.vst3 -o " + out, "plot " + bundle("PlinthSynth") + " -o " + out,
        "plot " + eq + " -o /nonexistent/dir/x.svg", "plot " + eq + " -o " + out + " -p Nope=1",
        "plot " + eq + " -o " + out + " --from 500 --to 100", "plot " + eq + " -o " + out + " --rate 1",
        "plot " + eq + " -o " + out + " --level 3", "plot " + eq + " -o " + out + " --method fft"}) {
    const auto r = plinth::test::run_plinth(args);
    EXPECT_NE(r.status, 0) << args;
    EXPECT_LT(r.status, 128) << args << " crashed";
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << "\n" << r.out;
    EXPECT_EQ(r.out.rfind("plinth: error: ", 0), 0u) << args << "\n" << r.out;
  }
  fs::remove(out);
}
