// A compressor: threshold, ratio, soft knee, attack, release, make-up; keyed by its input
// or an external side-chain; the gain reduction reported to the host as an output
// parameter; optional look-ahead, reported as latency (the framework delays the
// bypass's dry path by it).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>

#include "plinth/core/plugin.h"
#include "plinth/dsp/compressor.h"
#include "plinth/dsp/delay_line.h"
#include "plinth/ui/custom_view.h"

class Compressor : public plinth::Plugin<Compressor> {
public:
  static constexpr plinth::PluginInfo info{
      .name = "Plinth Compressor",
      .vendor = "Plinth",
      .version = "0.1.0",
      .processor_id = "6E9C5D4A1B2F4C3D8E7F6A5B4C3D2E31",
      .controller_id = "6E9C5D4A1B2F4C3D8E7F6A5B4C3D2E32",
      .categories = "Fx|Dynamics",
  };
  static plinth::BusSpecs buses() { return plinth::BusSpecs::effect().with_sidechain(); }
  static constexpr double max_lookahead_ms = 10.0;

  const plinth::Group curve = declare_group(1, "Curve");
  const plinth::Group timing = declare_group(2, "Timing");

  plinth::Param& threshold = declare(plinth::ParamSpec::decibel(1, "Threshold", -60.0, 0.0, -18.0).in_group(curve));
  plinth::Param& ratio = declare(
      plinth::ParamSpec::logarithmic(2, "Ratio", 1.0, 20.0, 4.0).with_precision(1).with_unit(":1").in_group(curve));
  plinth::Param& knee =
      declare(plinth::ParamSpec::linear(3, "Knee", 0.0, 24.0, 6.0).with_precision(1).with_unit("dB").in_group(curve));
  plinth::Param& makeup =
      declare(plinth::ParamSpec::decibel(4, "Makeup", 0.0, 24.0, 0.0).with_smoothing(20.0).in_group(curve));
  plinth::Param& attack = declare(plinth::ParamSpec::time(5, "Attack", 0.1, 100.0, 10.0).in_group(timing));
  plinth::Param& release = declare(plinth::ParamSpec::time(6, "Release", 10.0, 2000.0, 150.0).in_group(timing));
  plinth::Param& lookahead =
      declare(plinth::ParamSpec::time(7, "Look-ahead", 0.0, max_lookahead_ms, 0.0).in_group(timing));
  plinth::Param& detector = declare(plinth::ParamSpec::list(8, "Detector", {"Peak", "RMS"}, 1));
  plinth::Param& key = declare(plinth::ParamSpec::list(9, "Key", {"Input", "Side-chain"}, 0));
  // An output: the deepest gain reduction of the last block (a meter in the host).
  plinth::Param& reduction = declare(plinth::ParamSpec::decibel(10, "Reduction", -60.0, 0.0, 0.0).read_only());

  Compressor() {
    programs({{"Init", {}},
              {"Gentle Bus",
               {{"Threshold", -20.0},
                {"Ratio", 2.0},
                {"Knee", 12.0},
                {"Attack", 30.0},
                {"Release", 300.0},
                {"Makeup", 3.0}}},
              {"Vocal", {{"Threshold", -24.0}, {"Ratio", 4.0}, {"Attack", 5.0}, {"Release", 120.0}, {"Makeup", 6.0}}},
              {"Drum Smash",
               {{"Threshold", -30.0},
                {"Ratio", 10.0},
                {"Knee", 0.0},
                {"Attack", 1.0},
                {"Release", 60.0},
                {"Makeup", 10.0},
                {"Detector", 0.0}}},
              {"Peak Catcher",
               {{"Threshold", -6.0},
                {"Ratio", 20.0},
                {"Knee", 0.0},
                {"Attack", 0.1},
                {"Release", 50.0},
                {"Look-ahead", 5.0},
                {"Detector", 0.0}}},
              {"Side-chain Pump",
               {{"Key", 1.0}, {"Threshold", -30.0}, {"Ratio", 8.0}, {"Attack", 1.0}, {"Release", 150.0}}}});
  }

