#pragma once
// Where the generic editor puts each parameter's control. A pure function of the
// parameter list, so a host (the project's own, in tests) can compute the same places
// from the plugin's ParameterInfo and press on a control with synthetic input.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "plinth/ui/canvas.h"

namespace plinth::ui {

enum class ControlKind : std::uint8_t { knob, toggle, choice, meter };

// The same rule on both sides of the ABI: outputs are meters, two-state parameters are
// toggles, lists are choices, everything else a knob.
constexpr ControlKind control_kind(int step_count, bool is_list, bool read_only) noexcept {
  if (read_only) return ControlKind::meter;
  if (step_count == 1) return ControlKind::toggle;
  if (is_list) return ControlKind::choice;
  return ControlKind::knob;
}

struct ControlInfo {
  std::uint32_t id = 0;
  std::string name;
  std::int32_t group = 0;
  std::string group_name;  // used only for the heading
  ControlKind kind = ControlKind::knob;
};

struct PlacedControl {
  std::size_t index = 0;  // into the ControlInfo list
  Rect cell;              // physical pixels
};

struct Heading {
  std::string name;
  Rect rect;
};

struct Layout {
  Rect header;
  std::vector<Heading> headings;
  std::vector<PlacedControl> controls;
  Rect panels;  // where custom panels go, full width under the controls
  int width = 0;
  int height = 0;  // what the controls need at this width
};

// Logical (1x) sizes; everything scales by the UI scale.
inline constexpr float layout_margin = 10.0f;
inline constexpr float layout_header = 30.0f;
inline constexpr float layout_heading = 20.0f;
inline constexpr float layout_cell_w = 84.0f;
inline constexpr float layout_cell_h = 96.0f;
inline constexpr int layout_max_columns = 6;
inline constexpr float knob_centre_y = 46.0f;  // from a knob cell's top
inline constexpr int layout_max_width = 2400;  // logical

// Sections follow each group's first appearance in the list; each starts a new row.
// `panels_height` (logical) is room for custom panels under the controls: control places
// never depend on it, so a host can find them from the parameter list alone.
Layout layout_controls(std::span<const ControlInfo> controls, int width, float scale, float panels_height = 0);
// The width that shows up to layout_max_columns cells a row, and the least usable one.
int preferred_width(std::span<const ControlInfo> controls, float scale);
int minimum_width(std::span<const ControlInfo> controls, float scale);

}  // namespace plinth::ui
