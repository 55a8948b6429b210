// A channel strip: gate -> high-pass and four-band EQ -> compressor -> look-ahead limiter,
// DSP-layer processors in plain sequence over one work buffer. The EQ bands are one
// plinth::dsp::Chain per channel; the dynamics are linked across channels, so they run a
// frame at a time. Every section's defaults are neutral: Init passes the input through,
// delayed by the limiter's look-ahead (the reported latency). Each section reports its gain
// reduction as an output parameter.
//
// It also shows the authoring aids: a timing probe around each section (`plinth profile`
// reports them) and a debug log line when the gate opens or closes (PLINTH_LOG=stderr).
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/biquad.h"
#include "plinth/dsp/chain.h"
#include "plinth/dsp/compressor.h"
#include "plinth/dsp/gate.h"
#include "plinth/dsp/limiter.h"

class ChannelStrip : public plinth::Plugin<ChannelStrip> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Channel Strip",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "8F3E6A1C9D2B47A5B0C1D2E3F4A5B641",
      .controller_id = "8F3E6A1C9D2B47A5B0C1D2E3F4A5B642",
      .categories = "Fx|Channel Strip",
  };
  static constexpr double kLookahead = 0.001;  // s; short enough to sit on a track

  const plinth::Group gate_group = declare_group(1, "Gate");
  const plinth::Group eq_group = declare_group(2, "EQ");
  const plinth::Group comp_group = declare_group(3, "Compressor");
  const plinth::Group limiter_group = declare_group(4, "Limiter");

  static plinth::ParamSpec gain(plinth::ParamId id, std::string name, const plinth::Group& g) {
    return plinth::ParamSpec::decibel(id, std::move(name), -18.0, 18.0, 0.0).in_group(g);
  }
  static plinth::ParamSpec meter(plinth::ParamId id, std::string name, const plinth::Group& g) {
    return plinth::ParamSpec::decibel(id, std::move(name), -80.0, 0.0, 0.0).read_only().in_group(g);
  }

  // Gate: range 0 dB leaves it open whatever the level.
  plinth::Param& gate_threshold =
      declare(plinth::ParamSpec::decibel(1, "Gate Threshold", -80.0, 0.0, -50.0).in_group(gate_group));
  plinth::Param& gate_range =
      declare(plinth::ParamSpec::decibel(2, "Gate Range", -80.0, 0.0, 0.0).in_group(gate_group));
  plinth::Param& gate_release =
      declare(plinth::ParamSpec::time(3, "Gate Release", 5.0, 2000.0, 100.0).in_group(gate_group));
  plinth::Param& gate_reduction = declare(meter(4, "Gate Reduction", gate_group));

  // EQ: gains of 0 dB make the bands exact identities (RBJ numerator = denominator).
  plinth::Param& high_pass = declare(plinth::ParamSpec::boolean(10, "High-pass", false).in_group(eq_group));
  plinth::Param& high_pass_freq =
      declare(plinth::ParamSpec::frequency(11, "High-pass Freq", 20.0, 500.0, 80.0).in_group(eq_group));
  plinth::Param& low_freq =
      declare(plinth::ParamSpec::frequency(12, "Low Freq", 20.0, 1000.0, 100.0).in_group(eq_group));
  plinth::Param& low_gain = declare(gain(13, "Low Gain", eq_group));
  plinth::Param& mid1_freq =
      declare(plinth::ParamSpec::frequency(14, "Mid 1 Freq", 40.0, 8000.0, 400.0).in_group(eq_group));
  plinth::Param& mid1_gain = declare(gain(15, "Mid 1 Gain", eq_group));
  plinth::Param& mid1_q =
      declare(plinth::ParamSpec::logarithmic(16, "Mid 1 Q", 0.3, 10.0, 1.0).with_precision(2).in_group(eq_group));
  plinth::Param& mid2_freq =
      declare(plinth::ParamSpec::frequency(17, "Mid 2 Freq", 200.0, 16000.0, 2500.0).in_group(eq_group));
  plinth::Param& mid2_gain = declare(gain(18, "Mid 2 Gain", eq_group));
  plinth::Param& mid2_q =
      declare(plinth::ParamSpec::logarithmic(19, "Mid 2 Q", 0.3, 10.0, 1.0).with_precision(2).in_group(eq_group));
  plinth::Param& high_freq =
      declare(plinth::ParamSpec::frequency(20, "High Freq", 1000.0, 20000.0, 8000.0).in_group(eq_group));
  plinth::Param& high_gain = declare(gain(21, "High Gain", eq_group));

  // Compressor: ratio 1:1 is no compression.
  plinth::Param& threshold =
      declare(plinth::ParamSpec::decibel(30, "Comp Threshold", -60.0, 0.0, -18.0).in_group(comp_group));
  plinth::Param& ratio = declare(plinth::ParamSpec::logarithmic(31, "Comp Ratio", 1.0, 20.0, 1.0)
                                     .with_precision(1)
                                     .with_unit(":1")
                                     .in_group(comp_group));
  plinth::Param& attack = declare(plinth::ParamSpec::time(32, "Comp Attack", 0.1, 100.0, 10.0).in_group(comp_group));
  plinth::Param& release =
      declare(plinth::ParamSpec::time(33, "Comp Release", 10.0, 2000.0, 150.0).in_group(comp_group));
  plinth::Param& makeup =
      declare(plinth::ParamSpec::decibel(34, "Comp Makeup", 0.0, 24.0, 0.0).with_smoothing(20.0).in_group(comp_group));
  plinth::Param& comp_reduction = declare(meter(35, "Comp Reduction", comp_group));

  // Limiter: a 0 dB ceiling leaves anything within full scale alone.
  plinth::Param& ceiling =
      declare(plinth::ParamSpec::decibel(40, "Ceiling", -12.0, 0.0, 0.0).with_precision(1).in_group(limiter_group));
  plinth::Param& limiter_release =
      declare(plinth::ParamSpec::time(41, "Limiter Release", 1.0, 1000.0, 50.0).in_group(limiter_group));
  plinth::Param& limiter_reduction = declare(meter(42, "Limiter Reduction", limiter_group));

  ChannelStrip() {
    programs({{"Init", {}},
              {"Vocal",
               {{"Gate Threshold", -55.0},
                {"Gate Range", -12.0},
                {"High-pass", 1.0},
                {"High-pass Freq", 90.0},
                {"Mid 1 Freq", 300.0},
                {"Mid 1 Gain", -2.0},
                {"Mid 2 Freq", 3500.0},
                {"Mid 2 Gain", 3.0},
                {"High Gain", 2.0},
                {"Comp Threshold", -24.0},
                {"Comp Ratio", 3.0},
                {"Comp Attack", 5.0},
                {"Comp Release", 120.0},
                {"Comp Makeup", 5.0},
                {"Ceiling", -1.0}}},
              {"Kick",
               {{"Gate Threshold", -30.0},
                {"Gate Range", -60.0},
                {"Gate Release", 60.0},
                {"Low Freq", 60.0},
                {"Low Gain", 4.0},
                {"Mid 1 Freq", 350.0},
                {"Mid 1 Gain", -6.0},
                {"Mid 1 Q", 2.0},
                {"Mid 2 Freq", 4000.0},
                {"Mid 2 Gain", 4.0},
                {"Comp Threshold", -18.0},
                {"Comp Ratio", 4.0},
                {"Comp Attack", 20.0},
                {"Comp Release", 80.0},
                {"Comp Makeup", 4.0},
                {"Ceiling", -0.3}}},
              {"Bass",
               {{"High-pass", 1.0},
                {"High-pass Freq", 35.0},
                {"Low Freq", 80.0},
                {"Low Gain", 2.0},
                {"Mid 1 Freq", 250.0},
                {"Mid 1 Gain", -3.0},
                {"Mid 2 Freq", 900.0},
                {"Mid 2 Gain", 2.0},
                {"Comp Threshold", -22.0},
                {"Comp Ratio", 5.0},
                {"Comp Attack", 15.0},
                {"Comp Release", 200.0},
                {"Comp Makeup", 6.0},
                {"Ceiling", -1.0}}},
              {"Mix Bus",
               {{"High-pass", 1.0},
                {"High-pass Freq", 25.0},
                {"High Gain", 1.5},
                {"High Freq", 12000.0},
                {"Comp Threshold", -16.0},
                {"Comp Ratio", 2.0},
                {"Comp Attack", 30.0},
                {"Comp Release", 300.0},
                {"Comp Makeup", 2.0},
                {"Ceiling", -1.0},
                {"Limiter Release", 150.0}}}});
  }

  // The limiter's look-ahead; the framework delays the bypass by it.
  [[nodiscard]] int latency_samples() const noexcept override {
    return static_cast<int>(std::lround(kLookahead * setup().sample_rate));
  }
  // Silent input still moves the state: the gate closing, the compressor and limiter
  // recovering (7 time constants: 60 dB), the bells ringing (13: 110 dB). A host that
  // skipped silence sooner would freeze them.
  [[nodiscard]] int tail_samples() const noexcept override {
    const double ring =
        std::max(mid1_q.value() / mid1_freq.value(), mid2_q.value() / mid2_freq.value()) / std::numbers::pi;
    const double s = std::max({(kGateHold * 1000.0 + 7.0 * gate_release.value()) / 1000.0,
                               7.0 * release.value() / 1000.0, 7.0 * limiter_release.value() / 1000.0, 13.0 * ring});
    return latency_samples() + static_cast<int>(std::ceil(s * setup().sample_rate));
  }

  void prepare(const plinth::Setup& setup) {
    gate_.prepare(setup.sample_rate, setup.max_block_size, 1);  // one detector each: linked
    gate_.set_hysteresis(6.0);                                  // closes 6 dB under the threshold: no chatter
    gate_.set_hold(kGateHold);
    gate_.set_attack(0.0005);
    comp_.prepare(setup.sample_rate, setup.max_block_size, 1);
    comp_.set_knee(6.0);
    limiter_.prepare(setup.sample_rate, setup.max_block_size, kChannels);
    limiter_.set_lookahead(kLookahead);
    high_pass_.prepare(setup.sample_rate, setup.max_block_size, kChannels);
    bands_.prepare(setup.sample_rate, setup.max_block_size, kChannels);
    for (auto& w : work_) w.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    seen_.fill(-1.0);
    log.info("prepared: {} Hz, blocks of up to {} samples", setup.sample_rate, setup.max_block_size);
  }
  void reset() noexcept {
    apply_settings();  // the states below restart from the current settings
    gate_.reset();
    comp_.reset();
    limiter_.reset();
    high_pass_.reset();  // also jumps the filters to their current designs
    bands_.reset();
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    apply_settings();
    const auto in = block.main_input();
    const auto out = block.main_output();
    const int channels = std::min(out.num_channels(), kChannels);
    const auto n = static_cast<std::size_t>(block.num_samples);
    std::array<std::span<double>, kChannels> x{};
    for (int c = 0; c < kChannels; ++c) x[c] = std::span(work_[c]).first(n);
    std::array<double, 3> lowest{1.0, 1.0, 1.0};  // gate, compressor, limiter

    // Gate: the louder channel opens it for all.
    {
      auto p = probe("gate");
      for (std::size_t i = 0; i < n; ++i) {
        double level = 0.0;
        for (int c = 0; c < channels; ++c) level = std::max(level, std::abs(double(in[c][i])));
        const double g = gate_.process(1.0, level, 0);  // unit input: the output is the gain
        lowest[0] = std::min(lowest[0], g);
        for (int c = 0; c < channels; ++c) x[c][i] = in[c][i] * g;
      }
      if (const bool closed = lowest[0] < 0.5; closed != gate_closed_) {
        gate_closed_ = closed;
        if (closed)
          log.debug("gate closed: {} dB", to_db(lowest[0]));
        else
          log.debug("gate opened");
      }
    }
    // EQ, one channel at a time.
    {
      auto p = probe("eq");
      for (int c = 0; c < channels; ++c) {
        if (high_pass_on_) high_pass_.process(x[c], c);
        bands_.process(x[c], c);
      }
    }
    // Compressor (linked) with make-up, then the limiter a frame at a time.
    auto p = probe("dynamics");
    const auto gain_out = makeup.smoothed_block<double>(block.num_samples);
    for (std::size_t i = 0; i < n; ++i) {
      std::array<double, kChannels> frame{};
      double level = 0.0;
      for (int c = 0; c < channels; ++c) level = std::max(level, std::abs(x[c][i]));
      const double g = comp_.process(1.0, level, 0);
      lowest[1] = std::min(lowest[1], g);
      for (int c = 0; c < channels; ++c) frame[c] = x[c][i] * g * gain_out[i];
      limiter_.process_frame(frame.data());  // a mono input leaves the second slot silent
      lowest[2] = std::min(lowest[2], limiter_.current_gain());
      for (int c = 0; c < channels; ++c) out[c][i] = static_cast<T>(frame[c]);
    }
    gate_reduction.set_value(to_db(lowest[0]));
    comp_reduction.set_value(to_db(lowest[1]));
    limiter_reduction.set_value(to_db(lowest[2]));
  }

