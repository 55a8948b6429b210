// A true-peak brick-wall limiter: the look-ahead limiter of the DSP library, driven by the
// inter-sample peaks of its input (ITU-R BS.1770 4x interpolation) rather than by the
// samples alone, so the output's true peak stays under the ceiling, as streaming
// services measure it. Shows a latency that follows a parameter and an output meter.
#include <array>

#include "plinth/core/plugin.h"
#include "plinth/dsp/limiter.h"
#include "plinth/dsp/meters.h"

class Limiter : public plinth::Plugin<Limiter> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Limiter",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "A41C7E2B5D3F4A6B9C8D7E6F5A4B3C21",
      .controller_id = "A41C7E2B5D3F4A6B9C8D7E6F5A4B3C22",
      .categories = "Fx|Dynamics",
  };

  plinth::Param& input = declare(plinth::ParamSpec::decibel(1, "Input", -12.0, 24.0, 0.0).with_smoothing(20.0));
  plinth::Param& ceiling = declare(plinth::ParamSpec::decibel(2, "Ceiling", -12.0, 0.0, -1.0).with_precision(1));
  plinth::Param& release = declare(plinth::ParamSpec::time(3, "Release", 1.0, 1000.0, 100.0));
  plinth::Param& lookahead = declare(plinth::ParamSpec::time(4, "Lookahead", 1.0, 10.0, 5.0));
  plinth::Param& reduction = declare(plinth::ParamSpec::decibel(5, "Reduction", -40.0, 0.0, 0.0).read_only());

  Limiter() {
    programs({{"Init", {}},
              {"Streaming -1 dBTP", {{"Ceiling", -1.0}, {"Release", 150.0}}},
              {"Loud master", {{"Input", 6.0}, {"Ceiling", -0.3}, {"Release", 60.0}, {"Lookahead", 3.0}}},
              {"Transparent", {{"Ceiling", -1.0}, {"Release", 400.0}, {"Lookahead", 8.0}}}});
  }

  // The interpolator's delay plus the look-ahead; the framework delays the bypass by it.
  int latency_samples() const noexcept override { return latency_for(lookahead.value()); }
  int max_latency_samples() const noexcept override { return latency_for(10.0); }

  void prepare(const plinth::Setup& setup) {
    rate_ = setup.sample_rate;
    limiter_.prepare(rate_, setup.max_block_size, 2 * kChannels);
    detector_.prepare(rate_, setup.max_block_size, kChannels);
    lookahead_ms_ = -1.0;
  }
  void reset() noexcept {
    limiter_.reset();
    detector_.reset();
    aligned_ = {};
    last_peak_ = {};
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    if (lookahead.value() != lookahead_ms_) {  // clears the delay line: only when it moves
      lookahead_ms_ = lookahead.value();
      limiter_.set_lookahead(lookahead_ms_ / 1000.0);
    }
    // A hair of margin: the gain still moves across the interpolator's span.
    limiter_.set_ceiling(ceiling.value() - kMargin_db);
    limiter_.set_release(release.value() / 1000.0);
    const auto in = block.main_input();
    const auto out = block.main_output();
    const int channels = std::min(out.num_channels(), kChannels);
    const auto drive = input.smoothed_block<T>(block.num_samples);
    double lowest = 1.0;
    for (int i = 0; i < block.num_samples; ++i) {
      // Frame for the limiter: the samples, delayed to line up with the interpolated points,
      // then per channel the larger true peak of the intervals on either side of them.
      std::array<double, 2 * kChannels> frame{};
      for (int c = 0; c < channels; ++c) {
        const double x = static_cast<double>(in[c][i]) * static_cast<double>(drive[i]);
        detector_.process(std::span(&x, 1), c);
        const double tp = detector_.true_peak(c);
        auto& line = aligned_[static_cast<std::size_t>(c)];
        frame[static_cast<std::size_t>(c)] = line[pos_];
        line[pos_] = x;
        auto& last = last_peak_[static_cast<std::size_t>(c)];
        frame[static_cast<std::size_t>(kChannels + c)] = std::max(tp, last);
        last = tp;
      }
      detector_.reset_peak();
      pos_ = (pos_ + 1) % kAlign;
      limiter_.process_frame(frame.data());
      for (int c = 0; c < channels; ++c) out[c][i] = static_cast<T>(frame[static_cast<std::size_t>(c)]);
      lowest = std::min(lowest, limiter_.current_gain());
    }
    reduction.set_value(20.0 * std::log10(std::max(lowest, 0.01)));
  }

private:
  static constexpr int kChannels = 2;
  static constexpr double kMargin_db = 0.1;
  static constexpr int kAlign = plinth::dsp::TruePeakMeter<double>::kLatencySamples;

  int latency_for(double ms) const noexcept { return kAlign + static_cast<int>(std::lround(ms / 1000.0 * rate_)); }

  double rate_ = 48000.0;
  double lookahead_ms_ = -1.0;
  plinth::dsp::Limiter<double> limiter_;
  plinth::dsp::TruePeakMeter<double> detector_;
  std::array<std::array<double, kAlign>, kChannels> aligned_{};  // the samples, kAlign old
  std::array<double, kChannels> last_peak_{};
  std::size_t pos_ = 0;
};

static const plinth::Export<Limiter> exported;
