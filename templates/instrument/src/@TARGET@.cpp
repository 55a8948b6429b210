// @NAME@: a small polyphonic synth. Each voice is a band-limited oscillator through an
// ADSR; plinth::Voices allocates, steals and releases voices and starts each note at its
// exact sample. Written by `plinth new`; make it yours.
#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <span>

#include "plinth/core/plugin.h"
#include "plinth/core/voices.h"
#include "plinth/dsp/adsr.h"
#include "plinth/dsp/blep_osc.h"

// Parameter values for one block, read once by the plugin so voices never map parameters.
struct @NAME@Settings {
  plinth::dsp::BlepShape shape = plinth::dsp::BlepShape::saw;
  double level = 0.25;
};

// The voice interface plinth::Voices expects (see plinth/core/voices.h).
class @NAME@Voice {
public:
  const @NAME@Settings* settings = nullptr;

  void prepare(double sample_rate, int /*max_block*/) {
    osc_.prepare(sample_rate);
    amp_.prepare(sample_rate);
  }
  void reset() noexcept {
    osc_.reset();
    amp_.reset();
  }
  void start(const plinth::VoiceNote& note, bool legato) noexcept {
    if (legato) return;  // a glide: the envelope carries on
    velocity_ = note.velocity;
    amp_.note_on();  // from the current level, so a retriggered voice never clicks
  }
  void release() noexcept { amp_.note_off(); }
  [[nodiscard]] bool active() const noexcept { return amp_.is_active(); }
  plinth::dsp::Adsr<double>& amp() noexcept { return amp_; }

  // Adds n samples (at most Voices::chunk) of this voice to out.
  template <std::floating_point T>
  void render(const plinth::VoiceNote& note, std::span<T* const> out, int n) noexcept {
    osc_.set_shape(settings->shape);
    osc_.set_frequency(note.frequency());  // follows pitch bend and glide
    std::array<double, plinth::Voices<@NAME@Voice>::chunk> wave{};
    const auto len = static_cast<std::size_t>(std::min<int>(n, static_cast<int>(wave.size())));
    osc_.process(std::span<double>(wave.data(), len));
    const double gain = settings->level * velocity_;
    for (std::size_t i = 0; i < len; ++i) {
      const T y = static_cast<T>(wave[i] * amp_.process() * gain);
      for (T* channel : out) channel[i] += y;
    }
  }

private:
  plinth::dsp::BlepOsc<double> osc_;
  plinth::dsp::Adsr<double> amp_;
  double velocity_ = 1.0;
};

class @NAME@ : public plinth::Plugin<@NAME@> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "@NAME@",
      .vendor = "Your Name",
      .version = "0.1.0",
      // Fresh random ids: a host knows the plugin by them, so keep them once released.
      .processor_id = "@PROCESSOR_ID@",
      .controller_id = "@CONTROLLER_ID@",
      .categories = "Instrument|Synth",  // "Instrument": note input, no audio input
  };
  static constexpr int max_voices = 16;

  plinth::Param& shape = declare(plinth::ParamSpec::list(1, "Shape", {"Saw", "Pulse", "Triangle"}, 0));
  plinth::Param& attack = declare(plinth::ParamSpec::time(2, "Attack", 0.0, 5000.0, 5.0));
  plinth::Param& decay = declare(plinth::ParamSpec::time(3, "Decay", 0.0, 5000.0, 300.0));
  plinth::Param& sustain = declare(plinth::ParamSpec::percent(4, "Sustain", 0.6));
  plinth::Param& release = declare(plinth::ParamSpec::time(5, "Release", 0.0, 5000.0, 250.0));
  plinth::Param& volume = declare(plinth::ParamSpec::decibel(6, "Volume", -48.0, 6.0, -12.0));

  // Main thread: every voice's memory is taken here, none while playing.
  void prepare(const plinth::Setup& setup) {
    voices_.prepare(setup.sample_rate, setup.max_block_size, max_voices);
    voices_.for_each_voice([this](@NAME@Voice& v) { v.settings = &settings_; });
  }
  void reset() noexcept { voices_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    settings_.shape = static_cast<plinth::dsp::BlepShape>(std::clamp(static_cast<int>(shape.value()), 0, 2));
    settings_.level = std::pow(10.0, volume.value() / 20.0);
    // Envelope times take effect at each stage's next start, so setting them every block is cheap.
    const double a = attack.value() / 1000.0, d = decay.value() / 1000.0, s = sustain.value(),
                 r = release.value() / 1000.0;
    voices_.for_each_voice([&](@NAME@Voice& v) {
      v.amp().set_attack(a);
      v.amp().set_decay(d);
      v.amp().set_sustain(s);
      v.amp().set_release(r);
    });
    voices_.render(block);  // the block's notes, each at its sample offset
  }

private:
  @NAME@Settings settings_;
  plinth::Voices<@NAME@Voice> voices_;
};

static const plinth::Export<@NAME@> exported;
