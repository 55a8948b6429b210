// `plinth plot`: an effect's magnitude and phase response, impulse response and harmonic
// distortion, measured through the host (plinth/host/response.h) and drawn as SVG.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

#include <unistd.h>

#include "commands.h"
#include "progress.h"
#include "plinth/host/response.h"
#include "svg_chart.h"

namespace plinth::tool {
namespace {

constexpr double thd_levels_from = -60.0, thd_levels_step = 6.0;  // THD sweep: -60..0 dBFS
constexpr int harmonic_count = 10;
constexpr double sine_settle_seconds = 0.3;

struct Wanted {
  bool magnitude = false, phase = false, impulse = false, thd = false, harmonics = false;
};

bool parse_what(const std::string& spec, Wanted& w, std::string& error) {
  std::istringstream in(spec);
  for (std::string item; std::getline(in, item, ',');) {
    if (item == "magnitude") w.magnitude = true;
    else if (item == "phase") w.phase = true;
    else if (item == "impulse") w.impulse = true;
    else if (item == "thd") w.thd = true;
    else if (item == "harmonics") w.harmonics = true;
    else {
      error = "--what: unknown plot '" + item + "' (choose from magnitude,phase,impulse,thd,harmonics)";
      return false;
    }
  }
  if (!(w.magnitude || w.phase || w.impulse || w.thd || w.harmonics)) {
    error = "--what names no plot";
    return false;
  }
  return true;
}

// Series per channel, or one when every channel measured the same.
std::vector<ChartSeries> per_channel(const std::vector<double>& x, const std::vector<std::vector<double>>& ys) {
  bool alike = true;
  for (const auto& y : ys)
    for (std::size_t i = 0; i < y.size() && alike; ++i)
      alike = y[i] == ys[0][i] || (std::isnan(y[i]) && std::isnan(ys[0][i])) || std::abs(y[i] - ys[0][i]) < 1e-9;
  std::vector<ChartSeries> out;
  for (std::size_t c = 0; c < (alike ? std::min<std::size_t>(1, ys.size()) : ys.size()); ++c)
    out.push_back({"channel " + std::to_string(c + 1), x, ys[c]});
  return out;
}

std::string channels_note(std::size_t channels, const std::vector<ChartSeries>& drawn) {
  if (channels > 1 && drawn.size() == 1) return " (all " + std::to_string(channels) + " channels alike)";
  return "";
}

// Built member by member: g++ 12 warns (falsely) of uninitialized strings in the aggregate form.
Chart make_chart(ChartAxis x, ChartAxis y, std::vector<ChartSeries> series, bool bars) {
  Chart c;
  c.x = std::move(x);
  c.y = std::move(y);
  c.series = std::move(series);
  c.bars = bars;
  return c;
}

ChartAxis axis(std::string label, double min, double max, bool log, double step) {
  ChartAxis a;
  a.label = std::move(label);
  a.min = min;
  a.max = max;
  a.log = log;
  a.step = step;
  return a;
}

std::string number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

}  // namespace

int plot(const PlotOptions& o) {
  Wanted want;
  std::string error;
  if (!parse_what(o.what, want, error)) return fail(error);
  if (o.output.empty() && !o.table) return fail("plot needs -o FILE.svg or --table (or both)");
  if (!(o.from_hz > 0.0 && o.to_hz > o.from_hz)) return fail("--from must be above 0 and below --to");

  auto module = load_module(o.bundle);
  if (!module) return 1;
  const auto* cls = first_processor(*module);
  if (cls == nullptr) return 1;
  auto p = host::PluginInstance::create(*module, *cls, error);
  if (!p) return fail(error);
  if (p->audio_inputs() == 0 || p->channels(abi::kInput, 0) < 1) {
    return fail(cls->name + " has no audio input: plot measures effects");
  }
  if (p->audio_outputs() == 0 || p->channels(abi::kOutput, 0) < 1) return fail(cls->name + " has no audio output");
  if (p->setup(o.sample_rate, o.block, false, abi::kOffline) != abi::kResultOk) {
    return fail("setup_processing failed at " + number(o.sample_rate) + " Hz with " + std::to_string(o.block) +
                "-sample blocks");
  }
  std::vector<host::ParamChange> changes;
  std::string settings;
  for (const auto& spec : o.params) {
    host::ParamChange change{};
    if (!parse_param(*p, spec, change, error)) return fail(error);
    p->set_normalized(change.id, change.normalized);
    changes.push_back(change);
    settings += (settings.empty() ? " (" : ", ") + spec;
  }
  if (p->activate() != abi::kResultOk) return fail("activation failed");
  if (p->process(0, changes) != abi::kResultOk) return fail("the plugin refused the parameter values");
  // A second of silence so parameter smoothing has reached the values asked for, as render does.
  std::vector<std::vector<double>> scratch;
  if (!host::run_mono(*p, {}, static_cast<std::size_t>(std::llround(o.sample_rate)), scratch, error)) {
    return fail(error);
  }

  const double nyquist = o.sample_rate / 2.0;
  const std::string name = cls->name + settings + (settings.empty() ? "" : ")");
  std::vector<Chart> charts;
  std::ostringstream table;

  if (want.magnitude || want.phase || want.impulse) {
    const bool by_sine = o.method == "sine";
    host::ImpulseResponse ir;
    if (want.impulse || !by_sine) {
      if (!host::measure_impulse(*p, std::pow(10.0, o.impulse_dbfs / 20.0), 0.25, o.max_seconds, ir, error)) {
        return fail(error);
      }
      if (!ir.decayed) {
        std::fprintf(stderr,
                     "plinth: warning: the impulse response had not decayed to -140 dB after %.1f s; the response "
                     "is of its first %.1f s\n",
                     o.max_seconds, o.max_seconds);
      }
    }
    const std::uint32_t reported = p->latency_samples();
    const std::string latency =
        reported > 0 ? ", " + std::to_string(reported) + " samples of reported latency removed" : "";
    if (want.magnitude || want.phase) {
      const double top_hz = std::min(o.to_hz, nyquist * 0.999);
      const auto hz = host::log_frequencies(o.from_hz, top_hz, 48);
      if (hz.empty()) return fail("no frequencies to plot between --from and --to below Nyquist");
      host::FrequencyResponse r;
      std::string how;
      if (by_sine) {
        // A progress bar on a terminal: hundreds of sines take seconds through a slow plugin.
        ProgressBar bar("stepped sines", static_cast<double>(hz.size()));
        const auto progress = [&bar](std::size_t done, std::size_t total) {
          bar.update(static_cast<double>(done), std::to_string(done) + "/" + std::to_string(total));
        };
        if (!host::measure_sine_response(*p, hz, o.level_dbfs, sine_settle_seconds, r, error, progress))
          return fail(error);
        bar.finish();
        how = " (steady sines at " + number(o.level_dbfs) + " dBFS)";
      } else {
        r = host::frequency_response(ir, hz);
      }
      const std::size_t channels = r.magnitude_db.size();
      const ChartAxis fx = axis("Frequency (Hz)", o.from_hz, top_hz, true, 0.0);
      if (want.magnitude) {
        double top = -std::numeric_limits<double>::infinity();
        for (const auto& m : r.magnitude_db)
          for (double v : m)
            if (std::isfinite(v)) top = std::max(top, v);
        Chart c = make_chart(fx, fit_axis("Magnitude (dB)", r.magnitude_db, 12.0, (std::isfinite(top) ? top : 0.0) - 120.0),
                per_channel(hz, r.magnitude_db), false);
        c.title = "Magnitude response" + how + ": " + name + channels_note(channels, c.series);
        charts.push_back(std::move(c));
      }
      if (want.phase) {
        Chart c = make_chart(fx, axis("Phase (degrees)", -180.0, 180.0, false, 45.0), per_channel(hz, r.phase_deg), false);
        c.title = "Phase response" + latency + channels_note(channels, c.series);
        charts.push_back(std::move(c));
      }
      table << "# frequency response at " << number(o.sample_rate) << " Hz" << how << latency << "\nhz";
      for (std::size_t c = 0; c < channels; ++c) table << ",magnitude_db_" << c + 1 << ",phase_deg_" << c + 1;
      table << '\n';
      for (std::size_t i = 0; i < hz.size(); ++i) {
        table << number(hz[i]);
        for (std::size_t c = 0; c < channels; ++c)
          table << ',' << number(r.magnitude_db[c][i]) << ',' << number(r.phase_deg[c][i]);
        table << '\n';
      }
      table << '\n';
    }
    if (want.impulse) {
      const std::size_t channels = ir.channels.size();
      // Shown up to where the response stays below -60 dB of its peak, plus a margin.
      double peak = 0.0;
      std::size_t last = 0, length = 0;
      for (const auto& h : ir.channels) {
        length = std::max(length, h.size());
        for (double v : h) peak = std::max(peak, std::abs(v));
      }
      for (const auto& h : ir.channels)
        for (std::size_t i = 0; i < h.size(); ++i)
          if (std::abs(h[i]) >= peak * 1e-3) last = std::max(last, i);
      const auto min_shown = static_cast<std::size_t>(o.sample_rate / 1000.0);
      const std::size_t shown = std::min(length, std::max(min_shown, last + last / 5 + 2));
      std::vector<double> ms(shown);
      for (std::size_t i = 0; i < shown; ++i) ms[i] = 1000.0 * static_cast<double>(i) / o.sample_rate;
      std::vector<std::vector<double>> ys;
      for (const auto& h : ir.channels) ys.emplace_back(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(shown));
      Chart c = make_chart(axis("Time (ms)", 0.0, ms.empty() ? 1.0 : std::max(ms.back(), 1e-3), false, 0.0),
              fit_axis("Amplitude (re impulse)", ys, 1e-3, -1e9), per_channel(ms, ys), false);
      c.title = "Impulse response" + latency + channels_note(channels, c.series);
      charts.push_back(std::move(c));
      table << "# impulse response (first " << shown << " samples)\nms";
      for (std::size_t ch = 0; ch < channels; ++ch) table << ",amplitude_" << ch + 1;
      table << '\n';
      for (std::size_t i = 0; i < shown; ++i) {
        table << number(ms[i]);
        for (std::size_t ch = 0; ch < channels; ++ch) table << ',' << number(ys[ch][i]);
        table << '\n';
      }
      table << '\n';
    }
  }

  if (want.thd) {
    std::vector<double> levels;
    std::vector<std::vector<double>> thd_db;
    double hz = o.thd_hz;
    for (double level = thd_levels_from; level <= 1e-9; level += thd_levels_step) {
      host::Harmonics h;
      if (!host::measure_harmonics(*p, o.thd_hz, level, harmonic_count, sine_settle_seconds, h, error)) {
        return fail(error);
      }
      hz = h.hz;
      levels.push_back(level);
      thd_db.resize(h.thd.size());
      for (std::size_t c = 0; c < h.thd.size(); ++c)
        thd_db[c].push_back(h.thd[c] > 0.0 ? 20.0 * std::log10(h.thd[c]) : -std::numeric_limits<double>::infinity());
    }
    Chart c = make_chart(axis("Input level (dBFS, sine peak)", levels.front(), levels.back(), false, 6.0),
            fit_axis("THD (dB re fundamental)", thd_db, 40.0, -200.0), per_channel(levels, thd_db), false);
    c.title = "Total harmonic distortion (harmonics 2-" + std::to_string(harmonic_count) + ") of a " +
              number(hz) + " Hz sine" + channels_note(thd_db.size(), c.series);
    charts.push_back(std::move(c));
    table << "# thd of a " << number(hz) << " Hz sine (harmonics 2-" << harmonic_count << ")\nlevel_dbfs";
    for (std::size_t ch = 0; ch < thd_db.size(); ++ch) table << ",thd_db_" << ch + 1;
    table << '\n';
    for (std::size_t i = 0; i < levels.size(); ++i) {
      table << number(levels[i]);
      for (const auto& t : thd_db) table << ',' << number(t[i]);
      table << '\n';
    }
    table << '\n';
  }

  if (want.harmonics) {
    host::Harmonics h;
    if (!host::measure_harmonics(*p, o.thd_hz, o.level_dbfs, harmonic_count, sine_settle_seconds, h, error)) {
      return fail(error);
    }
    std::vector<double> k;
    std::vector<std::vector<double>> ys;
    for (const auto& ch : h.db) {
      std::vector<double> y;
      for (std::size_t i = 1; i < ch.size(); ++i) y.push_back(ch[i]);
      ys.push_back(std::move(y));
    }
    for (std::size_t i = 2; i < 2 + (ys.empty() ? 0 : ys[0].size()); ++i) k.push_back(static_cast<double>(i));
    if (k.empty()) return fail("no harmonic of " + number(h.hz) + " Hz lies below Nyquist");
    ChartAxis y = fit_axis("Level (dB re fundamental)", ys, 20.0, -200.0);
    Chart c = make_chart(axis("Harmonic number", 1.5, k.back() + 0.5, false, 1.0), y, per_channel(k, ys), true);
    c.title = "Harmonics of a " + number(h.hz) + " Hz sine at " + number(o.level_dbfs) + " dBFS" +
              channels_note(ys.size(), c.series);
    charts.push_back(std::move(c));
    table << "# harmonics of a " << number(h.hz) << " Hz sine at " << number(o.level_dbfs)
          << " dBFS (1: gain of the fundamental)\nharmonic";
    for (std::size_t ch = 0; ch < h.db.size(); ++ch) table << ",db_" << ch + 1;
    table << '\n';
    for (std::size_t i = 0; i < (h.db.empty() ? 0 : h.db[0].size()); ++i) {
      table << i + 1;
      for (const auto& ch : h.db) table << ',' << number(ch[i]);
      table << '\n';
    }
    table << '\n';
  }

  if (o.table) std::cout << table.str();
  if (!o.output.empty()) {
    std::ofstream out(o.output, std::ios::binary);
    out << svg_document(charts);
    out.close();
    if (!out) return fail("cannot write " + o.output);
    std::fprintf(stderr, "plinth: plotted %zu chart%s of %s to %s\n", charts.size(), charts.size() == 1 ? "" : "s",
                 cls->name.c_str(), o.output.c_str());
  }
  return 0;
}

}  // namespace plinth::tool
