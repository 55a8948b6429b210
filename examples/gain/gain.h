#pragma once
// A stereo (or mono) gain in dB, smoothed, with the bypass every effect gets for free.
// (The class lives in a header only so the ABI-path benchmark can call it directly.)
#include "plinth/core/plugin.h"

class Gain : public plinth::Plugin<Gain> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Gain",
      .vendor = "Plinth",
      .version = "0.1.0",
      .url = "https://example.invalid/plinth",
      .processor_id = "5E1D3C2A9B8F4E7DA6C5B4A392817061",
      .controller_id = "5E1D3C2A9B8F4E7DA6C5B4A392817062",
      .categories = "Fx|Tools",
  };

  plinth::Param& gain = declare(plinth::ParamSpec::decibel(1, "Gain", -60.0, 24.0, 0.0).with_smoothing(20.0));

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const auto g = gain.smoothed_block<T>(block.num_samples);  // decibel params smooth as amplitude
    const auto in = block.main_input();
    const auto out = block.main_output();
    for (int c = 0; c < out.num_channels(); ++c)
      for (int i = 0; i < block.num_samples; ++i) out[c][i] = in[c][i] * g[i];
  }
};
