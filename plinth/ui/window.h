#pragma once
// The platform half of an editor: a child window inside the host's parent window that
// shows a Canvas and reports mouse input. It has no thread and no event loop of its own.
// On Linux the owner calls dispatch() from the host's run loop (fd ready, or its timer);
// on Windows the host's message loop delivers the window's messages, input included,
// and the window's own 16 ms WM_TIMER calls on_timer(). Everything on the UI thread.
// One implementation per platform, in a file named for it (window_linux.cpp: X11 through
// xcb; window_windows.cpp: a Win32 child window).

#include <memory>
#include <string>

#include "plinth/ui/canvas.h"
#include "plinth/ui/generic_editor.h"
#include "plinth/ui/widgets.h"

namespace plinth::ui {

class WindowEvents {
public:
  virtual ~WindowEvents() = default;
  // Coordinates in physical pixels; button 1 is the primary one.
  virtual void on_mouse_down(float x, float y, int button, Modifiers mods, bool double_click) = 0;
  virtual void on_mouse_move(float x, float y, Modifiers mods) = 0;
  virtual void on_mouse_up(float x, float y, int button, Modifiers mods) = 0;
  virtual void on_wheel(float x, float y, float steps, Modifiers mods) = 0;
  // The window's content was lost: show the canvas again.
  virtual void on_expose() = 0;
  // The window's own refresh timer (windows that need no run loop, see needs_run_loop).
  virtual void on_timer() = 0;
};

class PlatformWindow {
public:
  virtual ~PlatformWindow() = default;
  // Whether this build can embed in a parent of this type (VST 3's platform type string).
  static bool supports(const char* platform_type);
  // Whether the window must be driven from the host's run loop (Linux::IRunLoop: X11),
  // or is driven by the platform's message loop and a timer of its own (Windows).
  static bool needs_run_loop();
  // A child of `parent`, shown; null with `error` set when it cannot be made.
  static std::unique_ptr<PlatformWindow> create(void* parent, const char* platform_type, Size size,
                                                WindowEvents& events, std::string& error);

  // The descriptor to watch for input (the X connection), or -1.
  [[nodiscard]] virtual int event_fd() const = 0;
  // Handles every pending event. Safe to call when nothing is pending.
  virtual void dispatch() = 0;
  virtual void resize(Size size) = 0;
  virtual void present(const Canvas& canvas) = 0;
};

}  // namespace plinth::ui
