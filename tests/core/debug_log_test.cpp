// The debug log: formats as written, keeps order, drops (and counts) rather than blocks
// when full, and takes records from several threads at once without losing or tearing one.
// Under RealtimeSanitizer (scripts/test.sh --rtsan) Logger's calls are [[clang::nonblocking]],
// so any allocation or lock inside them would end these tests.
#include "plinth/core/debug_log.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

using namespace plinth;

namespace {

// Empties the module's log and turns it on for one test.
struct LogOn {
  LogOn() {
    debug_log().drain([](const LogRecord&) {});
    debug_log().enable(true);
  }
  ~LogOn() {
    debug_log().enable(false);
    debug_log().drain([](const LogRecord&) {});
  }
  std::vector<std::string> lines() {
    std::vector<std::string> out;
    debug_log().drain([&out](const LogRecord& r) { out.push_back(format_log_line(r)); });
    return out;
  }
};

Logger logger(const char* name, std::uint32_t instance) {
  Logger l;
  l.set_source(name, instance);
  return l;
}

enum class Mode : std::uint8_t { off, on };

}  // namespace

TEST(DebugLog, FormatsNumbersBoolsCharsAndEnums) {
  LogOn on;
  const Logger log = logger("Test", 3);
  log.info("cutoff {} Hz, q {}", 1234.5, 0.707f);
  log.debug("n {} u {} b {} c {}", -42, 7u, true, 'x');
  log.warning("mode {} {{literal}}", Mode::on);
  log.error("no arguments");
  const auto lines = on.lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "Test#3 info: cutoff 1234.5 Hz, q 0.707");  // six significant digits, like %g
  EXPECT_EQ(lines[1], "Test#3 debug: n -42 u 7 b true c x");
  EXPECT_EQ(lines[2], "Test#3 warning: mode 1 {literal}");
  EXPECT_EQ(lines[3], "Test#3 error: no arguments");
}

TEST(DebugLog, OffByDefaultAndThenNothingIsQueued) {
  debug_log().drain([](const LogRecord&) {});
  ASSERT_FALSE(debug_log().enabled());
  logger("Test", 1).info("x {}", 1);
  EXPECT_EQ(debug_log().drain([](const LogRecord&) {}), 0u);
}

TEST(DebugLog, KeepsOrderAndTimes) {
  LogOn on;
  const Logger log = logger("Test", 1);
  for (int i = 0; i < 100; ++i) log.info("{}", i);
  std::int64_t last = 0;
  int expected = 0;
  debug_log().drain([&](const LogRecord& r) {
    EXPECT_EQ(format_log_message(r), std::to_string(expected++));
    EXPECT_GE(r.time_ns, last);
    last = r.time_ns;
  });
  EXPECT_EQ(expected, 100);
}

TEST(DebugLog, DropsAndCountsWhenFullAndRecoversAfterADrain) {
  LogOn on;
  const Logger log = logger("Test", 1);
  const std::uint64_t dropped_before = debug_log().dropped();
  const int extra = 37;
  for (int i = 0; i < static_cast<int>(DebugLog::capacity) + extra; ++i) log.info("{}", i);
  EXPECT_EQ(debug_log().dropped() - dropped_before, static_cast<std::uint64_t>(extra));
  const auto lines = on.lines();
  ASSERT_EQ(lines.size(), DebugLog::capacity);
  EXPECT_EQ(lines.back(), "Test#1 info: " + std::to_string(DebugLog::capacity - 1));  // the oldest kept
  log.info("again");
  EXPECT_EQ(on.lines(), std::vector<std::string>{"Test#1 info: again"});
}

TEST(DebugLog, ManyThreadsAtOnceLoseAndTearNothing) {
  LogOn on;
  constexpr int threads = 4;
  constexpr int each = 20000;
  std::vector<int> next(threads, 0);  // per thread: the next number expected
  long received = 0;
  long torn = 0;
  std::atomic<int> running{threads};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([t, &running] {
      const Logger log = logger("T", static_cast<std::uint32_t>(t));
      for (int i = 0; i < each;) {
        const std::uint64_t before = debug_log().dropped();
        log.info("{} {}", i, i * 3);
        if (debug_log().dropped() == before) ++i;  // full: try this one again
        else std::this_thread::yield();
      }
      running.fetch_sub(1);
    });
  }
  auto take = [&](const LogRecord& r) {
    ++received;
    const auto t = static_cast<std::size_t>(r.instance);
    const auto i = r.args[0].i;
    if (r.count != 2 || r.args[1].i != i * 3 || t >= next.size()) { ++torn; return; }
    // Records of one thread arrive in its order (a retry after a drop repeats a number).
    if (i != next[t] && i != next[t] - 1) ++torn;
    next[t] = static_cast<int>(i) + 1;
  };
  while (running.load() > 0) debug_log().drain(take);
  for (auto& th : pool) th.join();
  debug_log().drain(take);
  EXPECT_EQ(torn, 0);
  for (int t = 0; t < threads; ++t) EXPECT_EQ(next[static_cast<std::size_t>(t)], each);
  EXPECT_GE(received, static_cast<long>(threads) * each);
}
