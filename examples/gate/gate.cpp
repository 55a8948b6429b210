// A noise gate keyed by its input or by an external side-chain (a kick drum opening a bass,
// say): separate open and close thresholds (hysteresis) so a level hovering at the
// threshold does not chatter, a hold before closing, attack, release and range.
#include "plinth/core/plugin.h"
#include "plinth/dsp/gate.h"

class Gate : public plinth::Plugin<Gate> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Gate",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "6A8C0E2F4B6D48F0A2C4E6F8B0D2F451",
      .controller_id = "6A8C0E2F4B6D48F0A2C4E6F8B0D2F452",
      .categories = "Fx|Dynamics",
  };
  static plinth::BusSpecs buses() { return plinth::BusSpecs::effect().with_sidechain(); }

  const plinth::Group levels = declare_group(1, "Levels");
  const plinth::Group timing = declare_group(2, "Timing");

  plinth::Param& open = declare(plinth::ParamSpec::decibel(1, "Open", -80.0, 0.0, -40.0).in_group(levels));
  plinth::Param& close = declare(plinth::ParamSpec::decibel(2, "Close", -90.0, 0.0, -46.0).in_group(levels));
  plinth::Param& range = declare(plinth::ParamSpec::decibel(3, "Range", -80.0, 0.0, -80.0).in_group(levels));
  plinth::Param& attack = declare(plinth::ParamSpec::time(4, "Attack", 0.05, 100.0, 0.5).in_group(timing));
  plinth::Param& hold = declare(plinth::ParamSpec::time(5, "Hold", 0.0, 2000.0, 20.0).in_group(timing));
  plinth::Param& release = declare(plinth::ParamSpec::time(6, "Release", 5.0, 2000.0, 100.0).in_group(timing));
  plinth::Param& key = declare(plinth::ParamSpec::list(7, "Key", {"Input", "Side-chain"}, 0));

  Gate() {
    programs({{"Init", {}},
              {"Drums", {{"Open", -30.0}, {"Close", -36.0}, {"Attack", 0.1}, {"Hold", 10.0}, {"Release", 60.0}}},
              {"Vocal", {{"Open", -50.0}, {"Close", -58.0}, {"Hold", 80.0}, {"Release", 300.0}, {"Range", -20.0}}},
              {"Keyed bass", {{"Open", -35.0}, {"Close", -40.0}, {"Hold", 40.0}, {"Release", 120.0}, {"Key", 1.0}}}});
  }

  // The output is silent when the input is, but the gain goes on closing for the hold and
  // the release (7 time constants: 60 dB); skipping silent blocks sooner would freeze it open.
  int tail_samples() const noexcept override {
    return static_cast<int>(std::ceil((hold.value() + 7.0 * release.value()) / 1000.0 * rate_));
  }

  void prepare(const plinth::Setup& setup) {
    rate_ = setup.sample_rate;
    gate_.prepare(rate_, setup.max_block_size, 1);
  }
  void reset() noexcept { gate_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    gate_.set_threshold(open.value());
    gate_.set_hysteresis(std::max(0.0, open.value() - close.value()));  // close above open: no band
    gate_.set_range(range.value());
    gate_.set_attack(attack.value() / 1000.0);
    gate_.set_hold(hold.value() / 1000.0);
    gate_.set_release(release.value() / 1000.0);
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto keyed = key.value() < 0.5 ? in : block.sidechain();
    for (int i = 0; i < block.num_samples; ++i) {
      double level = 0.0;  // channels linked: the louder key channel opens the gate for all
      for (int c = 0; c < keyed.num_channels(); ++c) level = std::max(level, std::abs(double(keyed[c][i])));
      const double gain = gate_.process(1.0, level, 0);  // unit input: the output is the gain
      for (int c = 0; c < out.num_channels(); ++c) out[c][i] = static_cast<T>(in[c][i] * gain);
    }
  }

private:
  double rate_ = 48000.0;
  plinth::dsp::Gate<double> gate_;
};

static const plinth::Export<Gate> exported;
