// A stereo flanger: a short delay swept by a sine LFO, fed back into itself (negative
// feedback hollows the sound, positive makes it ring), mixed with the dry signal.
#include <algorithm>
#include <cmath>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/flanger.h"

class Flanger : public plinth::Plugin<Flanger> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Flanger",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "A4C8E6F13B5D49C7BE0F9A8B7C6D5E61",
      .controller_id = "A4C8E6F13B5D49C7BE0F9A8B7C6D5E62",
      .categories = "Fx|Modulation",
  };

  plinth::Param& rate =
      declare(plinth::ParamSpec::logarithmic(1, "Rate", 0.02, 5.0, 0.2).with_precision(2).with_unit("Hz"));
  plinth::Param& delay = declare(plinth::ParamSpec::time(2, "Delay", 0.1, 5.0, 1.0));
  plinth::Param& depth = declare(plinth::ParamSpec::time(3, "Depth", 0.0, 8.0, 2.5));
  plinth::Param& feedback = declare(plinth::ParamSpec::percent(4, "Feedback", 0.5, -0.95, 0.95));
  // LFO phase between left and right: 100 % is half a turn (applied by restarting the LFOs).
  plinth::Param& spread = declare(plinth::ParamSpec::percent(5, "Spread", 0.5).not_automatable());
  plinth::Param& mix = declare(plinth::ParamSpec::percent(6, "Mix", 0.5).with_smoothing(20.0));

  Flanger() {
    programs(
        {{"Classic Sweep", {}},
         {"Jet", {{"Rate", 0.08}, {"Delay", 0.5}, {"Depth", 5.0}, {"Feedback", 0.85}}},
         {"Hollow", {{"Rate", 0.3}, {"Feedback", -0.7}, {"Depth", 3.0}}},
         {"Through Zero-ish", {{"Rate", 0.15}, {"Delay", 0.1}, {"Depth", 2.0}, {"Feedback", 0.3}, {"Spread", 0.0}}}});
  }

  void prepare(const plinth::Setup& setup) {
    flanger_.set_stereo_phase(0.5 * spread.value());
    apply();  // before prepare: its reset starts the smoothed settings on them
    flanger_.prepare(setup.sample_rate, setup.max_block_size, 2);
    flanger_.set_mix(1.0);  // wet only: the plugin mixes, with a smoothed mix
    work_.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    spread_ = spread.value();
  }
  void reset() noexcept { flanger_.reset(); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    apply();
    if (spread.value() != spread_) {  // the DSP applies the phase offset at reset
      spread_ = spread.value();
      flanger_.set_stereo_phase(0.5 * spread_);
      flanger_.reset();
    }
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto wet = mix.smoothed_block<double>(block.num_samples);
    const std::span<double> x(work_.data(), static_cast<std::size_t>(block.num_samples));
    for (int c = 0; c < out.num_channels(); ++c) {
      std::copy(in[c].begin(), in[c].end(), x.begin());
      flanger_.process(x, c);
      for (int i = 0; i < block.num_samples; ++i) out[c][i] = static_cast<T>(in[c][i] + wet[i] * (x[i] - in[c][i]));
    }
  }
  // The feedback comb rings: |feedback|^k falls below -100 dB after k = ln 1e-5 / ln |fb|
  // trips round a loop at most delay + depth long.
  [[nodiscard]] int tail_samples() const noexcept override {
    const double fb = std::min(std::abs(feedback.value()), 0.95);
    const double trips = fb > 1e-3 ? std::log(1e-5) / std::log(fb) : 1.0;
    return static_cast<int>(std::ceil((trips + 1.0) * (delay.value() + depth.value()) / 1000.0 * setup().sample_rate));
  }

private:
  void apply() noexcept {
    flanger_.set_rate_hz(rate.value());
    flanger_.set_delay_ms(delay.value());
    flanger_.set_depth_ms(depth.value());
    flanger_.set_feedback(feedback.value());
  }

  plinth::dsp::Flanger<double> flanger_;
  std::vector<double> work_;
  double spread_ = 0.5;
};

static const plinth::Export<Flanger> exported;
