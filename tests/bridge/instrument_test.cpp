// Instruments through the real .so: the synth's note timing and pitch, MIDI controllers
// mapped with IMidiMapping, sustain, no voice leaks, the real-time trap over dense note
// streams; and the event output bus, through a note-echo test plugin.
#include <cmath>
#include <memory>
#include <numbers>
#include <random>
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

constexpr double rate = 48000.0;

struct Loaded {
  std::unique_ptr<plinth::host::Module> module;
  std::unique_ptr<PluginInstance> plugin;
};

Loaded load(const std::string& path, bool double_precision = false, int max_block = 1024) {
  Loaded d;
  std::string error;
  d.module = plinth::host::Module::load(path, error);
  EXPECT_TRUE(d.module) << error;
  if (!d.module) return d;
  d.plugin = PluginInstance::create(*d.module, d.module->audio_processor_classes().front(), error);
  EXPECT_TRUE(d.plugin) << error;
  if (!d.plugin) return d;
  EXPECT_EQ(d.plugin->setup(rate, max_block, double_precision), abi::kResultOk);
  EXPECT_EQ(d.plugin->activate(), abi::kResultOk);
  return d;
}
Loaded load_synth(bool double_precision = false, int max_block = 1024) {
  return load(std::string(PLINTH_BUNDLE_DIR) + "/PlinthSynth.vst3", double_precision, max_block);
}

abi::Event note_on(int offset, int pitch, float velocity = 0.8f, int id = -1, float tuning = 0.0f, int channel = 0) {
  abi::Event e{};
  e.sample_offset = offset;
  e.type = abi::Event::kNoteOnEvent;
  e.note_on = {static_cast<std::int16_t>(channel), static_cast<std::int16_t>(pitch), tuning, velocity, 0, id};
  return e;
}
abi::Event note_off(int offset, int pitch, int id = -1, int channel = 0) {
  abi::Event e{};
  e.sample_offset = offset;
  e.type = abi::Event::kNoteOffEvent;
  e.note_off = {static_cast<std::int16_t>(channel), static_cast<std::int16_t>(pitch), 0.0f, id, 0.0f};
  return e;
}

// The parameter the plugin maps a MIDI controller to (IMidiMapping on its controller).
abi::ParamId mapped(PluginInstance& p, int controller, int channel = 0) {
  auto mapping = plinth::host::query<abi::IMidiMapping>(p.controller());
  EXPECT_TRUE(mapping);
  abi::ParamId id = abi::kNoParamId;
  if (mapping) {
    EXPECT_EQ(mapping->get_midi_controller_assignment(0, static_cast<std::int16_t>(channel),
                                                      static_cast<abi::CtrlNumber>(controller), id),
              abi::kResultOk);
  }
  return id;
}

ParamChange plain(PluginInstance& p, abi::ParamId id, double value, int offset = 0) {
  return {id, offset, p.plain_to_normalized(id, value)};
}

// Synth ids (examples/synth/synth.h).
constexpr abi::ParamId shape1 = 1, shape2 = 2, osc_mix = 5, cutoff = 10, env_amount = 12, key_track = 13,
                       vel_filter = 14, volume = 25, voices_id = 42, release = 23;

// One triangle (one rising zero crossing a period, even at the top of the keyboard),
// filter wide open: the output is the oscillator's pitch.
std::vector<ParamChange> open_filter(PluginInstance& p) {
  return {plain(p, shape1, 2.0),     plain(p, osc_mix, 0.0),   plain(p, cutoff, 20000.0),
          plain(p, env_amount, 0.0), plain(p, key_track, 0.0), plain(p, vel_filter, 0.0)};
}

template <class T>
std::span<T> out0(PluginInstance& p) {
  if constexpr (std::is_same_v<T, float>)
    return p.output(0, 0);
  else
    return p.output64(0, 0);
}

