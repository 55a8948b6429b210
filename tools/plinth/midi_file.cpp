// Standard MIDI file reader for `plinth render --midi`. Every length and count is checked
// against the bytes left before it is used, so a damaged file gives a reason, never a crash.
#include "midi_file.h"

#include <algorithm>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <tuple>
#include <utility>

namespace plinth::tool {
namespace {

// Far above any real MIDI file (a few MB at most); refuses to read a wrong path's giant file.
constexpr std::uintmax_t max_file_bytes = 64u << 20;
constexpr std::uint32_t default_tempo = 500000;  // microseconds per quarter note (120 BPM)

struct Reader {
  std::span<const std::uint8_t> bytes;
  std::size_t pos = 0;
  std::string& error;

  std::size_t left() const { return bytes.size() - pos; }
  bool fail(const std::string& why) {
    error = why + " at byte " + std::to_string(pos);
    return false;
  }
  bool u8(std::uint32_t& v) {
    if (left() < 1) return fail("truncated");
    v = bytes[pos++];
    return true;
  }
  bool be(int count, std::uint32_t& v) {  // big-endian
    if (left() < static_cast<std::size_t>(count)) return fail("truncated");
    v = 0;
    for (int i = 0; i < count; ++i) v = (v << 8) | bytes[pos++];
    return true;
  }
  // At most four bytes (28 bits), as the format defines.
  bool vlq(std::uint32_t& v) {
    v = 0;
    for (int i = 0; i < 4; ++i) {
      std::uint32_t b = 0;
      if (!u8(b)) return false;
      v = (v << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) return true;
    }
    return fail("bad variable-length number");
  }
};

struct TrackEvent {
  std::uint64_t tick = 0;
  enum Kind { on, off, tempo } kind = on;
  int channel = 0, pitch = 0, velocity = 0;
  std::uint32_t tempo_us = 0;
};

// One MTrk chunk's events in file order, and the tick of its end.
bool parse_track(Reader& r, std::vector<TrackEvent>& events, std::uint64_t& end_tick) {
  std::uint64_t tick = 0;
  std::uint32_t running = 0;  // running status; 0: none
  while (r.left() > 0) {
    std::uint32_t delta = 0, status = 0;
    if (!r.vlq(delta) || !r.u8(status)) return false;
    tick += delta;
    if (status < 0x80) {  // a data byte: running status repeats the last channel status
      if (running == 0) return r.fail("data byte without a status");
      --r.pos;
      status = running;
    }
    if (status == 0xff) {  // meta event
      std::uint32_t type = 0, length = 0;
      if (!r.u8(type) || !r.vlq(length)) return false;
      if (length > r.left()) return r.fail("truncated meta event");
      if (type == 0x51) {
        if (length != 3) return r.fail("bad tempo event");
        std::uint32_t us = 0;
        r.be(3, us);
        if (us == 0) return r.fail("tempo of zero");
        events.push_back({tick, TrackEvent::tempo, 0, 0, 0, us});
      } else {
        r.pos += length;
      }
      running = 0;
      if (type == 0x2f) break;                      // end of track
    } else if (status == 0xf0 || status == 0xf7) {  // sysex: skipped
      std::uint32_t length = 0;
      if (!r.vlq(length)) return false;
      if (length > r.left()) return r.fail("truncated sysex event");
      r.pos += length;
      running = 0;
    } else if (status >= 0xf0) {
      return r.fail("status byte " + std::to_string(status) + " does not belong in a file");
    } else {
      running = status;
      const std::uint32_t kind = status & 0xf0;
      const int count = kind == 0xc0 || kind == 0xd0 ? 1 : 2;
      std::uint32_t data[2] = {0, 0};
      for (int i = 0; i < count; ++i) {
        if (!r.u8(data[i])) return false;
        if (data[i] >= 0x80) return r.fail("status byte where a data byte belongs");
      }
      const int channel = static_cast<int>(status & 0x0f);
      if (kind == 0x90 && data[1] > 0)
        events.push_back({tick, TrackEvent::on, channel, static_cast<int>(data[0]), static_cast<int>(data[1]), 0});
      else if (kind == 0x80 || kind == 0x90)  // a note-on of velocity 0 is a note-off
        events.push_back({tick, TrackEvent::off, channel, static_cast<int>(data[0]), 0, 0});
      // Controllers, pitch bend, aftertouch and program changes are not rendered.
    }
  }
  end_tick = tick;
  return true;
}

}  // namespace

bool parse_midi(std::span<const std::uint8_t> bytes, MidiFile& out, std::string& error) {
  out = {};
  Reader r{bytes, 0, error};
  if (bytes.size() < 4 || !std::equal(bytes.begin(), bytes.begin() + 4, "MThd")) {
    error = "not a standard MIDI file (no MThd header)";
    return false;
  }
  r.pos = 4;
  std::uint32_t header_length = 0, format = 0, tracks = 0, division = 0;
  if (!r.be(4, header_length)) return false;
  if (header_length < 6 || header_length > r.left()) return r.fail("bad MThd length " + std::to_string(header_length));
  r.be(2, format);
  r.be(2, tracks);
  r.be(2, division);
  r.pos += header_length - 6;  // later versions may add fields
  if (format > 1) {
    error = "MIDI format " + std::to_string(format) + " is not supported (only 0 and 1)";
    return false;
  }
  if (division & 0x8000) {
    error = "SMPTE time division is not supported (only ticks per quarter note)";
    return false;
  }
  if (division == 0) return r.fail("division of zero ticks per quarter note");
  if (tracks == 0) return r.fail("no tracks");
  if (format == 0 && tracks != 1) return r.fail("format 0 with " + std::to_string(tracks) + " tracks");
  out.format = static_cast<int>(format);
  out.tracks = static_cast<int>(tracks);
  out.division = static_cast<int>(division);

  // Each track's events; unknown chunk types are skipped, as the format asks.
  std::vector<std::vector<TrackEvent>> track_events;
  std::vector<std::uint64_t> end_ticks;
  while (track_events.size() < tracks) {
    if (r.left() == 0)
      return r.fail("truncated: " + std::to_string(track_events.size()) + " of " + std::to_string(tracks) + " tracks");
    if (r.left() < 8) return r.fail("truncated chunk header");
    const bool is_track = std::equal(bytes.begin() + static_cast<std::ptrdiff_t>(r.pos),
                                     bytes.begin() + static_cast<std::ptrdiff_t>(r.pos) + 4, "MTrk");
    r.pos += 4;
    std::uint32_t length = 0;
    r.be(4, length);
    if (length > r.left())
      return r.fail("truncated chunk (" + std::to_string(length) + " bytes, " + std::to_string(r.left()) + " left)");
    if (!is_track) {
      r.pos += length;
      continue;
    }
    Reader t{bytes.subspan(0, r.pos + length), r.pos, error};
    track_events.emplace_back();
    end_ticks.push_back(0);
    if (!parse_track(t, track_events.back(), end_ticks.back())) return false;
    r.pos += length;
  }

  // The tempo map, from every track (format 1 puts it in the first, but any track counts).
  // (tick, order found, microseconds per quarter): at one tick the last one found wins. Not
  // std::stable_sort: it is deprecated under clang 22 with libstdc++ 12.
  std::vector<std::tuple<std::uint64_t, std::size_t, std::uint32_t>> tempos;
  for (const auto& events : track_events)
    for (const TrackEvent& e : events)
      if (e.kind == TrackEvent::tempo) tempos.emplace_back(e.tick, tempos.size(), e.tempo_us);
  std::sort(tempos.begin(), tempos.end());
  // Segment starts in seconds, so a time is its segment's start plus ticks at its tempo.
  struct Segment {
    std::uint64_t tick;
    double seconds;
    std::uint32_t tempo_us;
  };
  std::vector<Segment> segments{{0, 0.0, default_tempo}};
  const double tick_us = 1.0e6 * static_cast<double>(division);
  for (const auto& entry : tempos) {
    const std::uint64_t tick = std::get<0>(entry);
    const std::uint32_t us = std::get<2>(entry);
    const Segment& last = segments.back();
    const double at = last.seconds + static_cast<double>(tick - last.tick) * last.tempo_us / tick_us;
    if (tick == last.tick)
      segments.back() = {tick, at, us};
    else
      segments.push_back({tick, at, us});
  }
  auto seconds = [&](std::uint64_t tick) {
    auto it = std::upper_bound(segments.begin(), segments.end(), tick,
                               [](std::uint64_t t, const Segment& s) { return t < s.tick; });
    const Segment& s = *(it - 1);  // segments[0] starts at tick 0
    return s.seconds + static_cast<double>(tick - s.tick) * s.tempo_us / tick_us;
  };

  // Notes: each note-off ends the earliest open note of its track, channel and key.
  struct Open {
    std::uint64_t tick;
    int velocity;
  };
  for (std::size_t t = 0; t < track_events.size(); ++t) {
    std::map<std::pair<int, int>, std::deque<Open>> open;
    auto add = [&](int channel, int pitch, const Open& o, std::uint64_t end) {
      if (end <= o.tick) return;  // zero length: nothing to play
      const double start = seconds(o.tick);
      out.notes.push_back({channel, pitch, o.velocity / 127.0, start, seconds(end) - start});
    };
    for (const TrackEvent& e : track_events[t]) {
      if (e.kind == TrackEvent::on) {
        open[{e.channel, e.pitch}].push_back({e.tick, e.velocity});
      } else if (e.kind == TrackEvent::off) {
        auto it = open.find({e.channel, e.pitch});
        if (it == open.end() || it->second.empty()) continue;  // an off with no on: harmless
        add(e.channel, e.pitch, it->second.front(), e.tick);
        it->second.pop_front();
      }
    }
    for (const auto& [key, notes] : open)  // still held at the end of the track
      for (const Open& o : notes) add(key.first, key.second, o, end_ticks[t]);
  }
  // Ordered fully (only identical notes tie), so the order does not depend on the sort.
  std::sort(out.notes.begin(), out.notes.end(), [](const MidiNote& a, const MidiNote& b) {
    return std::tie(a.start, a.channel, a.pitch, a.length, a.velocity) <
           std::tie(b.start, b.channel, b.pitch, b.length, b.velocity);
  });
  return true;
}

bool read_midi_file(const std::string& path, MidiFile& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::streamoff>(in.tellg());
  if (size < 0 || static_cast<std::uintmax_t>(size) > max_file_bytes) {
    error = path + " is not a MIDI file (" + (size < 0 ? "unreadable" : "too large") + ")";
    return false;
  }
  in.seekg(0);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), size);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  if (!parse_midi(bytes, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

}  // namespace plinth::tool
