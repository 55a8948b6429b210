// plinth::Voices with a probe voice: allocation, the stealing policy, sustain, mono and
// legato glide, note expression routing, and no leaks over thousands of random streams.
#include "plinth/core/voices.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace {

using plinth::Event;

// Renders a constant 1 while sounding; its release lasts `tail` samples.
struct Probe {
  static constexpr int tail = 100;
  int key = -1;
  int starts = 0, legato_starts = 0;
  bool held = false;
  int remaining = 0;
  double pitch = 0.0;
  double volume = 0.0;

  void prepare(double, int) {}
  void reset() noexcept { *this = Probe{}; }
  void start(const plinth::VoiceNote& note, bool legato) noexcept {
    key = note.key;
    ++(legato ? legato_starts : starts);
    held = true;
  }
  void release() noexcept {
    held = false;
    remaining = tail;
  }
  template <std::floating_point T>
  void render(const plinth::VoiceNote& note, std::span<T* const> out, int n) noexcept {
    pitch = note.pitch;
    volume = note.get(plinth::Expression::volume);
    for (int i = 0; i < n; ++i) {
      if (!held && remaining == 0) break;
      out[0][i] += T(1);
      if (!held) --remaining;
    }
  }
  [[nodiscard]] bool active() const noexcept { return held || remaining > 0; }
};

struct Rig {
  plinth::Voices<Probe> voices;
  std::vector<float> out = std::vector<float>(4096);
  explicit Rig(int max_voices) { voices.prepare(48000.0, 4096, max_voices); }
  // Renders n samples with these events; returns the output.
  std::span<float> run(std::vector<Event> events, int n) {
    std::fill(out.begin(), out.end(), 0.0f);
    float* ch[] = {out.data()};
    voices.render(std::span<const Event>(events), std::span<float* const>(ch, 1), n);
    return {out.data(), static_cast<std::size_t>(n)};
  }
  // The keys sounding (held or sustained, not released or fading), found by probing.
  int sounding_with_key(int key) {
    int n = 0;
    voices.for_each_voice([&](Probe& p) { n += p.held && p.key == key ? 1 : 0; });
    return n;
  }
};

TEST(Voices, NoteStartsAtItsOffsetAndReleasesWithItsTail) {
  Rig r(4);
  auto out = r.run({Event::note_on(10, 60, 1.0f, 7)}, 64);
  EXPECT_EQ(out[9], 0.0f);
  EXPECT_EQ(out[10], 1.0f);
  out = r.run({Event::note_off(0, 60, 7)}, 64);  // by id
  EXPECT_EQ(out[63], 1.0f);                      // tail of 100 samples
  r.run({}, 64);
  EXPECT_EQ(r.voices.active_count(), 0);
}

TEST(Voices, IdsKeepTwoNotesOnOneKeyApart) {
  Rig r(4);
  r.run({Event::note_on(0, 60, 1.0f, 1), Event::note_on(0, 60, 1.0f, 2)}, 16);
  EXPECT_EQ(r.sounding_with_key(60), 2);
  r.run({Event::note_off(0, 60, 1)}, 16);
  EXPECT_EQ(r.sounding_with_key(60), 1);
  r.run({Event::note_off(0, 60, 2)}, 16);
  EXPECT_EQ(r.sounding_with_key(60), 0);
}

TEST(Voices, WithoutIdsTheSameKeyRetriggersAndChannelAndKeyFindTheNote) {
  Rig r(4);
  r.run({Event::note_on(0, 60, 1.0f), Event::note_on(0, 60, 1.0f)}, 16);
  EXPECT_EQ(r.sounding_with_key(60), 1);       // the first was released
  r.run({Event::note_off(0, 60, -1, 1)}, 16);  // other channel: not this note
  EXPECT_EQ(r.sounding_with_key(60), 1);
  r.run({Event::note_off(0, 60)}, 16);
  EXPECT_EQ(r.sounding_with_key(60), 0);
}

TEST(Voices, StealsReleasedVoicesFirstThenTheOldestWithAFade) {
  Rig r(3);
  r.run({Event::note_on(0, 60, 1.0f), Event::note_on(1, 62, 1.0f), Event::note_on(2, 64, 1.0f)}, 16);
  r.run({Event::note_off(0, 62)}, 16);        // 62 in its release tail
  r.run({Event::note_on(0, 65, 1.0f)}, 256);  // at the limit: 62 goes, though 60 is older
  EXPECT_EQ(r.sounding_with_key(60), 1);
  EXPECT_EQ(r.sounding_with_key(64), 1);
  EXPECT_EQ(r.sounding_with_key(65), 1);
  auto out = r.run({Event::note_on(0, 67, 1.0f)}, 512);  // none released: the oldest (60) goes
  EXPECT_EQ(r.sounding_with_key(60), 1) << "the victim still sounds while it fades";
  EXPECT_GT(out[0], 3.0f);                  // 3 voices + the fading one
  EXPECT_NEAR(out[0] - 3.0f, 1.0f, 0.01f);  // the fade starts at full level
  for (int i = 1; i < 512; ++i)
    EXPECT_LE(out[static_cast<std::size_t>(i)], out[static_cast<std::size_t>(i - 1)] + 1e-6f);
  EXPECT_EQ(out[511], 3.0f);  // faded out within 3 ms (144 samples)
  EXPECT_EQ(r.voices.active_count(), 3);
}

