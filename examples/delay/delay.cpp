// A stereo / ping-pong delay: time in ms or synced to the host's tempo, feedback through
// a low cut and a high cut (each repeat darker and thinner, as on tape), dry/wet mix.
// No latency: the dry path is the input itself, the delay line is the effect.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>

#include "plinth/core/plugin.h"
#include "plinth/dsp/delay_line.h"
#include "plinth/dsp/one_pole.h"

class Delay : public plinth::Plugin<Delay> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Delay",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "4C7A3B2E9D5F48A1B2C3D4E5F6071821",
      .controller_id = "4C7A3B2E9D5F48A1B2C3D4E5F6071822",
      .categories = "Fx|Delay",
  };
  static constexpr double max_seconds = 3.0;

  const plinth::Group timing = declare_group(1, "Time");
  const plinth::Group echoes = declare_group(2, "Feedback");

  plinth::Param& mode = declare(plinth::ParamSpec::list(1, "Mode", {"Stereo", "Ping-Pong"}, 0));
  plinth::Param& sync = declare(plinth::ParamSpec::boolean(2, "Sync", true).in_group(timing));
  plinth::Param& time = declare(plinth::ParamSpec::time(3, "Time", 1.0, 1000.0 * max_seconds, 375.0).in_group(timing));
  plinth::Param& division = declare(plinth::ParamSpec::division(4, "Division", "1/8.").in_group(timing));
  plinth::Param& feedback = declare(plinth::ParamSpec::percent(5, "Feedback", 0.4, 0.0, 0.95).in_group(echoes));
  plinth::Param& low_cut = declare(plinth::ParamSpec::frequency(6, "Low Cut", 20.0, 2000.0, 100.0).in_group(echoes));
  plinth::Param& high_cut =
      declare(plinth::ParamSpec::frequency(7, "High Cut", 1000.0, 20000.0, 6000.0).in_group(echoes));
  plinth::Param& mix = declare(plinth::ParamSpec::percent(8, "Mix", 0.3).with_smoothing(20.0));

  // Division values are list indices: 10 is "1/4" (the list runs 1/32T .. 1/1. by length).
  Delay() {
    programs(
        {{"Dotted Eighth", {}},
         {"Slapback", {{"Sync", 0.0}, {"Time", 110.0}, {"Feedback", 0.1}, {"High Cut", 4000.0}, {"Mix", 0.25}}},
         {"Ping-Pong Quarter", {{"Mode", 1.0}, {"Division", 10.0}, {"Feedback", 0.5}, {"Mix", 0.35}}},
         {"Dub", {{"Division", 10.0}, {"Feedback", 0.75}, {"Low Cut", 300.0}, {"High Cut", 2500.0}, {"Mix", 0.4}}}});
  }

  void prepare(const plinth::Setup& setup) {
    rate_ = setup.sample_rate;
    for (auto& l : lines_) l.prepare(static_cast<int>(max_seconds * rate_) + 4);
    lows_.prepare(rate_, setup.max_block_size, 2);
    highs_.prepare(rate_, setup.max_block_size, 2);
    lows_.set_mode(plinth::dsp::OnePoleMode::HighPass);
    highs_.set_mode(plinth::dsp::OnePoleMode::LowPass);
    glide_length_ = static_cast<int>(0.05 * rate_);  // time changes glide over 50 ms, tape-like
    reset();
  }
  void reset() noexcept {
    for (auto& l : lines_) l.reset();
    lows_.reset();
    highs_.reset();
    snap_ = true;
  }
  // Each repeat is at most `feedback` times the last: ring until they are below -100 dB.
  [[nodiscard]] int tail_samples() const noexcept override {
    const double fb = feedback.value(), d = delay_samples_.load(std::memory_order_relaxed);
    const double repeats = fb > 1e-3 ? std::ceil(std::log(1e-5) / std::log(fb)) : 0.0;
    return static_cast<int>(std::min(d * (2.0 + repeats), 60.0 * rate_));
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    const double tempo = block.transport != nullptr && block.transport->has_tempo ? block.transport->tempo_bpm : 120.0;
    const double seconds = sync.is_on() ? division.seconds_at(tempo) : time.value() / 1000.0;
    const double target = std::clamp(seconds * rate_, 2.0, max_seconds * rate_);
    if (snap_) delay_ = glide_to_ = target;  // a fresh start does not sweep from a stale time
    snap_ = false;
    if (target != glide_to_) {
      glide_to_ = target;
      glide_left_ = glide_length_;
      glide_step_ = (target - delay_) / glide_length_;
    }
    delay_samples_.store(target, std::memory_order_relaxed);
    lows_.set_cutoff(low_cut.value());
    highs_.set_cutoff(high_cut.value());
    const double fb = feedback.value();
    const bool ping_pong = mode.value() >= 0.5;

    const auto in = block.main_input();
    const auto out = block.main_output();
    const int channels = out.num_channels();
    const auto wet = mix.smoothed_block<double>(block.num_samples);
    for (int i = 0; i < block.num_samples; ++i) {
      if (glide_left_ > 0) delay_ = --glide_left_ == 0 ? glide_to_ : delay_ + glide_step_;
      const auto d = static_cast<float>(delay_ - 1.0);  // read before the push: d - 1 is a delay of d
      std::array<double, 2> x{}, y{};
      for (int c = 0; c < channels; ++c) {
        x[c] = in[c][i];
        y[c] = lines_[c].read_hermite(d);
      }
      auto loop = [&](int c) { return fb * highs_.process(lows_.process(y[c], c), c); };
      if (ping_pong && channels == 2) {
        // Both sides into the left line; left repeats on the right, right back on the left.
        lines_[0].push(static_cast<float>(0.5 * (x[0] + x[1]) + loop(1)));
        lines_[1].push(static_cast<float>(loop(0)));
      } else {
        for (int c = 0; c < channels; ++c) lines_[c].push(static_cast<float>(x[c] + loop(c)));
      }
      for (int c = 0; c < channels; ++c) out[c][i] = static_cast<T>(x[c] + wet[i] * (y[c] - x[c]));
    }
  }

private:
  std::array<plinth::dsp::DelayLine<float>, 2> lines_;
  plinth::dsp::OnePole<double> lows_, highs_;
  double rate_ = 48000.0, delay_ = 2.0, glide_to_ = 2.0, glide_step_ = 0.0;
  int glide_length_ = 2400, glide_left_ = 0;
  std::atomic<double> delay_samples_{1.0};  // for tail_samples(), which the host may ask on any thread
  bool snap_ = true;
};

static const plinth::Export<Delay> exported;
