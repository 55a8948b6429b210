// `plinth profile` end to end: per-block figures and real-time load, the probes a plugin
// records (the channel strip has three), agreement with `plinth bench`, one-line errors,
// and no progress bar in piped output.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "plinth_command.h"

namespace {

std::string bundle(const std::string& name) { return std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3"; }

// The line of `out` that contains `key` (empty if none).
std::string line_with(const std::string& out, const std::string& key) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.find(key) != std::string::npos) return line;
  return {};
}

}  // namespace

TEST(Profile, ReportsPerBlockTimesLoadAndTheChannelStripsProbes) {
  const auto r = plinth::test::run_plinth("profile " + bundle("PlinthChannelStrip") + " -b 128 --rate 44100 -s 0.3");
  ASSERT_EQ(r.status, 0) << r.out;
  double median = 0, p99 = 0, worst = 0, mean = 0;
  ASSERT_EQ(std::sscanf(line_with(r.out, "ns per block:").c_str(),
                        " ns per block: %lf (median), %lf (p99), %lf (worst), %lf (mean)", &median, &p99, &worst, &mean),
            4)
      << r.out;
  EXPECT_GT(median, 0.0);
  EXPECT_LE(median, p99);
  EXPECT_LE(p99, worst);
  double load_median = 0;
  ASSERT_EQ(std::sscanf(line_with(r.out, "real-time load:").c_str(), " real-time load: %lf", &load_median), 1) << r.out;
  const double block_ns = 1e9 * 128 / 44100.0;  // the load is time per block over the block's duration
  EXPECT_NEAR(load_median, 100.0 * median / block_ns, 0.001 + 1e-3 * load_median) << r.out;
  for (const char* name : {"gate", "eq", "dynamics"}) {
    const std::string line = line_with(r.out, std::string(" ") + name + " ");
    ASSERT_FALSE(line.empty()) << name << " missing:\n" << r.out;
    char got[32] = {};
    double per_block = 0, probe_mean = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), " %31s %lf %lf", got, &per_block, &probe_mean), 3) << line;
    EXPECT_EQ(std::string(got), name);
    EXPECT_DOUBLE_EQ(per_block, 1.0) << line;  // one scope of each per block
    EXPECT_GT(probe_mean, 0.0) << line;
    EXPECT_LT(probe_mean, worst) << line;
  }
}

TEST(Profile, SaysSoWhenThePluginRecordsNoProbes) {
  const auto r = plinth::test::run_plinth("profile " + bundle("PlinthGain") + " -s 0.05");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("probes:           none recorded"), std::string::npos) << r.out;
}

// The typical block cost by both commands on the same plugin. Compared: bench's fastest
// batch (the mean of about 0.2 ms of blocks timed together) and profile's median block
// (each timed alone, a clock read's cost taken off), the lowest of three alternating runs
// each. Both leave out what other processes on a shared machine add: the means swing by
// 3x here while other builds and tests run, so they are not compared. A real disagreement
// in what is measured (the warm-up counted, per sample against per block, the clock's
// cost left in, probe queries in the loop) is far outside the 1.5x allowed.
TEST(Profile, AgreesWithBench) {
  double bench_best = 1e300, profile_best = 1e300;
  for (int run = 0; run < 3; ++run) {
    const auto b = plinth::test::run_plinth("bench " + bundle("PlinthChannelStrip") + " -b 64 -s 0.3");
    ASSERT_EQ(b.status, 0) << b.out;
    double mean = 0, best = 0;
    ASSERT_EQ(std::sscanf(line_with(b.out, "ns per block:").c_str(), " ns per block: %lf (mean), %lf (best batch)",
                          &mean, &best),
              2)
        << b.out;
    bench_best = std::min(bench_best, best);
    const auto p = plinth::test::run_plinth("profile " + bundle("PlinthChannelStrip") + " -b 64 -s 0.3");
    ASSERT_EQ(p.status, 0) << p.out;
    double median = 0;
    ASSERT_EQ(std::sscanf(line_with(p.out, "ns per block:").c_str(), " ns per block: %lf (median)", &median), 1)
        << p.out;
    profile_best = std::min(profile_best, median);
  }
  std::printf("bench best batch %.1f ns, profile median %.1f ns per block (ratio %.3f)\n", bench_best, profile_best,
              profile_best / bench_best);
  EXPECT_LT(profile_best / bench_best, 1.5);
  EXPECT_GT(profile_best / bench_best, 1.0 / 1.5);
}

TEST(Profile, ErrorsAreOneLineAndNonZero) {
  const std::vector<std::string> cases{"profile /nonexistent/X.vst3", "profile " + bundle("PlinthGain") + " -p Nope=1",
                                      "profile " + bundle("PlinthGain") + " -b 0"};
  for (const std::string& args : cases) {
    const auto r = plinth::test::run_plinth(args);
    EXPECT_NE(r.status, 0) << args;
    EXPECT_EQ(r.out.rfind("plinth: error: ", 0), 0u) << args << ":\n" << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << ":\n" << r.out;
  }
}

// The progress bars draw on a terminal only: piped, stderr stays empty (the runs are long
// enough that a bar would be drawn on a terminal).
TEST(Profile, NoProgressBarInPipedOutput) {
  std::vector<std::string> cases{"profile " + bundle("PlinthGain") + " -s 0.8",
                                "bench " + bundle("PlinthGain") + " -s 0.8"};
#ifndef _WIN32  // plinth fuzz is Linux only (it forks per batch)
  cases.push_back("fuzz " + bundle("PlinthGain") + " --runs 3000 --crash-dir /tmp");
#endif
  for (const std::string& args : cases) {
    const auto r = plinth::test::run_plinth(args, true);
    EXPECT_EQ(r.status, 0) << args << r.err;
    EXPECT_EQ(r.err, "") << args;
  }
}
