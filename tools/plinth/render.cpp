// `plinth render`: an audio file (or a generated sine) through the plugin, offline.
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "commands.h"
#include "sndfile_error.h"
#include "golden.h"
#include "progress.h"
#include "midi_file.h"

namespace plinth::tool {
namespace {

struct SndFile {
  SNDFILE* file = nullptr;
  ~SndFile() {
    if (file != nullptr) sf_close(file);
  }
};

struct Note {
  int channel = 0;
  int pitch = 60;
  double velocity = 0.8, start = 0.0, length = 0.5;  // seconds
};

// "60:0.8:0.0:0.5" (pitch:velocity:start:length; times in seconds, or beats at 120 BPM
// with a 'b' suffix); entries separated by commas, spaces or lines; '#' starts a comment.
bool parse_notes(const std::string& spec, std::vector<Note>& notes, std::string& error) {
  std::string text = spec;
  if (!spec.empty() && spec[0] == '@') {
    std::ifstream file(spec.substr(1));
    if (!file) {
      error = "cannot read " + spec.substr(1);
      return false;
    }
    std::ostringstream all;
    for (std::string line; std::getline(file, line);) all << line.substr(0, line.find('#')) << ',';
    text = all.str();
  }
  for (char& c : text)
    if (c == ',' || c == '\n' || c == '\t' || c == '\r') c = ' ';
  std::istringstream entries(text);
  for (std::string entry; entries >> entry;) {
    std::vector<std::string> parts;
    std::istringstream fields(entry);
    for (std::string f; std::getline(fields, f, ':');) parts.push_back(f);
    auto time = [](const std::string& t, double& out) {
      const bool beats = !t.empty() && t.back() == 'b';
      try {
        std::size_t used = 0;
        out = std::stod(beats ? t.substr(0, t.size() - 1) : t, &used);
        if (used != t.size() - (beats ? 1 : 0)) return false;
      } catch (...) {
        return false;
      }
      if (beats) out *= 0.5;  // 120 BPM
      return std::isfinite(out) && out >= 0.0;
    };
    Note n;
    double pitch = 0.0;
    if (parts.size() != 4 || !time(parts[0], pitch) || !time(parts[1], n.velocity) || !time(parts[2], n.start) ||
        !time(parts[3], n.length) || pitch > 127.0 || n.velocity > 1.0 || n.length <= 0.0) {
      error = "bad note '" + entry + "' (want PITCH:VELOCITY:START:LENGTH, e.g. 60:0.8:0:0.5)";
      return false;
    }
    n.pitch = static_cast<int>(pitch);
    notes.push_back(n);
  }
  if (notes.empty()) error = "--notes has no notes";
  return !notes.empty();
}

// The note-ons and note-offs of the notes that fall in [pos, pos + n), in order.
void note_events(const std::vector<Note>& notes, double rate, std::size_t pos, int n, std::vector<abi::Event>& out) {
  out.clear();
  for (std::size_t k = 0; k < notes.size(); ++k) {
    const Note& note = notes[k];
    const auto on = static_cast<std::size_t>(std::llround(note.start * rate));
    const auto off = std::max(on + 1, static_cast<std::size_t>(std::llround((note.start + note.length) * rate)));
    for (const bool is_on : {true, false}) {
      const std::size_t at = is_on ? on : off;
      if (at < pos || at >= pos + static_cast<std::size_t>(n)) continue;
      abi::Event e{};
      e.sample_offset = static_cast<std::int32_t>(at - pos);
      e.type = is_on ? abi::Event::kNoteOnEvent : abi::Event::kNoteOffEvent;
      const auto id = static_cast<std::int32_t>(k);
      if (is_on)
        e.note_on = {static_cast<std::int16_t>(note.channel), static_cast<std::int16_t>(note.pitch), 0.0f,
                     static_cast<float>(note.velocity),       static_cast<std::int32_t>(off - on),   id};
      else
        e.note_off = {static_cast<std::int16_t>(note.channel), static_cast<std::int16_t>(note.pitch), 0.0f, id, 0.0f};
      out.push_back(e);
    }
  }
  // Stable by offset (a note-off before a note-on at the same sample stays first). An
  // insertion sort: std::stable_sort's temporary buffer is deprecated in clang 22 with
  // this libstdc++, and note lists are short.
  for (std::size_t i = 1; i < out.size(); ++i)
    for (std::size_t j = i; j > 0 && out[j - 1].sample_offset > out[j].sample_offset; --j)
      std::swap(out[j - 1], out[j]);
}

}  // namespace

int render(const RenderOptions& o) {
  std::error_code ec;
  if (!o.golden.empty() &&
      std::filesystem::weakly_canonical(o.golden, ec) == std::filesystem::weakly_canonical(o.output, ec)) {
    return fail("--golden and -o name the same file: the render would overwrite its reference");
  }
  std::vector<Note> notes;
  if (!o.notes.empty()) {
    std::string error;
    if (!parse_notes(o.notes, notes, error)) return fail(error);
  }
  if (!o.midi.empty()) {
    MidiFile midi;
    std::string error;
    if (!read_midi_file(o.midi, midi, error)) return fail(error);
    if (midi.notes.empty()) return fail(o.midi + " has no notes");
    for (const MidiNote& m : midi.notes) notes.push_back({m.channel, m.pitch, m.velocity, m.start, m.length});
  }
  // The input: a file or a sine, as interleaved doubles.
  std::vector<double> input;
  int in_channels = 1;
  double rate = o.sample_rate;
  if (!o.input.empty()) {
    SF_INFO info{};
    SndFile in;
    in.file = sf_open(o.input.c_str(), SFM_READ, &info);
    if (in.file == nullptr) return fail("cannot read " + o.input + ": " + sndfile_error(nullptr));
    if (info.channels < 1 || info.channels > 64 || info.samplerate < 1 || info.frames < 0) {
      return fail(o.input + " has an unusable format");
    }
    if (info.frames > static_cast<sf_count_t>(1) << 31) return fail(o.input + " is too long");
    in_channels = info.channels;
    rate = info.samplerate;
    input.resize(static_cast<std::size_t>(info.frames) * static_cast<std::size_t>(info.channels));
    const sf_count_t got = sf_readf_double(in.file, input.data(), info.frames);
    if (got < 0) return fail("cannot read " + o.input + ": " + sndfile_error(in.file));
    input.resize(static_cast<std::size_t>(got) * static_cast<std::size_t>(info.channels));
  } else {
    double seconds = o.seconds;
    if (!notes.empty() && o.sine_hz == 0.0) {  // as long as the notes (silence in)
      seconds = 0.0;
      for (const Note& n : notes) seconds = std::max(seconds, n.start + n.length);
    }
    const auto frames = static_cast<std::size_t>(std::llround(seconds * rate));
    input.resize(frames);
    for (std::size_t i = 0; i < frames; ++i) {
      input[i] = 0.5 * std::sin(2.0 * 3.14159265358979323846 * o.sine_hz * static_cast<double>(i) / rate);
    }
  }
  const std::size_t in_frames = input.size() / static_cast<std::size_t>(in_channels);
  const std::size_t total = in_frames + static_cast<std::size_t>(std::llround(o.tail_seconds * rate));

  auto module = load_module(o.bundle);
  if (!module) return 1;
  const auto* cls = first_processor(*module);
  if (cls == nullptr) return 1;
  std::string error;
  auto p = host::PluginInstance::create(*module, *cls, error);
  if (!p) return fail(error);
  if (p->audio_outputs() == 0) return fail(cls->name + " has no audio output");

  // Prefer a main bus that matches the file (mono or stereo), when the plugin agrees.
  if (in_channels <= 2 && p->audio_inputs() > 0 && p->channels(abi::kInput, 0) != in_channels) {
    const abi::SpeakerArrangement want = in_channels == 1 ? abi::speaker_arr::kMono : abi::speaker_arr::kStereo;
    std::vector<abi::SpeakerArrangement> ins, outs;
    for (int b = 0; b < p->audio_inputs(); ++b) ins.push_back(b == 0 ? want : p->arrangement(abi::kInput, b));
    for (int b = 0; b < p->audio_outputs(); ++b) outs.push_back(b == 0 ? want : p->arrangement(abi::kOutput, b));
    if (p->set_bus_arrangements(ins, outs) != abi::kResultOk) {
      p->set_bus_arrangements(std::vector<abi::SpeakerArrangement>{}, std::vector<abi::SpeakerArrangement>{});
    }
  }
  if (o.double_precision && !p->can_process_double()) return fail(cls->name + " does not support 64-bit processing");
  if (p->setup(rate, o.block, o.double_precision, abi::kOffline) != abi::kResultOk) {
    return fail("setup_processing failed at " + std::to_string(rate) + " Hz with " + std::to_string(o.block) +
                "-sample blocks");
  }

  std::vector<host::ParamChange> changes;
  for (const auto& spec : o.params) {
    host::ParamChange change{};
    if (!parse_param(*p, spec, change, error)) return fail(error);
    p->set_normalized(change.id, change.normalized);
    changes.push_back(change);
  }
  if (p->activate() != abi::kResultOk) return fail("activation failed");
  if (!changes.empty()) {
    if (p->process(0, changes) != abi::kResultOk) return fail("the plugin refused the parameter values");
    // Pre-roll one second of silence so parameter smoothing has settled at the
    // values asked for before the first rendered sample; then rewind the transport.
    p->clear_inputs();
    const long preroll = std::lround(rate);
    for (long done = 0; done < preroll; done += o.block) {
      if (p->process(static_cast<int>(std::min<long>(o.block, preroll - done))) != abi::kResultOk) {
        return fail("process failed during the pre-roll");
      }
    }
    p->transport().project_time_samples = 0;
    p->transport().continuous_time_samples = 0;
  }

  const int plugin_in = p->audio_inputs() > 0 ? p->channels(abi::kInput, 0) : 0;
  const int out_channels = p->channels(abi::kOutput, 0);
  if (out_channels < 1) return fail(cls->name + " has no output channels");
  std::vector<float> output(total * static_cast<std::size_t>(out_channels));
  std::vector<abi::Event> events;
  if (!notes.empty() && p->buses(abi::kEvent, abi::kInput).empty())
    return fail(cls->name + " has no event input: it cannot play notes");

  ProgressBar bar("render", static_cast<double>(total));
  for (std::size_t pos = 0; pos < total;) {
    bar.update(static_cast<double>(pos));
    const int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(o.block), total - pos));
    for (int c = 0; c < plugin_in; ++c) {
      const int src = c % in_channels;  // fewer file channels: repeat them
      for (int i = 0; i < n; ++i) {
        const std::size_t frame = pos + static_cast<std::size_t>(i);
        const double v = frame < in_frames
                             ? input[frame * static_cast<std::size_t>(in_channels) + static_cast<std::size_t>(src)]
                             : 0.0;
        if (o.double_precision) {
          p->input64(0, c)[static_cast<std::size_t>(i)] = v;
        } else {
          p->input(0, c)[static_cast<std::size_t>(i)] = static_cast<float>(v);
        }
      }
    }
    if (!notes.empty()) note_events(notes, rate, pos, n, events);
    const abi::tresult r = p->process(n, {}, events);
    if (r != abi::kResultOk)
      return fail("process failed at sample " + std::to_string(pos) + " (result " + std::to_string(r) + ")");
    for (int c = 0; c < out_channels; ++c) {
      for (int i = 0; i < n; ++i) {
        const double v = o.double_precision ? p->output64(0, c)[static_cast<std::size_t>(i)]
                                            : p->output(0, c)[static_cast<std::size_t>(i)];
        output[(pos + static_cast<std::size_t>(i)) * static_cast<std::size_t>(out_channels) +
               static_cast<std::size_t>(c)] = static_cast<float>(v);
      }
    }
    pos += static_cast<std::size_t>(n);
  }
  bar.finish();

  SF_INFO out_info{};
  out_info.samplerate = static_cast<int>(std::lround(rate));
  out_info.channels = out_channels;
  out_info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SndFile out;
  out.file = sf_open(o.output.c_str(), SFM_WRITE, &out_info);
  if (out.file == nullptr) return fail("cannot write " + o.output + ": " + sndfile_error(nullptr));
  if (sf_writef_float(out.file, output.data(), static_cast<sf_count_t>(total)) != static_cast<sf_count_t>(total)) {
    return fail("cannot write " + o.output + ": " + sndfile_error(out.file));
  }
  float peak = 0.0f;
  for (float v : output) peak = std::max(peak, std::fabs(v));
  std::string what = std::to_string(in_channels) + " -> " + std::to_string(out_channels) + " channels";
  if (!notes.empty()) what = std::to_string(notes.size()) + " notes -> " + std::to_string(out_channels) + " channels";
  std::fprintf(stderr, "plinth: rendered %zu frames (%s, %.0f Hz, %s, peak %.1f dBFS) to %s\n", total, what.c_str(),
               rate, o.double_precision ? "64-bit" : "32-bit", 20.0 * std::log10(std::max(peak, 1e-10f)),
               o.output.c_str());
  if (!o.golden.empty()) return compare_golden(o.golden, output, out_channels, rate, o.golden_tolerance_db);
  return 0;
}

}  // namespace plinth::tool
