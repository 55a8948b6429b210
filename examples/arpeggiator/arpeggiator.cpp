// A note effect: the keys held on its event input come out of its event output one at a
// time, on a grid of the Rate's tempo division locked to the host's song position (or,
// with the transport stopped, free-running at the host's tempo from the first key),
// up, down, up-down or in the order played, over 1-4 octaves, each note held for Gate of
// a step. Audio passes through. Controllers (pitch bend, mod wheel...) pass through too.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "plinth/core/plugin.h"

namespace {

enum class Mode { up, down, up_down, as_played };

class Arpeggiator : public plinth::Plugin<Arpeggiator> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Arpeggiator",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "6A1F2E3D4C5B4A6978877665544332A1",
      .controller_id = "6A1F2E3D4C5B4A6978877665544332A2",
      .categories = "Fx|Instrument",
  };
  static plinth::BusSpecs buses() { return plinth::BusSpecs::effect().with_events(1, 1); }

  plinth::Param& rate = declare(plinth::ParamSpec::division(1, "Rate", "1/16"));
  plinth::Param& mode = declare(plinth::ParamSpec::list(2, "Mode", {"Up", "Down", "Up-Down", "As Played"}, 0));
  plinth::Param& octaves = declare(plinth::ParamSpec::integer(3, "Octaves", 1, 4, 1));
  plinth::Param& gate = declare(plinth::ParamSpec::percent(4, "Gate", 0.5, 0.05, 1.0));

  Arpeggiator() {
    midi_controllers({plinth::midi::mod_wheel, plinth::midi::channel_pressure, plinth::midi::pitch_bend});
    // Division lists take the label's index as their plain value.
    const auto division = [this](std::string_view label) {
      const auto& labels = rate.spec().labels;
      return static_cast<double>(std::find(labels.begin(), labels.end(), label) - labels.begin());
    };
    programs({{"Init", {}},
              {"Up-Down Two Octaves", {{"Mode", 2.0}, {"Octaves", 2.0}, {"Gate", 0.8}}},
              {"Falling Eighths", {{"Rate", division("1/8")}, {"Mode", 1.0}, {"Octaves", 2.0}, {"Gate", 0.4}}},
              {"Triplet Staccato", {{"Rate", division("1/8T")}, {"Octaves", 3.0}, {"Gate", 0.2}}},
              {"As Played Legato", {{"Mode", 3.0}, {"Gate", 1.0}}}});
  }

  void prepare(const plinth::Setup& setup) { sample_rate_ = setup.sample_rate; }
  // The host restarted processing: a note left sounding is ended at the next block.
  void reset() noexcept {
    held_count_ = 0;
    last_step_ = none;
    off_at_ = 0;  // the pending note-off, if any, goes out at offset 0
    clock_ = 0;
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const auto in = block.main_input();
    const auto out = block.main_output();
    for (int c = 0; c < out.num_channels(); ++c)
      for (int i = 0; i < block.num_samples; ++i) out[c][i] = c < in.num_channels() ? in[c][i] : T(0);

    const plinth::Transport* t = block.transport;
    const double tempo = t != nullptr && t->has_tempo && t->tempo_bpm > 0.0 ? t->tempo_bpm : 120.0;
    const double samples_per_beat = sample_rate_ * 60.0 / tempo;
    const double step_beats = std::max(rate.beats(), 1.0 / 64.0);
    const double step_samples = step_beats * samples_per_beat;
    // The song position at sample 0 of this part: the host's while it plays, else our own.
    const bool synced = t != nullptr && t->playing && t->has_musical_position;
    double start = free_position_;
    if (synced) {
      start = t->position_quarter_notes + static_cast<double>(block.first_sample) / samples_per_beat;
      // A jump (a loop, a locate, the transport starting): steps count afresh from here.
      if (std::abs(start - expected_position_) * samples_per_beat > 1.0) last_step_ = none;
    }

    const int n = block.num_samples;
    std::size_t next = 0;
    for (;;) {
      // The next step not yet played, at or after sample 0 of this part.
      std::int64_t k = static_cast<std::int64_t>(std::ceil(start / step_beats - 0.5 / step_samples));
      // Kept in beats, not step numbers, so a change of Rate neither repeats nor skips a step.
      if (!std::isnan(last_step_))
        k = std::max(k, static_cast<std::int64_t>(std::floor(last_step_ / step_beats + 1e-9)) + 1);
      const double at = (static_cast<double>(k) * step_beats - start) * samples_per_beat;
      const int step_at = at < n ? std::max(0, static_cast<int>(std::lround(at))) : n;
      // Input events first, those at the step's own sample too (a key pressed on the step joins it).
      if (next < block.events.size() && block.events[next].sample_offset <= step_at &&
          block.events[next].sample_offset < n) {
        const plinth::Event& e = block.events[next++];
        end_due_note(block, e.sample_offset);
        if (e.type == plinth::Event::Type::note_on && held_count_ == 0 && !synced) {
          // Free-running: a phrase starts on its first key, at that very sample.
          start = -e.sample_offset / samples_per_beat;
          last_step_ = none;
        }
        handle(block, e);
        continue;
      }
      if (step_at >= n) break;
      end_due_note(block, step_at);
      step(block, step_at, step_samples);
      last_step_ = static_cast<double>(k) * step_beats;
    }
    while (next < block.events.size()) handle(block, block.events[next++]);  // offsets past the part (none, normally)
    end_due_note(block, n);
    clock_ += n;
    free_position_ = start + n / samples_per_beat;
    expected_position_ = free_position_;
  }

