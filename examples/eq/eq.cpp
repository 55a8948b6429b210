// A parametric EQ: low and high cut (Butterworth, 12 to 48 dB/oct), low and high shelves
// and four peaking bands, one chain of DSP-layer filters per channel.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "plinth/core/plugin.h"
#include "plinth/dsp/biquad.h"
#include "plinth/dsp/butterworth.h"

class Eq : public plinth::Plugin<Eq> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth EQ",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "3B6F2A1D8C4E47F0A1B2C3D4E5F60711",
      .controller_id = "3B6F2A1D8C4E47F0A1B2C3D4E5F60712",
      .categories = "Fx|EQ",
  };
  static constexpr int bands = 4;

  const plinth::Group cuts = declare_group(1, "Cuts");
  const plinth::Group shelves = declare_group(2, "Shelves");
  const plinth::Group peaks = declare_group(3, "Bands");

  static plinth::ParamSpec slope(plinth::ParamId id, std::string name, plinth::Group g) {
    return plinth::ParamSpec::list(id, std::move(name), {"Off", "12 dB/oct", "24 dB/oct", "36 dB/oct", "48 dB/oct"}, 0)
        .in_group(g);
  }
  static plinth::ParamSpec gain(plinth::ParamId id, std::string name, plinth::Group g) {
    return plinth::ParamSpec::decibel(id, std::move(name), -18.0, 18.0, 0.0).in_group(g);
  }

  plinth::Param& low_cut = declare(plinth::ParamSpec::frequency(1, "Low Cut", 20.0, 2000.0, 30.0).in_group(cuts));
  plinth::Param& low_slope = declare(slope(2, "Low Cut Slope", cuts));
  plinth::Param& high_cut =
      declare(plinth::ParamSpec::frequency(3, "High Cut", 1000.0, 20000.0, 18000.0).in_group(cuts));
  plinth::Param& high_slope = declare(slope(4, "High Cut Slope", cuts));
  plinth::Param& low_shelf =
      declare(plinth::ParamSpec::frequency(5, "Low Shelf", 20.0, 1000.0, 100.0).in_group(shelves));
  plinth::Param& low_shelf_gain = declare(gain(6, "Low Shelf Gain", shelves));
  plinth::Param& high_shelf =
      declare(plinth::ParamSpec::frequency(7, "High Shelf", 1000.0, 20000.0, 8000.0).in_group(shelves));
  plinth::Param& high_shelf_gain = declare(gain(8, "High Shelf Gain", shelves));
  struct Band {
    plinth::Param& frequency;
    plinth::Param& gain;
    plinth::Param& q;
  };
  Band band(int k, double hz) {
    const auto id = static_cast<plinth::ParamId>(10 + 3 * k);
    const std::string n = "Band " + std::to_string(k + 1);
    return {
        declare(plinth::ParamSpec::frequency(id, n + " Freq", 20.0, 20000.0, hz).in_group(peaks)),
        declare(gain(id + 1, n + " Gain", peaks)),
        declare(plinth::ParamSpec::logarithmic(id + 2, n + " Q", 0.3, 18.0, 1.0).with_precision(2).in_group(peaks))};
  }
  std::array<Band, bands> band_params{band(0, 200.0), band(1, 800.0), band(2, 2500.0), band(3, 6000.0)};

  Eq() {
    programs({{"Flat", {}},
              {"Vocal",
               {{"Low Cut Slope", 2.0},
                {"Low Cut", 90.0},
                {"Band 2 Freq", 300.0},
                {"Band 2 Gain", -3.0},
                {"Band 3 Freq", 3000.0},
                {"Band 3 Gain", 3.0},
                {"High Shelf Gain", 2.0}}},
              {"Bass Boost",
               {{"Low Cut Slope", 3.0},
                {"Low Cut", 25.0},
                {"Low Shelf Gain", 6.0},
                {"Band 1 Gain", -2.0},
                {"Band 1 Freq", 300.0}}},
              {"Telephone",
               {{"Low Cut Slope", 4.0},
                {"Low Cut", 400.0},
                {"High Cut Slope", 4.0},
                {"High Cut", 3400.0},
                {"Band 3 Freq", 1500.0},
                {"Band 3 Gain", 6.0}}},
              {"Air", {{"High Shelf", 10000.0}, {"High Shelf Gain", 4.0}, {"Band 4 Gain", -2.0}}}});
  }

  void prepare(const plinth::Setup& setup) {
    for (auto* f : {&low_cut_, &high_cut_}) f->prepare(setup.sample_rate, setup.max_block_size, 2);
    for (auto& f : bells_) f.prepare(setup.sample_rate, setup.max_block_size, 2);
    rate_ = setup.sample_rate;
    work_.assign(static_cast<std::size_t>(setup.max_block_size), 0.0);
    seen_ = {};
    update();
    reset();  // start on the current settings, not ramping towards them
  }
  void reset() noexcept {
    low_cut_.reset();
    high_cut_.reset();
    for (auto& f : bells_) f.reset();
  }

  // Narrow low bells ring for a while: report how long until the slowest pole has
  // decayed by over 100 dB (13 time constants; ln 1e5 = 11.5), so hosts keep calling us.
  [[nodiscard]] int tail_samples() const noexcept override { return tail_.load(std::memory_order_relaxed); }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    update();
    const auto in = block.main_input();
    const auto out = block.main_output();
    for (int c = 0; c < out.num_channels(); ++c) {
      // The filters run in double whatever the host's sample type (low corners need it).
      const std::span<double> x(work_.data(), static_cast<std::size_t>(block.num_samples));
      std::copy(in[c].begin(), in[c].end(), x.begin());
      if (low_on_) low_cut_.process(x, c);
      for (auto& f : bells_) f.process(x, c);
      if (high_on_) high_cut_.process(x, c);
      std::transform(x.begin(), x.end(), out[c].begin(), [](double v) { return static_cast<T>(v); });
    }
  }

