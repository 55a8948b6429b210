// A distortion: a choice of waveshaping curves run at 1x-8x oversampling (the host is told
// the filters' latency, and the dry path of the mix is delayed by the same amount), then a
// tone control. Shows a latency that follows a list parameter.
#include <array>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/dc_blocker.h"
#include "plinth/dsp/one_pole.h"
#include "plinth/dsp/oversampler.h"
#include "plinth/dsp/waveshaper.h"

class Distortion : public plinth::Plugin<Distortion> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Distortion",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "D15C0A7B2E4F4C6D8E9FA0B1C2D3E431",
      .controller_id = "D15C0A7B2E4F4C6D8E9FA0B1C2D3E432",
      .categories = "Fx|Distortion",
  };

  plinth::Param& shape =
      declare(plinth::ParamSpec::list(1, "Shape", {"Tanh", "Soft clip", "Hard clip", "Foldback", "Tube"}, 0));
  plinth::Param& drive = declare(plinth::ParamSpec::decibel(2, "Drive", 0.0, 36.0, 12.0));
  plinth::Param& tone = declare(plinth::ParamSpec::frequency(3, "Tone", 500.0, 20000.0, 8000.0).with_smoothing(20.0));
  plinth::Param& output = declare(plinth::ParamSpec::decibel(4, "Output", -24.0, 12.0, -6.0).with_smoothing(20.0));
  plinth::Param& mix = declare(plinth::ParamSpec::percent(5, "Mix", 1.0).with_smoothing(20.0));
  plinth::Param& oversampling = declare(plinth::ParamSpec::list(6, "Oversampling", {"1x", "2x", "4x", "8x"}, 2));

  Distortion() {
    for (int k = 0; k < 4; ++k)
      latency_[static_cast<std::size_t>(k)] = plinth::dsp::Oversampler<double>(1 << k).latency_samples();
    programs({{"Init", {}},
              {"Warm tube", {{"Shape", 4.0}, {"Drive", 9.0}, {"Tone", 6000.0}, {"Output", -3.0}}},
              {"Fuzz", {{"Shape", 2.0}, {"Drive", 30.0}, {"Tone", 4000.0}, {"Output", -12.0}, {"Oversampling", 3.0}}},
              {"Folded", {{"Shape", 3.0}, {"Drive", 18.0}, {"Mix", 0.6}, {"Oversampling", 3.0}}},
              {"Parallel grit", {{"Shape", 1.0}, {"Drive", 24.0}, {"Mix", 0.3}}}});
  }

  int latency_samples() const noexcept override { return latency_[factor_index()]; }
  int max_latency_samples() const noexcept override { return latency_[3]; }

  void prepare(const plinth::Setup& setup) {
    rate_ = setup.sample_rate;
    oversampler_.prepare(rate_, setup.max_block_size, kChannels);
    wet_.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    tone_.prepare(rate_, setup.max_block_size, kChannels);
    dc_.prepare(rate_, setup.max_block_size, kChannels);
    dc_.set_cutoff(10.0);
    for (auto& line : dry_) line.fill(0.0);
    factor_ = -1;
  }
  void reset() noexcept {
    oversampler_.reset();
    tone_.reset();
    dc_.reset();
    for (auto& line : dry_) line.fill(0.0);
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const int factor = 1 << factor_index();
    if (factor != factor_) {  // clears the filters: only when the factor moves
      factor_ = factor;
      oversampler_.set_factor(factor);
      for (auto& s : shaper_) s.prepare(rate_ * factor);
    }
    for (auto& s : shaper_) {
      s.set_type(kTypes[static_cast<std::size_t>(index_of(shape))]);
      s.set_asymmetry(0.6);  // "Tube": the negative half clips earlier, as a triode's grid does
      s.set_drive_db(drive.value());
    }
    const int n = block.num_samples;
    if (n == 0) return;
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto gain = output.smoothed_block<T>(n);
    const auto wet_mix = mix.smoothed_block<T>(n);
    const auto cutoff = tone.smoothed_block<T>(n);
    const int delay = latency_samples();
    tone_.set_cutoff(static_cast<double>(cutoff[static_cast<std::size_t>(n - 1)]));  // once a block: tan() is dear
    for (int c = 0; c < std::min(out.num_channels(), kChannels); ++c) {
      const std::span<double> wet(wet_.data(), static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) wet[static_cast<std::size_t>(i)] = static_cast<double>(in[c][i]);
      auto& shaper = shaper_[static_cast<std::size_t>(c)];
      oversampler_.process(wet, c, [&](std::span<double> up) { shaper.process(up); });
      dc_.process(wet, c);
      auto& line = dry_[static_cast<std::size_t>(c)];
      std::size_t pos = dry_pos_;
      for (int i = 0; i < n; ++i) {
        const double w = tone_.process(wet[static_cast<std::size_t>(i)], c) * static_cast<double>(gain[i]);
        line[pos] = static_cast<double>(in[c][i]);  // read before the output may overwrite it
        const double dry = line[(pos + kLine - static_cast<std::size_t>(delay)) % kLine];
        const double m = static_cast<double>(wet_mix[i]);
        out[c][i] = static_cast<T>(dry + m * (w - dry));
        pos = (pos + 1) % kLine;
      }
    }
    dry_pos_ = (dry_pos_ + static_cast<std::size_t>(n)) % kLine;
  }

private:
  static constexpr int kChannels = 2;
  static constexpr std::size_t kLine = 128;  // > the longest oversampler latency (8x: 76)
  static constexpr std::array kTypes{plinth::dsp::ShaperType::Tanh, plinth::dsp::ShaperType::SoftClip,
                                     plinth::dsp::ShaperType::HardClip, plinth::dsp::ShaperType::Foldback,
                                     plinth::dsp::ShaperType::Asymmetric};

  static int index_of(const plinth::Param& list) noexcept { return static_cast<int>(std::lround(list.value())); }
  std::size_t factor_index() const noexcept {
    return static_cast<std::size_t>(std::clamp(index_of(oversampling), 0, 3));
  }

  std::array<int, 4> latency_{};
  double rate_ = 48000.0;
  int factor_ = -1;
  plinth::dsp::Oversampler<double> oversampler_;
  std::array<plinth::dsp::Waveshaper<double>, kChannels> shaper_;
  plinth::dsp::OnePole<double> tone_;
  plinth::dsp::DcBlocker<double> dc_;
  std::vector<double> wet_;
  std::array<std::array<double, kLine>, kChannels> dry_{};
  std::size_t dry_pos_ = 0;
};

static const plinth::Export<Distortion> exported;
