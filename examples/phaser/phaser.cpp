// A stereo phaser: a chain of all-pass stages whose break frequency a sine LFO sweeps
// between Low and High, with feedback, mixed with the dry signal (the notches come from
// the mix: at 50 % they are deepest).
#include <algorithm>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/phaser.h"

class Phaser : public plinth::Plugin<Phaser> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Phaser",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "B5D9F7A24C6E4AD8CF1A0B9C8D7E6F71",
      .controller_id = "B5D9F7A24C6E4AD8CF1A0B9C8D7E6F72",
      .categories = "Fx|Modulation",
  };

  const plinth::Group sweep = declare_group(1, "Sweep");

  plinth::Param& rate = declare(
      plinth::ParamSpec::logarithmic(1, "Rate", 0.02, 5.0, 0.3).with_precision(2).with_unit("Hz").in_group(sweep));
  plinth::Param& low = declare(plinth::ParamSpec::frequency(2, "Low", 20.0, 2000.0, 200.0).in_group(sweep));
  plinth::Param& high = declare(plinth::ParamSpec::frequency(3, "High", 500.0, 16000.0, 3000.0).in_group(sweep));
  plinth::Param& stages = declare(plinth::ParamSpec::list(4, "Stages", {"2", "4", "6", "8", "10", "12"}, 1));
  plinth::Param& feedback = declare(plinth::ParamSpec::percent(5, "Feedback", 0.3, -0.95, 0.95));
  // LFO phase between left and right: 100 % is half a turn (applied by restarting the LFOs).
  plinth::Param& spread = declare(plinth::ParamSpec::percent(6, "Spread", 0.5).not_automatable());
  plinth::Param& mix = declare(plinth::ParamSpec::percent(7, "Mix", 0.5).with_smoothing(20.0));

  Phaser() {
    programs({{"Four Stage", {}},
              {"Slow Twelve", {{"Rate", 0.1}, {"Stages", 5.0}, {"Feedback", 0.6}, {"Low", 100.0}, {"High", 6000.0}}},
              {"Fast Wobble", {{"Rate", 3.0}, {"Stages", 0.0}, {"Feedback", 0.0}, {"Low", 400.0}, {"High", 2000.0}}},
              {"Wide", {{"Rate", 0.2}, {"Stages", 2.0}, {"Spread", 1.0}}}});
  }

  void prepare(const plinth::Setup& setup) {
    phaser_.set_stereo_phase(0.5 * spread.value());
    apply();  // before prepare: its reset starts the smoothed settings on them
    phaser_.prepare(setup.sample_rate, setup.max_block_size, 2);
    phaser_.set_mix(1.0);  // wet only: the plugin mixes, with a smoothed mix
    for (auto& w : work_) w.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    spread_ = spread.value();
  }
  void reset() noexcept { phaser_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    apply();
    if (spread.value() != spread_) {  // the DSP applies the phase offset at reset
      spread_ = spread.value();
      phaser_.set_stereo_phase(0.5 * spread_);
      phaser_.reset();
    }
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto n = static_cast<std::size_t>(block.num_samples);
    const std::span<double> l(work_[0].data(), n), r(work_[1].data(), n);
    std::copy(in[0].begin(), in[0].end(), l.begin());
    if (out.num_channels() == 2) {
      std::copy(in[1].begin(), in[1].end(), r.begin());
      phaser_.process(l, r);  // both channels in one loop
    } else {
      phaser_.process(l, 0);
    }
    const auto wet = mix.smoothed_block<double>(block.num_samples);
    for (int c = 0; c < out.num_channels(); ++c) {
      const std::span<double> x = c == 0 ? l : r;
      for (int i = 0; i < block.num_samples; ++i) out[c][i] = static_cast<T>(in[c][i] + wet[i] * (x[i] - in[c][i]));
    }
  }
  // Feedback around the all-passes rings briefly; half a second covers 95 %.
  [[nodiscard]] int tail_samples() const noexcept override { return static_cast<int>(0.5 * setup().sample_rate); }

private:
  void apply() noexcept {
    phaser_.set_rate_hz(rate.value());
    phaser_.set_min_frequency(low.value());
    phaser_.set_max_frequency(high.value());
    phaser_.set_stages(2 + 2 * static_cast<int>(stages.value() + 0.5));
    phaser_.set_feedback(feedback.value());
  }

  plinth::dsp::Phaser<double> phaser_;
  std::vector<double> work_[2];
  double spread_ = 0.5;
};

static const plinth::Export<Phaser> exported;