// Frequency from rising zero crossings (linearly interpolated) of `x`.
double measured_hz(const std::vector<double>& x) {
  double first = -1, last = -1;
  int crossings = 0;
  for (std::size_t i = 1; i < x.size(); ++i)
    if (x[i - 1] < 0.0 && x[i] >= 0.0) {
      const double t = static_cast<double>(i - 1) + x[i - 1] / (x[i - 1] - x[i]);
      if (first < 0) first = t;
      last = t;
      ++crossings;
    }
  return crossings > 1 ? (crossings - 1) * rate / (last - first) : 0.0;
}

// Plays `pitch` (with `events` at the start) and measures 0.4 s after 0.1 s.
double play_and_measure(PluginInstance& p, std::vector<abi::Event> events, std::vector<ParamChange> changes) {
  std::vector<double> x;
  for (int block = 0; block < 25; ++block) {
    EXPECT_EQ(p.process(1000, block == 0 ? changes : std::vector<ParamChange>{},
                        block == 0 ? events : std::vector<abi::Event>{}),
              abi::kResultOk);
    if (block >= 5)
      for (float v : p.output(0, 0).first(1000)) x.push_back(v);
  }
  return measured_hz(x);
}

double cents(double hz, double reference) { return 1200.0 * std::log2(hz / reference); }
double key_hz(double key) { return 440.0 * std::exp2((key - 69.0) / 12.0); }

template <class T>
void note_starts_at_its_sample(bool split) {
  auto s = load_synth(std::is_same_v<T, double>);
  ASSERT_TRUE(s.plugin);
  auto& p = *s.plugin;
  for (const int n : {0, 1, 200, 511}) {
    std::vector<ParamChange> changes;
    if (split) changes = {plain(p, volume, -8.0, n / 2), plain(p, volume, -8.0, n + 3), plain(p, cutoff, 1200, n)};
    ASSERT_EQ(p.process(512, changes, std::vector{note_on(n, 60, 0.8f, 1)}), abi::kResultOk);
    auto out = out0<T>(p);
    for (int i = 0; i < n; ++i) ASSERT_EQ(out[static_cast<std::size_t>(i)], T(0)) << "sample " << i << ", onset " << n;
    EXPECT_NE(out[static_cast<std::size_t>(n)], T(0)) << "onset " << n;
    ASSERT_EQ(p.process(512, {}, std::vector{note_off(0, 60, 1)}), abi::kResultOk);
    p.deactivate();
    p.activate();  // silent again
  }
}

TEST(Synth, NoteOnSoundsFromItsExactSample32) { note_starts_at_its_sample<float>(false); }
TEST(Synth, NoteOnSoundsFromItsExactSample64) { note_starts_at_its_sample<double>(false); }
TEST(Synth, NoteOnSoundsFromItsExactSampleWhenAutomationSplitsTheBlock32) { note_starts_at_its_sample<float>(true); }
TEST(Synth, NoteOnSoundsFromItsExactSampleWhenAutomationSplitsTheBlock64) { note_starts_at_its_sample<double>(true); }

TEST(Synth, PitchMatchesTheKeyWithinOneCentOverTheKeyboard) {
  for (int key = 24; key <= 108; key += 12) {
    auto s = load_synth();
    ASSERT_TRUE(s.plugin);
    const double hz = play_and_measure(*s.plugin, {note_on(0, key)}, open_filter(*s.plugin));
    EXPECT_NEAR(cents(hz, key_hz(key)), 0.0, 1.0) << "key " << key << ": " << hz << " Hz";
  }
}

TEST(Synth, TuningShiftsThePitchByItsCents) {
  for (const float tuning : {-37.0f, 50.0f}) {
    auto s = load_synth();
    ASSERT_TRUE(s.plugin);
    const double hz = play_and_measure(*s.plugin, {note_on(0, 69, 0.8f, 1, tuning)}, open_filter(*s.plugin));
    EXPECT_NEAR(cents(hz, 440.0), tuning, 1.0);
  }
}