  // Latency follows the look-ahead; the controller side (not prepared) uses the default
  // rate, which is enough for it to notice a change and ask the host to restart.
  [[nodiscard]] int latency_samples() const noexcept override { return lookahead_samples(lookahead.value()); }
  [[nodiscard]] int max_latency_samples() const noexcept override { return lookahead_samples(max_lookahead_ms); }

  void prepare(const plinth::Setup&) {
    comp_.prepare(setup().sample_rate, setup().max_block_size, 1);  // one detector: channels linked
    for (auto& l : lines_) l.prepare(max_latency_samples());
  }
  void reset() noexcept {
    comp_.reset();
    for (auto& l : lines_) l.reset();
    report_ = {};
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>& block) {
    comp_.set_threshold(threshold.value());
    comp_.set_ratio(ratio.value());
    comp_.set_knee(knee.value());
    comp_.set_attack(attack.value() / 1000.0);
    comp_.set_release(release.value() / 1000.0);
    comp_.set_detector(detector.value() < 0.5 ? plinth::dsp::DetectorMode::peak : plinth::dsp::DetectorMode::rms);
    const int delay = latency_samples();
    const auto in = block.main_input();
    const auto out = block.main_output();
    const auto keyed = key.value() < 0.5 ? in : block.sidechain();  // an inactive side-chain reads as silence
    const auto gain_out = makeup.smoothed_block<double>(block.num_samples);
    double lowest = 1.0;
    double key_peak = 0.0;
    for (int i = 0; i < block.num_samples; ++i) {
      double level = 0.0;  // linked: the louder key channel drives one gain
      for (int c = 0; c < keyed.num_channels(); ++c) level = std::max(level, std::abs(double(keyed[c][i])));
      const double g = comp_.process(1.0, level, 0);  // unit input: the output is the gain
      lowest = std::min(lowest, g);
      key_peak = std::max(key_peak, level);
      for (int c = 0; c < out.num_channels(); ++c) {
        auto& line = lines_[static_cast<std::size_t>(c)];
        line.push(in[c][i]);  // the audio waits `delay` samples; the detector does not
        out[c][i] = static_cast<T>(line.read(delay) * g * gain_out[i]);
      }
    }
    reduction.set_value(20.0 * std::log10(std::max(lowest, 1e-3)));
    // For the editor's curve: the loudest key level and deepest reduction about 30 times a
    // second, through the lock-free queue to the controller side.
    report_.key_peak = std::max(report_.key_peak, key_peak);
    report_.lowest_gain = std::min(report_.lowest_gain, lowest);
    report_.samples += block.num_samples;
    if (report_.samples >= static_cast<int>(setup().sample_rate / 30.0)) {
      const float levels[2] = {static_cast<float>(to_db(report_.key_peak)), static_cast<float>(to_db(report_.lowest_gain))};
      send_to_controller(std::span(reinterpret_cast<const std::uint8_t*>(levels), sizeof levels));
      report_ = {};
    }
  }

  // Controller side: the levels the processor reported, shown on the curve.
  void on_processor_message(std::span<const std::uint8_t> bytes) override {
    if (bytes.size() != 2 * sizeof(float)) return;
    std::memcpy(shown_levels_, bytes.data(), sizeof shown_levels_);
    ++levels_received_;
  }

  // The editor: the static curve (threshold, ratio, knee), with the key's current level as
  // a dot on it and the gain reduction beside.
  void customize_editor(plinth::EditorHooks& editor) override {
    editor.add_panel(150, [this](plinth::ui::Canvas& c, plinth::ui::Rect r, const plinth::ui::Theme& theme,
                                 float scale) { paint_curve(c, r, theme, scale); },
                     [this] { return levels_received_; });
  }

private:
  static double to_db(double gain) noexcept { return 20.0 * std::log10(std::max(gain, 1e-3)); }

