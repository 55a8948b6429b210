#pragma once
// Voices: a polyphonic voice manager an instrument uses in a few lines.
//
//   struct SawVoice {                                   // the plugin's voice
//     void prepare(double sample_rate, int max_block);  // main thread
//     void reset() noexcept;                            // silent and idle
//     void start(const plinth::VoiceNote& note, bool legato) noexcept;
//     void release() noexcept;                          // key up: begin the release tail
//     template <std::floating_point T>
//     void render(const plinth::VoiceNote& note, std::span<T* const> out, int n) noexcept;  // adds
//     bool active() const noexcept;                     // false once the tail has ended
//   };
//   plinth::Voices<SawVoice> voices;
//   void prepare(const plinth::Setup& s) { voices.prepare(s.sample_rate, s.max_block_size, 32); }
//   template <std::floating_point T> void process(const plinth::ProcessBlock<T>& b) { voices.render(b); }
//
// It lives in the core, not the DSP layer, because it consumes the core's event stream
// (plinth::Event) and splits the block at every event offset itself, so a note starts at
// its exact sample by construction; the DSP layer stays ignorant of events. Nothing
// allocates after prepare().
//
// Policy:
// - Allocation by host note id; when the host gives none (-1), by channel and key. A
//   note-on whose id (or, without ids, key and channel) is already sounding releases that
//   voice first. Note-offs without a note-on are ignored.
// - Stealing, when `polyphony` voices are sounding: the oldest released voice first (in
//   its release tail, key up and pedal up), otherwise the oldest voice. The victim is not
//   cut: it moves aside and fades out over `steal_fade_seconds` (3 ms) while the new note
//   starts at its exact sample. The pool holds twice the maximum for these fades; only
//   when every spare slot is still fading is the quietest fading one cut.
// - Sustain (controller 64 >= 0.5, per channel): key-ups are held until the pedal lifts.
// - Pitch (VoiceNote::pitch, semitones on the MIDI scale, updated every 32 samples at
//   most): key + note tuning + channel pitch bend * bend_range + note expression tuning
//   + glide. Pitch bend, channel pressure and CC 74 are per channel, so MPE input (one
//   note per member channel) reaches the right voice with no extra code.
// - Mono: one voice; a new key retriggers the envelopes (from their current level) and
//   glides; releasing it returns to the last key still held. Legato: the same, without
//   retriggering while a key is held. Glide moves linearly in pitch over glide_seconds.
// - Note expressions go to the voice whose note id they name (VoiceNote::expression).
// - Controller 123 (all notes off) releases every voice of the channel; 120 (all sounds
//   off) fades them all out.

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "plinth/core/events.h"
#include "plinth/core/process_context.h"

namespace plinth {

// What a voice plays, owned by the manager and read by the voice when it renders.
struct VoiceNote {
  std::int32_t id = -1;  // host note id, -1 if none
  std::int16_t channel = 0;
  std::int16_t key = 60;
  float velocity = 0.0f;
  float tuning_cents = 0.0f;  // from the note-on
  double pitch = 60.0;        // semitones (MIDI scale) with tuning, bend, expression and glide
  double pressure = 0.0;      // poly pressure, or the channel's pressure (MPE)
  double timbre = 0.0;        // the channel's CC 74 (MPE)
  // Normalized values by Expression; defaults: volume 0.25 (0 dB), pan 0.5, tuning 0.5,
  // vibrato 0, expression 1, brightness 0.5.
  std::array<double, expression_count> expression{0.25, 0.5, 0.5, 0.0, 1.0, 0.5};