private:
  static constexpr int kChannels = 2;
  static constexpr double kGateHold = 0.02;  // s
  static constexpr double kButterworthQ = std::numbers::sqrt2 / 2.0;
  using Band = plinth::dsp::Biquad<double>;

  static double to_db(double g) noexcept { return 20.0 * std::log10(std::max(g, 1e-4)); }

  void apply_settings() noexcept {
    update_filters();
    gate_.set_threshold(gate_threshold.value());
    gate_.set_range(gate_range.value());
    gate_.set_release(gate_release.value() / 1000.0);
    comp_.set_threshold(threshold.value());
    comp_.set_ratio(ratio.value());
    comp_.set_attack(attack.value() / 1000.0);
    comp_.set_release(release.value() / 1000.0);
    limiter_.set_ceiling(ceiling.value());
    limiter_.set_release(limiter_release.value() / 1000.0);
  }

  // Redesigns only when a setting moved (a design costs a cos and a pow per band).
  void update_filters() noexcept {
    const std::array<double, 12> now{high_pass.value(), high_pass_freq.value(), low_freq.value(),  low_gain.value(),
                                     mid1_freq.value(), mid1_gain.value(),      mid1_q.value(),    mid2_freq.value(),
                                     mid2_gain.value(), mid2_q.value(),         high_freq.value(), high_gain.value()};
    if (now == seen_) return;
    seen_ = now;
    if (!high_pass_on_ && now[0] >= 0.5) high_pass_.reset();  // from rest, not from old state
    high_pass_on_ = now[0] >= 0.5;
    high_pass_.set_parameters(plinth::dsp::BiquadType::HighPass, now[1], kButterworthQ);
    bands_.get<0>().set_parameters(plinth::dsp::BiquadType::LowShelf, now[2], kButterworthQ, now[3]);
    bands_.get<1>().set_parameters(plinth::dsp::BiquadType::Peak, now[4], now[6], now[5]);
    bands_.get<2>().set_parameters(plinth::dsp::BiquadType::Peak, now[7], now[9], now[8]);
    bands_.get<3>().set_parameters(plinth::dsp::BiquadType::HighShelf, now[10], kButterworthQ, now[11]);
  }

  plinth::dsp::Gate<double> gate_;
  Band high_pass_;
  plinth::dsp::Chain<Band, Band, Band, Band> bands_;  // low shelf, two peaks, high shelf
  plinth::dsp::Compressor<double> comp_;
  plinth::dsp::Limiter<double> limiter_;
  std::array<std::vector<double>, kChannels> work_;
  std::array<double, 12> seen_{};
  bool high_pass_on_ = false;
  bool gate_closed_ = false;  // for the debug log's open/close lines
};

static const plinth::Export<ChannelStrip> exported;
