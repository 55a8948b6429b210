#include "svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <sstream>

namespace plinth::tool {
namespace {

constexpr int chart_height = 320;
constexpr int left = 80, right = 30, top = 40, bottom = 60;
constexpr const char* palette[] = {"#1f5fbf", "#d0461f", "#2a9d3a", "#8e44ad", "#c49a00", "#148f8f"};

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  std::string s = buffer;
  // No "-0" labels.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// 20, 500, 1k, 2.5k, 20k: how frequencies are written on audio plots.
std::string short_number(double v) {
  if (std::abs(v) >= 1000.0) {
    const double k = v / 1000.0;
    return fixed(k, std::abs(k - std::round(k)) < 1e-9 ? 0 : 1) + "k";
  }
  return fixed(v, std::abs(v - std::round(v)) < 1e-9 ? 0 : (std::abs(v) >= 0.1 ? 1 : 3));
}

double nice_step(double span, int target) {
  const double raw = span / std::max(1, target);
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * decade >= raw) return m * decade;
  return 10.0 * decade;
}

struct Tick {
  double value;
  bool major;
  std::string label;  // empty: gridline only
};

std::vector<Tick> ticks(const ChartAxis& a, int target) {
  std::vector<Tick> out;
  if (a.log) {
    for (int d = static_cast<int>(std::floor(std::log10(a.min))); d <= static_cast<int>(std::ceil(std::log10(a.max)));
         ++d) {
      for (int m = 1; m <= 9; ++m) {
        const double v = m * std::pow(10.0, d);
        if (v < a.min * (1 - 1e-9) || v > a.max * (1 + 1e-9)) continue;
        out.push_back({v, m == 1, m == 1 || m == 2 || m == 5 ? short_number(v) : ""});
      }
    }
    return out;
  }
  const double step = a.step > 0.0 ? a.step : nice_step(a.max - a.min, target);
  int decimals = 0;  // as many as the step needs: 2.5 -> 1, 0.25 -> 2
  while (decimals < 6 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
    ++decimals;
  for (double v = std::ceil(a.min / step - 1e-9) * step; v <= a.max + step * 1e-9; v += step) {
    const double r = std::abs(v) < step * 1e-9 ? 0.0 : v;
    std::string label = step >= 1000.0 ? short_number(r) : fixed(r, decimals);
    out.push_back({r, true, label});
  }
  return out;
}

// Position of v along the axis, 0 at min to 1 at max.
double fraction(const ChartAxis& a, double v) {
  if (a.log) return (std::log10(v) - std::log10(a.min)) / (std::log10(a.max) - std::log10(a.min));
  return (v - a.min) / (a.max - a.min);
}

void chart_svg(std::ostringstream& s, const Chart& c, int width, int y0) {
  const double w = width - left - right;
  const double h = chart_height - top - bottom;
  const double px0 = left, py0 = y0 + top;
  auto px = [&](double v) { return px0 + w * fraction(c.x, v); };
  // Off-scale values are drawn just beyond the plot (then clipped) so lines leave it cleanly.
  auto py = [&](double v) { return py0 + h * (1.0 - std::clamp(fraction(c.y, v), -0.05, 1.05)); };
  const std::string clip = "plot" + std::to_string(y0);

  s << "<g>\n<text x=\"" << width / 2 << "\" y=\"" << y0 + 24
    << "\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">" << escape(c.title) << "</text>\n";
  s << "<clipPath id=\"" << clip << "\"><rect x=\"" << px0 << "\" y=\"" << py0 << "\" width=\"" << w
    << "\" height=\"" << h << "\"/></clipPath>\n";
  s << "<rect x=\"" << px0 << "\" y=\"" << py0 << "\" width=\"" << w << "\" height=\"" << h
    << "\" fill=\"#ffffff\" stroke=\"none\"/>\n";
  for (const Tick& t : ticks(c.x, 10)) {
    const double x = px(t.value);
    s << "<line x1=\"" << fixed(x, 2) << "\" y1=\"" << py0 << "\" x2=\"" << fixed(x, 2) << "\" y2=\"" << py0 + h
      << "\" stroke=\"" << (t.major ? "#b0b0b0" : "#e2e2e2") << "\" stroke-width=\"1\"/>\n";
    if (!t.label.empty())
      s << "<text x=\"" << fixed(x, 2) << "\" y=\"" << py0 + h + 18 << "\" text-anchor=\"middle\" font-size=\"12\">"
        << escape(t.label) << "</text>\n";
  }
  for (const Tick& t : ticks(c.y, 8)) {
    const double y = py(t.value);
    s << "<line x1=\"" << px0 << "\" y1=\"" << fixed(y, 2) << "\" x2=\"" << px0 + w << "\" y2=\"" << fixed(y, 2)
      << "\" stroke=\"" << (t.major ? "#b0b0b0" : "#e2e2e2") << "\" stroke-width=\"1\"/>\n";
    if (!t.label.empty())
      s << "<text x=\"" << px0 - 8 << "\" y=\"" << fixed(y + 4, 2) << "\" text-anchor=\"end\" font-size=\"12\">"
        << escape(t.label) << "</text>\n";
  }
  s << "<rect x=\"" << px0 << "\" y=\"" << py0 << "\" width=\"" << w << "\" height=\"" << h
    << "\" fill=\"none\" stroke=\"#404040\" stroke-width=\"1\"/>\n";
  s << "<text x=\"" << px0 + w / 2 << "\" y=\"" << py0 + h + 44 << "\" text-anchor=\"middle\" font-size=\"13\">"
    << escape(c.x.label) << "</text>\n";
  s << "<text x=\"" << left - 56 << "\" y=\"" << py0 + h / 2 << "\" text-anchor=\"middle\" font-size=\"13\" "
    << "transform=\"rotate(-90 " << left - 56 << " " << py0 + h / 2 << ")\">" << escape(c.y.label) << "</text>\n";

  s << "<g clip-path=\"url(#" << clip << ")\">\n";
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const ChartSeries& series = c.series[i];
    const char* color = palette[i % std::size(palette)];
    const std::size_t n = std::min(series.x.size(), series.y.size());
    if (c.bars) {
      const double slot = n > 0 ? w / ((c.x.max - c.x.min) * 1.0) : 0.0;
      const double bar = slot * 0.6 / static_cast<double>(std::max<std::size_t>(1, c.series.size()));
      for (std::size_t k = 0; k < n; ++k) {
        if (std::isnan(series.y[k])) continue;
        const double x = px(series.x[k]) - slot * 0.3 + bar * static_cast<double>(i);
        const double y = py(series.y[k]);
        s << "<rect x=\"" << fixed(x, 2) << "\" y=\"" << fixed(std::min(y, py0 + h), 2) << "\" width=\""
          << fixed(bar, 2) << "\" height=\"" << fixed(std::max(0.0, py0 + h - y), 2) << "\" fill=\"" << color
          << "\"/>\n";
      }
      continue;
    }
    // A NaN breaks the line; infinities sit just off the plot.
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        s << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1.8\" points=\"" << points
          << "\"/>\n";
      points.clear();
    };
    for (std::size_t k = 0; k < n; ++k) {
      if (std::isnan(series.y[k]) || !std::isfinite(series.x[k])) {
        flush();
        continue;
      }
      points += fixed(px(series.x[k]), 2) + "," + fixed(py(series.y[k]), 2) + " ";
    }
    flush();
  }
  s << "</g>\n";
  if (c.series.size() > 1) {
    // On a white box, so busy data (a reverb's response) does not hide it.
    s << "<rect x=\"" << px0 + w - 148 << "\" y=\"" << py0 + 4 << "\" width=\"140\" height=\""
      << 18 * c.series.size() + 8 << "\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#b0b0b0\"/>\n";
    for (std::size_t i = 0; i < c.series.size(); ++i) {
      const double ly = py0 + 16 + 18 * static_cast<double>(i);
      const double lx = px0 + w - 140;
      s << "<line x1=\"" << lx << "\" y1=\"" << ly - 4 << "\" x2=\"" << lx + 24 << "\" y2=\"" << ly - 4
        << "\" stroke=\"" << palette[i % std::size(palette)] << "\" stroke-width=\"3\"/>\n";
      s << "<text x=\"" << lx + 30 << "\" y=\"" << ly << "\" font-size=\"12\">" << escape(c.series[i].name)
        << "</text>\n";
    }
  }
  s << "</g>\n";
}

}  // namespace

ChartAxis fit_axis(std::string label, const std::vector<std::vector<double>>& values, double min_span, double floor) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& v : values)
    for (double x : v)
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
  if (!std::isfinite(lo)) lo = hi = 0.0;
  lo = std::max(lo, floor);
  hi = std::max(hi, lo);
  if (hi - lo < min_span) {
    const double mid = (hi + lo) / 2;
    lo = mid - min_span / 2;
    hi = mid + min_span / 2;
  }
  const double step = nice_step(hi - lo, 8);
  ChartAxis a;
  a.label = std::move(label);
  a.min = std::floor(lo / step + 1e-9) * step;
  a.max = std::ceil(hi / step - 1e-9) * step;
  if (a.max <= a.min) a.max = a.min + step;
  a.step = step;
  return a;
}

std::string svg_document(const std::vector<Chart>& charts, int width) {
  std::ostringstream s;
  const int height = chart_height * static_cast<int>(std::max<std::size_t>(1, charts.size()));
  s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"sans-serif\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"#f7f7f7\"/>\n";
  for (std::size_t i = 0; i < charts.size(); ++i) chart_svg(s, charts[i], width, chart_height * static_cast<int>(i));
  s << "</svg>\n";
  return s.str();
}

}  // namespace plinth::tool
