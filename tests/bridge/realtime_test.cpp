// The audio path never allocates, frees, locks or waits: thousands of blocks through
// the real .so with the trap armed, with automation, odd block sizes, bypass flips,
// and state saves, loads and controller edits between blocks.
#include "realtime_trap.h"

#include <array>
#include <mutex>
#include <random>
#include <vector>

#ifdef _WIN32
#include <windows.h>
#endif

#include "gain_fixture.h"

using namespace plinth;

TEST(RealtimeTrap, CatchesAllocationSoTheOtherTestsCanFail) {
  PLINTH_SKIP_WITHOUT_TRAP();
  test::clear();
  int* volatile p = nullptr;
  {
    test::TrapOnlyScope audio;  // allocates on purpose: not RTSan's real-time context
    p = new int(42);
  }
  EXPECT_GE(test::allocation_count.load(), 1);
  delete p;
  test::clear();
}

TEST(RealtimeTrap, CatchesLocking) {
  PLINTH_SKIP_WITHOUT_TRAP();
#if !PLINTH_TRAP_LIBC
  GTEST_SKIP() << "the sanitizer runtime owns the lock functions in this build";
#elif defined(_WIN32)
  // Windows: the kernel's locks, through the import table. (An uncontended std::mutex
  // in a MinGW build never calls the kernel, so the trap cannot see that one.)
  test::clear();
  CRITICAL_SECTION section;
  InitializeCriticalSection(&section);
  {
    test::TrapOnlyScope audio;
    EnterCriticalSection(&section);
    LeaveCriticalSection(&section);
  }
  DeleteCriticalSection(&section);
  EXPECT_GE(test::lock_count.load(), 1);
  test::clear();
#else
  test::clear();
  std::mutex m;
  {
    test::TrapOnlyScope audio;
    m.lock();
    m.unlock();
  }
  EXPECT_GE(test::lock_count.load(), 1);
  test::clear();
#endif
}

TEST(RealtimeTrap, SeesAllocationsMadeInsideThePluginSo) {
  PLINTH_SKIP_WITHOUT_TRAP();
  auto g = test::load_gain();
  ASSERT_TRUE(g.plugin);
  // A stream with room already, so only the plugin's own get_state allocates.
  const std::vector<std::uint8_t> room(4096);
  auto stream = plinth::host::make_object<plinth::host::MemoryStream>(std::span(room));
  stream->rewind();
  test::clear();
  {
    test::TrapOnlyScope audio;
    EXPECT_EQ(g.plugin->component()->get_state(stream.get()), plinth::abi::kResultOk);
  }
  EXPECT_GE(test::allocation_count.load(), 1) << "the trap does not reach into the plugin";
  test::clear();
}

#if PLINTH_TRAP_RTSAN
// The same three checks for RealtimeSanitizer: inside AudioThreadScope an allocation, a
// lock, and an allocation made inside the plugin .so each end the process with its report.
TEST(RealtimeSanitizer, CatchesAllocation) {
  EXPECT_DEATH(
      {
        test::AudioThreadScope audio;
        int* volatile p = new int(42);
        delete p;
      },
      "RealtimeSanitizer.*malloc");
}

TEST(RealtimeSanitizer, CatchesLocking) {
  std::mutex m;
  EXPECT_DEATH(
      {
        test::AudioThreadScope audio;
        m.lock();
        m.unlock();
      },
      "RealtimeSanitizer.*pthread_mutex_lock");
}

TEST(RealtimeSanitizer, SeesAllocationsMadeInsideThePluginSo) {
  auto g = test::load_gain();
  ASSERT_TRUE(g.plugin);
  const std::vector<std::uint8_t> room(4096);
  auto stream = plinth::host::make_object<plinth::host::MemoryStream>(std::span(room));
  stream->rewind();
  EXPECT_DEATH(
      {
        test::AudioThreadScope audio;
        (void)g.plugin->component()->get_state(stream.get());
      },
      "RealtimeSanitizer.*malloc.*(Processor::get_state|PlinthGain\\.so)");
}
#endif

