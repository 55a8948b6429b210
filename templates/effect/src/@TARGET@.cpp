// @NAME@: a gain and a tone control (a one-pole low-pass), both smoothed so that moving
// them never clicks. Written by `plinth new`; make it yours.
#include <concepts>

#include "plinth/core/plugin.h"
#include "plinth/dsp/one_pole.h"

class @NAME@ : public plinth::Plugin<@NAME@> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "@NAME@",
      .vendor = "Your Name",
      .version = "0.1.0",
      // Fresh random ids: a host knows the plugin by them, so keep them once released.
      .processor_id = "@PROCESSOR_ID@",
      .controller_id = "@CONTROLLER_ID@",
      .categories = "Fx",
  };
  static constexpr int max_channels = 8;
  static constexpr int control_rate = 16;  // the tone's cutoff is recomputed every 16 samples

  plinth::Param& gain = declare(plinth::ParamSpec::decibel(1, "Gain", -60.0, 24.0, 0.0).with_smoothing(20.0));
  plinth::Param& tone =
      declare(plinth::ParamSpec::frequency(2, "Tone", 200.0, 20000.0, 20000.0).with_smoothing(20.0));

  // Main thread, before processing starts: size everything here, never in process().
  void prepare(const plinth::Setup& setup) { tone_.prepare(setup.sample_rate, setup.max_block_size, max_channels); }
  void reset() noexcept { tone_.reset(); }

  // Audio thread, for 32- and 64-bit processing alike; no allocation, locks or waits.
  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const auto g = gain.smoothed_block<T>(block.num_samples);  // decibels smooth as amplitude
    const auto hz = tone.smoothed_block<double>(block.num_samples);
    const auto in = block.main_input();
    const auto out = block.main_output();
    for (int i = 0; i < block.num_samples; ++i) {
      if (i % control_rate == 0) tone_.set_cutoff(hz[i]);
      for (int c = 0; c < out.num_channels(); ++c) out[c][i] = static_cast<T>(tone_.process(in[c][i], c) * g[i]);
    }
  }

private:
  plinth::dsp::OnePole<double> tone_;
};

static const plinth::Export<@NAME@> exported;
