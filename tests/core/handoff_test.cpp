// plinth::Handoff and plinth::MessageQueue: what one thread hands over, the other sees
// whole, in order, and nothing is lost or freed on the wrong side. The *Threads suites
// also run under ThreadSanitizer (scripts/test.sh --tsan).
#include "plinth/core/handoff.h"

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/core/message_queue.h"

namespace {

// Counts live objects, to see every one freed exactly once.
std::atomic<int> live{0};
struct Table {
  explicit Table(int g) : entries(512, g) { ++live; }
  ~Table() { --live; }
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;
  std::vector<int> entries;
};

TEST(Handoff, TheAudioSideSeesTheNewestAndTheMainSideFreesTheOld) {
  {
    plinth::Handoff<Table> h;
    EXPECT_EQ(h.current(), nullptr);
    h.publish(std::make_unique<Table>(1));
    h.publish(std::make_unique<Table>(2));  // the unseen 1 is freed here
    EXPECT_EQ(live.load(), 1);
    ASSERT_NE(h.current(), nullptr);
    EXPECT_EQ(h.current()->entries[0], 2);
    h.publish(std::make_unique<Table>(3));
    EXPECT_EQ(h.current()->entries[0], 3);  // 2 retired, not freed by the audio side
    EXPECT_EQ(live.load(), 2);
    h.collect();
    EXPECT_EQ(live.load(), 1);
  }
  EXPECT_EQ(live.load(), 0);
}

TEST(HandoffThreads, TablesSwappedWhileReadIsNeverTorn) {
  plinth::Handoff<Table> h;
  h.publish(std::make_unique<Table>(0));
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> last_seen{0};
  std::thread audio([&] {
    int previous = 0;
    for (int k = 0; k < 20000; ++k) {
      const Table* t = h.current();
      const int g = t->entries.front();
      for (int e : t->entries)
        if (e != g) ++torn;
      if (g < previous) ++torn;  // never an older table after a newer one
      previous = g;
    }
    last_seen = previous;
    done = true;
  });
  int g = 1;
  while (!done) h.publish(std::make_unique<Table>(g++));
  audio.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(g, 2);
}

TEST(MessageQueue, KeepsOrderAcrossTheWrapAndRefusesWhatDoesNotFit) {
  plinth::MessageQueue q(64);
  std::vector<std::vector<std::uint8_t>> got;
  auto take = [&](std::span<const std::uint8_t> m) { got.emplace_back(m.begin(), m.end()); };
  std::uint8_t counter = 0;
  for (int round = 0; round < 50; ++round) {
    std::vector<std::uint8_t> a(7, counter++);
    std::vector<std::uint8_t> b(13, counter++);
    ASSERT_TRUE(q.push(a));
    ASSERT_TRUE(q.push(b));
    ASSERT_TRUE(q.push({}));  // empty messages are messages too
    got.clear();
    ASSERT_EQ(q.drain(take), 3u);
    ASSERT_EQ(got[0], a);
    ASSERT_EQ(got[1], b);
    ASSERT_TRUE(got[2].empty());
  }
  std::vector<std::uint8_t> big(61);
  EXPECT_FALSE(q.push(big));  // 4 + 61 > 64
  std::vector<std::uint8_t> fits(60);
  EXPECT_TRUE(q.push(fits));
  EXPECT_FALSE(q.push(std::vector<std::uint8_t>(1)));  // full now
  got.clear();
  EXPECT_EQ(q.drain(take), 1u);
  EXPECT_EQ(got[0].size(), 60u);
}

TEST(MessageQueueThreads, EveryMessageArrivesWholeAndInOrder) {
  plinth::MessageQueue q(1024);
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (std::uint32_t k = 0; k < 50000;) {
      std::uint8_t m[1 + 40];
      const std::size_t n = 1 + k % 40;
      for (std::size_t i = 0; i < n; ++i) m[i] = static_cast<std::uint8_t>(k + i);
      if (q.push(std::span<const std::uint8_t>(m, n))) ++k;
    }
    done = true;
  });
  std::uint32_t expected = 0;
  bool ok = true;
  auto check = [&](std::span<const std::uint8_t> m) {
    if (m.size() != 1 + expected % 40) ok = false;
    for (std::size_t i = 0; i < m.size() && ok; ++i)
      if (m[i] != static_cast<std::uint8_t>(expected + i)) ok = false;
    ++expected;
  };
  while (!done) q.drain(check);
  producer.join();
  q.drain(check);
  EXPECT_TRUE(ok);
  EXPECT_EQ(expected, 50000u);
}

}  // namespace
