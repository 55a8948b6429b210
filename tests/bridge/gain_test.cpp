// End to end through the real .so: host -> bridge -> core -> gain.
#include <array>
#include <numeric>
#include <random>
#include <vector>

#include "gain_fixture.h"

using namespace plinth;
using test::amplitude;
using test::gain_id;
using test::gain_normalized;

namespace {

// Amplitude of a sine over whole periods, from its RMS.
template <class T>
double sine_amplitude(std::span<const T> x) {
  double sum = 0.0;
  for (T v : x) sum += static_cast<double>(v) * static_cast<double>(v);
  return std::sqrt(2.0 * sum / static_cast<double>(x.size()));
}

template <class T>
std::span<T> out(host::PluginInstance& p, int ch, int n) {
  if constexpr (std::is_same_v<T, float>)
    return p.output(0, ch).first(static_cast<std::size_t>(n));
  else
    return p.output64(0, ch).first(static_cast<std::size_t>(n));
}
template <class T>
std::span<T> in(host::PluginInstance& p, int ch, int n) {
  if constexpr (std::is_same_v<T, float>)
    return p.input(0, ch).first(static_cast<std::size_t>(n));
  else
    return p.input64(0, ch).first(static_cast<std::size_t>(n));
}

template <class T>
void passes_unchanged_at_defaults() {
  auto g = test::load_gain(std::is_same_v<T, double>);
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  // The controller reports the same default the processor starts from: 0 dB.
  EXPECT_DOUBLE_EQ(p.get_normalized(gain_id), gain_normalized(0.0));
  EXPECT_EQ(p.value_to_string(gain_id, p.get_normalized(gain_id)).value_or("?"), "0.00");
  const int n = 4096;
  test::fill_sine(in<T>(p, 0, n), in<T>(p, 1, n), 0);
  ASSERT_EQ(p.process(n), plinth::abi::kResultOk);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < n; ++i)
      ASSERT_EQ(out<T>(p, c, n)[static_cast<std::size_t>(i)], in<T>(p, c, n)[static_cast<std::size_t>(i)]) << i;
}

template <class T>
void minus_six_db_is_exact() {
  auto g = test::load_gain(std::is_same_v<T, double>);
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const int n = 480;  // whole periods of 1 kHz at 48 kHz
  std::vector<T> collected;
  for (int block = 0; block < 100; ++block) {
    test::fill_sine(in<T>(p, 0, n), in<T>(p, 1, n), std::int64_t{block} * n);
    const std::array changes{host::ParamChange{gain_id, 0, gain_normalized(-6.0)}};
    ASSERT_EQ(p.process(n, block == 0 ? std::span(changes) : std::span<const host::ParamChange>{}),
              plinth::abi::kResultOk);
    if (block >= 50) collected.insert(collected.end(), out<T>(p, 0, n).begin(), out<T>(p, 0, n).end());
  }
  const double measured_db = 20.0 * std::log10(sine_amplitude<T>(collected) / 0.5);
  EXPECT_NEAR(measured_db, -6.0, 0.01);
}

template <class T>
void automation_inside_a_block_reaches_the_smoother_at_its_offsets() {
  auto g = test::load_gain(std::is_same_v<T, double>);
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const int n = 4096;
  const int first = 300, second = 700;
  const double ramp = 48000.0 * test::gain_smoothing_ms / 1000.0;  // 960 samples
  // A constant input makes the output the gain itself.
  for (int c = 0; c < 2; ++c) std::fill_n(in<T>(p, c, n).begin(), n, T(1));
  const std::array changes{host::ParamChange{gain_id, first, gain_normalized(-6.0)},
                           host::ParamChange{gain_id, second, gain_normalized(-12.0)}};
  ASSERT_EQ(p.process(n, changes), plinth::abi::kResultOk);
  const auto y = out<T>(p, 0, n);
  const double t1 = amplitude(-6.0), t2 = amplitude(-12.0);
  const double tol = std::is_same_v<T, float> ? 2e-6 : 1e-12;
  for (int i = 0; i < first; ++i)
    ASSERT_EQ(y[static_cast<std::size_t>(i)], T(1)) << "changed before its offset at " << i;
  // A linear ramp from the offset: sample i carries (i - offset + 1) steps.
  double at_second = 0.0;
  for (int i = first; i < second; ++i) {
    const double expected = 1.0 + (t1 - 1.0) * (i - first + 1) / ramp;
    ASSERT_NEAR(y[static_cast<std::size_t>(i)], expected, tol) << i;
    at_second = expected;
  }
  for (int i = second; i < n; ++i) {
    const double k = std::min<double>(i - second + 1, ramp);
    const double expected = at_second + (t2 - at_second) * k / ramp;
    ASSERT_NEAR(y[static_cast<std::size_t>(i)], expected, tol) << i;
  }
  EXPECT_NEAR(20.0 * std::log10(static_cast<double>(y[n - 1])), -12.0, 0.01);
}

}  // namespace

