#pragma once
// Line and bar charts written as one standalone SVG document: charts stacked vertically,
// each with a title, gridlines, tick labels and axis labels (units in the label).

#include <string>
#include <vector>

namespace plinth::tool {

struct ChartAxis {
  std::string label;  // e.g. "Frequency (Hz)"
  double min = 0.0;
  double max = 1.0;
  bool log = false;   // base-10 ticks at 1, 2, 5 x 10^k; min must be > 0
  double step = 0.0;  // tick spacing for linear axes; 0 picks a 1-2-5 step
};

struct ChartSeries {
  std::string name;  // shown in the legend when a chart has more than one series
  std::vector<double> x, y;
};

struct Chart {
  std::string title;
  ChartAxis x, y;
  std::vector<ChartSeries> series;
  bool bars = false;  // vertical bars from the bottom of the y axis instead of lines
};

// Picks a y range covering `values` (finite ones) with 1-2-5 ticks, at least `min_span`
// wide and no lower than `floor`.
ChartAxis fit_axis(std::string label, const std::vector<std::vector<double>>& values, double min_span, double floor);

// The document: charts stacked top to bottom, `width` pixels wide.
std::string svg_document(const std::vector<Chart>& charts, int width = 900);

}  // namespace plinth::tool