TEST(Synth, NoteExpressionTuningShiftsThePitch) {
  auto s = load_synth();
  ASSERT_TRUE(s.plugin);
  abi::Event e{};
  e.type = abi::Event::kNoteExpressionValueEvent;
  e.note_expression_value = {abi::kTuningTypeId, 7, 0.5 + 1.0 / 240.0};  // +1 semitone
  const double hz = play_and_measure(*s.plugin, {note_on(0, 69, 0.8f, 7), e}, open_filter(*s.plugin));
  EXPECT_NEAR(cents(hz, 440.0), 100.0, 1.0);
}

TEST(Synth, PitchBendOfFullRangeMovesTwoSemitones) {
  auto s = load_synth();
  ASSERT_TRUE(s.plugin);
  auto changes = open_filter(*s.plugin);
  changes.push_back({mapped(*s.plugin, 129), 0, 1.0});  // full up: +2 semitones (Bend Range 2)
  const double hz = play_and_measure(*s.plugin, {note_on(0, 69)}, changes);
  EXPECT_NEAR(cents(hz, 440.0), 200.0, 1.0);
}

// ---- note expression: the controller's answers, and values reaching the voice ----

std::string utf8(const abi::char16* s) {
  char text[256];
  abi::str16_to_ascii(text, s, sizeof text);
  return text;
}

TEST(NoteExpression, TheControllerOffersTheStandardSixOnEveryChannel) {
  auto s = load_synth();
  ASSERT_TRUE(s.plugin);
  auto ne = plinth::host::query<abi::INoteExpressionController>(s.plugin->controller());
  ASSERT_TRUE(ne);
  for (const std::int16_t channel : {0, 1, 15}) EXPECT_EQ(ne->get_note_expression_count(0, channel), 6);
  EXPECT_EQ(ne->get_note_expression_count(1, 0), 0);   // no second event bus
  EXPECT_EQ(ne->get_note_expression_count(0, 16), 0);  // 16 channels
  const char* titles[] = {"Volume", "Pan", "Tuning", "Vibrato", "Expression", "Brightness"};
  const double defaults[] = {0.25, 0.5, 0.5, 0.0, 1.0, 0.5};
  const bool bipolar[] = {false, true, true, false, false, true};
  for (int k = 0; k < 6; ++k) {
    abi::NoteExpressionTypeInfo info{};
    ASSERT_EQ(ne->get_note_expression_info(0, 3, k, info), abi::kResultOk);
    EXPECT_EQ(info.type_id, static_cast<abi::NoteExpressionTypeId>(k));
    EXPECT_EQ(utf8(info.title), titles[k]);
    EXPECT_DOUBLE_EQ(info.value_desc.default_value, defaults[k]) << titles[k];
    EXPECT_EQ(info.value_desc.minimum, 0.0);
    EXPECT_EQ(info.value_desc.maximum, 1.0);
    EXPECT_EQ((info.flags & abi::NoteExpressionTypeInfo::kIsBipolar) != 0, bipolar[k]) << titles[k];
    EXPECT_EQ(info.flags & abi::NoteExpressionTypeInfo::kAssociatedParameterIdValid, 0);
  }
  abi::NoteExpressionTypeInfo info{};
  EXPECT_NE(ne->get_note_expression_info(0, 0, 6, info), abi::kResultOk);

  auto text = [&](abi::NoteExpressionTypeId id, double v) {
    abi::String128 out{};
    EXPECT_EQ(ne->get_note_expression_string_by_value(0, 0, id, v, out), abi::kResultOk);
    return utf8(out);
  };
  auto value = [&](abi::NoteExpressionTypeId id, const char* t) {
    abi::String128 in{};
    abi::str8_to_str16(in, t, 128);
    double v = -1;
    EXPECT_EQ(ne->get_note_expression_value_by_string(0, 0, id, in, v), abi::kResultOk) << t;
    return v;
  };
  EXPECT_EQ(text(abi::kVolumeTypeId, 0.25), "0.0 dB");  // VST 3: 0.25 is 0 dB, 1 is +12 dB
  EXPECT_EQ(text(abi::kVolumeTypeId, 1.0), "12.0 dB");
  EXPECT_EQ(text(abi::kVolumeTypeId, 0.0), "-inf dB");
  EXPECT_NEAR(value(abi::kVolumeTypeId, "-6 dB"), 0.25 * std::pow(10.0, -6.0 / 20.0), 1e-12);
  EXPECT_EQ(value(abi::kVolumeTypeId, "-inf dB"), 0.0);
  EXPECT_EQ(text(abi::kPanTypeId, 0.5), "C");
  EXPECT_NEAR(value(abi::kPanTypeId, "L50"), 0.25, 1e-12);
  EXPECT_NEAR(value(abi::kTuningTypeId, text(abi::kTuningTypeId, 0.5 + 7.0 / 240.0).c_str()), 0.5 + 7.0 / 240.0,
              1e-9);  // +7 semitones
  // Every type's text reads back to its value.
  for (abi::NoteExpressionTypeId id = 0; id < 6; ++id)
    for (const double v : {0.0, 0.1, 0.5, 0.73, 1.0})
      EXPECT_NEAR(value(id, text(id, v).c_str()), v, 0.01) << titles[id] << " " << v << " '" << text(id, v) << "'";
  abi::String128 out{};
  EXPECT_NE(ne->get_note_expression_string_by_value(0, 0, abi::kTextTypeId, 0.5, out), abi::kResultOk);

  auto pui = plinth::host::query<abi::INoteExpressionPhysicalUiMapping>(s.plugin->controller());
  ASSERT_TRUE(pui);
  abi::PhysicalUiMap map[4] = {{abi::kPuiXMovement, 0}, {abi::kPuiYMovement, 0}, {abi::kPuiPressure, 0}, {77, 0}};
  abi::PhysicalUiMapList list{4, map};
  ASSERT_EQ(pui->get_physical_ui_mapping(0, 0, list), abi::kResultOk);
  EXPECT_EQ(map[0].note_expression_type_id, abi::kTuningTypeId);
  EXPECT_EQ(map[1].note_expression_type_id, abi::kBrightnessTypeId);
  EXPECT_EQ(map[2].note_expression_type_id, abi::kExpressionTypeId);
  EXPECT_EQ(map[3].note_expression_type_id, abi::kInvalidTypeId);
  EXPECT_EQ(pui->get_physical_ui_mapping(1, 0, list), abi::kResultFalse);
}