TEST(GainEndToEnd, PassesAudioUnchangedAtDefaults32) { passes_unchanged_at_defaults<float>(); }
TEST(GainEndToEnd, PassesAudioUnchangedAtDefaults64) { passes_unchanged_at_defaults<double>(); }
TEST(GainEndToEnd, MinusSixDbWithin001Db32) { minus_six_db_is_exact<float>(); }
TEST(GainEndToEnd, MinusSixDbWithin001Db64) { minus_six_db_is_exact<double>(); }
TEST(GainEndToEnd, SampleAccurateAutomation32) {
  automation_inside_a_block_reaches_the_smoother_at_its_offsets<float>();
}
TEST(GainEndToEnd, SampleAccurateAutomation64) {
  automation_inside_a_block_reaches_the_smoother_at_its_offsets<double>();
}

TEST(GainEndToEnd, ControllerTextEditsReachTheProcessor) {
  auto g = test::load_gain();
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const auto v = p.string_to_value(gain_id, "-6 dB");
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, gain_normalized(-6.0), 1e-12);
  ASSERT_EQ(p.edit(gain_id, *v), plinth::abi::kResultOk);
  for (int c = 0; c < 2; ++c) std::fill_n(p.input(0, c).begin(), 2048, 1.0f);
  ASSERT_EQ(p.process(2048), plinth::abi::kResultOk);
  EXPECT_NEAR(20.0 * std::log10(p.output(0, 1)[2047]), -6.0, 0.01);
}

TEST(GainEndToEnd, StateFromOneInstanceReproducesItsOutputInAFreshOne) {
  auto a = test::load_gain();
  ASSERT_TRUE(a.plugin);
  const int n = 2400;
  const std::array changes{host::ParamChange{gain_id, 0, gain_normalized(-9.5)}};
  test::fill_sine(a.plugin->input(0, 0).first(n), a.plugin->input(0, 1).first(n), 0);
  ASSERT_EQ(a.plugin->process(n, changes), plinth::abi::kResultOk);  // ramp done within 960 samples
  test::fill_sine(a.plugin->input(0, 0).first(n), a.plugin->input(0, 1).first(n), n);
  ASSERT_EQ(a.plugin->process(n), plinth::abi::kResultOk);
  const std::vector<float> reference(a.plugin->output(0, 0).begin(), a.plugin->output(0, 0).begin() + n);
  const auto state = a.plugin->save_state();
  ASSERT_FALSE(state.empty());

  auto b = test::load_gain(false, 8192, 48000.0, /*activate=*/false);
  ASSERT_TRUE(b.plugin);
  ASSERT_TRUE(b.plugin->load_state(state));  // as a host restoring a project, before activation
  ASSERT_EQ(b.plugin->setup(48000.0, 8192, false), plinth::abi::kResultOk);
  ASSERT_EQ(b.plugin->activate(), plinth::abi::kResultOk);
  EXPECT_NEAR(b.plugin->get_normalized(gain_id), gain_normalized(-9.5), 1e-12);  // controller in step
  test::fill_sine(b.plugin->input(0, 0).first(n), b.plugin->input(0, 1).first(n), n);
  ASSERT_EQ(b.plugin->process(n), plinth::abi::kResultOk);
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(b.plugin->output(0, 0)[static_cast<std::size_t>(i)], reference[static_cast<std::size_t>(i)]) << i;
}

