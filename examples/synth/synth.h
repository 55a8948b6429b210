// A polyphonic subtractive synth: two band-limited oscillators (the second detuned),
// a resonant low-pass with key tracking and an envelope, amp and filter ADSRs, an LFO,
// velocity. Built only from Plinth's DSP layer; plinth::Voices does the notes.
// (The class is in a header so the benchmark can run it without the bridge.)
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

#include "plinth/core/plugin.h"
#include "plinth/core/voices.h"
#include "plinth/dsp/adsr.h"
#include "plinth/dsp/blep_osc.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/svf.h"

namespace synth {

namespace dsp = plinth::dsp;

// Parameter values for one block, read once so voices never call the mappings.
struct Settings {
  dsp::BlepShape shape1 = dsp::BlepShape::saw, shape2 = dsp::BlepShape::saw;
  double detune_ratio = 1.0;  // osc 2 against osc 1 (detune and octave)
  double mix = 0.5, pulse_width = 0.5;
  double cutoff = 1200.0, q = 0.7, env_octaves = 2.5, key_track = 0.5, velocity_to_filter = 0.5;
  double lfo_hz = 5.0, lfo_cents = 0.0, lfo_octaves = 0.0;
  double velocity_amount = 0.7, level = 0.3;
};

class Voice {
public:
  const Settings* settings = nullptr;

  void prepare(double sample_rate, int /*max_block*/) {
    rate_ = sample_rate;
    for (auto* o : {&osc1_, &osc2_}) o->prepare(sample_rate);
    filter_.prepare(sample_rate, 0, 1);
    filter_.set_mode(dsp::SvfMode::LowPass);
    amp_.prepare(sample_rate);
    fenv_.prepare(sample_rate);
    amp_.set_attack_shape(dsp::EnvelopeShape::linear);
    amp_.set_release_shape(dsp::EnvelopeShape::exponential);
    fenv_.set_release_shape(dsp::EnvelopeShape::exponential);
  }
  void reset() noexcept {
    osc1_.reset();
    osc2_.reset();
    filter_.reset();
    amp_.reset();
    fenv_.reset();
  }
  // Envelope times are set by the plugin through envelopes() before each block.
  void start(const plinth::VoiceNote& note, bool legato) noexcept {
    if (legato) return;  // pitch glides; envelopes carry on
    const double v = settings->velocity_amount;
    velocity_gain_ = 1.0 - v + v * note.velocity;
    velocity_ = note.velocity;
    lfo_.set_phase(0.0);
    amp_.note_on();  // from the current level: a retrigger never clicks
    fenv_.note_on();
  }
  void release() noexcept {
    amp_.note_off();
    fenv_.note_off();
  }
  [[nodiscard]] bool active() const noexcept { return amp_.is_active(); }
  dsp::Adsr<double>& amp() noexcept { return amp_; }
  dsp::Adsr<double>& filter_env() noexcept { return fenv_; }

