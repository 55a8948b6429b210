// A side-chain ducker: the main signal is turned down while the key (the side-chain
// input, or the main input itself) is loud. Shows a side-chain bus and a DSP-layer
// processor inside a plugin.
#include "plinth/core/plugin.h"
#include "plinth/dsp/compressor.h"

class Ducker : public plinth::Plugin<Ducker> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Ducker",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "7C0A5B3E2D1F48E69A0B1C2D3E4F5061",
      .controller_id = "7C0A5B3E2D1F48E69A0B1C2D3E4F5062",
      .categories = "Fx|Dynamics",
  };
  static plinth::BusSpecs buses() { return plinth::BusSpecs::effect().with_sidechain(); }

  // Parameter groups (VST 3 units): declared before the parameters that name them.
  const plinth::Group detector = declare_group(1, "Detector");
  const plinth::Group timing = declare_group(2, "Timing", detector);

  plinth::Param& threshold = declare(plinth::ParamSpec::decibel(1, "Threshold", -60.0, 0.0, -30.0).in_group(detector));
  plinth::Param& ratio =
      declare(plinth::ParamSpec::linear(2, "Ratio", 1.0, 20.0, 8.0).with_precision(1).in_group(detector));
  plinth::Param& attack = declare(plinth::ParamSpec::time(3, "Attack", 0.1, 100.0, 2.0).in_group(timing));
  plinth::Param& release = declare(plinth::ParamSpec::time(4, "Release", 10.0, 2000.0, 250.0).in_group(timing));
  plinth::Param& key = declare(plinth::ParamSpec::list(5, "Key", {"Side-chain", "Input"}, 0));
  // An output parameter: the gain reduction of the last block, set on the audio thread;
  // the host sees it in its output parameter changes (a meter in its generic editor).
  plinth::Param& reduction = declare(plinth::ParamSpec::decibel(6, "Reduction", -60.0, 0.0, 0.0).read_only());

  // Factory programs: plain values by parameter name; the rest go to their defaults.
  Ducker() {
    programs({{"Init", {}},
              {"Gentle", {{"Threshold", -20.0}, {"Ratio", 2.0}, {"Attack", 10.0}, {"Release", 600.0}}},
              {"Pumping", {{"Threshold", -40.0}, {"Ratio", 20.0}, {"Attack", 0.5}, {"Release", 80.0}, {"Key", 1.0}}}});
  }

  void prepare(const plinth::Setup& setup) { detector_.prepare(setup.sample_rate, setup.max_block_size, 1); }
  void reset() noexcept { detector_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    detector_.set_threshold(threshold.value());
    detector_.set_ratio(ratio.value());
    detector_.set_attack(attack.value() / 1000.0);
    detector_.set_release(release.value() / 1000.0);
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto keyed = key.value() < 0.5 ? block.sidechain() : in;
    double lowest_gain = 1.0;
    for (int i = 0; i < block.num_samples; ++i) {
      double level = 0.0;  // channels linked: the louder key channel drives one gain
      for (int c = 0; c < keyed.num_channels(); ++c) level = std::max(level, std::abs(double(keyed[c][i])));
      const double gain = detector_.process(1.0, level, 0);  // unit input: the output is the gain
      lowest_gain = std::min(lowest_gain, gain);
      for (int c = 0; c < out.num_channels(); ++c) out[c][i] = static_cast<T>(in[c][i] * gain);
    }
    reduction.set_value(20.0 * std::log10(std::max(lowest_gain, 1e-3)));
  }

private:
  plinth::dsp::Compressor<double> detector_;
};

static const plinth::Export<Ducker> exported;
