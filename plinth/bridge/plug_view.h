#pragma once
// The controller's editor view (IPlugView): the generic editor in a platform window,
// driven by the host's run loop on Linux, by the window's own messages and timer on
// Windows. Parameter edits go to the host as begin/perform/end
// edits on the UI thread; host-side value changes are picked up by the view's timer,
// which only repaints.

#include <memory>
#include <string>

#include "plinth/abi/vst3.h"
#include "plinth/bridge/com.h"
#include "plinth/ui/canvas.h"
#include "plinth/ui/generic_editor.h"
#include "plinth/ui/window.h"

namespace plinth::bridge {

class Controller;
class RunLoopHandler;

class PlugView final : public abi::IPlugView,
                       public abi::IPlugViewContentScaleSupport,
                       private ui::WindowEvents,
                       private ui::EditorModel {
public:
  explicit PlugView(Controller& controller);
  ~PlugView();

  // FUnknown
  abi::tresult query_interface(const char* iid16, void** obj) override;
  std::uint32_t add_ref() override { return refs_.add(); }
  std::uint32_t release() override;

  // IPlugView
  abi::tresult is_platform_type_supported(abi::FIDString type) override;
  abi::tresult attached(void* parent, abi::FIDString type) override;
  abi::tresult removed() override;
  abi::tresult on_wheel(float distance) override;
  abi::tresult on_key_down(abi::char16 key, std::int16_t key_code, std::int16_t modifiers) override;
  abi::tresult on_key_up(abi::char16 key, std::int16_t key_code, std::int16_t modifiers) override;
  abi::tresult get_size(abi::ViewRect* size) override;
  abi::tresult on_size(abi::ViewRect* new_size) override;
  abi::tresult on_focus(abi::TBool state) override;
  abi::tresult set_frame(abi::IPlugFrame* frame) override;
  abi::tresult can_resize() override;
  abi::tresult check_size_constraint(abi::ViewRect* rect) override;

  // IPlugViewContentScaleSupport
  abi::tresult set_content_scale_factor(float factor) override;

  // From the run loop (RunLoopHandler).
  void on_fd_ready();
  // Also the window's own timer (ui::WindowEvents) where the window drives itself.
  void on_timer() override;

private:
  // ui::WindowEvents
  void on_mouse_down(float x, float y, int button, ui::Modifiers mods, bool double_click) override;
  void on_mouse_move(float x, float y, ui::Modifiers mods) override;
  void on_mouse_up(float x, float y, int button, ui::Modifiers mods) override;
  void on_wheel(float x, float y, float steps, ui::Modifiers mods) override;
  void on_expose() override;
  // ui::EditorModel
  [[nodiscard]] double normalized(std::uint32_t id) const override;
  [[nodiscard]] std::string text(std::uint32_t id, double normalized) const override;
  void begin_edit(std::uint32_t id) override;
  void perform_edit(std::uint32_t id, double normalized) override;
  void end_edit(std::uint32_t id) override;

  void refresh();
  void detach();

  RefCount refs_;
  Controller& controller_;
  std::unique_ptr<ui::GenericEditor> editor_;
  ui::Canvas canvas_;
  std::unique_ptr<ui::PlatformWindow> window_;
  HostRef<abi::IPlugFrame> frame_;
  HostRef<abi::linux_ui::IRunLoop> run_loop_;
  RunLoopHandler* handler_ = nullptr;  // our reference; the host may hold more
  bool in_on_size_ = false;
  float last_x_ = 0, last_y_ = 0;  // the pointer, for on_wheel from the host
};

}  // namespace plinth::bridge
