// The MIDI file reader of `plinth render --midi`, on hand-built files: formats 0 and 1,
// running status, tempo changes, note-on of velocity 0, and damaged files refused.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "midi_file.h"

using plinth::tool::MidiFile;
using plinth::tool::parse_midi;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes chunk(const char* id, const Bytes& body) {
  Bytes out(id, id + 4);
  const auto n = static_cast<std::uint32_t>(body.size());
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>(n >> shift));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes smf(int format, int division, const std::vector<Bytes>& tracks) {
  const auto n = tracks.size();
  Bytes out = chunk(
      "MThd", {0, static_cast<std::uint8_t>(format), static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n),
               static_cast<std::uint8_t>(division >> 8), static_cast<std::uint8_t>(division)});
  for (const Bytes& t : tracks) {
    const Bytes c = chunk("MTrk", t);
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

const Bytes end_of_track = {0x00, 0xff, 0x2f, 0x00};

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

MidiFile parse_ok(const Bytes& bytes) {
  MidiFile f;
  std::string error;
  EXPECT_TRUE(parse_midi(bytes, f, error)) << error;
  return f;
}

// Format 1 at 96 ticks per quarter: the tempo track goes from 120 BPM to 240 BPM at tick 192
// (1.0 s); notes before, across and after the change.
Bytes tempo_change_file() {
  const Bytes tempo = Bytes{0x00, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20,          // 500000 us at 0
                            0x81, 0x40, 0xff, 0x51, 0x03, 0x03, 0xd0, 0x90} +  // 250000 us at 192
                      end_of_track;
  const Bytes notes = Bytes{0x60, 0x90, 60, 100,  // on 60 at 96
                            0x30, 0x90, 64, 100,  // on 64 at 144
                            0x30, 0x80, 60, 64,   // off 60 at 192
                            0x30, 0x80, 64, 64,   // off 64 at 240 (after the change)
                            0x30, 0x90, 67, 127,  // on 67 at 288
                            0x60, 0x80, 67, 0} +  // off 67 at 384
                      end_of_track;
  return smf(1, 96, {tempo, notes});
}

}  // namespace

TEST(MidiFile, FormatZeroNoteAtTheDefaultTempo) {
  const MidiFile f = parse_ok(smf(0, 96, {Bytes{0x00, 0x93, 60, 100, 0x60, 0x83, 60, 64} + end_of_track}));
  EXPECT_EQ(f.format, 0);
  EXPECT_EQ(f.division, 96);
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0].channel, 3);
  EXPECT_EQ(f.notes[0].pitch, 60);
  EXPECT_DOUBLE_EQ(f.notes[0].velocity, 100.0 / 127.0);
  EXPECT_DOUBLE_EQ(f.notes[0].start, 0.0);
  EXPECT_DOUBLE_EQ(f.notes[0].length, 0.5);  // a quarter at 120 BPM
}

TEST(MidiFile, RunningStatusAndVelocityZeroNoteOff) {
  const Bytes track = Bytes{0x00, 0x91, 60, 100,  // on 60, channel 1
                            0x00, 64,   80,       // running status: on 64
                            0x60, 60,   0,        // running status, velocity 0: off 60 at 96
                            0x30, 64,   0} +      // off 64 at 144
                      end_of_track;
  const MidiFile f = parse_ok(smf(0, 96, {track}));
  ASSERT_EQ(f.notes.size(), 2u);
  EXPECT_EQ(f.notes[0].pitch, 60);
  EXPECT_EQ(f.notes[0].channel, 1);
  EXPECT_DOUBLE_EQ(f.notes[0].length, 0.5);
  EXPECT_EQ(f.notes[1].pitch, 64);
  EXPECT_EQ(f.notes[1].channel, 1);
  EXPECT_DOUBLE_EQ(f.notes[1].velocity, 80.0 / 127.0);
  EXPECT_DOUBLE_EQ(f.notes[1].start, 0.0);
  EXPECT_DOUBLE_EQ(f.notes[1].length, 0.75);
}

TEST(MidiFile, FormatOneTempoChangeMovesLaterTimesExactly) {
  const MidiFile f = parse_ok(tempo_change_file());
  EXPECT_EQ(f.format, 1);
  EXPECT_EQ(f.tracks, 2);
  ASSERT_EQ(f.notes.size(), 3u);
  EXPECT_EQ(f.notes[0].pitch, 60);
  EXPECT_DOUBLE_EQ(f.notes[0].start, 0.5);
  EXPECT_DOUBLE_EQ(f.notes[0].length, 0.5);
  EXPECT_EQ(f.notes[1].pitch, 64);
  EXPECT_DOUBLE_EQ(f.notes[1].start, 0.75);
  EXPECT_DOUBLE_EQ(f.notes[1].length, 0.375);  // 48 ticks at 120 BPM, 48 at 240
  EXPECT_EQ(f.notes[2].pitch, 67);
  EXPECT_DOUBLE_EQ(f.notes[2].start, 1.25);
  EXPECT_DOUBLE_EQ(f.notes[2].length, 0.25);
  EXPECT_DOUBLE_EQ(f.notes[2].velocity, 1.0);
}