  [[nodiscard]] double frequency() const noexcept { return 440.0 * std::exp2((pitch - 69.0) / 12.0); }
  [[nodiscard]] double gain() const noexcept { return 4.0 * expression[0]; }       // note expression volume
  [[nodiscard]] double pan() const noexcept { return expression[1] * 2.0 - 1.0; }  // -1..1
  [[nodiscard]] double get(Expression e) const noexcept { return expression[static_cast<std::size_t>(e)]; }
};

enum class VoiceMode : std::uint8_t { poly, mono, legato };

template <class V>
concept VoiceType = requires(V v, const V cv, const VoiceNote& note, std::span<float* const> f,
                             std::span<double* const> d) {
  v.prepare(48000.0, 512);
  v.reset();
  v.start(note, true);
  v.release();
  v.render(note, f, 1);
  v.render(note, d, 1);
  { cv.active() } -> std::convertible_to<bool>;
};

template <class V>
class Voices {
public:
  // Render granularity: pitch (glide, bend) is updated at least this often.
  static constexpr int chunk = 32;
  static constexpr int max_channels = 8;

  // Audio thread may change these between blocks.
  VoiceMode mode = VoiceMode::poly;
  double glide_seconds = 0.0;  // mono and legato
  double bend_range = 2.0;     // semitones for full pitch bend
  double steal_fade_seconds = 0.003;

  // Main thread: takes every slot's memory; `max_voices` is the most that sound at once.
  void prepare(double sample_rate, int max_block_size, int max_voices) {
    static_assert(VoiceType<V>, "see the voice interface at the top of plinth/core/voices.h");
    sample_rate_ = sample_rate;
    max_voices_ = std::max(1, max_voices);
    polyphony_ = max_voices_;
    slots_.assign(static_cast<std::size_t>(2 * max_voices_), Slot{});
    for (Slot& s : slots_) s.voice.prepare(sample_rate, max_block_size);
    reset();
  }
  // Everything silent and idle, controllers at rest.
  void reset() noexcept {
    for (Slot& s : slots_) {
      s.state = State::idle;
      s.voice.reset();
    }
    channels_.fill(Channel{});
    held_count_ = 0;
    mono_slot_ = nullptr;
  }

  // Voices sounding at once, 1..max_voices (a "Voices" parameter); more steal.
  void set_polyphony(int n) noexcept { polyphony_ = std::clamp(n, 1, max_voices_); }
  [[nodiscard]] int max_voices() const noexcept { return max_voices_; }
  // Slots not idle (fading steals included).
  [[nodiscard]] int active_count() const noexcept {
    int n = 0;
    for (const Slot& s : slots_) n += s.state != State::idle ? 1 : 0;
    return n;
  }
  [[nodiscard]] double mod_wheel() const noexcept { return mod_wheel_; }
  [[nodiscard]] double bend(int channel = 0) const noexcept { return channels_[channel & 15].bend; }
  // Every voice slot (for wiring voices to shared parameters after prepare).
  template <class F>
  void for_each_voice(F&& f) {
    for (Slot& s : slots_) f(s.voice);
  }

  // Clears the main output, then plays the block's events into it at their offsets.
  template <std::floating_point T>
  void render(const ProcessBlock<T>& block) noexcept {
    const AudioBuffer<T> out = block.main_output();
    for (int c = 0; c < out.num_channels(); ++c)
      std::fill_n(out.channels[static_cast<std::size_t>(c)], block.num_samples, T(0));
    render(block.events, out.channels, block.num_samples);
  }

  // Adds into `out` (n samples), handling `events` (offsets within 0..n-1, in order).
  template <std::floating_point T>
  void render(std::span<const Event> events, std::span<T* const> out, int n) noexcept {
    const std::size_t channels = std::min<std::size_t>(out.size(), max_channels);
    std::array<T*, max_channels> at{};
    std::size_t next = 0;
    int pos = 0;
    while (pos < n) {
      while (next < events.size() && events[next].sample_offset <= pos) handle(events[next++]);
      int end = std::min(n, pos + chunk);
      if (next < events.size()) end = std::min(end, std::max(pos + 1, static_cast<int>(events[next].sample_offset)));
      const int len = end - pos;
      for (std::size_t c = 0; c < channels; ++c) at[c] = out[c] + pos;
      const std::span<T* const> part(at.data(), channels);
      for (Slot& s : slots_) {
        if (s.state == State::idle) continue;
        update_pitch(s, len);
        if (s.state == State::fading)
          render_fading(s, part, len);
        else
          s.voice.render(s.note, part, len);
        if (!s.voice.active() || (s.state == State::fading && s.fade <= 0.0)) free_slot(s);
      }
      pos = end;
    }
    while (next < events.size()) handle(events[next++]);  // offsets past the end (none, normally)
  }