TEST(GainEndToEnd, BypassPersistsThroughStateSaveAndLoad) {
  auto a = test::load_gain();
  ASSERT_TRUE(a.plugin);
  const auto bypass = a.plugin->bypass_id();
  ASSERT_TRUE(bypass);
  const std::array changes{host::ParamChange{gain_id, 0, gain_normalized(-20.0)}, host::ParamChange{*bypass, 0, 1.0}};
  ASSERT_EQ(a.plugin->process(64, changes), plinth::abi::kResultOk);
  const auto state = a.plugin->save_state();

  auto b = test::load_gain();
  ASSERT_TRUE(b.plugin);
  ASSERT_TRUE(b.plugin->load_state(state));
  EXPECT_EQ(b.plugin->get_normalized(*bypass), 1.0);
  // Restarted as a host does after restoring a project: bypassed from the first sample
  // (a state loaded while running fades into bypass instead; see the bypass fade tests).
  ASSERT_EQ(b.plugin->deactivate(), plinth::abi::kResultOk);
  ASSERT_EQ(b.plugin->activate(), plinth::abi::kResultOk);
  test::fill_sine(b.plugin->input(0, 0).first(512), b.plugin->input(0, 1).first(512), 0);
  ASSERT_EQ(b.plugin->process(512), plinth::abi::kResultOk);
  for (int i = 0; i < 512; ++i)
    ASSERT_EQ(b.plugin->output(0, 0)[static_cast<std::size_t>(i)], b.plugin->input(0, 0)[static_cast<std::size_t>(i)]);
}

TEST(GainEndToEnd, MalformedStateIsRejectedAndChangesNothing) {
  auto g = test::load_gain();
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const std::array changes{host::ParamChange{gain_id, 0, gain_normalized(-3.0)}};
  ASSERT_EQ(p.process(2048, changes), plinth::abi::kResultOk);
  ASSERT_EQ(p.edit(gain_id, gain_normalized(-3.0)), plinth::abi::kResultOk);
  const auto good = p.save_state();
  std::vector<std::vector<std::uint8_t>> bad{{}, {0x50}, {1, 2, 3, 4, 5, 6, 7, 8}};
  for (std::size_t cut = 1; cut < good.size(); cut += 3)
    bad.emplace_back(good.begin(), good.begin() + static_cast<long>(cut));
  auto huge = good;
  huge[8] = huge[9] = huge[10] = huge[11] = 0xff;  // parameter count 4 billion
  bad.push_back(huge);
  std::mt19937 rng(7);
  for (int k = 0; k < 200; ++k) {
    std::vector<std::uint8_t> junk(rng() % 200);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    bad.push_back(junk);
  }
  for (const auto& data : bad) EXPECT_FALSE(p.load_state(data));
  EXPECT_NEAR(p.get_normalized(gain_id), gain_normalized(-3.0), 1e-12);
  for (int c = 0; c < 2; ++c) std::fill_n(p.input(0, c).begin(), 256, 1.0f);
  ASSERT_EQ(p.process(256), plinth::abi::kResultOk);
  EXPECT_NEAR(20.0 * std::log10(p.output(0, 0)[255]), -3.0, 0.01);
}

TEST(GainEndToEnd, MonoArrangementWorksAndSurroundIsRefused) {
  auto g = test::load_gain(false, 1024, 48000.0, /*activate=*/false);
  ASSERT_TRUE(g.plugin);
  auto& p = *g.plugin;
  const plinth::abi::SpeakerArrangement surround =
      plinth::abi::speaker_arr::k31Cine | plinth::abi::kSpeakerLs | plinth::abi::kSpeakerRs;
  EXPECT_NE(p.set_bus_arrangements({surround}, {surround}), plinth::abi::kResultOk);
  EXPECT_EQ(p.arrangement(plinth::abi::kInput, 0), plinth::abi::speaker_arr::kStereo);
  EXPECT_NE(p.set_bus_arrangements({plinth::abi::speaker_arr::kMono}, {plinth::abi::speaker_arr::kStereo}),
            plinth::abi::kResultOk);
  ASSERT_EQ(p.set_bus_arrangements({plinth::abi::speaker_arr::kMono}, {plinth::abi::speaker_arr::kMono}),
            plinth::abi::kResultOk);
  EXPECT_EQ(p.channels(plinth::abi::kOutput, 0), 1);
  ASSERT_EQ(p.setup(48000.0, 1024, false), plinth::abi::kResultOk);
  ASSERT_EQ(p.activate(), plinth::abi::kResultOk);
  std::fill_n(p.input(0, 0).begin(), 1024, 0.25f);
  const std::array changes{host::ParamChange{gain_id, 0, gain_normalized(6.0)}};
  ASSERT_EQ(p.process(1024, changes), plinth::abi::kResultOk);
  EXPECT_NEAR(p.output(0, 0)[1023], 0.25 * amplitude(6.0), 1e-6);
}