namespace {

// Loads any of the example bundles, every bus active.
test::LoadedGain load_bundle(const std::string& name, bool double_precision) {
  test::LoadedGain g;
  std::string error;
  g.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/" + name + ".vst3", error);
  EXPECT_TRUE(g.module) << error;
  if (!g.module) return g;
  g.plugin = plinth::host::PluginInstance::create(*g.module, g.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(g.plugin) << error;
  if (!g.plugin) return g;
  EXPECT_EQ(g.plugin->setup(48000.0, 8192, double_precision), plinth::abi::kResultOk);
  EXPECT_EQ(g.plugin->activate(), plinth::abi::kResultOk);
  return g;
}

void hammer(const std::string& bundle, bool double_precision, int blocks) {
  PLINTH_SKIP_WITHOUT_TRAP();
  auto g = load_bundle(bundle, double_precision);
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const auto bypass = p.bypass_id();
  ASSERT_TRUE(bypass);
  std::vector<plinth::abi::ParamId> ids;
  for (const auto& info : p.parameters())
    if (info.can_automate() && !info.is_bypass()) ids.push_back(info.id);
  ASSERT_FALSE(ids.empty());
  std::mt19937 rng(double_precision ? 64 : 32);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::array fixed_sizes{0, 1, 2, 7, 31, 64, 127, 128, 500, 1000, 4097, 8191, 8192};
  std::vector<plinth::host::ParamChange> changes;
  changes.reserve(64);
  std::vector<std::uint8_t> saved = p.save_state();
  test::clear();

  for (int b = 0; b < blocks; ++b) {
    const int n = (b % 3 == 0) ? fixed_sizes[static_cast<std::size_t>(b / 3) % fixed_sizes.size()]
                               : static_cast<int>(rng() % 8193);
    changes.clear();
    const int points = static_cast<int>(rng() % 9);
    int offset = 0;
    for (int k = 0; k < points && n > 0; ++k) {
      offset = std::min(n - 1, offset + static_cast<int>(rng() % static_cast<unsigned>(n)) / 4);
      changes.push_back({ids[rng() % ids.size()], offset, unit(rng)});
    }
    if (b % 97 == 0) changes.push_back({*bypass, 0, (b / 97) % 2 ? 1.0 : 0.0});
    for (int bus = 0; bus < p.audio_inputs() && n > 0; ++bus) {
      if (double_precision)
        test::fill_sine(p.input64(bus, 0).first(n), p.input64(bus, 1).first(n), b * 8192);
      else
        test::fill_sine(p.input(bus, 0).first(n), p.input(bus, 1).first(n), b * 8192);
    }
    // Main-thread work between blocks, as a host would do it.
    if (b % 50 == 25) saved = p.save_state();
    if (b % 50 == 49) {
      EXPECT_TRUE(p.load_state(saved));
    }
    if (b % 10 == 5) p.edit(ids[rng() % ids.size()], unit(rng));

    plinth::abi::tresult r;
    {
      test::AudioThreadScope audio;
      r = p.process(n, changes);
    }
    ASSERT_EQ(r, plinth::abi::kResultOk) << "block " << b << " of " << n << " samples";
    ASSERT_EQ(test::violations(), 0) << "block " << b << " (" << n << " samples): " << test::what_first();
  }
}

}  // namespace

TEST(Realtime, GainNoAllocationLockOrWaitInProcess32) { hammer("PlinthGain", false, 3000); }
TEST(Realtime, GainNoAllocationLockOrWaitInProcess64) { hammer("PlinthGain", true, 1500); }
TEST(Realtime, DuckerNoAllocationLockOrWaitInProcess32) { hammer("PlinthDucker", false, 2000); }
TEST(Realtime, DuckerNoAllocationLockOrWaitInProcess64) { hammer("PlinthDucker", true, 1000); }
