// The format-neutral core driven directly: block splitting at automation points,
// bypass, silence, missing channels, unsafe output, layouts and state.
#include "plinth/core/plugin.h"
#include "plinth/core/state.h"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/state_blob.h"

namespace {

// Writes its "level" parameter (unsmoothed) to every output sample and records the
// part boundaries it was called with.
class Probe : public plinth::Plugin<Probe> {
public:
  static constexpr plinth::PluginInfo info{.name = "Probe",
                                           .vendor = "Tests",
                                           .processor_id = "00000000000000000000000000000001",
                                           .controller_id = "00000000000000000000000000000002"};

  plinth::Param& level = declare(plinth::ParamSpec::linear(7, "Level", 0.0, 1.0, 0.25));
  plinth::Param& mode = declare(plinth::ParamSpec::list(9, "Mode", {"A", "B", "C"}, 0));
  std::vector<int> part_starts;
  int prepared = 0;
  int resets = 0;

  void prepare(const plinth::Setup&) {
    ++prepared;
    part_starts.reserve(1024);
  }
  void reset() noexcept { ++resets; }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& b) {
    if (part_starts.size() < part_starts.capacity()) part_starts.push_back(static_cast<int>(b.first_sample));
    const auto out = b.main_output();
    for (int c = 0; c < out.num_channels(); ++c)
      for (int i = 0; i < b.num_samples; ++i) out[c][i] = static_cast<T>(level.smoothed());
  }
};

template <class T>
struct Rig {
  std::array<std::vector<T>, 2> in, out;
  std::array<T*, 2> in_ptrs{}, out_ptrs{};
  std::array<plinth::HostBus<T>, 1> ins{}, outs{};
  std::vector<plinth::ParamPoint> points;
  plinth::HostBlock<T> block;

  explicit Rig(int n, T input = T(0.5)) {
    for (int c = 0; c < 2; ++c) {
      in[c].assign(n, input);
      out[c].assign(n, T(-9));
      in_ptrs[c] = in[c].data();
      out_ptrs[c] = out[c].data();
    }
    ins[0] = {in_ptrs.data(), 2, 0, true};
    outs[0] = {out_ptrs.data(), 2, 0, true};
    block.inputs = ins;
    block.outputs = outs;
    block.num_samples = n;
  }
  plinth::HostBlock<T>& with_points() {
    block.param_points = points;
    return block;
  }
};

std::unique_ptr<Probe> make_probe(int max_block = 512) {
  auto core = plinth::create_checked(std::make_unique<Probe>());
  auto* p = static_cast<Probe*>(core.release());
  std::unique_ptr<Probe> probe(p);
  plinth::Setup setup;
  setup.sample_rate = 48000.0;
  setup.max_block_size = max_block;
  EXPECT_TRUE(probe->setup_processing(setup));
  return probe;
}

}  // namespace

TEST(PluginCore, EffectsGetABypassParameterLast) {
  auto p = make_probe();
  ASSERT_EQ(p->params().size(), 3u);
  EXPECT_EQ(p->params().back()->id(), plinth::bypass_param_id);
  EXPECT_TRUE(p->params().back()->spec().flags.bypass);
  EXPECT_EQ(p->bypass_param(), p->find_param(plinth::bypass_param_id));
  EXPECT_EQ(p->find_param(7), &p->level);
  EXPECT_EQ(p->find_param(8), nullptr);
}

TEST(PluginCore, AutomationSplitsTheBlockAtEachPointOffset) {
  auto p = make_probe();
  Rig<float> rig(256);
  rig.points = {{7, 200, 1.0}, {7, 100, 0.5}, {9, 100, 1.0}, {7, 0, 0.0}};  // unsorted on purpose
  ASSERT_EQ(p->process_host(rig.with_points()), plinth::ProcessStatus::ok);
  EXPECT_EQ(p->part_starts, (std::vector<int>{0, 100, 200}));
  for (int i = 0; i < 256; ++i) {
    const float expected = i < 100 ? 0.0f : (i < 200 ? 0.5f : 1.0f);
    ASSERT_EQ(rig.out[0][static_cast<std::size_t>(i)], expected) << "sample " << i;
    ASSERT_EQ(rig.out[1][static_cast<std::size_t>(i)], expected) << "sample " << i;
  }
  EXPECT_DOUBLE_EQ(p->level.value(), 1.0);
  EXPECT_DOUBLE_EQ(p->mode.value(), 2.0);
}

