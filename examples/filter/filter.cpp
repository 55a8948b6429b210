// A resonant filter with a tempo-synced LFO on the cutoff: a state-variable filter
// (low-, high- or band-pass, 12 dB/oct) or a Moog-style ladder (low-pass, 24 dB/oct).
// The LFO is locked to the host's song position while it plays, so the sweep lands on
// the beat every time; stopped, it runs free at the host's tempo.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "plinth/core/plugin.h"
#include "plinth/dsp/ladder.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/svf.h"

class Filter : public plinth::Plugin<Filter> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Filter",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "8A2D6C4E1F3B47A59C8D7E6F5A4B3C41",
      .controller_id = "8A2D6C4E1F3B47A59C8D7E6F5A4B3C42",
      .categories = "Fx|Filter",
  };
  static constexpr int control_rate = 16;  // the cutoff is recomputed every 16 samples

  const plinth::Group filter = declare_group(1, "Filter");
  const plinth::Group lfo = declare_group(2, "LFO");

  plinth::Param& type = declare(plinth::ParamSpec::list(1, "Type", {"SVF", "Ladder"}, 0).in_group(filter));
  // The mode applies to the SVF; the ladder is a low-pass, as the Moog's is.
  plinth::Param& mode =
      declare(plinth::ParamSpec::list(2, "Mode", {"Low-pass", "High-pass", "Band-pass"}, 0).in_group(filter));
  plinth::Param& cutoff =
      declare(plinth::ParamSpec::frequency(3, "Cutoff", 20.0, 20000.0, 1000.0).with_smoothing(20.0).in_group(filter));
  plinth::Param& resonance = declare(plinth::ParamSpec::percent(4, "Resonance", 0.3).in_group(filter));
  plinth::Param& rate = declare(plinth::ParamSpec::division(5, "Rate", "1/4").in_group(lfo));
  plinth::Param& depth =
      declare(plinth::ParamSpec::linear(6, "Depth", 0.0, 4.0, 0.0).with_precision(2).with_unit("oct").in_group(lfo));
  plinth::Param& shape =
      declare(plinth::ParamSpec::list(7, "Shape", {"Sine", "Triangle", "Saw", "Square"}, 0).in_group(lfo));

  // Division values are list indices into 1/32T .. 1/1. by length: 4 = 1/16, 7 = 1/8, 10 = 1/4, 13 = 1/2.
  Filter() {
    programs({{"Init", {}},
              {"Quarter Wobble", {{"Cutoff", 800.0}, {"Resonance", 0.6}, {"Depth", 2.0}, {"Type", 1.0}}},
              {"Sixteenth Pulse", {{"Cutoff", 1500.0}, {"Rate", 4.0}, {"Depth", 1.5}, {"Shape", 3.0}}},
              {"Slow Sweep", {{"Cutoff", 600.0}, {"Resonance", 0.7}, {"Rate", 13.0}, {"Depth", 3.0}, {"Type", 1.0}}},
              {"Band Sweep", {{"Mode", 2.0}, {"Resonance", 0.5}, {"Rate", 7.0}, {"Depth", 2.0}, {"Shape", 1.0}}}});
  }

  void prepare(const plinth::Setup& setup) {
    rate_ = setup.sample_rate;
    svf_.prepare(rate_, setup.max_block_size, 2);
    ladder_.prepare(rate_, setup.max_block_size, 2);
    lfo_.prepare(rate_);
  }
  void reset() noexcept {
    svf_.reset();
    ladder_.reset();
    lfo_.reset();
  }
  // The slowest ring, quality q at the lowest swept cutoff, falls 100 dB in 13 x 2q / (2 pi f)
  // (capped at 10 s: a ladder at full resonance sings on).
  [[nodiscard]] int tail_samples() const noexcept override {
    const double q = 0.7071 * std::pow(28.0, resonance.value());
    const double lowest = std::max(20.0, cutoff.value() * std::exp2(-depth.value()));
    return static_cast<int>(std::min(13.0 * q / (std::numbers::pi * lowest), 10.0) * rate_);
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    using plinth::dsp::LfoShape;
    static constexpr LfoShape shapes[] = {LfoShape::sine, LfoShape::triangle, LfoShape::saw_up, LfoShape::square};
    lfo_.set_shape(shapes[std::clamp(static_cast<int>(shape.value() + 0.5), 0, 3)]);
    const plinth::Transport* t = block.transport;
    const double tempo = t != nullptr && t->has_tempo ? t->tempo_bpm : 120.0;
    const double beats = rate.beats();
    lfo_.set_frequency(tempo / 60.0 / beats);
    if (t != nullptr && t->playing && t->has_musical_position)  // locked to the song position
      lfo_.sync_to_ppq(t->position_quarter_notes + double(block.first_sample) / rate_ * tempo / 60.0, beats);

    const double r = resonance.value(), octaves = depth.value();
    const bool ladder = type.value() >= 0.5;
    svf_.set_q(0.7071 * std::pow(28.0, r));  // 0.707 (flat) .. 20
    svf_.set_mode(std::array{plinth::dsp::SvfMode::LowPass, plinth::dsp::SvfMode::HighPass,
                             plinth::dsp::SvfMode::BandPass}[std::clamp(static_cast<int>(mode.value() + 0.5), 0, 2)]);
    ladder_.set_resonance(r);
    const auto base = cutoff.smoothed_block<double>(block.num_samples);
    const auto in = block.main_input();
    const auto out = block.main_output();
    for (int i = 0; i < block.num_samples; ++i) {
      const double wobble = lfo_.process();
      if (i % control_rate == 0) {
        const double hz = base[i] * std::exp2(octaves * wobble);
        ladder ? ladder_.set_cutoff(hz) : svf_.set_cutoff(hz);
      }
      for (int c = 0; c < out.num_channels(); ++c) {
        const double x = in[c][i];
        out[c][i] = static_cast<T>(ladder ? ladder_.process(x, c) : svf_.process(x, c));
      }
    }
  }

private:
  plinth::dsp::StateVariableFilter<double> svf_;
  plinth::dsp::LadderFilter<double> ladder_;
  plinth::dsp::Lfo<double> lfo_;
  double rate_ = 48000.0;
};

static const plinth::Export<Filter> exported;