private:
  // Filters are redesigned only when a setting moved (a design costs a cos and a pow).
  void update() noexcept {
    std::array<double, 6 + 3 * bands> now{low_cut.value(),    low_slope.value(), high_cut.value(),
                                          high_slope.value(), low_shelf.value(), high_shelf.value()};
    for (int k = 0; k < bands; ++k) {
      const Band& b = band_params[static_cast<std::size_t>(k)];
      now[static_cast<std::size_t>(6 + 3 * k)] = b.frequency.value();
      now[static_cast<std::size_t>(7 + 3 * k)] = b.gain.value();
      now[static_cast<std::size_t>(8 + 3 * k)] = b.q.value();
    }
    const double ls_gain = low_shelf_gain.value(), hs_gain = high_shelf_gain.value();
    if (now == seen_ && ls_gain == seen_ls_ && hs_gain == seen_hs_) return;
    seen_ = now;
    seen_ls_ = ls_gain;
    seen_hs_ = hs_gain;
    // Slope index n (1..4) is a Butterworth of order 2n: 12n dB/oct, -3 dB at the corner.
    // A cut switched on starts from rest, not from state left when it was last used.
    if (!low_on_ && now[1] >= 0.5) low_cut_.reset();
    if (!high_on_ && now[3] >= 0.5) high_cut_.reset();
    low_on_ = now[1] >= 0.5;
    high_on_ = now[3] >= 0.5;
    low_cut_.set_type(plinth::dsp::ButterworthType::HighPass);
    low_cut_.set_order(2 * static_cast<int>(now[1] + 0.5));
    low_cut_.set_cutoff(now[0]);
    high_cut_.set_type(plinth::dsp::ButterworthType::LowPass);
    high_cut_.set_order(2 * static_cast<int>(now[3] + 0.5));
    high_cut_.set_cutoff(now[2]);
    tail_.store(static_cast<int>(13.0 * slowest_time_constant(now, ls_gain, hs_gain) * rate_),
                std::memory_order_relaxed);
    using plinth::dsp::BiquadType;
    bells_[0].set_parameters(BiquadType::LowShelf, now[4], 0.7071, ls_gain);
    bells_[bands + 1].set_parameters(BiquadType::HighShelf, now[5], 0.7071, hs_gain);
    for (std::size_t k = 0; k < bands; ++k)
      bells_[k + 1].set_parameters(BiquadType::Peak, now[6 + 3 * k], now[8 + 3 * k], now[7 + 3 * k]);
  }

  // A pole pair with natural frequency f and quality q decays with time constant 2q/(2 pi f)
  // (q >= 0.5) or, split into two real poles, no slower than 1/(2 pi f q).
  static double time_constant(double hz, double q) noexcept {
    return std::max(2.0 * q, 1.0 / q) / (2.0 * std::numbers::pi * hz);
  }
  static double slowest_time_constant(const std::array<double, 6 + 3 * bands>& s, double ls_db, double hs_db) noexcept {
    double t = 0.0;
    if (s[1] >= 0.5) t = std::max(t, time_constant(s[0], 1.3066));  // the highest section Q of order 8
    if (s[3] >= 0.5) t = std::max(t, time_constant(s[2], 1.3066));
    // Shelves: poles at f / A^(1/2) at worst (A = 10^(dB/40)), Q 0.707.
    t = std::max(t, time_constant(s[4] * std::pow(10.0, -std::abs(ls_db) / 80.0), 0.7071));
    t = std::max(t, time_constant(s[5] * std::pow(10.0, -std::abs(hs_db) / 80.0), 0.7071));
    // Bells: the poles' quality is Q A (RBJ peak: the denominator's alpha is divided by A).
    for (std::size_t k = 0; k < bands; ++k)
      t = std::max(t, time_constant(s[6 + 3 * k], s[8 + 3 * k] * std::pow(10.0, s[7 + 3 * k] / 40.0)));
    return t;
  }

  plinth::dsp::Butterworth<double> low_cut_, high_cut_;
  std::array<plinth::dsp::Biquad<double>, bands + 2> bells_;  // low shelf, 4 peaks, high shelf
  std::vector<double> work_;
  std::array<double, 6 + 3 * bands> seen_{};
  std::atomic<int> tail_{0};  // the host may ask on any thread
  double rate_ = 48000.0;
  double seen_ls_ = 0.0, seen_hs_ = 0.0;
  bool low_on_ = false, high_on_ = false;
};

static const plinth::Export<Eq> exported;