  // Releases every sounding voice (as if every key went up and the pedal with it).
  void all_notes_off() noexcept {
    for (Slot& s : slots_)
      if (s.state == State::held || s.state == State::sustained) release(s);
    held_count_ = 0;
  }
  // Fades every voice out now.
  void all_sounds_off() noexcept {
    for (Slot& s : slots_)
      if (s.state != State::idle && s.state != State::fading) fade_out(s);
    held_count_ = 0;
    mono_slot_ = nullptr;
  }

  // One event, as render() does at its offset (for plugins that split blocks themselves).
  void handle(const Event& e) noexcept {
    switch (e.type) {
      case Event::Type::note_on: note_on(e); break;
      case Event::Type::note_off: note_off(e); break;
      case Event::Type::poly_pressure:
        if (Slot* s = find(e.note_id, e.channel, e.pitch, true)) s->note.pressure = e.value;
        break;
      case Event::Type::note_expression:
        if (e.number < static_cast<std::uint32_t>(expression_count) && e.note_id != -1)
          for (Slot& s : slots_)
            if (s.state != State::idle && s.note.id == e.note_id) s.note.expression[e.number] = e.value;
        break;
      case Event::Type::controller: controller(e); break;
    }
  }

private:
  enum class State : std::uint8_t { idle, held, sustained, released, fading };
  struct Slot {
    V voice;
    VoiceNote note;
    State state = State::idle;
    std::uint64_t age = 0;       // note-on order
    std::uint64_t released = 0;  // release order
    double glide = 0.0;          // semitones still to glide (added to the pitch)
    double glide_step = 0.0;     // per sample
    double fade = 1.0;           // fading: current gain
  };
  struct Channel {
    double bend = 0.0;  // -1..1
    double pressure = 0.0;
    double timbre = 0.0;
    bool sustain = false;
  };
  struct Held {  // a key down, for mono's return to the previous key
    std::int32_t id;
    std::int16_t channel, key;
    float velocity, tuning;
  };

  static constexpr double none = std::numeric_limits<double>::quiet_NaN();
  // The pitch a glide starts from: key, tuning and glide so far (bend and expression apply on top).
  static double base_pitch(const Slot& s) noexcept { return s.note.key + s.note.tuning_cents / 100.0 + s.glide; }

  void free_slot(Slot& s) noexcept {
    s.state = State::idle;
    if (&s == mono_slot_) mono_slot_ = nullptr;
  }

  void update_pitch(Slot& s, int len) noexcept {
    const Channel& ch = channels_[static_cast<std::size_t>(s.note.channel & 15)];
    s.note.pitch = s.note.key + s.note.tuning_cents / 100.0 + ch.bend * bend_range +
                   240.0 * (s.note.expression[2] - 0.5) + s.glide;
    if (s.glide != 0.0) {
      const double g = s.glide - s.glide_step * len;
      s.glide = (s.glide > 0.0) == (g > 0.0) ? g : 0.0;
    }
  }

  template <std::floating_point T>
  void render_fading(Slot& s, std::span<T* const> out, int len) noexcept {
    std::array<T, max_channels * chunk> scratch{};
    std::array<T*, max_channels> ptrs{};
    for (std::size_t c = 0; c < out.size(); ++c) ptrs[c] = scratch.data() + c * chunk;
    s.voice.render(s.note, std::span<T* const>(ptrs.data(), out.size()), len);
    const double step = 1.0 / std::max(1.0, steal_fade_seconds * sample_rate_);
    double g = s.fade;
    for (int i = 0; i < len; ++i) {
      g = std::max(0.0, g - step);
      for (std::size_t c = 0; c < out.size(); ++c) out[c][i] += static_cast<T>(g) * ptrs[c][i];
    }
    s.fade = g;
  }