TEST(PluginCore, PointsPastTheEndAndUnknownIdsAreHarmless) {
  auto p = make_probe();
  Rig<double> rig(64);
  rig.points = {{7, 5000, 0.75}, {12345, 3, 0.5}, {7, -20, 0.125}, {7, 10, NAN}};
  ASSERT_EQ(p->process_host(rig.with_points()), plinth::ProcessStatus::ok);
  EXPECT_DOUBLE_EQ(rig.out[0][0], 0.125);
  EXPECT_DOUBLE_EQ(rig.out[0][63], 0.125);
  EXPECT_DOUBLE_EQ(p->level.value(), 0.75);  // applied after the block
}

TEST(PluginCore, BlocksLongerThanMaxAreProcessedInParts) {
  auto p = make_probe(64);
  Rig<float> rig(200);
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  EXPECT_EQ(p->part_starts, (std::vector<int>{0, 64, 128, 192}));
  for (float v : rig.out[1]) ASSERT_EQ(v, 0.25f);
}

// Bypass crossfades from the plugin's output to the input over 10 ms (480 samples at
// 48 kHz), linear in amplitude, landing exactly on the input. The plugin keeps running
// (so its state is current when bypass ends), its output replaced by the input.
TEST(PluginCore, BypassCrossfadesToTheInputAndKeepsThePluginRunning) {
  auto p = make_probe(1024);
  p->reset_processing();
  Rig<float> rig(1024, 0.3f);
  rig.points = {{plinth::bypass_param_id, 16, 1.0}};
  ASSERT_EQ(p->process_host(rig.with_points()), plinth::ProcessStatus::ok);
  EXPECT_EQ(rig.out[0][15], 0.25f);
  for (int k = 0; k < 480; ++k) {
    const double m = (k + 1) / 480.0;
    ASSERT_NEAR(rig.out[0][static_cast<std::size_t>(16 + k)], 0.25 * (1 - m) + 0.3 * m, 1e-6) << k;
  }
  EXPECT_EQ(rig.out[0][16 + 479], 0.3f);
  EXPECT_EQ(rig.out[1][1023], 0.3f);
  p->part_starts.clear();
  Rig<float> next(64, 0.3f);
  ASSERT_EQ(p->process_host(next.block), plinth::ProcessStatus::ok);
  EXPECT_EQ(next.out[1][0], 0.3f);
  EXPECT_EQ(p->part_starts, (std::vector<int>{0}));  // still called while bypassed
}

TEST(PluginCore, SilentInputGivesSilentFlaggedOutputWithoutCallingThePlugin) {
  auto p = make_probe();
  Rig<float> rig(32, 0.0f);
  rig.ins[0].silence_flags = 0b11;
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  EXPECT_EQ(rig.outs[0].silence_flags, 0b11u);
  for (float v : rig.out[0]) ASSERT_EQ(v, 0.0f);
  EXPECT_TRUE(p->part_starts.empty());
  rig.ins[0].silence_flags = 0b01;  // one live channel: process normally
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  EXPECT_EQ(rig.outs[0].silence_flags, 0u);
  EXPECT_EQ(rig.out[0][0], 0.25f);
}

TEST(PluginCore, MissingHostChannelsReadAsSilenceAndWritesGoNowhere) {
  auto p = make_probe();
  Rig<float> rig(16);
  rig.ins[0].num_channels = 1;
  rig.outs[0].num_channels = 1;
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  EXPECT_EQ(rig.out[0][0], 0.25f);
  EXPECT_EQ(rig.out[1][0], -9.0f);  // the host did not hand us this channel
  rig.ins[0].channels = nullptr;
  rig.outs[0].channels = nullptr;
  EXPECT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
}

