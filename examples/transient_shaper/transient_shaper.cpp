// A transient shaper: the attack of each hit and the sustain after it turned up or down in
// dB, whatever the level (plinth/dsp/transient_shaper.h works on ratios of envelopes), with
// the detector's speeds, an output gain and a dry/wet mix. Channels are linked, so a
// stereo image does not wander.
#include <algorithm>
#include <cmath>

#include "plinth/core/plugin.h"
#include "plinth/dsp/transient_shaper.h"

class TransientShaper : public plinth::Plugin<TransientShaper> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Transient Shaper",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "2D7B9E4C1A3F45E8B6C0D2E4F6A8C931",
      .controller_id = "2D7B9E4C1A3F45E8B6C0D2E4F6A8C932",
      .categories = "Fx|Dynamics",
  };
  // The DSP's amounts (-1..1) times its depth: with the depth at its maximum, an amount of
  // x dB / kMaxDb gives exactly x dB on a full transient or a full tail.
  static constexpr double kMaxDb = 24.0;

  const plinth::Group shape = declare_group(1, "Shape");
  const plinth::Group output_group = declare_group(2, "Output");

  plinth::Param& attack = declare(plinth::ParamSpec::decibel(1, "Attack", -kMaxDb, kMaxDb, 0.0).in_group(shape));
  plinth::Param& sustain = declare(plinth::ParamSpec::decibel(2, "Sustain", -kMaxDb, kMaxDb, 0.0).in_group(shape));
  plinth::Param& attack_time = declare(plinth::ParamSpec::time(3, "Attack Time", 1.0, 200.0, 20.0).in_group(shape));
  plinth::Param& sustain_time =
      declare(plinth::ParamSpec::time(4, "Sustain Time", 20.0, 2000.0, 300.0).in_group(shape));
  plinth::Param& output =
      declare(plinth::ParamSpec::decibel(5, "Output", -24.0, 24.0, 0.0).with_smoothing(20.0).in_group(output_group));
  plinth::Param& mix = declare(plinth::ParamSpec::percent(6, "Mix", 1.0).with_smoothing(20.0).in_group(output_group));

  TransientShaper() {
    programs({{"Init", {}},
              {"Punchy Drums", {{"Attack", 8.0}, {"Sustain", -3.0}, {"Attack Time", 15.0}}},
              {"Tight Room", {{"Attack", 3.0}, {"Sustain", -12.0}, {"Sustain Time", 150.0}}},
              {"Soft Pick", {{"Attack", -6.0}, {"Sustain", 2.0}, {"Attack Time", 40.0}}},
              {"Long Sustain", {{"Sustain", 9.0}, {"Sustain Time", 800.0}, {"Output", -3.0}, {"Mix", 0.7}}}});
  }

  void prepare(const plinth::Setup& setup) {
    shaper_.prepare(setup.sample_rate, setup.max_block_size, 1);  // one detector: linked
    shaper_.set_depth(kMaxDb);
  }
  void reset() noexcept { shaper_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    shaper_.set_attack(attack.value() / kMaxDb);
    shaper_.set_sustain(sustain.value() / kMaxDb);
    shaper_.set_attack_time(attack_time.value() / 1000.0);
    shaper_.set_sustain_time(sustain_time.value() / 1000.0);
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto gain = output.smoothed_block<double>(block.num_samples);
    const auto wet = mix.smoothed_block<double>(block.num_samples);
    for (int i = 0; i < block.num_samples; ++i) {
      double level = 0.0;  // the louder channel drives one gain for all
      for (int c = 0; c < in.num_channels(); ++c) level = std::max(level, std::abs(double(in[c][i])));
      const double g = shaper_.gain_for(level, 0);
      // No latency: the dry path needs no delay to line up.
      const double weight = gain[i] * (1.0 - wet[i] + wet[i] * g);
      for (int c = 0; c < out.num_channels(); ++c) out[c][i] = static_cast<T>(in[c][i] * weight);
    }
  }

private:
  plinth::dsp::TransientShaper<double> shaper_;
};

static const plinth::Export<TransientShaper> exported;
