// A room/hall reverb: the DSP library's 8-line feedback delay network, with a pre-delay in
// front, damping as a shorter decay for the highs, and width and mix on the way out. The
// tail the host is told follows the decay setting.
#include <algorithm>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/fdn_reverb.h"

class Reverb : public plinth::Plugin<Reverb> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Reverb",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "9E2B4C6D8F0A41B3A5C7E9F1B3D5F741",
      .controller_id = "9E2B4C6D8F0A41B3A5C7E9F1B3D5F742",
      .categories = "Fx|Reverb",
  };

  const plinth::Group room = declare_group(1, "Room");
  const plinth::Group output = declare_group(2, "Output");

  plinth::Param& size = declare(plinth::ParamSpec::percent(1, "Size", 1.0, 0.25, 2.0).in_group(room));
  plinth::Param& decay = declare(plinth::ParamSpec::time(2, "Decay", 100.0, 20000.0, 1800.0).in_group(room));
  plinth::Param& damping = declare(plinth::ParamSpec::percent(3, "Damping", 0.4).in_group(room));
  plinth::Param& predelay = declare(plinth::ParamSpec::time(4, "Pre-delay", 0.0, kMaxPredelayMs, 10.0).in_group(room));
  plinth::Param& width = declare(plinth::ParamSpec::percent(5, "Width", 1.0).with_smoothing(20.0).in_group(output));
  plinth::Param& mix = declare(plinth::ParamSpec::percent(6, "Mix", 0.25).with_smoothing(20.0).in_group(output));

  Reverb() {
    programs({{"Init", {}},
              {"Small room", {{"Size", 0.5}, {"Decay", 600.0}, {"Damping", 0.6}, {"Pre-delay", 2.0}}},
              {"Hall", {{"Size", 1.6}, {"Decay", 3500.0}, {"Damping", 0.3}, {"Pre-delay", 30.0}, {"Mix", 0.3}}},
              {"Plate", {{"Size", 0.8}, {"Decay", 2200.0}, {"Damping", 0.1}, {"Pre-delay", 0.0}}},
              {"Ambience", {{"Size", 0.35}, {"Decay", 300.0}, {"Width", 0.7}, {"Mix", 0.4}}}});
  }

  // Pre-delay plus the time for the tail to fall 120 dB (twice the RT60): inaudible after.
  int tail_samples() const noexcept override {
    return static_cast<int>(std::ceil((predelay.value() + 2.0 * decay.value()) / 1000.0 * rate_));
  }

  void prepare(const plinth::Setup& setup) {
    rate_ = setup.sample_rate;
    fdn_.prepare(rate_, setup.max_block_size, 2);
    fdn_.set_wet(1.0);  // the mix is done here, so dry and wet can be weighed per sample
    fdn_.set_dry(0.0);
    fdn_.set_crossover(3000.0);
    line_.assign(static_cast<std::size_t>(std::ceil(kMaxPredelayMs / 1000.0 * rate_)) + 1, 0.0);
    left_.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    right_.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    size_ = decay_ = damping_ = -1.0;
  }
  void reset() noexcept {
    fdn_.reset();
    std::fill(line_.begin(), line_.end(), 0.0);
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    configure();
    const int n = block.num_samples;
    const auto in = block.main_input();
    const auto out = block.main_output();
    const bool stereo = in.num_channels() > 1 && out.num_channels() > 1;
    const auto delay = static_cast<std::size_t>(std::lround(predelay.value() / 1000.0 * rate_));
    const std::size_t length = line_.size();
    for (int i = 0; i < n; ++i) {  // the network sums its input to mono anyway
      const double x = stereo ? 0.5 * (double(in[0][i]) + double(in[1][i])) : double(in[0][i]);
      line_[pos_] = x;
      const double delayed = line_[(pos_ + length - std::min(delay, length - 1)) % length];
      left_[static_cast<std::size_t>(i)] = right_[static_cast<std::size_t>(i)] = delayed;
      pos_ = (pos_ + 1) % length;
    }
    fdn_.process(std::span(left_.data(), static_cast<std::size_t>(n)),
                 std::span(right_.data(), static_cast<std::size_t>(n)));
    const auto w = width.smoothed_block<T>(n);
    const auto m = mix.smoothed_block<T>(n);
    for (int i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      const double mid = 0.5 * (left_[k] + right_[k]);
      const double side = 0.5 * (left_[k] - right_[k]) * double(w[k]);
      const double wet_mix = double(m[k]);
      if (stereo) {
        out[0][i] = static_cast<T>((1.0 - wet_mix) * double(in[0][i]) + wet_mix * (mid + side));
        out[1][i] = static_cast<T>((1.0 - wet_mix) * double(in[1][i]) + wet_mix * (mid - side));
      } else {
        for (int c = 0; c < out.num_channels(); ++c)
          out[c][i] = static_cast<T>((1.0 - wet_mix) * double(in[c][i]) + wet_mix * mid);
      }
    }
  }

private:
  static constexpr double kMaxPredelayMs = 250.0;

  // The network's filters and lengths are recomputed only when their parameters move.
  void configure() noexcept {
    if (size.value() != size_) fdn_.set_size(size_ = size.value());
    if (decay.value() != decay_ || damping.value() != damping_) {
      decay_ = decay.value();
      damping_ = damping.value();
      fdn_.set_decay_low(decay_ / 1000.0);
      fdn_.set_decay_high(decay_ / 1000.0 * (1.0 - 0.85 * damping_));  // damping: highs die sooner
    }
  }

  double rate_ = 48000.0;
  double size_ = -1.0, decay_ = -1.0, damping_ = -1.0;
  plinth::dsp::FdnReverb<double> fdn_;
  std::vector<double> line_;  // pre-delay, mono
  std::size_t pos_ = 0;
  std::vector<double> left_, right_;
};

static const plinth::Export<Reverb> exported;
