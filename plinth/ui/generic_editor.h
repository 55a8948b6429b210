#pragma once
// The editor every Plinth plugin gets: a header with the plugin's name, then one control
// per visible parameter, grouped by parameter group, at any UI scale and any width
// between its minimum and maximum. Pixels in, pixels out: the platform window feeds it
// mouse input in physical pixels and shows the canvas it paints.

#include <memory>
#include <string>
#include <vector>

#include "plinth/ui/canvas.h"
#include "plinth/ui/custom_view.h"
#include "plinth/ui/layout.h"
#include "plinth/ui/widgets.h"

namespace plinth::ui {

struct ParamDescription {
  ControlInfo control;
  int steps = 0;
  double default_normalized = 0.0;
};

struct Size {
  int width = 0;
  int height = 0;
  friend bool operator==(const Size&, const Size&) = default;
};

class GenericEditor {
public:
  GenericEditor(std::string title, std::vector<ParamDescription> params, EditorModel& model,
                std::vector<EditorPanel> panels = {});

  void set_scale(float scale);
  [[nodiscard]] float scale() const noexcept { return scale_; }
  [[nodiscard]] Size preferred_size() const;
  // Clamps a proposed size to what the editor accepts at its scale.
  [[nodiscard]] Size constrain(Size proposed) const;
  void set_size(Size size);
  [[nodiscard]] Size size() const noexcept { return size_; }

  // Paints everything when anything moved (or always with force); true when painted.
  bool paint(Canvas& canvas, bool force = false);

  void mouse_down(float x, float y, int button, Modifiers mods, bool double_click);
  void mouse_move(float x, float y, Modifiers mods);
  void mouse_up(float x, float y, int button);
  void wheel(float x, float y, float steps, Modifiers mods);

  [[nodiscard]] const Layout& layout() const noexcept { return layout_; }

private:
  void relayout();
  Widget* widget_at(float x, float y);

  std::string title_;
  std::vector<ParamDescription> params_;
  std::vector<ControlInfo> controls_;
  EditorModel& model_;
  Theme theme_;
  float scale_ = 1.0f;
  Size size_;
  Layout layout_;
  std::vector<std::unique_ptr<ParamControl>> widgets_;  // same order as layout_.controls
  std::vector<EditorPanel> panels_;
  std::vector<std::uint64_t> panel_versions_;
  float panels_height_ = 0;  // logical
  Widget* captured_ = nullptr;
  bool layout_dirty_ = true;
};

}  // namespace plinth::ui