TEST(PluginCore, HostChannelsBeyondTheLayoutAreSilenced) {
  auto p = make_probe();
  std::array<std::vector<float>, 3> out{std::vector<float>(16, -9.0f), std::vector<float>(16, -9.0f),
                                        std::vector<float>(16, -9.0f)};
  std::array<float*, 3> out_ptrs{out[0].data(), out[1].data(), out[2].data()};
  std::array<plinth::HostBus<float>, 2> outs{{{out_ptrs.data(), 3, 0, true}, {out_ptrs.data() + 2, 1, 0, true}}};
  Rig<float> rig(16);
  rig.block.outputs = outs;  // three channels on a stereo bus, and a bus the plugin never declared
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  EXPECT_EQ(out[0][5], 0.25f);
  EXPECT_EQ(out[1][5], 0.25f);
  for (float v : out[2]) EXPECT_EQ(v, 0.0f);
}

TEST(PluginCore, ZeroSamplesFlushesParametersOnly) {
  auto p = make_probe();
  Rig<float> rig(0);
  rig.points = {{7, 0, 0.9}};
  rig.ins[0].channels = nullptr;
  rig.outs[0].channels = nullptr;
  ASSERT_EQ(p->process_host(rig.with_points()), plinth::ProcessStatus::ok);
  EXPECT_DOUBLE_EQ(p->level.value(), 0.9);
  EXPECT_TRUE(p->part_starts.empty());
}

TEST(PluginCore, UnpreparedOrNegativeBlocksAreRefusedSafely) {
  auto core = plinth::create_checked(std::make_unique<Probe>());
  Rig<float> rig(8);
  EXPECT_EQ(core->process_host(rig.block), plinth::ProcessStatus::not_prepared);
  for (float v : rig.out[0]) EXPECT_EQ(v, 0.0f);
  rig.block.num_samples = -1;
  EXPECT_EQ(core->process_host(rig.block), plinth::ProcessStatus::invalid_argument);
  plinth::Setup bad;
  bad.sample_rate = NAN;
  EXPECT_FALSE(core->setup_processing(bad));
  bad.sample_rate = 48000;
  bad.max_block_size = 0;
  EXPECT_FALSE(core->setup_processing(bad));
}

namespace {
class Nan : public plinth::Plugin<Nan> {
public:
  static constexpr plinth::PluginInfo info{.name = "Nan",
                                           .processor_id = "00000000000000000000000000000003",
                                           .controller_id = "00000000000000000000000000000004"};
  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& b) {
    for (int i = 0; i < b.num_samples; ++i) b.main_output()[0][i] = i % 2 ? T(NAN) : T(INFINITY);
  }
};
class Broken : public plinth::Plugin<Broken> {
public:
  static constexpr plinth::PluginInfo info{.name = "Broken",
                                           .processor_id = "00000000000000000000000000000005",
                                           .controller_id = "00000000000000000000000000000006"};
  plinth::Param& a = declare(plinth::ParamSpec::linear(1, "A", 0, 1, 0));
  plinth::Param& b = declare(plinth::ParamSpec::linear(1, "B", 0, 1, 0));
  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>&) {}
};
}  // namespace

TEST(PluginCore, NonFiniteOutputNeverReachesTheHost) {
  auto p = plinth::create_checked(std::make_unique<Nan>());
  ASSERT_TRUE(p->setup_processing({}));
  Rig<float> rig(16);
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  for (float v : rig.out[0]) EXPECT_EQ(v, 0.0f);
}

TEST(PluginCore, DuplicateParameterIdsAreRefusedAtCreation) {
  EXPECT_EQ(plinth::create_checked(std::make_unique<Broken>()), nullptr);
}