TEST(NoteExpression, APluginThatDeclaresNoneOffersNoInterface) {
  auto e = load(std::string(PLINTH_TEST_PLUGIN_DIR) + "/PlinthTestNoteEcho.vst3");
  ASSERT_TRUE(e.plugin);
  EXPECT_FALSE(plinth::host::query<abi::INoteExpressionController>(e.plugin->controller()));
  EXPECT_FALSE(plinth::host::query<abi::INoteExpressionPhysicalUiMapping>(e.plugin->controller()));
}

abi::Event expression(int offset, abi::NoteExpressionTypeId type, int id, double value) {
  abi::Event e{};
  e.sample_offset = offset;
  e.type = abi::Event::kNoteExpressionValueEvent;
  e.note_expression_value = {type, id, value};
  return e;
}

// Plays A2 (110 Hz) with `events` at the start and returns 0.5 s of the left channel from 0.5 s on.
std::vector<double> play_a2(PluginInstance& p, std::vector<abi::Event> events, std::vector<ParamChange> changes) {
  std::vector<double> x;
  events.insert(events.begin(), note_on(0, 45, 0.8f, 5));
  for (int block = 0; block < 100; ++block) {  // 10 ms blocks
    EXPECT_EQ(p.process(480, block == 0 ? changes : std::vector<ParamChange>{},
                        block == 0 ? events : std::vector<abi::Event>{}),
              abi::kResultOk);
    if (block >= 50)
      for (float v : p.output(0, 0).first(480)) x.push_back(v);
  }
  return x;
}

double rms(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v * v;
  return std::sqrt(sum / static_cast<double>(x.size()));
}