TEST(MidiFile, OtherEventsAreSkippedAndHeldNotesEndWithTheirTrack) {
  const Bytes track = Bytes{0x00, 0xf0, 0x03, 0x7e, 0x7f, 0xf7,                 // sysex
                            0x00, 0xff, 0x03, 0x04, 'l',  'e',  'a', 'd',       // track name
                            0x00, 0xb0, 7,    100,                              // controller
                            0x00, 0xc0, 5,                                      // program change
                            0x00, 0xe0, 0x00, 0x60,                             // pitch bend
                            0x00, 0x80, 50,   0,                                // an off with no on
                            0x00, 0x90, 62,   90,                               // held to the end
                            0x81, 0x40, 0xff, 0x2f, 0x00};                      // end at tick 192
  const MidiFile f = parse_ok(smf(0, 96, {track}) + chunk("XFIH", {1, 2, 3}));  // unknown chunk after
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0].pitch, 62);
  EXPECT_DOUBLE_EQ(f.notes[0].length, 1.0);
}

TEST(MidiFile, DamagedFilesAreRefusedWithAReason) {
  const Bytes good_track = Bytes{0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0} + end_of_track;
  struct Case {
    const char* what;
    Bytes bytes;
    const char* expect;
  };
  Bytes smpte = smf(0, 96, {good_track});
  smpte[12] = 0xe7;  // -25 fps
  smpte[13] = 0x28;
  Bytes absurd = smf(0, 96, {good_track});
  for (int i = 18; i < 22; ++i) absurd[static_cast<std::size_t>(i)] = 0xff;  // MTrk length 4 GB
  Bytes missing_track = smf(1, 96, {good_track});
  missing_track[11] = 2;  // says two tracks, holds one
  const Case cases[] = {
      {"empty", {}, "no MThd"},
      {"RIFF", {'R', 'I', 'F', 'F', 0, 0, 0, 0}, "no MThd"},
      {"short header", {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0}, "MThd length"},
      {"header length", {'M', 'T', 'h', 'd', 0xff, 0xff, 0xff, 0xff}, "MThd length"},
      {"format 2", smf(2, 96, {good_track}), "format 2"},
      {"SMPTE", smpte, "SMPTE"},
      {"division 0", smf(0, 0, {good_track}), "division"},
      {"format 0, 2 tracks", smf(0, 96, {good_track, good_track}), "format 0"},
      {"missing track", missing_track, "1 of 2 tracks"},
      {"absurd chunk", absurd, "truncated chunk"},
      {"5-byte number", smf(0, 96, {Bytes{0xff, 0xff, 0xff, 0xff, 0x7f, 0x90, 60, 100}}), "variable-length"},
      {"no status", smf(0, 96, {Bytes{0x00, 60, 100}}), "without a status"},
      {"truncated event", smf(0, 96, {Bytes{0x00, 0x90, 60}}), "truncated"},
      {"truncated meta", smf(0, 96, {Bytes{0x00, 0xff, 0x51, 0x03, 0x07}}), "truncated meta"},
      {"bad tempo", smf(0, 96, {Bytes{0x00, 0xff, 0x51, 0x02, 0x07, 0xa1}}), "tempo"},
      {"data byte", smf(0, 96, {Bytes{0x00, 0x90, 60, 0x90}}), "data byte"},
      {"system status", smf(0, 96, {Bytes{0x00, 0xf8}}), "does not belong"},
  };
  for (const Case& c : cases) {
    MidiFile f;
    std::string error;
    EXPECT_FALSE(parse_midi(c.bytes, f, error)) << c.what;
    EXPECT_NE(error.find(c.expect), std::string::npos) << c.what << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << c.what;
  }
}

TEST(MidiFile, EveryTruncationIsRefusedAndNoMutationCrashes) {
  const Bytes good = tempo_change_file();
  for (std::size_t n = 0; n < good.size(); ++n) {
    MidiFile f;
    std::string error;
    EXPECT_FALSE(parse_midi(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)), f, error)) << n;
    EXPECT_FALSE(error.empty()) << n;
  }
  // Random byte changes: accepted or refused, never out of bounds (ASan build) or hung.
  std::mt19937 rng(7);
  for (int run = 0; run < 20000; ++run) {
    Bytes b = good;
    const int changes = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < changes; ++k) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
    MidiFile f;
    std::string error;
    if (!parse_midi(b, f, error)) {
      EXPECT_FALSE(error.empty());
    }
  }
}