TEST(PluginCore, LayoutsNegotiateMonoAndStereoOnly) {
  auto p = make_probe();
  using L = plinth::ChannelLayout;
  const std::array mono{L::mono};
  const std::array stereo{L::stereo};
  EXPECT_TRUE(p->set_layouts(mono, mono));
  EXPECT_EQ(p->layouts().inputs[0], L::mono);
  EXPECT_FALSE(p->set_layouts(mono, stereo));   // an effect's main buses must match
  EXPECT_FALSE(p->set_layouts({}, stereo));     // wrong bus count
  EXPECT_EQ(p->layouts().outputs[0], L::mono);  // refused requests change nothing
  EXPECT_TRUE(p->set_layouts(stereo, stereo));
}

TEST(State, RoundTripsEveryParameterIncludingBypass) {
  auto a = make_probe();
  a->level.set_value(0.8);
  a->mode.set_value(2);
  a->bypass_param()->set_value(1);
  const auto bytes = plinth::save_state(*a);
  auto b = make_probe();
  ASSERT_EQ(plinth::load_state(*b, bytes), plinth::StateError::none);
  EXPECT_DOUBLE_EQ(b->level.value(), 0.8);
  EXPECT_DOUBLE_EQ(b->mode.value(), 2.0);
  EXPECT_TRUE(b->bypass_param()->is_on());
}

using plinth::test::add_state_value;
using plinth::test::state_header;

TEST(State, KeyedByIdSoOrderAndUnknownIdsDoNotMatter) {
  auto p = make_probe();
  auto v = state_header(1, 3, 0);
  add_state_value(v, 9, 1.0);
  add_state_value(v, 4242, 3.0);  // a parameter this version does not have
  add_state_value(v, 7, 0.6);     // level; bypass missing -> default
  p->bypass_param()->set_value(1);
  ASSERT_EQ(plinth::load_state(*p, v), plinth::StateError::none);
  EXPECT_DOUBLE_EQ(p->level.value(), 0.6);
  EXPECT_DOUBLE_EQ(p->mode.value(), 1.0);
  EXPECT_FALSE(p->bypass_param()->is_on());
}

TEST(State, MalformedDataIsRejectedAndChangesNothing) {
  auto p = make_probe();
  p->level.set_value(0.7);
  const auto good = plinth::save_state(*p);
  auto expect_rejected = [&](std::vector<std::uint8_t> data, plinth::StateError why) {
    EXPECT_EQ(plinth::load_state(*p, data), why) << plinth::describe(why);
    EXPECT_DOUBLE_EQ(p->level.value(), 0.7);
  };
  expect_rejected({}, plinth::StateError::empty);
  expect_rejected({'X', 'Y', 'Z', 'W', 0, 0, 0, 0}, plinth::StateError::bad_magic);
  for (std::size_t n = 1; n < good.size(); ++n) {
    const auto why = n < 4 ? plinth::StateError::bad_magic : plinth::StateError::truncated;
    expect_rejected({good.begin(), good.begin() + static_cast<long>(n)}, why);
  }
  auto longer = good;
  longer.push_back(0);
  expect_rejected(longer, plinth::StateError::trailing_bytes);
  expect_rejected(state_header(plinth::state_format_version + 1, 0, 0), plinth::StateError::unsupported_version);
  expect_rejected(state_header(0, 0, 0), plinth::StateError::unsupported_version);
  expect_rejected(state_header(1, 0xffffffff, 0), plinth::StateError::too_large);
  expect_rejected(state_header(1, 0, 0xfffffff0), plinth::StateError::too_large);
  auto dup = state_header(1, 2, 0);
  add_state_value(dup, 7, 0.1);
  add_state_value(dup, 7, 0.2);
  expect_rejected(dup, plinth::StateError::duplicate_param);
  auto nan = state_header(1, 1, 0);
  add_state_value(nan, 7, NAN);
  expect_rejected(nan, plinth::StateError::bad_value);
  auto extra = state_header(1, 0, 3);
  extra.insert(extra.end(), {1, 2, 3});
  expect_rejected(extra, plinth::StateError::extra_rejected);  // Probe has no extra state

  std::mt19937 rng(1234);
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::uint8_t> junk(rng() % 64);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    if (round % 2 == 0 && junk.size() >= 4) std::copy_n("PLNT", 4, junk.begin());
    if (plinth::load_state(*p, junk) == plinth::StateError::none) p->level.set_value(0.7);
    EXPECT_DOUBLE_EQ(p->level.value(), 0.7);
  }
}