  void release(Slot& s) noexcept {
    s.state = State::released;
    s.released = ++clock_;
    s.voice.release();
  }
  void fade_out(Slot& s) noexcept {
    s.state = State::fading;
    s.fade = 1.0;
    if (&s == mono_slot_) mono_slot_ = nullptr;
  }
  // Key up: released, or held by the pedal.
  void key_up(Slot& s) noexcept {
    if (channels_[static_cast<std::size_t>(s.note.channel & 15)].sustain)
      s.state = State::sustained;
    else
      release(s);
  }

  // A sounding (held or sustained; released too when `any`) voice of this note.
  Slot* find(std::int32_t id, int channel, int key, bool any) noexcept {
    Slot* best = nullptr;
    for (Slot& s : slots_) {
      if (s.state == State::idle || s.state == State::fading) continue;
      if (!any && s.state == State::released) continue;
      const bool match =
          id != -1 && s.note.id != -1 ? s.note.id == id : (s.note.channel == channel && s.note.key == key);
      if (match && (best == nullptr || s.age < best->age)) best = &s;
    }
    return best;
  }

  Slot* free_slot_for_new_note() noexcept {
    int sounding = 0;
    for (const Slot& s : slots_) sounding += s.state != State::idle && s.state != State::fading ? 1 : 0;
    if (sounding >= polyphony_) {
      // Steal: the oldest released voice, else the oldest voice.
      Slot* victim = nullptr;
      for (Slot& s : slots_) {
        if (s.state == State::idle || s.state == State::fading) continue;
        if (victim == nullptr) {
          victim = &s;
          continue;
        }
        const bool s_rel = s.state == State::released, v_rel = victim->state == State::released;
        if (s_rel != v_rel ? s_rel : (s_rel ? s.released < victim->released : s.age < victim->age)) victim = &s;
      }
      if (victim != nullptr) fade_out(*victim);
    }
    Slot* quietest = nullptr;
    for (Slot& s : slots_) {
      if (s.state == State::idle) return &s;
      if (s.state == State::fading && (quietest == nullptr || s.fade < quietest->fade)) quietest = &s;
    }
    return quietest;  // every spare slot still fading: cut the quietest
  }

  void start(Slot& s, const Event& e, bool legato, double glide_from) noexcept {
    s.note.id = e.note_id;
    s.note.channel = static_cast<std::int16_t>(e.channel & 15);
    s.note.key = e.pitch;
    if (!legato) s.note.velocity = e.velocity;
    s.note.tuning_cents = e.tuning_cents;
    if (!legato) {
      const Channel& ch = channels_[static_cast<std::size_t>(s.note.channel)];
      s.note.pressure = ch.pressure;
      s.note.timbre = ch.timbre;
      s.note.expression = VoiceNote{}.expression;
    }
    const double target = e.pitch + e.tuning_cents / 100.0;
    const double samples = glide_seconds * sample_rate_;
    s.glide = std::isfinite(glide_from) && samples >= 1.0 ? glide_from - target : 0.0;
    s.glide_step = s.glide / std::max(1.0, samples);
    s.state = State::held;
    s.age = ++clock_;
    s.fade = 1.0;
    update_pitch(s, 0);
    s.voice.start(s.note, legato);
  }

  void note_on(const Event& e) noexcept {
    if (e.pitch < 0 || e.pitch > 127) return;
    if (mode == VoiceMode::poly) {
      if (Slot* same = find(e.note_id, e.channel, e.pitch, false)) release(*same);
      if (Slot* s = free_slot_for_new_note()) {
        if (s->state != State::idle) free_slot(*s);
        s->voice.reset();
        start(*s, e, false, none);
      }
      return;
    }
    // Mono and legato: remember the key, play it on the one voice.
    remove_held(e.note_id, e.channel, e.pitch);
    if (held_count_ == held_.size()) {  // 128 keys down on one voice: forget the oldest
      std::shift_left(held_.begin(), held_.end(), 1);
      --held_count_;
    }
    held_[held_count_++] = {e.note_id, e.channel, e.pitch, e.velocity, e.tuning_cents};
    play_mono(e, held_count_ > 1);
  }

