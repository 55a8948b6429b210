#pragma once
// The editor's controls: knob, toggle, choice (list), meter, and a label. Each draws
// itself into a Canvas and turns mouse input into parameter edits through EditorModel,
// as one begin/perform.../end gesture per drag, click, double-click or wheel step.

#include <cstdint>
#include <string>

#include "plinth/ui/canvas.h"

namespace plinth::ui {

// What an editor sees of the parameters; the bridge implements it over the plugin's
// controller and the host's component handler. UI thread only.
class EditorModel {
public:
  virtual ~EditorModel() = default;
  [[nodiscard]] virtual double normalized(std::uint32_t id) const = 0;
  [[nodiscard]] virtual std::string text(std::uint32_t id, double normalized) const = 0;
  virtual void begin_edit(std::uint32_t id) = 0;
  virtual void perform_edit(std::uint32_t id, double normalized) = 0;
  virtual void end_edit(std::uint32_t id) = 0;
};

// A value's text with its unit: "12.0 dB", but a ratio's ":1" attaches ("4.0:1"); a
// unit the text already carries (formatters for Hz, ms, % add their own) is not repeated.
[[nodiscard]] std::string with_unit(std::string text, const std::string& unit);

struct Theme {
  Color background = rgb(0x1E, 0x21, 0x26);
  Color header = rgb(0x15, 0x17, 0x1B);
  Color panel = rgb(0x27, 0x2B, 0x31);
  Color track = rgb(0x3A, 0x40, 0x48);
  Color accent = rgb(0x4F, 0xB3, 0xD9);
  Color accent_dim = rgb(0x2F, 0x6A, 0x82);
  Color text = rgb(0xE4, 0xE7, 0xEB);
  Color text_dim = rgb(0x9A, 0xA3, 0xAD);
  Color knob = rgb(0x33, 0x38, 0x3F);
};

struct Modifiers {
  bool shift = false;
  bool control = false;
};

class Widget {
public:
  virtual ~Widget() = default;
  Rect bounds;
  virtual void paint(Canvas& canvas, const Theme& theme, float scale) = 0;
  virtual void mouse_down(float /*x*/, float /*y*/, Modifiers, bool /*double_click*/) {}
  virtual void mouse_drag(float /*x*/, float /*y*/, Modifiers) {}
  virtual void mouse_up(float /*x*/, float /*y*/) {}
  virtual void wheel(float /*steps*/, Modifiers) {}
  // True when what the widget shows moved since it was last painted.
  [[nodiscard]] virtual bool stale() const { return false; }
};

class Label final : public Widget {
public:
  Label(std::string text, Color color, Align align) : text_(std::move(text)), color_(color), align_(align) {}
  void paint(Canvas& canvas, const Theme& theme, float scale) override;

private:
  std::string text_;
  Color color_;
  Align align_;
};

// A control bound to one parameter.
class ParamControl : public Widget {
public:
  ParamControl(EditorModel& model, std::uint32_t id, std::string name, int steps, double default_normalized)
      : model_(model), id_(id), name_(std::move(name)), steps_(steps), default_(default_normalized) {}
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  [[nodiscard]] bool stale() const override { return model_.normalized(id_) != painted_; }
  void wheel(float steps, Modifiers mods) override;

protected:
  [[nodiscard]] double value() const { return model_.normalized(id_); }
  [[nodiscard]] double quantize(double n) const noexcept;
  // A gesture: begin once, perform on every change, end once.
  void begin();
  void move_to(double n);
  void end();
  // One complete gesture to n (click, double-click, wheel).
  void set(double n);
  void paint_name(Canvas& canvas, const Theme& theme, float scale);
  void paint_value(Canvas& canvas, const Theme& theme, float scale, Rect box);

  EditorModel& model_;
  std::uint32_t id_;
  std::string name_;
  int steps_;
  double default_;
  double painted_ = -1.0;
  bool editing_ = false;
};

class Knob final : public ParamControl {
public:
  using ParamControl::ParamControl;
  void paint(Canvas& canvas, const Theme& theme, float scale) override;
  void mouse_down(float x, float y, Modifiers mods, bool double_click) override;
  void mouse_drag(float x, float y, Modifiers mods) override;
  void mouse_up(float x, float y) override;
  // Pixels (at 1x) of vertical travel for the full range; Shift makes it ten times finer.
  static constexpr float drag_range = 200.0f;

private:
  float scale_ = 1.0f;
  float last_y_ = 0;
  double accumulated_ = 0;
  bool dragging_ = false;
};

class Toggle final : public ParamControl {
public:
  using ParamControl::ParamControl;
  void paint(Canvas& canvas, const Theme& theme, float scale) override;
  void mouse_down(float x, float y, Modifiers mods, bool double_click) override;
};

// A list: a click steps to the next entry (the left third steps back), the wheel and a
// vertical drag move through it, a double-click restores the default.
class Choice final : public ParamControl {
public:
  using ParamControl::ParamControl;
  void paint(Canvas& canvas, const Theme& theme, float scale) override;
  void mouse_down(float x, float y, Modifiers mods, bool double_click) override;
};

// A read-only output: a bar and its text; never edits.
class Meter final : public ParamControl {
public:
  using ParamControl::ParamControl;
  void paint(Canvas& canvas, const Theme& theme, float scale) override;
  void wheel(float, Modifiers) override {}
};

}  // namespace plinth::ui
