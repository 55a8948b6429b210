// Timing probes: each name its own slot, every scope counted, time and worst time about
// what the scope took, reset zeroes the figures, and the text a host reads decodes to what
// was recorded. Under RealtimeSanitizer (scripts/test.sh --rtsan) a probe's constructor
// and destructor are [[clang::nonblocking]], so an allocation or lock there ends the test.
#include "plinth/core/probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "plinth/core/plugin.h"

using namespace plinth;

namespace {

// Spins (no sleep: the time must be on this thread's clock) for at least `ns`.
void spin_for(std::int64_t ns) {
  const std::int64_t until = probe_clock_ns() + ns;
  while (probe_clock_ns() < until) {
  }
}

// A plugin using probes the way a plugin author does.
class Probed : public Plugin<Probed> {
public:
  static constexpr PluginInfo info{.name = "Probed",
                                   .vendor = "Plinth",
                                   .processor_id = "0123456789ABCDEF0123456789ABCDE0",
                                   .controller_id = "0123456789ABCDEF0123456789ABCDE1"};
  template <std::floating_point T>
  void process(const ProcessBlock<T>&) {
    auto whole = probe("whole");
    {
      auto p = probe("first");
      spin_for(20000);
    }
    auto p = probe("second");
  }
  void run_block() { process(ProcessBlock<float>{}); }
};

const ProbeStats* find(const std::vector<ProbeStats>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

TEST(Probes, CountAndTimeEachNamedSection) {
  Probed plugin;
  for (int i = 0; i < 10; ++i) plugin.run_block();
  const auto stats = plugin.probe_table().snapshot();
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_EQ(stats[0].name, "whole");  // in order of first use
  const ProbeStats* whole = find(stats, "whole");
  const ProbeStats* first = find(stats, "first");
  const ProbeStats* second = find(stats, "second");
  ASSERT_TRUE(whole && first && second);
  EXPECT_EQ(first->count, 10u);
  EXPECT_EQ(whole->count, 10u);
  EXPECT_GE(first->mean_ns(), 20000.0);  // it spun at least that long
  EXPECT_GE(first->max_ns, 20000u);
  EXPECT_GE(whole->total_ns, first->total_ns);  // it encloses "first"
  EXPECT_LT(second->mean_ns(), first->mean_ns());
  plugin.probe_table().reset();
  for (const auto& s : plugin.probe_table().snapshot()) {
    EXPECT_EQ(s.count, 0u);
    EXPECT_EQ(s.total_ns, 0u);
    EXPECT_EQ(s.max_ns, 0u);
  }
}

TEST(Probes, SameNameSameSlotEvenFromAnotherLiteral) {
  ProbeTable table;
  static constexpr char a[] = "filter";
  ProbeTable::Slot* x = table.find("filter");
  ProbeTable::Slot* y = table.find(a);  // another array, the same text
  EXPECT_EQ(x, y);
  EXPECT_NE(table.find("other"), x);
}

TEST(Probes, AFullTableRecordsNothingMoreAndDoesNotFail) {
  ProbeTable table;
  static constexpr std::array<const char*, 40> names{
      "p0",  "p1",  "p2",  "p3",  "p4",  "p5",  "p6",  "p7",  "p8",  "p9",  "p10", "p11", "p12", "p13",
      "p14", "p15", "p16", "p17", "p18", "p19", "p20", "p21", "p22", "p23", "p24", "p25", "p26", "p27",
      "p28", "p29", "p30", "p31", "p32", "p33", "p34", "p35", "p36", "p37", "p38", "p39"};
  auto claim = [&table]<std::size_t... I>(std::index_sequence<I...>) {
    int found = 0;
    ((found += table.find(ProbeName(names[I])) != nullptr ? 1 : 0), ...);
    return found;
  };
  EXPECT_EQ(claim(std::make_index_sequence<names.size()>{}), static_cast<int>(ProbeTable::capacity));
  { const ProbeScope nothing(nullptr); }  // a probe on a full table is a no-op
  EXPECT_EQ(table.snapshot().size(), ProbeTable::capacity);
}

TEST(Probes, TheHostsTextDecodesToWhatWasRecorded) {
  std::vector<ProbeStats> stats{{"gate", 10, 12345, 2000}, {"eq with space", 1, 18446744073709551615ull, 7}};
  const std::string text = encode_probe_stats(stats);
  const auto back = decode_probe_stats(text);
  ASSERT_EQ(back.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back[i].name, stats[i].name);
    EXPECT_EQ(back[i].count, stats[i].count);
    EXPECT_EQ(back[i].total_ns, stats[i].total_ns);
    EXPECT_EQ(back[i].max_ns, stats[i].max_ns);
  }
  EXPECT_TRUE(decode_probe_stats("garbage\nno\ttabs\there\n").empty());
}
