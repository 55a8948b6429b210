// The arpeggiator through the real .so: output notes on the sample positions the tempo and
// song position imply, in each mode's order, note-offs after the gate, nothing left
// sounding when the keys are released, and no allocation or lock on the audio thread.
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/host/instance.h"
#include "plinth/host/module.h"
#include "realtime_trap.h"

namespace {

namespace abi = plinth::abi;
using plinth::host::ParamChange;
using plinth::host::PluginInstance;

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<PluginInstance> plugin;
};

Loaded load(double rate, int max_block) {
  Loaded d;
  std::string error;
  d.module = plinth::host::Module::load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthArpeggiator.vst3", error);
  EXPECT_TRUE(d.module) << error;
  if (!d.module) return d;
  d.plugin = PluginInstance::create(*d.module, d.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(d.plugin) << error;
  if (!d.plugin) return d;
  EXPECT_EQ(d.plugin->setup(rate, max_block, false), abi::kResultOk);
  EXPECT_EQ(d.plugin->activate(), abi::kResultOk);
  return d;
}

constexpr abi::ParamId rate_id = 1, mode_id = 2, octaves_id = 3, gate_id = 4;

abi::Event key(int offset, int pitch, bool down) {
  abi::Event e{};
  e.sample_offset = offset;
  if (down) {
    e.type = abi::Event::kNoteOnEvent;
    e.note_on = {0, static_cast<std::int16_t>(pitch), 0.0f, 0.8f, 0, -1};
  } else {
    e.type = abi::Event::kNoteOffEvent;
    e.note_off = {0, static_cast<std::int16_t>(pitch), 0.0f, -1, 0.0f};
  }
  return e;
}

struct Note {
  std::int64_t at;  // samples since the first block
  int pitch;
  bool on;
};

// Runs `total` samples in blocks of `block` with `in` (absolute times) and `changes` (applied
// in the first block at the given offsets; automation splits the block there), trap armed.
std::vector<Note> run(PluginInstance& p, int block, std::int64_t total,
                      const std::vector<std::pair<std::int64_t, abi::Event>>& in,
                      const std::vector<ParamChange>& changes = {}) {
  std::vector<Note> out;
  std::vector<abi::Event> events;
  events.reserve(in.size());
  const std::vector<ParamChange> no_changes;
  plinth::test::clear();
  for (std::int64_t start = 0; start < total; start += block) {
    events.clear();
    for (const auto& [at, e] : in)
      if (at >= start && at < start + block) {
        abi::Event copy = e;
        copy.sample_offset = static_cast<std::int32_t>(at - start);
        events.push_back(copy);
      }
    {
      plinth::test::AudioThreadScope audio;
      EXPECT_EQ(p.process(block, start == 0 ? changes : no_changes, events), abi::kResultOk);
    }
    auto& list = p.output_events();
    for (std::int32_t k = 0; k < list.get_event_count(); ++k) {
      abi::Event e{};
      EXPECT_EQ(list.get_event(k, e), abi::kResultOk);
      if (e.type == abi::Event::kNoteOnEvent) out.push_back({start + e.sample_offset, e.note_on.pitch, true});
      if (e.type == abi::Event::kNoteOffEvent) out.push_back({start + e.sample_offset, e.note_off.pitch, false});
    }
  }
  EXPECT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
  return out;
}

ParamChange plain(PluginInstance& p, abi::ParamId id, double value, int offset = 0) {
  return {id, offset, p.plain_to_normalized(id, value)};
}
double division(PluginInstance& p, const char* label) {
  for (int i = 0; i < 64; ++i) {
    const double n = p.plain_to_normalized(rate_id, i);
    if (p.value_to_string(rate_id, n) == std::optional<std::string>(label)) return i;
  }
  ADD_FAILURE() << "no division " << label;
  return 0;
}

// Checks ons every `step` samples from `first` in `pitches` order (cycled), each off `gate`
// samples later, and that every on has its off.
void expect_grid(const std::vector<Note>& notes, std::int64_t first, double step, double gate,
                 const std::vector<int>& pitches, int count) {
  std::vector<Note> ons, offs;
  for (const Note& n : notes) (n.on ? ons : offs).push_back(n);
  ASSERT_GE(static_cast<int>(ons.size()), count);
  ASSERT_EQ(ons.size(), offs.size()) << "a note left hanging";
  for (int j = 0; j < count; ++j) {
    const auto expected = first + std::llround(j * step);
    EXPECT_EQ(ons[static_cast<std::size_t>(j)].at, expected) << "note " << j;
    EXPECT_EQ(ons[static_cast<std::size_t>(j)].pitch, pitches[static_cast<std::size_t>(j) % pitches.size()])
        << "note " << j;
    EXPECT_EQ(offs[static_cast<std::size_t>(j)].at, expected + std::llround(gate)) << "off " << j;
    EXPECT_EQ(offs[static_cast<std::size_t>(j)].pitch, ons[static_cast<std::size_t>(j)].pitch);
  }
}

TEST(Arpeggiator, SixteenthsAt120BpmLandEvery6000SamplesOnTheSongGrid) {
  auto a = load(48000.0, 512);
  ASSERT_TRUE(a.plugin);
  auto& p = *a.plugin;
  EXPECT_EQ(p.buses(abi::kEvent, abi::kInput).size(), 1u);
  EXPECT_EQ(p.buses(abi::kEvent, abi::kOutput).size(), 1u);
  p.transport().project_time_samples = 1000;  // the song is 1000 samples in: the grid is at 6000, 12000...
  // Keys at 0 (between steps) and at 3 s they go up; 1/16 = 6000 samples at 120 BPM and 48 kHz.
  const auto notes = run(p, 512, 48000 * 4,
                         {{0, key(0, 60, true)},
                          {10, key(0, 67, true)},
                          {20, key(0, 64, true)},
                          {144000, key(0, 60, false)},
                          {144000, key(0, 64, false)},
                          {144000, key(0, 67, false)}});
  // First step at project sample 6000 = 5000 here; the last before 144000 is at 143000.
  expect_grid(notes, 5000, 6000.0, 3000.0, {60, 64, 67}, 24);
  EXPECT_EQ(notes.back().at, 143000 + 3000);  // the last note ends at its gate time, after the keys went up
  EXPECT_FALSE(notes.back().on);
}

TEST(Arpeggiator, DownOverTwoOctavesWithAutomationSplits) {
  auto a = load(48000.0, 1024);
  ASSERT_TRUE(a.plugin);
  auto& p = *a.plugin;
  p.transport().project_time_samples = 0;
  // Changes at odd offsets split the first block; the grid does not move.
  const std::vector<ParamChange> changes{plain(p, mode_id, 1.0), plain(p, octaves_id, 2.0, 77),
                                         plain(p, gate_id, 0.25, 301), plain(p, rate_id, division(p, "1/8"), 555)};
  // Keys after the changes; with the transport playing the first note waits for the grid.
  const auto notes = run(p, 1000, 48000 * 3, {{600, key(0, 60, true)}, {600, key(0, 64, true)}}, changes);
  // 1/8 = 12000 samples; down over two octaves; gate 25 % = 3000 samples.
  expect_grid(notes, 12000, 12000.0, 3000.0, {76, 72, 64, 60}, 10);
}

TEST(Arpeggiator, TripletEighthsAt90BpmAnd44k1UpDownAsTheGridSays) {
  auto a = load(44100.0, 512);
  ASSERT_TRUE(a.plugin);
  auto& p = *a.plugin;
  p.transport().tempo = 90.0;
  p.transport().project_time_samples = 29400;  // one quarter note in: on a 1/8T step (every 1/3 quarter)
  const std::vector<ParamChange> changes{plain(p, mode_id, 2.0), plain(p, rate_id, division(p, "1/8T")),
                                         plain(p, gate_id, 1.0)};
  const auto notes =
      run(p, 333, 44100 * 3, {{0, key(0, 60, true)}, {0, key(0, 62, true)}, {0, key(0, 65, true)}}, changes);
  // 1/3 quarter at 90 BPM and 44.1 kHz = 9800 samples; up-down: 60 62 65 62 60 62 ...
  // Gate 100 %: each note ends where the next begins (its off comes first there).
  std::vector<Note> ons;
  for (const Note& n : notes)
    if (n.on) ons.push_back(n);
  ASSERT_GE(ons.size(), 13u);
  const int order[] = {60, 62, 65, 62};
  for (std::size_t j = 0; j < 13; ++j) {
    EXPECT_EQ(ons[j].at, static_cast<std::int64_t>(j) * 9800) << j;
    EXPECT_EQ(ons[j].pitch, order[j % 4]) << j;
  }
  for (std::size_t k = 1; k < notes.size(); ++k)
    if (notes[k].on) {
      EXPECT_FALSE(notes[k - 1].on);
      EXPECT_EQ(notes[k - 1].at, notes[k].at);
    }
}

TEST(Arpeggiator, StoppedTransportFreeRunsFromTheFirstKeyAndReleasesCleanly) {
  auto a = load(48000.0, 256);
  ASSERT_TRUE(a.plugin);
  auto& p = *a.plugin;
  p.transport().state &= ~abi::ProcessContext::kPlaying;
  p.transport().project_time_samples = 777;
  const auto notes = run(p, 256, 48000 * 2,
                         {{1000, key(0, 72, true)},
                          {1100, key(0, 48, true)},
                          {40000, key(0, 72, false)},
                          {40000, key(0, 48, false)},
                          {60000, key(0, 50, false)}});   // a key-up without a key-down
  expect_grid(notes, 1000, 6000.0, 3000.0, {72, 48}, 1);  // the first key sounds at once, alone
  std::vector<Note> ons;
  for (const Note& n : notes)
    if (n.on) ons.push_back(n);
  ASSERT_EQ(ons.size(), 7u);  // 1000, 7000, ..., 37000
  EXPECT_EQ(ons[1].pitch, 48);
  EXPECT_EQ(ons[6].at, 37000);
  EXPECT_EQ(notes.back().at, 40000);  // the key-up came before the gate's end at 40000
}

TEST(Arpeggiator, FactoryProgramsAreListed) {
  auto a = load(48000.0, 512);
  ASSERT_TRUE(a.plugin);
  bool found = false;
  for (const auto& param : a.plugin->parameters())
    if ((param.flags & abi::ParameterInfo::kIsProgramChange) != 0) {
      found = true;
      EXPECT_EQ(param.step_count, 4);  // five programs
    }
  EXPECT_TRUE(found);
}

}  // namespace