// Amplitude of `hz` in `x` (Goertzel; `x` holds a whole number of its cycles).
double amplitude_at(const std::vector<double>& x, double hz) {
  const double w = 2.0 * std::numbers::pi * hz / rate;
  double s1 = 0, s2 = 0;
  for (double v : x) {
    const double s0 = v + 2.0 * std::cos(w) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return 2.0 * std::sqrt(s1 * s1 + s2 * s2 - 2.0 * std::cos(w) * s1 * s2) / static_cast<double>(x.size());
}

TEST(NoteExpression, VolumeValueChangesTheLevelOfItsNoteOnly) {
  double level[3];
  int k = 0;
  for (const auto& ev : {std::vector<abi::Event>{}, std::vector{expression(0, abi::kVolumeTypeId, 5, 0.5)},
                         std::vector{expression(0, abi::kVolumeTypeId, 6, 0.5)}}) {
    auto s = load_synth();
    ASSERT_TRUE(s.plugin);
    level[k++] = rms(play_a2(*s.plugin, ev, {}));
  }
  EXPECT_NEAR(20.0 * std::log10(level[1] / level[0]), 20.0 * std::log10(2.0), 0.01);  // 0.5 = +6.02 dB
  EXPECT_EQ(level[2], level[0]);                                                     // another note id: no effect
}

TEST(NoteExpression, BrightnessMovesTheCutoffTwoOctavesAtFull) {
  // Cutoff 250 Hz, resonance 0 (Q 0.5), no envelope, key or velocity tracking: the
  // 16th harmonic (1760 Hz) through a 2-pole low-pass at 250 Hz, then at 1 kHz.
  std::vector<double> harmonic;
  for (const double brightness : {0.5, 1.0}) {
    auto s = load_synth();
    ASSERT_TRUE(s.plugin);
    auto& p = *s.plugin;
    const std::vector<ParamChange> changes{plain(p, osc_mix, 0.0),   plain(p, cutoff, 250.0),
                                           plain(p, env_amount, 0.0), plain(p, key_track, 0.0),
                                           plain(p, vel_filter, 0.0), plain(p, 11, 0.0)};
    harmonic.push_back(amplitude_at(play_a2(p, {expression(0, abi::kBrightnessTypeId, 5, brightness)}, changes), 1760.0));
  }
  // |H| of the 2-pole low-pass at Q 0.5: 1 / (1 + (f/fc)^2).
  const double expected = (1.0 + std::pow(1760.0 / 250.0, 2)) / (1.0 + std::pow(1760.0 / 1000.0, 2));
  EXPECT_NEAR(20.0 * std::log10(harmonic[1] / harmonic[0]), 20.0 * std::log10(expected), 0.3);
}

double block_peak(PluginInstance& p, int n) {
  double peak = 0;
  for (float v : p.output(0, 0).first(static_cast<std::size_t>(n))) peak = std::max(peak, std::fabs(double(v)));
  return peak;
}

TEST(Synth, SustainPedalHoldsTheNoteUntilItLifts) {
  auto s = load_synth();
  ASSERT_TRUE(s.plugin);
  auto& p = *s.plugin;
  const abi::ParamId pedal = mapped(p, 64);
  ASSERT_EQ(p.process(1000, std::vector<ParamChange>{{pedal, 0, 1.0}}, std::vector{note_on(10, 60)}), abi::kResultOk);
  ASSERT_EQ(p.process(1000, {}, std::vector{note_off(0, 60)}), abi::kResultOk);
  for (int i = 0; i < 48; ++i) ASSERT_EQ(p.process(1000), abi::kResultOk);  // a second later
  EXPECT_GT(block_peak(p, 1000), 0.01);
  ASSERT_EQ(p.process(1000, std::vector<ParamChange>{{pedal, 0, 0.0}}), abi::kResultOk);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(p.process(1000), abi::kResultOk);  // release 300 ms, then idle
  EXPECT_EQ(block_peak(p, 1000), 0.0);
}

TEST(Synth, NoteOffReleasesAndStealingNeverClicks) {
  auto s = load_synth();
  ASSERT_TRUE(s.plugin);
  auto& p = *s.plugin;
  // Two voices, three notes: the third steals with a fade; the output never jumps.
  // Triangles: their steepest slope is small, so any jump would be the steal's.
  std::vector<ParamChange> setup{plain(p, voices_id, 2.0), plain(p, release, 0.0), plain(p, shape1, 2.0),
                                 plain(p, shape2, 2.0)};
  ASSERT_EQ(p.process(1000, setup, std::vector{note_on(0, 48, 1.0f, 1), note_on(0, 55, 1.0f, 2)}), abi::kResultOk);
  ASSERT_EQ(p.process(1000), abi::kResultOk);
  double previous = p.output(0, 0)[999];
  ASSERT_EQ(p.process(1000, {}, std::vector{note_on(500, 60, 1.0f, 3)}), abi::kResultOk);
  double biggest_step = 0;
  for (float v : p.output(0, 0).first(1000)) {
    biggest_step = std::max(biggest_step, std::fabs(v - previous));
    previous = v;
  }
  EXPECT_LT(biggest_step, 0.1);  // a hard cut of a full saw would jump by about its amplitude
  ASSERT_EQ(p.process(1000, {}, std::vector{note_off(0, 55, 2), note_off(0, 60, 3)}), abi::kResultOk);
  ASSERT_EQ(p.process(1000), abi::kResultOk);  // release 0 ms
  EXPECT_EQ(block_peak(p, 1000), 0.0);
}

// Dense random notes and controllers with the trap armed; then all notes off, and after
// the release every voice is idle (exact silence).
TEST(Synth, DenseRandomNoteStreamsNeitherAllocateNorLeakVoices) {
  for (const bool dbl : {false, true}) {
    auto s = load_synth(dbl, 512);
    ASSERT_TRUE(s.plugin);
    auto& p = *s.plugin;
    const abi::ParamId pedal = mapped(p, 64), bend = mapped(p, 129);
    std::mt19937 rng(dbl ? 7 : 3);
    std::vector<abi::Event> events;
    std::vector<ParamChange> changes;
    events.reserve(256);
    changes.reserve(64);
    plinth::test::clear();
    for (int block = 0; block < 1500; ++block) {
      const int n = 1 + static_cast<int>(rng() % 512);
      events.clear();
      changes.clear();
      const int count = static_cast<int>(rng() % 24);
      for (int k = 0; k < count; ++k) {
        const int at = static_cast<int>(rng() % static_cast<unsigned>(n));
        const int key = 36 + static_cast<int>(rng() % 48);
        const int id = rng() % 4 == 0 ? -1 : static_cast<int>(rng() % 40);
        events.push_back(rng() % 2 ? note_on(at, key, 0.5f, id) : note_off(at, key, id));
      }
      // Stable by offset, by insertion: std::stable_sort is deprecated under clang 22 with libstdc++ 12.
      for (std::size_t i = 1; i < events.size(); ++i)
        for (std::size_t j = i; j > 0 && events[j - 1].sample_offset > events[j].sample_offset; --j)
          std::swap(events[j - 1], events[j]);
      if (rng() % 4 == 0)
        changes.push_back({pedal, static_cast<int>(rng() % static_cast<unsigned>(n)), (rng() % 2) * 1.0});
      if (rng() % 3 == 0)
        changes.push_back({bend, static_cast<int>(rng() % static_cast<unsigned>(n)), (rng() % 100) / 99.0});
      if (rng() % 5 == 0) changes.push_back({cutoff, 0, (rng() % 100) / 99.0});
      plinth::test::AudioThreadScope audio;
      ASSERT_EQ(p.process(n, changes, events), abi::kResultOk);
    }
    EXPECT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
    // Every key up, pedal up; the release (300 ms by default) passes: all voices idle.
    events.clear();
    for (int key = 36; key < 84; ++key)
      for (int k = 0; k < 16; ++k) events.push_back(note_off(0, key));  // one per voice of the key (16 voices)
    ASSERT_EQ(p.process(512, std::vector<ParamChange>{{pedal, 0, 0.0}}, events), abi::kResultOk);
    for (int i = 0; i < 40; ++i) ASSERT_EQ(p.process(512), abi::kResultOk);
    if (dbl)
      for (double v : p.output64(0, 0).first(512)) ASSERT_EQ(v, 0.0);
    else
      EXPECT_EQ(block_peak(p, 512), 0.0);
  }
}

// ---- the event output bus, through the note-echo test plugin ----

Loaded load_echo() { return load(std::string(PLINTH_TEST_PLUGIN_DIR) + "/PlinthTestNoteEcho.vst3"); }

TEST(EventOutput, EventsComeBackAtTheirSamplesAcrossAutomationSplits) {
  auto e = load_echo();
  ASSERT_TRUE(e.plugin);
  auto& p = *e.plugin;
  EXPECT_EQ(p.buses(abi::kEvent, abi::kInput).size(), 1u);
  EXPECT_EQ(p.buses(abi::kEvent, abi::kOutput).size(), 1u);
  const abi::ParamId bend = mapped(p, 129, 3);
  const std::vector<ParamChange> changes{{2, 50, 0.5}, {2, 101, 0.25}, {bend, 70, 1.0}};
  std::vector<abi::Event> in{note_on(5, 60, 0.5f, 11, 12.5f), note_on(70, 64, 0.75f, 12), note_off(100, 60, 11)};
  ASSERT_EQ(p.process(128, changes, in), abi::kResultOk);
  auto& out = p.output_events();
  ASSERT_EQ(out.get_event_count(), 4);
  abi::Event got[4];
  for (int k = 0; k < 4; ++k) ASSERT_EQ(out.get_event(k, got[k]), abi::kResultOk);
  EXPECT_EQ(got[0].type, abi::Event::kNoteOnEvent);
  EXPECT_EQ(got[0].sample_offset, 5);
  EXPECT_EQ(got[0].note_on.pitch, 72);
  EXPECT_EQ(got[0].note_on.note_id, 11);
  EXPECT_FLOAT_EQ(got[0].note_on.tuning, 12.5f);
  EXPECT_FLOAT_EQ(got[0].note_on.velocity, 0.5f);
  // At one offset, the controller comes before the note.
  EXPECT_EQ(got[1].type, abi::Event::kLegacyMIDICCOutEvent);
  EXPECT_EQ(got[1].sample_offset, 70);
  EXPECT_EQ(got[1].midi_cc_out.control_number, 129);
  EXPECT_EQ(got[1].midi_cc_out.channel, 3);
  EXPECT_EQ(got[1].midi_cc_out.value, 0x7f);
  EXPECT_EQ(got[1].midi_cc_out.value2, 0x7f);
  EXPECT_EQ(got[2].type, abi::Event::kNoteOnEvent);
  EXPECT_EQ(got[2].sample_offset, 70);
  EXPECT_EQ(got[2].note_on.pitch, 76);
  EXPECT_EQ(got[3].type, abi::Event::kNoteOffEvent);
  EXPECT_EQ(got[3].sample_offset, 100);
  EXPECT_EQ(got[3].note_off.pitch, 72);
  EXPECT_EQ(got[3].note_off.note_id, 11);
}

TEST(EventOutput, OnlyRequestedControllersAreMapped) {
  auto e = load_echo();
  ASSERT_TRUE(e.plugin);
  auto mapping = plinth::host::query<abi::IMidiMapping>(e.plugin->controller());
  ASSERT_TRUE(mapping);
  abi::ParamId id = 0;
  EXPECT_EQ(mapping->get_midi_controller_assignment(0, 0, 64, id), abi::kResultOk);
  EXPECT_EQ(mapping->get_midi_controller_assignment(0, 0, 1, id), abi::kResultFalse);   // mod wheel: not asked for
  EXPECT_EQ(mapping->get_midi_controller_assignment(1, 0, 64, id), abi::kResultFalse);  // no second bus
  EXPECT_EQ(mapping->get_midi_controller_assignment(0, 16, 64, id), abi::kResultFalse);
}

}  // namespace
