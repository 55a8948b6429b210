#include "plinth/ui/layout.h"

#include <algorithm>
#include <cmath>

namespace plinth::ui {

namespace {

std::vector<std::int32_t> section_order(std::span<const ControlInfo> controls) {
  std::vector<std::int32_t> order;
  for (const auto& c : controls)
    if (std::find(order.begin(), order.end(), c.group) == order.end()) order.push_back(c.group);
  return order;
}

int px(float logical, float scale) { return static_cast<int>(std::lround(logical * scale)); }

}  // namespace

int preferred_width(std::span<const ControlInfo> controls, float scale) {
  std::size_t widest = 1;
  for (const auto g : section_order(controls)) {
    const auto n = static_cast<std::size_t>(
        std::count_if(controls.begin(), controls.end(), [g](const ControlInfo& c) { return c.group == g; }));
    widest = std::max(widest, n);
  }
  const int columns = std::clamp(static_cast<int>(widest), 3, layout_max_columns);
  return px(layout_margin * 2 + layout_cell_w * static_cast<float>(columns), scale);
}

int minimum_width(std::span<const ControlInfo>, float scale) {
  return px(layout_margin * 2 + layout_cell_w * 3, scale);
}

Layout layout_controls(std::span<const ControlInfo> controls, int width, float scale, float panels_height) {
  Layout out;
  out.width = width;
  const float margin = layout_margin * scale, cell_w = std::round(layout_cell_w * scale),
              cell_h = std::round(layout_cell_h * scale);
  out.header = {0, 0, static_cast<float>(width), std::round(layout_header * scale)};
  const int columns = std::max(1, static_cast<int>((static_cast<float>(width) - 2 * margin) / cell_w));
  const auto sections = section_order(controls);
  const bool headings = sections.size() > 1 || (!sections.empty() && sections[0] != 0);
  float y = out.header.h + margin * 0.5f;
  for (const auto g : sections) {
    if (headings) {
      std::string name;
      for (const auto& c : controls)
        if (c.group == g) {
          name = c.group_name;
          break;
        }
      out.headings.push_back({name, {margin, y, static_cast<float>(width) - 2 * margin, layout_heading * scale}});
      y += layout_heading * scale;
    }
    int column = 0;
    for (std::size_t i = 0; i < controls.size(); ++i) {
      if (controls[i].group != g) continue;
      if (column == columns) {
        column = 0;
        y += cell_h;
      }
      out.controls.push_back({i, {std::round(margin + cell_w * static_cast<float>(column)), std::round(y), cell_w, cell_h}});
      ++column;
    }
    y += cell_h + margin * 0.5f;
  }
  if (panels_height > 0) {
    out.panels = {margin, std::round(y), static_cast<float>(width) - 2 * margin, std::round(panels_height * scale)};
    y += out.panels.h + margin * 0.5f;
  }
  out.height = static_cast<int>(std::ceil(y + margin * 0.5f));
  return out;
}

}  // namespace plinth::ui
