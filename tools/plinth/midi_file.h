#pragma once
// A reader of standard MIDI files (format 0 and 1, ticks-per-quarter division) for
// `plinth render --midi`: the notes with their times in seconds under the file's tempo map.
// Only notes are read; controllers, pitch bend, program changes and sysex are skipped.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace plinth::tool {

struct MidiNote {
  int channel = 0;        // 0-15
  int pitch = 60;         // 0-127
  double velocity = 0.8;  // 1-127 mapped to (0, 1]
  double start = 0.0;     // seconds
  double length = 0.0;    // seconds, > 0
};

struct MidiFile {
  int format = 0;
  int tracks = 0;
  int division = 0;             // ticks per quarter note
  std::vector<MidiNote> notes;  // by start
};

// False with a one-line reason on a file that is not a well-formed format 0/1 MIDI file.
bool parse_midi(std::span<const std::uint8_t> bytes, MidiFile& out, std::string& error);
bool read_midi_file(const std::string& path, MidiFile& out, std::string& error);

}  // namespace plinth::tool