  template <std::floating_point T>
  void render(const plinth::VoiceNote& note, std::span<T* const> out, int n) noexcept {
    const Settings& s = *settings;
    // Control rate: pitch, LFO and filter move once per call (at most 32 samples).
    lfo_.set_frequency(s.lfo_hz, rate_);
    const double lfo = lfo_.sin();
    for (int i = 0; i < n; ++i) lfo_.advance();
    const double vibrato = note.get(plinth::Expression::vibrato) * 50.0;  // note expression: cents
    const double hz = note.frequency() * std::exp2((lfo * (s.lfo_cents + vibrato)) / 1200.0);
    osc1_.set_shape(s.shape1);
    osc2_.set_shape(s.shape2);
    osc1_.set_pulse_width(s.pulse_width);
    osc2_.set_pulse_width(s.pulse_width);
    osc1_.set_frequency(hz);
    osc2_.set_frequency(hz * s.detune_ratio);
    const double brightness = (note.get(plinth::Expression::brightness) - 0.5) * 4.0;  // +-2 octaves
    const double octaves = s.env_octaves * fenv_.level() + s.key_track * (note.pitch - 60.0) / 12.0 +
                           s.lfo_octaves * lfo + s.velocity_to_filter * (velocity_ - 1.0) * 2.0 + brightness;
    filter_.set_cutoff(std::min(s.cutoff * std::exp2(octaves), 0.45 * rate_));
    filter_.set_q(s.q);

    std::array<double, plinth::Voices<Voice>::chunk> a{}, b{};
    const std::size_t len = static_cast<std::size_t>(std::min<int>(n, static_cast<int>(a.size())));
    osc1_.process(std::span<double>(a.data(), len));
    if (s.mix > 0.0) osc2_.process(std::span<double>(b.data(), len));
    // Note expression volume (0 dB at its default) and expression (1 at its default).
    const double gain = s.level * velocity_gain_ * note.gain() * note.get(plinth::Expression::expression);
    const double pan = std::clamp(note.pan(), -1.0, 1.0);
    const double left = std::cos((pan + 1.0) * std::numbers::pi / 4.0) * std::numbers::sqrt2;
    const double right = std::sin((pan + 1.0) * std::numbers::pi / 4.0) * std::numbers::sqrt2;
    for (std::size_t i = 0; i < len; ++i) {
      const double x = filter_.process(a[i] + s.mix * (b[i] - a[i]));
      const double y = x * amp_.process() * gain;
      (void)fenv_.process();
      out[0][i] += static_cast<T>(y * left);
      if (out.size() > 1) out[1][i] += static_cast<T>(y * right);
    }
  }

private:
  dsp::BlepOsc<double> osc1_, osc2_;
  dsp::StateVariableFilter<double> filter_;
  dsp::Adsr<double> amp_, fenv_;
  dsp::RotatingPhasor lfo_;
  double rate_ = 48000.0, velocity_gain_ = 1.0, velocity_ = 1.0;
};

class Synth : public plinth::Plugin<Synth> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Synth",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "3B6E1A9C4D2F47B08E5A6C7D8E9F0A11",
      .controller_id = "3B6E1A9C4D2F47B08E5A6C7D8E9F0A12",
      .categories = "Instrument|Synth",
  };
  static constexpr int max_voices = 256;

  const plinth::Group osc = declare_group(1, "Oscillators");
  const plinth::Group filter = declare_group(2, "Filter");
  const plinth::Group amp_group = declare_group(3, "Amp");
  const plinth::Group lfo = declare_group(4, "LFO");
  const plinth::Group voice = declare_group(5, "Voice");

  plinth::Param& shape1 =
      declare(plinth::ParamSpec::list(1, "Osc 1 Shape", {"Saw", "Pulse", "Triangle"}, 0).in_group(osc));
  plinth::Param& shape2 =
      declare(plinth::ParamSpec::list(2, "Osc 2 Shape", {"Saw", "Pulse", "Triangle"}, 0).in_group(osc));
  plinth::Param& detune =
      declare(plinth::ParamSpec::linear(3, "Osc 2 Detune", -50.0, 50.0, 7.0).with_unit("ct").in_group(osc));
  plinth::Param& octave = declare(plinth::ParamSpec::integer(4, "Osc 2 Octave", -2, 2, 0).in_group(osc));
  plinth::Param& mix = declare(plinth::ParamSpec::percent(5, "Osc Mix", 0.5).in_group(osc));
  plinth::Param& width = declare(plinth::ParamSpec::percent(6, "Pulse Width", 0.5, 0.05, 0.95).in_group(osc));

  plinth::Param& cutoff = declare(plinth::ParamSpec::frequency(10, "Cutoff", 20.0, 20000.0, 1200.0).in_group(filter));
  plinth::Param& resonance = declare(plinth::ParamSpec::percent(11, "Resonance", 0.2).in_group(filter));
  plinth::Param& env_amount =
      declare(plinth::ParamSpec::linear(12, "Env Amount", -4.0, 6.0, 2.5).with_unit("oct").in_group(filter));
  plinth::Param& key_track = declare(plinth::ParamSpec::percent(13, "Key Track", 0.5).in_group(filter));
  plinth::Param& vel_filter = declare(plinth::ParamSpec::percent(14, "Velocity > Filter", 0.3).in_group(filter));
  plinth::Param& f_attack = declare(plinth::ParamSpec::time(15, "Filter Attack", 0.0, 10000.0, 3.0).in_group(filter));
  plinth::Param& f_decay = declare(plinth::ParamSpec::time(16, "Filter Decay", 0.0, 10000.0, 450.0).in_group(filter));
  plinth::Param& f_sustain = declare(plinth::ParamSpec::percent(17, "Filter Sustain", 0.25).in_group(filter));
  plinth::Param& f_release =
      declare(plinth::ParamSpec::time(18, "Filter Release", 0.0, 10000.0, 350.0).in_group(filter));

  plinth::Param& attack = declare(plinth::ParamSpec::time(20, "Attack", 0.0, 10000.0, 4.0).in_group(amp_group));
  plinth::Param& decay = declare(plinth::ParamSpec::time(21, "Decay", 0.0, 10000.0, 300.0).in_group(amp_group));
  plinth::Param& sustain = declare(plinth::ParamSpec::percent(22, "Sustain", 0.7).in_group(amp_group));
  plinth::Param& release = declare(plinth::ParamSpec::time(23, "Release", 0.0, 10000.0, 300.0).in_group(amp_group));
  plinth::Param& velocity = declare(plinth::ParamSpec::percent(24, "Velocity", 0.7).in_group(amp_group));
  plinth::Param& volume = declare(plinth::ParamSpec::decibel(25, "Volume", -48.0, 6.0, -8.0).in_group(amp_group));

  plinth::Param& lfo_rate = declare(plinth::ParamSpec::frequency(30, "LFO Rate", 0.05, 20.0, 5.0).in_group(lfo));
  plinth::Param& lfo_pitch =
      declare(plinth::ParamSpec::linear(31, "LFO > Pitch", 0.0, 100.0, 0.0).with_unit("ct").in_group(lfo));
  plinth::Param& lfo_filter =
      declare(plinth::ParamSpec::linear(32, "LFO > Cutoff", 0.0, 3.0, 0.0).with_unit("oct").in_group(lfo));

  plinth::Param& mode = declare(plinth::ParamSpec::list(40, "Mode", {"Poly", "Mono", "Legato"}, 0).in_group(voice));
  plinth::Param& glide = declare(plinth::ParamSpec::time(41, "Glide", 0.0, 5000.0, 0.0).in_group(voice));
  plinth::Param& polyphony = declare(plinth::ParamSpec::integer(42, "Voices", 1, max_voices, 16).in_group(voice));
  plinth::Param& bend_range = declare(plinth::ParamSpec::integer(43, "Bend Range", 0, 24, 2).in_group(voice));

  Synth() {
    // Per-note: the standard six; a key's sideways movement bends it, moving along the key
    // opens the filter, pressure swells it.
    note_expressions(plinth::standard_expressions, {.x = plinth::Expression::tuning,
                                                    .y = plinth::Expression::brightness,
                                                    .pressure = plinth::Expression::expression});
    programs({{"Init", {}},
              {"Soft Pad",
               {{"Attack", 600.0},
                {"Release", 1500.0},
                {"Cutoff", 900.0},
                {"Env Amount", 1.0},
                {"Filter Attack", 800.0},
                {"Osc 2 Detune", 12.0},
                {"LFO > Cutoff", 0.3},
                {"LFO Rate", 0.3}}},
              {"Pluck",
               {{"Decay", 400.0},
                {"Sustain", 0.0},
                {"Release", 250.0},
                {"Cutoff", 400.0},
                {"Env Amount", 4.5},
                {"Filter Decay", 220.0},
                {"Filter Sustain", 0.0},
                {"Resonance", 0.35}}},
              {"Mono Bass",
               {{"Mode", 1.0},
                {"Glide", 60.0},
                {"Osc 2 Octave", -1.0},
                {"Osc 2 Shape", 1.0},
                {"Cutoff", 300.0},
                {"Env Amount", 3.0},
                {"Filter Decay", 250.0},
                {"Resonance", 0.4},
                {"Key Track", 0.3}}},
              {"Legato Lead",
               {{"Mode", 2.0},
                {"Glide", 120.0},
                {"Osc 1 Shape", 1.0},
                {"Pulse Width", 0.3},
                {"Cutoff", 2500.0},
                {"LFO > Pitch", 15.0},
                {"Release", 200.0}}}});
  }

  void prepare(const plinth::Setup& setup) {
    voices_.prepare(setup.sample_rate, setup.max_block_size, max_voices);
    voices_.for_each_voice([this](Voice& v) { v.settings = &settings_; });
  }
  void reset() noexcept { voices_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    read_settings();
    voices_.render(block);
  }

  [[nodiscard]] const plinth::Voices<Voice>& voices() const noexcept { return voices_; }