  void play_mono(const Event& e, bool key_was_held) noexcept {
    Slot* s = mono_slot_;
    if (s != nullptr && s->state != State::idle && s->state != State::fading) {
      // Mono retriggers the envelopes from their current level (the voice's start with
      // legato false on a sounding voice); legato leaves them alone while a key is held.
      start(*s, e, mode == VoiceMode::legato && key_was_held, base_pitch(*s));
      return;
    }
    s = free_slot_for_new_note();
    if (s == nullptr) return;
    if (s->state != State::idle) free_slot(*s);
    s->voice.reset();
    start(*s, e, false, none);
    mono_slot_ = s;
  }

  void remove_held(std::int32_t id, int channel, int key) noexcept {
    for (std::size_t i = 0; i < held_count_; ++i) {
      const Held& h = held_[i];
      if (id != -1 && h.id != -1 ? h.id == id : (h.channel == channel && h.key == key)) {
        std::copy(held_.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                  held_.begin() + static_cast<std::ptrdiff_t>(held_count_),
                  held_.begin() + static_cast<std::ptrdiff_t>(i));
        --held_count_;
        return;
      }
    }
  }

  void note_off(const Event& e) noexcept {
    if (mode == VoiceMode::poly) {
      if (Slot* s = find(e.note_id, e.channel, e.pitch, false); s != nullptr && s->state == State::held) key_up(*s);
      return;
    }
    remove_held(e.note_id, e.channel, e.pitch);
    Slot* s = mono_slot_;
    if (s == nullptr || s->state == State::idle || s->state == State::fading) return;
    const bool playing_this = e.note_id != -1 && s->note.id != -1
                                  ? s->note.id == e.note_id
                                  : (s->note.channel == e.channel && s->note.key == e.pitch);
    if (!playing_this) return;
    if (held_count_ > 0) {  // back to the last key still down
      const Held& h = held_[held_count_ - 1];
      Event back = Event::note_on(e.sample_offset, h.key, h.velocity, h.id, h.channel);
      back.tuning_cents = h.tuning;
      start(*s, back, mode == VoiceMode::legato, base_pitch(*s));
    } else if (s->state == State::held) {
      key_up(*s);
    }
  }

  void controller(const Event& e) noexcept {
    Channel& ch = channels_[static_cast<std::size_t>(e.channel & 15)];
    switch (e.number) {
      case midi::pitch_bend: ch.bend = std::clamp(e.bend(), -1.0, 1.0); break;
      case midi::channel_pressure:
        ch.pressure = e.value;
        for (Slot& s : slots_)
          if (s.state != State::idle && s.note.channel == e.channel) s.note.pressure = e.value;
        break;
      case midi::brightness:
        ch.timbre = e.value;
        for (Slot& s : slots_)
          if (s.state != State::idle && s.note.channel == e.channel) s.note.timbre = e.value;
        break;
      case midi::mod_wheel: mod_wheel_ = e.value; break;
      case midi::sustain: {
        const bool down = e.value >= 0.5;
        if (ch.sustain && !down)
          for (Slot& s : slots_)
            if (s.state == State::sustained && s.note.channel == e.channel) release(s);
        ch.sustain = down;
        break;
      }
      case midi::all_notes_off:
        for (Slot& s : slots_)
          if ((s.state == State::held || s.state == State::sustained) && s.note.channel == e.channel) release(s);
        held_count_ = 0;
        break;
      case midi::all_sounds_off: all_sounds_off(); break;
      default: break;
    }
  }

  std::vector<Slot> slots_;
  std::array<Channel, 16> channels_{};
  std::array<Held, 128> held_{};
  std::size_t held_count_ = 0;
  Slot* mono_slot_ = nullptr;
  std::uint64_t clock_ = 0;
  double sample_rate_ = 48000.0;
  double mod_wheel_ = 0.0;
  int max_voices_ = 1;
  int polyphony_ = 1;
};

}  // namespace plinth