namespace {
// Records the floating-point mode its process() runs under and whether a denormal
// survives an operation there.
class ModeProbe : public plinth::Plugin<ModeProbe> {
public:
  static constexpr plinth::PluginInfo info{.name = "ModeProbe",
                                           .vendor = "Tests",
                                           .processor_id = "00000000000000000000000000000021",
                                           .controller_id = "00000000000000000000000000000022"};
  std::uint64_t seen_mode = 0;
  bool denormal_survived = true;
  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& b) {
    seen_mode = plinth::dsp::floating_point_control_word();
    volatile T tiny = std::numeric_limits<T>::min();  // smallest normal
    volatile T half = tiny * T(0.5);                  // a denormal, unless flushed
    denormal_survived = half != T(0);
    const auto in = b.main_input();
    const auto out = b.main_output();
    for (int c = 0; c < out.num_channels(); ++c)
      for (int i = 0; i < b.num_samples; ++i) out[c][i] = in[c][i];
  }
};
}  // namespace

TEST(PluginCore, DenormalsAreFlushedDuringProcessAndTheHostModeIsRestored) {
  if (!plinth::dsp::kDenormalGuardSupported) GTEST_SKIP() << "no flush-to-zero mode on this platform";
  auto core = plinth::create_checked(std::make_unique<ModeProbe>());
  auto* p = static_cast<ModeProbe*>(core.get());
  plinth::Setup setup;
  ASSERT_TRUE(p->setup_processing(setup));
  const std::uint64_t host_mode = plinth::dsp::floating_point_control_word();
  for (bool host_flushes : {false, true}) {
    const std::uint64_t mode =
        host_flushes ? host_mode | plinth::dsp::kDenormalFlushBits : host_mode & ~plinth::dsp::kDenormalFlushBits;
    plinth::dsp::set_floating_point_control_word(mode);
    Rig<float> rig32(64);
    ASSERT_EQ(p->process_host(rig32.block), plinth::ProcessStatus::ok);
    const std::uint64_t after32 = plinth::dsp::floating_point_control_word();
    EXPECT_EQ(p->seen_mode & plinth::dsp::kDenormalFlushBits, plinth::dsp::kDenormalFlushBits);
    EXPECT_FALSE(p->denormal_survived);
    Rig<double> rig64(64);
    ASSERT_EQ(p->process_host(rig64.block), plinth::ProcessStatus::ok);
    const std::uint64_t after64 = plinth::dsp::floating_point_control_word();
    EXPECT_FALSE(p->denormal_survived);
    plinth::dsp::set_floating_point_control_word(host_mode);
    // The low six MXCSR bits are sticky exception flags that arithmetic sets, not a mode.
    const std::uint64_t flags = plinth::dsp::kDenormalFlushBits == 0x8040u ? 0x3fu : 0u;
    EXPECT_EQ(after32 & ~flags, mode & ~flags) << "the host's mode was not restored (32-bit)";
    EXPECT_EQ(after64 & ~flags, mode & ~flags) << "the host's mode was not restored (64-bit)";
  }
}

// Main-thread changes between blocks reach the audio thread (the framework skips the
// per-parameter retarget when no parameter changed, so this is what could break).
TEST(PluginCore, MainThreadChangesBetweenBlocksArePickedUp) {
  auto p = make_probe();
  p->reset_processing();
  for (double v : {0.1, 0.1, 0.9, 0.3}) {
    p->level.set_value(v);
    Rig<float> rig(32);
    ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
    EXPECT_FLOAT_EQ(rig.out[0][31], static_cast<float>(v));
  }
  Rig<float> rig(32);  // no change: the last value holds
  ASSERT_EQ(p->process_host(rig.block), plinth::ProcessStatus::ok);
  EXPECT_FLOAT_EQ(rig.out[1][0], 0.3f);
}
