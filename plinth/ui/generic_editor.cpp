#include "plinth/ui/generic_editor.h"

#include <algorithm>
#include <cmath>

namespace plinth::ui {

GenericEditor::GenericEditor(std::string title, std::vector<ParamDescription> params, EditorModel& model,
                             std::vector<EditorPanel> panels)
    : title_(std::move(title)), params_(std::move(params)), model_(model), panels_(std::move(panels)) {
  for (const auto& p : params_) controls_.push_back(p.control);
  for (const auto& panel : panels_) panels_height_ += std::max(0.0f, panel.height) + layout_margin * 0.5f;
  panel_versions_.assign(panels_.size(), 0);
  size_ = preferred_size();
  relayout();
}

void GenericEditor::set_scale(float scale) {
  if (!(scale > 0.25f && scale < 8.0f)) scale = 1.0f;
  if (scale == scale_) return;
  const float ratio = scale / scale_;
  scale_ = scale;
  size_ = constrain({static_cast<int>(std::lround(static_cast<float>(size_.width) * ratio)), 0});
  relayout();
}

Size GenericEditor::preferred_size() const { return constrain({preferred_width(controls_, scale_), 0}); }

Size GenericEditor::constrain(Size proposed) const {
  const int min_w = minimum_width(controls_, scale_);
  const int max_w = static_cast<int>(std::lround(static_cast<float>(layout_max_width) * scale_));
  const int width = std::clamp(proposed.width, min_w, max_w);
  // The height follows from the width: exactly what the controls need.
  return {width, layout_controls(controls_, width, scale_, panels_height_).height};
}

void GenericEditor::set_size(Size size) {
  size_ = size;
  relayout();
}

void GenericEditor::relayout() {
  captured_ = nullptr;
  layout_ = layout_controls(controls_, size_.width, scale_, panels_height_);
  widgets_.clear();
  for (const auto& placed : layout_.controls) {
    const ParamDescription& p = params_[placed.index];
    std::unique_ptr<ParamControl> w;
    const auto& c = p.control;
    switch (c.kind) {
      case ControlKind::knob: w = std::make_unique<Knob>(model_, c.id, c.name, p.steps, p.default_normalized); break;
      case ControlKind::toggle: w = std::make_unique<Toggle>(model_, c.id, c.name, p.steps, p.default_normalized); break;
      case ControlKind::choice: w = std::make_unique<Choice>(model_, c.id, c.name, p.steps, p.default_normalized); break;
      case ControlKind::meter: w = std::make_unique<Meter>(model_, c.id, c.name, p.steps, p.default_normalized); break;
    }
    w->bounds = placed.cell;
    widgets_.push_back(std::move(w));
  }
  layout_dirty_ = true;
}

bool GenericEditor::paint(Canvas& canvas, bool force) {
  if (canvas.width() != size_.width || canvas.height() != size_.height) {
    canvas.resize(size_.width, size_.height);
    force = true;
  }
  bool panels_moved = false;
  for (std::size_t i = 0; i < panels_.size(); ++i)
    if (panels_[i].version) {
      const std::uint64_t v = panels_[i].version();
      panels_moved = panels_moved || v != panel_versions_[i];
      panel_versions_[i] = v;
    }
  if (!force && !layout_dirty_ && !panels_moved &&
      std::none_of(widgets_.begin(), widgets_.end(), [](const auto& w) { return w->stale(); }))
    return false;
  layout_dirty_ = false;
  const float s = scale_;
  const Font font = Font::pick(s);
  canvas.clear(theme_.background);
  canvas.fill_rect(layout_.header, theme_.header);
  canvas.text({layout_margin * s, 0, layout_.header.w - 2 * layout_margin * s, layout_.header.h}, title_, theme_.text,
              Align::left, font);
  canvas.text({layout_margin * s, 0, layout_.header.w - 2 * layout_margin * s, layout_.header.h}, "Plinth",
              theme_.accent_dim, Align::right, font);
  for (const auto& h : layout_.headings) {
    canvas.text(h.rect, h.name, theme_.accent, Align::left, font);
    const float text_w = static_cast<float>(Canvas::text_width(h.name, font)) + 8 * s;
    canvas.fill_rect({h.rect.x + text_w, std::round(h.rect.cy()), std::max(0.0f, h.rect.w - text_w), std::max(1.0f, std::round(s))},
                     theme_.track);
  }
  for (const auto& w : widgets_) {
    canvas.fill_round_rect({w->bounds.x + 2 * s, w->bounds.y + 2 * s, w->bounds.w - 4 * s, w->bounds.h - 4 * s}, 6 * s,
                           theme_.panel);
    w->paint(canvas, theme_, s);
  }
  float y = layout_.panels.y;
  for (const auto& panel : panels_) {
    const Rect r{layout_.panels.x, y, layout_.panels.w, std::round(std::max(0.0f, panel.height) * s)};
    canvas.fill_round_rect(r, 6 * s, theme_.panel);
    if (panel.paint) panel.paint(canvas, r, theme_, s);
    y += r.h + std::round(layout_margin * 0.5f * s);
  }
  return true;
}

Widget* GenericEditor::widget_at(float x, float y) {
  for (const auto& w : widgets_)
    if (w->bounds.contains(x, y)) return w.get();
  return nullptr;
}

void GenericEditor::mouse_down(float x, float y, int button, Modifiers mods, bool double_click) {
  if (button != 1) return;
  captured_ = widget_at(x, y);
  if (captured_ != nullptr) captured_->mouse_down(x, y, mods, double_click);
}

void GenericEditor::mouse_move(float x, float y, Modifiers mods) {
  if (captured_ != nullptr) captured_->mouse_drag(x, y, mods);
}

void GenericEditor::mouse_up(float x, float y, int button) {
  if (button != 1 || captured_ == nullptr) return;
  captured_->mouse_up(x, y);
  captured_ = nullptr;
}

void GenericEditor::wheel(float x, float y, float steps, Modifiers mods) {
  if (captured_ != nullptr) return;  // not in the middle of a drag gesture
  if (Widget* w = widget_at(x, y)) w->wheel(steps, mods);
}

}  // namespace plinth::ui