private:
  static constexpr double none = std::numeric_limits<double>::quiet_NaN();
  struct Held {
    std::int16_t pitch, channel;
    float velocity;
    std::int32_t id;
    std::uint64_t order;  // arrival, for "as played"
  };

  // Keys in and out; controllers pass through.
  template <std::floating_point T>
  void handle(const plinth::ProcessBlock<T>& block, const plinth::Event& e) noexcept {
    switch (e.type) {
      case plinth::Event::Type::note_on: key_down(e); break;
      case plinth::Event::Type::note_off: key_up(e); break;
      case plinth::Event::Type::controller: block.output.add(e); break;
      default: break;  // pressure and expression belong to the input notes, which do not sound
    }
  }

  void key_down(const plinth::Event& e) noexcept {
    if (held_count_ == 0) position_ = 0;  // a new phrase starts from its first note
    key_up(e);                            // the same key again: played anew, last in the order
    if (held_count_ == held_.size()) return;
    held_[held_count_++] = {e.pitch, e.channel, e.velocity, e.note_id, ++arrivals_};
  }

  void key_up(const plinth::Event& e) noexcept {
    for (std::size_t i = 0; i < held_count_; ++i) {
      const Held& h = held_[i];
      const bool same =
          e.note_id != -1 && h.id != -1 ? e.note_id == h.id : (e.pitch == h.pitch && e.channel == h.channel);
      if (same) {
        std::copy(held_.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                  held_.begin() + static_cast<std::ptrdiff_t>(held_count_),
                  held_.begin() + static_cast<std::ptrdiff_t>(i));
        --held_count_;
        return;
      }
    }
  }

  // Ends the sounding note if its gate time falls before `offset` (part-relative).
  template <std::floating_point T>
  void end_due_note(const plinth::ProcessBlock<T>& block, int offset) noexcept {
    if (!sounding_ || off_at_ >= clock_ + offset) return;
    end_note(block, static_cast<int>(std::max<std::int64_t>(0, off_at_ - clock_)));
  }
  template <std::floating_point T>
  void end_note(const plinth::ProcessBlock<T>& block, int offset) noexcept {
    block.output.add(plinth::Event::note_off(offset, playing_.pitch, -1, playing_.channel));
    sounding_ = false;
  }

  template <std::floating_point T>
  void step(const plinth::ProcessBlock<T>& block, int offset, double step_samples) noexcept {
    if (sounding_) end_note(block, offset);  // a full gate ends exactly where the next note starts
    const int length = pattern_length();
    if (length == 0) return;
    const Held note = pattern_note(position_ % length);
    position_ = (position_ + 1) % length;
    block.output.add(plinth::Event::note_on(offset, note.pitch, note.velocity, -1, note.channel));
    playing_ = note;
    sounding_ = true;
    off_at_ = clock_ + offset + std::max<std::int64_t>(1, std::llround(gate.value() * step_samples));
  }

  [[nodiscard]] int pattern_length() const noexcept {
    const int notes = static_cast<int>(held_count_) * static_cast<int>(octaves.value());
    if (static_cast<Mode>(static_cast<int>(mode.value())) == Mode::up_down && notes > 2) return 2 * notes - 2;
    return notes;
  }

  // The i-th note of the pattern: keys sorted (or in arrival order), repeated an octave up
  // per octave; up-down turns at both ends without playing them twice.
  [[nodiscard]] Held pattern_note(int i) const noexcept {
    std::array<Held, 128> sorted{};
    std::copy_n(held_.begin(), held_count_, sorted.begin());
    const auto m = static_cast<Mode>(static_cast<int>(mode.value()));
    const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(held_count_);
    if (m == Mode::as_played)
      std::sort(sorted.begin(), end, [](const Held& a, const Held& b) { return a.order < b.order; });
    else
      std::sort(sorted.begin(), end, [](const Held& a, const Held& b) { return a.pitch < b.pitch; });
    const int count = static_cast<int>(held_count_);
    const int notes = count * static_cast<int>(octaves.value());
    int index = i;
    if (m == Mode::down) index = notes - 1 - i;
    if (m == Mode::up_down && i >= notes) index = 2 * notes - 2 - i;
    Held h = sorted[static_cast<std::size_t>(index % count)];
    h.pitch = static_cast<std::int16_t>(std::min(127, h.pitch + 12 * (index / count)));
    return h;
  }

  std::array<Held, 128> held_{};
  std::size_t held_count_ = 0;
  std::uint64_t arrivals_ = 0;
  int position_ = 0;  // next index in the pattern
  Held playing_{};
  bool sounding_ = false;
  std::int64_t off_at_ = 0;  // sample clock of the sounding note's end
  std::int64_t clock_ = 0;   // samples processed since reset
  double last_step_ = none;  // song position (beats) of the last step played
  double sample_rate_ = 48000.0;
  double free_position_ = 0.0;      // quarter notes, transport stopped
  double expected_position_ = 0.0;  // where the next part starts if nothing jumps
};

}  // namespace

static const plinth::Export<Arpeggiator> exported;