  // The static curve: output level for an input level, both in dB, with a soft knee.
  [[nodiscard]] double curve_db(double in) const noexcept {
    const double t = threshold.value(), r = ratio.value(), w = knee.value();
    if (2.0 * (in - t) < -w) return in;
    if (2.0 * (in - t) > w) return t + (in - t) / r;
    const double x = in - t + w / 2.0;
    return in + (1.0 / r - 1.0) * x * x / (2.0 * w);
  }

  void paint_curve(plinth::ui::Canvas& c, plinth::ui::Rect r, const plinth::ui::Theme& theme, float s) const {
    using plinth::ui::Rect;
    constexpr double floor_db = -60.0;
    const float side = r.h - 16 * s;
    const Rect plot{r.x + 8 * s, r.y + 8 * s, side, side};
    auto px = [&](double db) { return plot.x + static_cast<float>((db - floor_db) / -floor_db) * plot.w; };
    auto py = [&](double db) { return plot.bottom() - static_cast<float>((db - floor_db) / -floor_db) * plot.h; };
    c.fill_rect(plot, theme.background);
    for (double db = floor_db; db <= 0.0; db += 12.0) {
      c.fill_rect({px(db), plot.y, std::max(1.0f, s), plot.h}, theme.panel);
      c.fill_rect({plot.x, py(db), plot.w, std::max(1.0f, s)}, theme.panel);
    }
    c.line(px(floor_db), py(floor_db), px(0), py(0), 1.0f * s, theme.track);
    for (double db = floor_db; db < 0.0; db += 1.0)
      c.line(px(db), py(curve_db(db)), px(db + 1.0), py(curve_db(db + 1.0)), 2.0f * s, theme.accent);
    const double in = std::clamp(static_cast<double>(shown_levels_[0]), floor_db, 0.0);
    if (levels_received_ > 0 && shown_levels_[0] > floor_db)
      c.fill_circle(px(in), py(curve_db(in)), 4.0f * s, theme.text);
    const plinth::ui::Font font = plinth::ui::Font::pick(s);
    const float tx = plot.right() + 14 * s, line_h = static_cast<float>(font.height()) + 4 * s;
    char text[64];
    std::snprintf(text, sizeof text, "Key %6.1f dB", static_cast<double>(shown_levels_[0]));
    c.text({tx, plot.y, r.right() - tx, line_h}, text, theme.text_dim, plinth::ui::Align::left, font);
    std::snprintf(text, sizeof text, "GR  %6.1f dB", static_cast<double>(shown_levels_[1]));
    c.text({tx, plot.y + line_h, r.right() - tx, line_h}, text, theme.text_dim, plinth::ui::Align::left, font);
    // The reduction as a bar growing down from 0 dB.
    const Rect bar{tx, plot.y + 3 * line_h, std::min(24 * s, r.right() - tx - 8 * s), plot.bottom() - plot.y - 3 * line_h};
    c.fill_round_rect(bar, 3 * s, theme.track);
    const float depth = static_cast<float>(std::clamp(-static_cast<double>(shown_levels_[1]) / 24.0, 0.0, 1.0));
    if (depth > 0) c.fill_round_rect({bar.x, bar.y, bar.w, bar.h * depth}, 3 * s, theme.accent);
  }

  struct Report {
    double key_peak = 0.0;
    double lowest_gain = 1.0;
    int samples = 0;
  };
  Report report_;  // audio thread
  float shown_levels_[2] = {-100.0f, 0.0f};  // controller side: key peak, reduction (dB)
  std::uint64_t levels_received_ = 0;

  [[nodiscard]] int lookahead_samples(double ms) const noexcept {
    return static_cast<int>(std::lround(ms * setup().sample_rate / 1000.0));
  }

  plinth::dsp::Compressor<double> comp_;
  std::array<plinth::dsp::DelayLine<double>, 2> lines_;
};

static const plinth::Export<Compressor> exported;
