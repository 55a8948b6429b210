#include "plinth/ui/widgets.h"

#include "plinth/ui/layout.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace plinth::ui {

namespace {
constexpr float knob_start = -0.75f * std::numbers::pi_v<float>;  // 7:30
constexpr float knob_end = 0.75f * std::numbers::pi_v<float>;    // 4:30
}  // namespace

void Label::paint(Canvas& canvas, const Theme&, float scale) {
  canvas.text(bounds, text_, color_, align_, Font::pick(scale));
}

double ParamControl::quantize(double n) const noexcept {
  n = std::clamp(n, 0.0, 1.0);
  if (steps_ > 0) n = std::round(n * steps_) / steps_;
  return n;
}

void ParamControl::begin() {
  if (editing_) return;
  editing_ = true;
  model_.begin_edit(id_);
}

void ParamControl::move_to(double n) {
  n = quantize(n);
  if (n != value()) model_.perform_edit(id_, n);
}

void ParamControl::end() {
  if (!editing_) return;
  editing_ = false;
  model_.end_edit(id_);
}

void ParamControl::set(double n) {
  if (editing_) {
    move_to(n);
    return;
  }
  if (quantize(n) == value()) return;
  begin();
  move_to(n);
  end();
}

void ParamControl::wheel(float steps, Modifiers mods) {
  // One wheel notch: one step of a stepped parameter, else 2 % (0.2 % with Shift).
  const double delta = steps_ > 0 ? 1.0 / steps_ : (mods.shift ? 0.002 : 0.02);
  set(value() + delta * steps);
}

void ParamControl::paint_name(Canvas& canvas, const Theme& theme, float scale) {
  canvas.text({bounds.x + 2 * scale, bounds.y + 2 * scale, bounds.w - 4 * scale, 16 * scale}, name_, theme.text_dim,
              Align::center, Font::pick(scale));
}

std::string with_unit(std::string text, const std::string& unit) {
  if (unit.empty() || text.find(unit) != std::string::npos) return text;
  if (unit.front() != ':' && unit.front() != '/') text += ' ';
  return text + unit;
}

void ParamControl::paint_value(Canvas& canvas, const Theme& theme, float scale, Rect box) {
  canvas.text(box, model_.text(id_, painted_), theme.text, Align::center, Font::pick(scale));
  (void)scale;
}

void Knob::paint(Canvas& canvas, const Theme& theme, float scale) {
  painted_ = value();
  scale_ = scale;
  paint_name(canvas, theme, scale);
  const float cx = bounds.cx(), cy = bounds.y + knob_centre_y * scale, r = 22 * scale;
  canvas.fill_circle(cx, cy, r - 5 * scale, theme.knob);
  canvas.arc(cx, cy, r, knob_start, knob_end, 4 * scale, theme.track);
  const float angle = knob_start + static_cast<float>(painted_) * (knob_end - knob_start);
  if (painted_ > 0.0) canvas.arc(cx, cy, r, knob_start, angle, 4 * scale, editing_ ? theme.text : theme.accent);
  const float inner = r - 8 * scale;
  canvas.line(cx + 3 * scale * std::sin(angle), cy - 3 * scale * std::cos(angle), cx + inner * std::sin(angle),
              cy - inner * std::cos(angle), 2.5f * scale, theme.text);
  paint_value(canvas, theme, scale, {bounds.x + 2 * scale, bounds.y + 74 * scale, bounds.w - 4 * scale, 16 * scale});
}

void Knob::mouse_down(float, float y, Modifiers, bool double_click) {
  if (double_click) {
    set(default_);
    return;
  }
  // The gesture begins with the first move that changes the value: a click alone (or
  // the first click of a double-click) leaves no empty edit in the host's undo history.
  last_y_ = y;
  accumulated_ = value();
  dragging_ = true;
}

void Knob::mouse_drag(float, float y, Modifiers mods) {
  if (!dragging_) return;
  // Accumulated travel, so Shift can be pressed or let go in the middle of a drag.
  const double travel = static_cast<double>(last_y_ - y) / (drag_range * scale_);
  accumulated_ = std::clamp(accumulated_ + travel * (mods.shift ? 0.1 : 1.0), 0.0, 1.0);
  last_y_ = y;
  if (quantize(accumulated_) == value()) return;
  begin();
  move_to(accumulated_);
}

