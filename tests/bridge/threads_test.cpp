// Thread crossing through the real .so: the audio thread processes while the main
// thread edits parameters through the controller (host edit queue -> processor), saves
// and loads state. Run under ThreadSanitizer in CI (scripts/test.sh --tsan).
#include <atomic>
#include <thread>
#include <vector>

#include "gain_fixture.h"

TEST(Threads, ControllerEditsAndStateLoadsWhileTheSoProcesses) {
  auto g = plinth::test::load_gain(false, 512);
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const auto saved = p.save_state();
  std::atomic<bool> stop{false};
  std::atomic<int> blocks{0};
  std::atomic<bool> failed{false};
  for (int c = 0; c < 2; ++c) std::fill_n(p.input(0, c).begin(), 512, 0.5f);

  std::thread audio([&] {
    while (!stop.load()) {
      if (p.process(512) != plinth::abi::kResultOk) failed = true;
      for (float v : p.output(0, 0))
        if (!(std::abs(v) <= 0.5f * 15.9f)) failed = true;  // at most +24 dB
      blocks.fetch_add(1);
    }
  });
  for (int i = 0; i < 3000 || blocks.load() < 300; ++i) {
    p.edit(plinth::test::gain_id, (i % 85) / 84.0);
    if (i % 100 == 0) {
      EXPECT_TRUE(p.load_state(saved));
    }
    if (i % 100 == 50) {
      EXPECT_FALSE(p.save_state().empty());
    }
  }
  stop = true;
  audio.join();
  EXPECT_FALSE(failed.load());
  EXPECT_GE(blocks.load(), 300);
}
