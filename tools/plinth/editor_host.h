#pragma once
// `plinth editor`'s platform half: the host side of an editor on one platform (a top-level
// window as the view's parent, the IPlugFrame around the view, the event loop, synthetic
// input and capture). editor.cpp holds everything else, the same on every platform; one
// implementation per platform in editor_linux.cpp (X11, XTest) and editor_windows.cpp
// (Win32, SendInput).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plinth/abi/vst3.h"

namespace plinth::tool {

using EditorClock = std::chrono::steady_clock;

enum class PointerEvent { move, press, release };

// One top-level window and the frame the view is attached through; the window is
// destroyed with the object (or earlier by destroy()).
class EditorHostWindow {
public:
  virtual ~EditorHostWindow() = default;
  // What attached() gets, with EditorHost::platform_type().
  [[nodiscard]] virtual void* parent() const = 0;
  [[nodiscard]] virtual abi::IPlugFrame* frame() = 0;
  // Runs the platform's event loop (and the run loop the view registered with) this long.
  virtual void run_for(EditorClock::duration duration) = 0;
  // Sets the client area's size, as a host does before calling the view's on_size.
  virtual void resize(int width, int height) = 0;
  // The client area's pixels (0x00RRGGBB, row by row); false when it cannot be read.
  virtual bool capture(int width, int height, std::vector<std::uint32_t>& pixels) = 0;
  // Synthetic input from the system (left button), at client coordinates, then runs the loop briefly.
  virtual void pointer(PointerEvent event, int x, int y) = 0;
  // Interactive: until the window is closed or `seconds` pass (< 0: no limit); resizes
  // by the user go to the view (check_size_constraint, on_size).
  virtual void run_interactive(abi::IPlugView& view, double seconds) = 0;
  // Destroys the top-level now (a host closing its window before removed()).
  virtual void destroy() = 0;
  // Handlers the view left registered in the host's run loop (Linux), references it kept to the frame.
  [[nodiscard]] virtual std::size_t registered() const = 0;
  [[nodiscard]] virtual std::uint32_t frame_refs() const = 0;
  // resize_view calls the frame got.
  int resize_requests = 0;
  // The host's own UI-thread work between events (forwarding output parameters), called
  // by run_for on every turn of the loop.
  std::function<void()> on_idle;
};

class EditorHost {
public:
  virtual ~EditorHost() = default;
  // The platform's host, or null with `error` set (no X display).
  static std::unique_ptr<EditorHost> open(std::string& error);
  [[nodiscard]] virtual const char* platform_type() const = 0;
  // The screen's size: a window must be on it to be captured.
  virtual void screen_size(int& width, int& height) const = 0;
  // A shown top-level window with a client area of this size.
  virtual std::unique_ptr<EditorHostWindow> make_window(int width, int height, const std::string& title,
                                                        std::string& error) = 0;
};

// What the process holds, to show open/close cycles leave nothing behind: open files
// (descriptors on Linux, handles on Windows; -1 when the system does not say) and
// resident memory in kB.
int open_handles();
long resident_kb();

}  // namespace plinth::tool
