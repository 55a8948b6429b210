// A surround trim: level per speaker group and a left/right balance, for 5.1 and 7.1 buses
// (stereo and mono too). Shows a plugin that negotiates wider layouts: the channel order is
// the host's speaker order, L R C LFE Ls Rs [Sl Sr].
#include <array>

#include "plinth/core/plugin.h"
#include "plinth/dsp/decibel.h"

class SurroundTrim : public plinth::Plugin<SurroundTrim> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Surround Trim",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "3B9E6F1A0C2D4E5F8A7B6C5D4E3F2A11",
      .controller_id = "3B9E6F1A0C2D4E5F8A7B6C5D4E3F2A12",
      .categories = "Fx|Surround",
  };
  static plinth::BusSpecs buses() {
    using L = plinth::ChannelLayout;
    return plinth::BusSpecs::effect({L::surround_5_1, L::surround_7_1, L::stereo, L::mono});
  }

  const plinth::Group trims = declare_group(1, "Trims");

  plinth::Param& master = declare(plinth::ParamSpec::decibel(1, "Master", -60.0, 12.0, 0.0).with_smoothing(20.0));
  plinth::Param& front = declare(trim_spec(2, "Front"));
  plinth::Param& centre = declare(trim_spec(3, "Centre"));
  plinth::Param& lfe = declare(trim_spec(4, "LFE"));
  plinth::Param& surround = declare(trim_spec(5, "Surround"));
  plinth::Param& balance = declare(plinth::ParamSpec::pan(6, "Balance").with_smoothing(20.0));

  SurroundTrim() {
    programs({{"Init", {}},
              {"Dialogue lift", {{"Centre", 3.0}, {"Front", -1.0}, {"Surround", -2.0}}},
              {"Fold back the rears", {{"Surround", -12.0}}},
              {"No LFE", {{"LFE", -60.0}}}});
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const int n = block.num_samples;
    const auto in = block.main_input();
    const auto out = block.main_output();
    // Each group's gain for the block (master folded in), then one multiply per sample.
    const auto m = master.smoothed_block<T>(n);
    const auto fr = front.smoothed_block<T>(n);
    const auto ce = centre.smoothed_block<T>(n);
    const auto lf = lfe.smoothed_block<T>(n);
    const auto su = surround.smoothed_block<T>(n);
    const auto bal = balance.smoothed_block<T>(n);
    for (int c = 0; c < out.num_channels(); ++c) {
      const Role role = role_of(c, out.num_channels());
      const auto trim = role.group == 0 ? fr : role.group == 1 ? ce : role.group == 2 ? lf : su;
      for (int i = 0; i < n; ++i) {
        // Balance turns the far side down and leaves the near side alone.
        const T b = role.side == 0 ? T(1) : T(1) - std::max(T(0), T(-role.side) * bal[i]);
        out[c][i] = in[c][i] * m[i] * trim[i] * b;
      }
    }
  }

private:
  static plinth::ParamSpec trim_spec(plinth::ParamId id, std::string name) {
    return plinth::ParamSpec::decibel(id, std::move(name), -60.0, 12.0, 0.0).with_smoothing(20.0).in_group(1);
  }

  struct Role {
    int group;  // 0 front, 1 centre, 2 LFE, 3 surround
    int side;   // -1 left, 0 middle, +1 right
  };
  static Role role_of(int channel, int channels) noexcept {
    if (channels == 1) return {1, 0};  // mono: the centre speaker
    static constexpr std::array<Role, 8> order{{{0, -1}, {0, 1}, {1, 0}, {2, 0}, {3, -1}, {3, 1}, {3, -1}, {3, 1}}};
    return channel < 8 ? order[static_cast<std::size_t>(channel)] : Role{3, 0};
  }
};

static const plinth::Export<SurroundTrim> exported;
