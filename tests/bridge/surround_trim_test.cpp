// The surround trim through its .so: 5.1 and 7.1 negotiated with the host and every channel
// processed with its own group's gain; mono/stereo-only plugins still refuse 5.1.
#include "example_harness.h"

#include "plinth/abi/speaker.h"

namespace {

namespace pt = plinth::test;
namespace sa = plinth::abi::speaker_arr;

enum : plinth::abi::ParamId { master = 1, front, centre, lfe, surround, balance };

// A different sine per channel at 0 dB, so each output can be measured on its own.
pt::Signal tones(int channels, std::size_t n) {
  pt::Signal s;
  for (int c = 0; c < channels; ++c) s.push_back(pt::sine(500.0 + 100.0 * c, 48000.0, n, 0.5));
  return s;
}

// Gain (dB) of each channel: output RMS over input RMS, after the smoothers settle.
std::vector<double> channel_gains_db(pt::Example& e, int channels) {
  const auto in = tones(channels, 9600);
  const auto out = e.run(in);
  std::vector<double> g;
  for (int c = 0; c < channels; ++c)
    g.push_back(
        pt::db(pt::rms(out[static_cast<std::size_t>(c)], 4800) / pt::rms(in[static_cast<std::size_t>(c)], 4800)));
  return g;
}

}  // namespace

TEST(SurroundTrim, Negotiates51AndTrimsEachOfItsSixChannels) {
  auto e = pt::load_example("PlinthSurroundTrim", 48000.0, 256, false, sa::k51);
  ASSERT_TRUE(e.plugin);
  EXPECT_EQ(e->arrangement(plinth::abi::kInput, 0), sa::k51);
  EXPECT_EQ(e->arrangement(plinth::abi::kOutput, 0), sa::k51);
  ASSERT_EQ(e->channels(plinth::abi::kOutput, 0), 6);
  e.set({{master, -2.0}, {front, -3.0}, {centre, 4.0}, {lfe, -10.0}, {surround, -6.0}, {balance, 0.5}});
  e.restart();
  // L R C LFE Ls Rs; balance R50 turns the left side down to half (-6.02 dB).
  const double half = pt::db(0.5);
  const std::vector<double> expected{-2 - 3 + half, -2 - 3, -2 + 4, -2 - 10, -2 - 6 + half, -2 - 6};
  const auto got = channel_gains_db(e, 6);
  for (std::size_t c = 0; c < 6; ++c) EXPECT_NEAR(got[c], expected[c], 0.01) << "channel " << c;
}

TEST(SurroundTrim, Negotiates71MusicWithSideSurrounds) {
  auto e = pt::load_example("PlinthSurroundTrim", 48000.0, 256, true, sa::k71Music);
  ASSERT_TRUE(e.plugin);
  ASSERT_EQ(e->channels(plinth::abi::kOutput, 0), 8);
  e.set({{surround, -12.0}, {balance, -1.0}});
  e.restart();
  // Balance hard left silences the right side.
  const std::vector<double> expected{0, -240, 0, 0, -12, -240, -12, -240};
  const auto got = channel_gains_db(e, 8);
  for (std::size_t c = 0; c < 8; ++c) {
    if (expected[c] < -200)
      EXPECT_LT(got[c], -200.0) << "channel " << c;
    else
      EXPECT_NEAR(got[c], expected[c], 0.01) << "channel " << c;
  }
}

TEST(SurroundTrim, StereoStillWorksAndOddLayoutsAreRefused) {
  auto e = pt::load_example("PlinthSurroundTrim", 48000.0, 256, false, sa::kStereo);
  ASSERT_TRUE(e.plugin);
  ASSERT_EQ(e->deactivate(), plinth::abi::kResultOk);
  // 5.0 (no LFE) and mismatched in/out are not offered: refused, layout unchanged.
  EXPECT_NE(e->set_bus_arrangements({sa::k50}, {sa::k50}), plinth::abi::kResultOk);
  EXPECT_NE(e->set_bus_arrangements({sa::k51}, {sa::kStereo}), plinth::abi::kResultOk);
  EXPECT_EQ(e->arrangement(plinth::abi::kOutput, 0), sa::kStereo);
}

TEST(SurroundTrim, StereoOnlyPluginsStillRefuse51) {
  std::string error;
  auto module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthGain.vst3", error);
  ASSERT_TRUE(module) << error;
  auto p = plinth::host::PluginInstance::create(*module, module->audio_processor_classes().front(), error);
  ASSERT_TRUE(p) << error;
  EXPECT_NE(p->set_bus_arrangements({sa::k51}, {sa::k51}), plinth::abi::kResultOk);
  EXPECT_EQ(p->arrangement(plinth::abi::kOutput, 0), sa::kStereo);
}

TEST(SurroundTrim, GoldenRender) {
  auto e = pt::load_example("PlinthSurroundTrim", 48000.0, 256, false, sa::k51);
  ASSERT_TRUE(e.plugin);
  e.set({{master, -1.0}, {centre, 3.0}, {surround, -4.5}, {balance, 0.25}});
  pt::expect_golden("surround_trim", e.run(tones(6, 1024)), 1e-5);
}