void Knob::mouse_up(float, float) {
  dragging_ = false;
  end();
}

void Toggle::paint(Canvas& canvas, const Theme& theme, float scale) {
  painted_ = value();
  paint_name(canvas, theme, scale);
  const bool on = painted_ >= 0.5;
  const Rect pill{bounds.cx() - 20 * scale, bounds.y + 36 * scale, 40 * scale, 20 * scale};
  canvas.fill_round_rect(pill, pill.h * 0.5f, on ? theme.accent : theme.track);
  const float knob_x = on ? pill.right() - pill.h * 0.5f : pill.x + pill.h * 0.5f;
  canvas.fill_circle(knob_x, pill.cy(), pill.h * 0.5f - 3 * scale, theme.text);
  paint_value(canvas, theme, scale, {bounds.x + 2 * scale, bounds.y + 74 * scale, bounds.w - 4 * scale, 16 * scale});
}

void Toggle::mouse_down(float, float, Modifiers, bool) { set(value() >= 0.5 ? 0.0 : 1.0); }

void Choice::paint(Canvas& canvas, const Theme& theme, float scale) {
  painted_ = value();
  paint_name(canvas, theme, scale);
  const Rect box{bounds.x + 4 * scale, bounds.y + 34 * scale, bounds.w - 8 * scale, 24 * scale};
  canvas.fill_round_rect(box, 4 * scale, theme.panel);
  canvas.stroke_round_rect(box, 4 * scale, 1.0f * scale, theme.accent_dim);
  const Font font = Font::pick(scale);
  canvas.text({box.x + 4 * scale, box.y, 10 * scale, box.h}, "<", theme.text_dim, Align::left, font);
  canvas.text({box.right() - 14 * scale, box.y, 10 * scale, box.h}, ">", theme.text_dim, Align::right, font);
  canvas.text({box.x + 14 * scale, box.y, box.w - 28 * scale, box.h}, model_.text(id_, painted_), theme.text,
              Align::center, font);
  // Position in the list, as dots under the box (when few enough to count).
  if (steps_ > 0 && steps_ < 16) {
    const float gap = 6 * scale, start = bounds.cx() - gap * static_cast<float>(steps_) * 0.5f;
    const int current = static_cast<int>(std::lround(painted_ * steps_));
    for (int i = 0; i <= steps_; ++i)
      canvas.fill_circle(start + gap * static_cast<float>(i), bounds.y + 70 * scale, 2 * scale,
                         i == current ? theme.accent : theme.track);
  }
}

void Choice::mouse_down(float x, float, Modifiers, bool double_click) {
  if (double_click) {
    set(default_);
    return;
  }
  const int count = std::max(steps_, 1);
  const int current = static_cast<int>(std::lround(value() * count));
  const int next = x < bounds.x + bounds.w / 3 ? (current + count) % (count + 1) : (current + 1) % (count + 1);
  set(static_cast<double>(next) / count);
}

void Meter::paint(Canvas& canvas, const Theme& theme, float scale) {
  painted_ = value();
  paint_name(canvas, theme, scale);
  const Rect track{bounds.x + 10 * scale, bounds.y + 40 * scale, bounds.w - 20 * scale, 10 * scale};
  canvas.fill_round_rect(track, 3 * scale, theme.track);
  // The bar grows from the meter's resting value (its default): a level meter from the
  // left, a gain-reduction meter (resting at 0 dB, the top) from the right.
  const double from = std::min(painted_, default_), to = std::max(painted_, default_);
  if (to > from) {
    const Rect bar{track.x + track.w * static_cast<float>(from), track.y, track.w * static_cast<float>(to - from), track.h};
    canvas.fill_round_rect(bar, 3 * scale, theme.accent);
  }
  paint_value(canvas, theme, scale, {bounds.x + 2 * scale, bounds.y + 74 * scale, bounds.w - 4 * scale, 16 * scale});
}

}  // namespace plinth::ui