TEST(Voices, SustainHoldsUntilThePedalLifts) {
  Rig r(4);
  r.run({Event::controller(0, plinth::midi::sustain, 1.0), Event::note_on(0, 60, 1.0f), Event::note_off(8, 60)}, 64);
  r.run({}, 1024);
  EXPECT_EQ(r.voices.active_count(), 1);
  EXPECT_EQ(r.sounding_with_key(60), 1);
  r.run({Event::controller(0, plinth::midi::sustain, 0.0)}, 64);
  EXPECT_EQ(r.sounding_with_key(60), 0);
  r.run({}, 128);
  EXPECT_EQ(r.voices.active_count(), 0);
}

TEST(Voices, PitchBendAndNoteExpressionReachTheVoice) {
  Rig r(4);
  r.voices.bend_range = 2.0;
  r.run({Event::note_on(0, 60, 1.0f, 5), Event::note_on(0, 64, 1.0f, 6)}, 32);
  r.run({Event::controller(0, plinth::midi::pitch_bend, 1.0), Event::expression(0, 6, plinth::Expression::volume, 0.5),
         Event::expression(0, 6, plinth::Expression::tuning, 0.5 + 1.0 / 240.0)},
        32);
  std::vector<std::pair<int, double>> seen;
  r.voices.for_each_voice([&](Probe& p) {
    if (p.held) seen.emplace_back(p.key, p.pitch);
  });
  ASSERT_EQ(seen.size(), 2u);
  for (auto [key, pitch] : seen) EXPECT_NEAR(pitch, key == 60 ? 62.0 : 67.0, 1e-9);
  double volume60 = 0, volume64 = 0;
  r.voices.for_each_voice([&](Probe& p) {
    if (p.held) (p.key == 60 ? volume60 : volume64) = p.volume;
  });
  EXPECT_EQ(volume60, 0.25);  // only the note the id names
  EXPECT_EQ(volume64, 0.5);
}

TEST(Voices, MonoGlideReachesTheNewPitchInTheGlideTime) {
  for (auto mode : {plinth::VoiceMode::mono, plinth::VoiceMode::legato}) {
    Rig r(4);
    r.voices.mode = mode;
    r.voices.glide_seconds = 0.010;  // 480 samples
    r.run({Event::note_on(0, 60, 1.0f)}, 64);
    r.run({Event::note_on(0, 72, 1.0f)}, 240);
    double pitch = 0;
    int legato_starts = 0;
    r.voices.for_each_voice([&](Probe& p) {
      if (p.held) {
        pitch = p.pitch;
        legato_starts = p.legato_starts;
      }
    });
    EXPECT_NEAR(pitch, 66.0, 0.5);  // halfway (control rate: 32 samples)
    EXPECT_EQ(legato_starts, mode == plinth::VoiceMode::legato ? 1 : 0);
    r.run({}, 272);
    r.voices.for_each_voice([&](Probe& p) {
      if (p.held) pitch = p.pitch;
    });
    EXPECT_NEAR(pitch, 72.0, 1e-9);
    EXPECT_EQ(r.voices.active_count(), 1);
    // Releasing the top key goes back to the held one.
    r.run({Event::note_off(0, 72)}, 32);
    int key = 0;
    r.voices.for_each_voice([&](Probe& p) {
      if (p.held) key = p.key;
    });
    EXPECT_EQ(key, 60);
  }
}

TEST(Voices, NoVoiceLeaksOverRandomStreams) {
  std::mt19937 rng(1234);
  for (int stream = 0; stream < 10000; ++stream) {
    const int max_voices = 1 + static_cast<int>(rng() % 8);
    static Rig r(8);
    r.voices.reset();
    r.voices.set_polyphony(max_voices);
    r.voices.mode = static_cast<plinth::VoiceMode>(rng() % 3);
    r.voices.glide_seconds = (rng() % 2) * 0.002;
    const int blocks = 2 + static_cast<int>(rng() % 6);
    for (int b = 0; b < blocks; ++b) {
      const int n = 1 + static_cast<int>(rng() % 256);
      std::vector<Event> events;
      const int count = static_cast<int>(rng() % 12);
      for (int k = 0; k < count; ++k) {
        const int offset = static_cast<int>(rng() % static_cast<unsigned>(n));
        const int key = 58 + static_cast<int>(rng() % 6);
        const int id = rng() % 3 == 0 ? -1 : static_cast<int>(rng() % 6);  // duplicates on purpose
        const int channel = static_cast<int>(rng() % 2);
        switch (rng() % 9) {
          case 0:
          case 1:
          case 2:
          case 3: events.push_back(Event::note_on(offset, key, 0.5f, id, channel)); break;
          case 4:
          case 5:
          case 6: events.push_back(Event::note_off(offset, key, id, channel)); break;  // may match nothing
          case 7: events.push_back(Event::controller(offset, plinth::midi::sustain, rng() % 2, channel)); break;
          default: events.push_back(Event::controller(offset, plinth::midi::all_notes_off, 1.0, channel)); break;
        }
      }
      // Stable by offset, by insertion: std::stable_sort is deprecated under clang 22 with libstdc++ 12.
      for (std::size_t i = 1; i < events.size(); ++i)
        for (std::size_t j = i; j > 0 && events[j - 1].sample_offset > events[j].sample_offset; --j)
          std::swap(events[j - 1], events[j]);
      r.run(events, n);
      ASSERT_LE(r.voices.active_count(), 16);
    }
    // All notes off: keys up, pedals up on both channels, then the release tail.
    r.run({Event::controller(0, plinth::midi::sustain, 0.0, 0), Event::controller(0, plinth::midi::sustain, 0.0, 1),
           Event::controller(0, plinth::midi::all_notes_off, 1.0, 0),
           Event::controller(0, plinth::midi::all_notes_off, 1.0, 1)},
          16);
    r.run({}, Probe::tail + 200);
    ASSERT_EQ(r.voices.active_count(), 0) << "stream " << stream;
  }
}

}  // namespace
