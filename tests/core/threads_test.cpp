// The thread-crossing parts of the core: parameters set and state saved/loaded on the
// main thread while the audio thread processes. Run under ThreadSanitizer in CI
// (scripts/test.sh --tsan); in a plain build it checks the values stay coherent.
#include "plinth/core/plugin.h"
#include "plinth/core/state.h"

#include <array>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

class Level : public plinth::Plugin<Level> {
public:
  static constexpr plinth::PluginInfo info{.name = "Level",
                                           .processor_id = "000000000000000000000000000000A1",
                                           .controller_id = "000000000000000000000000000000A2"};
  plinth::Param& level = declare(plinth::ParamSpec::linear(1, "Level", 0.0, 1.0, 0.5).with_smoothing(1.0));
  plinth::Param& mode = declare(plinth::ParamSpec::list(2, "Mode", {"A", "B"}, 0));
  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& b) {
    const auto out = b.main_output();
    for (int i = 0; i < b.num_samples; ++i) {
      const T v = static_cast<T>(level.smoothed());
      for (int c = 0; c < out.num_channels(); ++c) out[c][i] = v;
    }
  }
};

}  // namespace

TEST(Threads, MainThreadEditsAndStateLoadsWhileProcessing) {
  auto core = plinth::create_checked(std::make_unique<Level>());
  ASSERT_TRUE(core);
  ASSERT_TRUE(core->setup_processing({48000.0, 256, false}));
  const auto saved = plinth::save_state(*core);

  std::atomic<bool> stop{false};
  std::atomic<int> blocks{0};
  std::atomic<bool> out_of_range{false};
  std::thread audio([&] {
    std::array<std::vector<float>, 2> in{std::vector<float>(256, 0.1f), std::vector<float>(256, 0.1f)};
    std::array<std::vector<float>, 2> out{std::vector<float>(256), std::vector<float>(256)};
    std::array<float*, 2> ip{in[0].data(), in[1].data()}, op{out[0].data(), out[1].data()};
    std::array<plinth::HostBus<float>, 1> ins{{{ip.data(), 2, 0, true}}}, outs{{{op.data(), 2, 0, true}}};
    std::array<plinth::ParamPoint, 1> points{};
    plinth::HostBlock<float> block;
    block.inputs = ins;
    block.outputs = outs;
    block.num_samples = 256;
    while (!stop.load()) {
      points[0] = {2, 17, (blocks.load() % 2) ? 1.0 : 0.0};
      block.param_points = points;
      core->process_host(block);
      for (float v : out[0])
        if (!(v >= 0.0f && v <= 1.0f)) out_of_range = true;
      blocks.fetch_add(1);
    }
  });

  for (int i = 0; i < 2000 || blocks.load() < 200; ++i) {
    core->find_param(1)->set_normalized((i % 100) / 99.0);
    if (i % 50 == 0) {
      auto snapshot = plinth::save_state(*core);
      EXPECT_EQ(plinth::load_state(*core, snapshot), plinth::StateError::none);
      EXPECT_EQ(plinth::load_state(*core, saved), plinth::StateError::none);
    }
    if (i % 200 == 0) std::this_thread::yield();
  }
  stop = true;
  audio.join();
  EXPECT_FALSE(out_of_range.load());
  EXPECT_GE(blocks.load(), 200);
}