private:
  void read_settings() noexcept {
    auto shape = [](double v) { return static_cast<dsp::BlepShape>(std::clamp(static_cast<int>(v), 0, 2)); };
    Settings& s = settings_;
    s.shape1 = shape(shape1.value());
    s.shape2 = shape(shape2.value());
    s.detune_ratio = std::exp2(octave.value() + detune.value() / 1200.0);
    s.mix = mix.value();
    s.pulse_width = width.value();
    s.cutoff = cutoff.value();
    s.q = 0.5 + 20.0 * resonance.value() * resonance.value();
    s.env_octaves = env_amount.value();
    s.key_track = key_track.value();
    s.velocity_to_filter = vel_filter.value();
    s.lfo_hz = lfo_rate.value();
    s.lfo_cents = lfo_pitch.value();
    s.lfo_octaves = lfo_filter.value();
    s.velocity_amount = velocity.value();
    s.level = std::pow(10.0, volume.value() / 20.0);
    voices_.mode = static_cast<plinth::VoiceMode>(std::clamp(static_cast<int>(mode.value()), 0, 2));
    voices_.glide_seconds = glide.value() / 1000.0;
    voices_.bend_range = bend_range.value();
    voices_.set_polyphony(static_cast<int>(polyphony.value()));
    // Envelope times take effect at each stage's next start (Adsr), so setting them every
    // block is cheap and exact enough; only sounding voices need them.
    const double a = attack.value() / 1000.0, d = decay.value() / 1000.0, su = sustain.value(),
                 r = release.value() / 1000.0;
    const double fa = f_attack.value() / 1000.0, fd = f_decay.value() / 1000.0, fs = f_sustain.value(),
                 fr = f_release.value() / 1000.0;
    voices_.for_each_voice([&](Voice& v) {
      v.amp().set_attack(a);
      v.amp().set_decay(d);
      v.amp().set_sustain(su);
      v.amp().set_release(r);
      v.filter_env().set_attack(fa);
      v.filter_env().set_decay(fd);
      v.filter_env().set_sustain(fs);
      v.filter_env().set_release(fr);
    });
  }

  Settings settings_;
  plinth::Voices<Voice> voices_;
};

}  // namespace synth
