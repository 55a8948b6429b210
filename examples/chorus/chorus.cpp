// A stereo chorus: each channel reads a delay line swept by a sine LFO, the channels'
// LFOs apart by the spread, mixed with the dry signal.
#include <algorithm>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/chorus.h"

class Chorus : public plinth::Plugin<Chorus> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Chorus",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "9B3E7D5F2A4C48B6AD9E8F7A6B5C4D51",
      .controller_id = "9B3E7D5F2A4C48B6AD9E8F7A6B5C4D52",
      .categories = "Fx|Modulation",
  };

  plinth::Param& rate =
      declare(plinth::ParamSpec::logarithmic(1, "Rate", 0.05, 5.0, 0.8).with_precision(2).with_unit("Hz"));
  plinth::Param& depth = declare(plinth::ParamSpec::time(2, "Depth", 0.0, 10.0, 3.0));
  plinth::Param& delay = declare(plinth::ParamSpec::time(3, "Delay", 5.0, 30.0, 15.0));
  // LFO phase between left and right: 100 % is half a turn. Applying it restarts the
  // LFOs, so it is a setting, not something to automate.
  plinth::Param& spread = declare(plinth::ParamSpec::percent(4, "Spread", 0.5).not_automatable());
  plinth::Param& mix = declare(plinth::ParamSpec::percent(5, "Mix", 0.5).with_smoothing(20.0));

  Chorus() {
    programs({{"Classic", {}},
              {"Subtle Widen", {{"Rate", 0.3}, {"Depth", 1.5}, {"Delay", 10.0}, {"Spread", 1.0}, {"Mix", 0.35}}},
              {"Deep", {{"Rate", 0.5}, {"Depth", 7.0}, {"Delay", 20.0}, {"Mix", 0.5}}},
              {"Vibrato", {{"Rate", 5.0}, {"Depth", 2.0}, {"Delay", 5.0}, {"Spread", 0.0}, {"Mix", 1.0}}}});
  }

  void prepare(const plinth::Setup& setup) {
    chorus_.set_stereo_phase(0.5 * spread.value());
    apply();  // before prepare: its reset starts the smoothed settings on them
    chorus_.prepare(setup.sample_rate, setup.max_block_size, 2);
    chorus_.set_mix(1.0);  // wet only: the plugin mixes, with a smoothed mix
    work_.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    spread_ = spread.value();
  }
  void reset() noexcept { chorus_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    apply();
    if (spread.value() != spread_) {  // the DSP applies the phase offset at reset
      spread_ = spread.value();
      chorus_.set_stereo_phase(0.5 * spread_);
      chorus_.reset();
    }
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto wet = mix.smoothed_block<double>(block.num_samples);
    const std::span<double> x(work_.data(), static_cast<std::size_t>(block.num_samples));
    for (int c = 0; c < out.num_channels(); ++c) {
      std::copy(in[c].begin(), in[c].end(), x.begin());
      chorus_.process(x, c);
      for (int i = 0; i < block.num_samples; ++i) out[c][i] = static_cast<T>(in[c][i] + wet[i] * (x[i] - in[c][i]));
    }
  }

private:
  void apply() noexcept {
    chorus_.set_rate_hz(rate.value());
    chorus_.set_depth_ms(depth.value());
    chorus_.set_centre_delay_ms(delay.value());
  }

  plinth::dsp::Chorus<double> chorus_;
  std::vector<double> work_;
  double spread_ = 0.5;
};

static const plinth::Export<Chorus> exported;
