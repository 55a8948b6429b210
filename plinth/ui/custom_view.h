#pragma once
// Custom views: what a plugin adds to its generic editor, in its own class:
//
//   void customize_editor(plinth::EditorHooks& editor) override {
//     editor.add_panel(120, [this](plinth::ui::Canvas& c, plinth::ui::Rect r, const plinth::ui::Theme& t,
//                                  float scale) { /* draw from parameter values and fields */ },
//                      [this] { return frames_received_; });
//   }
//
// A panel is a full-width strip under the controls, `height` logical pixels tall. It is
// painted with the rest of the editor, on the UI thread, whenever a control moved or its
// version (optional) changed. Data from the audio thread reaches the controller side's
// instance (the one customize_editor runs on) through send_to_controller and
// on_processor_message; the editor keeps them coming while it is open.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "plinth/ui/canvas.h"
#include "plinth/ui/widgets.h"

namespace plinth {

struct EditorPanel {
  float height = 0;  // logical pixels
  std::function<void(ui::Canvas&, ui::Rect, const ui::Theme&, float scale)> paint;
  std::function<std::uint64_t()> version;  // empty: repainted only with the controls
};

struct EditorHooks {
  void add_panel(float height, decltype(EditorPanel::paint) paint, decltype(EditorPanel::version) version = {}) {
    panels.push_back({height, std::move(paint), std::move(version)});
  }
  std::vector<EditorPanel> panels;
};

}  // namespace plinth
