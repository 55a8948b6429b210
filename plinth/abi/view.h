// Editor views: the plugin's view object, the host's frame around it, and on Linux
// the host's run loop that drives the view's window (the plugin has no event loop
// of its own there).
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// A rectangle in physical pixels. 4 x int32, 16 bytes.
struct ViewRect {
  std::int32_t left = 0;
  std::int32_t top = 0;
  std::int32_t right = 0;
  std::int32_t bottom = 0;

  [[nodiscard]] constexpr std::int32_t width() const noexcept { return right - left; }
  [[nodiscard]] constexpr std::int32_t height() const noexcept { return bottom - top; }
};
static_assert(sizeof(ViewRect) == 16);
static_assert(offsetof(ViewRect, top) == 4);
static_assert(offsetof(ViewRect, right) == 8);
static_assert(offsetof(ViewRect, bottom) == 12);

// Platform type strings for IPlugView::attached; on Linux the parent is an X11
// window id (an integer passed in the void*).
inline constexpr const char* kPlatformTypeHwnd = "HWND";
inline constexpr const char* kPlatformTypeNsView = "NSView";
inline constexpr const char* kPlatformTypeX11EmbedWindowId = "X11EmbedWindowID";

// Key modifier bits for on_key_down/on_key_up.
inline constexpr std::int16_t kShiftKey = 1 << 0;
inline constexpr std::int16_t kAlternateKey = 1 << 1;
inline constexpr std::int16_t kCommandKey = 1 << 2;
inline constexpr std::int16_t kControlKey = 1 << 3;

struct IPlugFrame;

// Implemented by the plugin. Slots 3..15.
struct IPlugView : FUnknown {
  virtual tresult is_platform_type_supported(FIDString type) = 0;
  virtual tresult attached(void* parent, FIDString type) = 0;
  virtual tresult removed() = 0;
  virtual tresult on_wheel(float distance) = 0;
  virtual tresult on_key_down(char16 key, std::int16_t key_code, std::int16_t modifiers) = 0;
  virtual tresult on_key_up(char16 key, std::int16_t key_code, std::int16_t modifiers) = 0;
  virtual tresult get_size(ViewRect* size) = 0;
  // The host has resized (or is about to show) the view at this size: the only place
  // the plugin resizes its window.
  virtual tresult on_size(ViewRect* new_size) = 0;
  virtual tresult on_focus(TBool state) = 0;
  virtual tresult set_frame(IPlugFrame* frame) = 0;
  virtual tresult can_resize() = 0;
  virtual tresult check_size_constraint(ViewRect* rect) = 0;

  static constexpr Iid iid = make_iid(0x5BC32507, 0xD06049EA, 0xA6151B52, 0x2B755B29);

protected:
  ~IPlugView() = default;
};

// Implemented by the host. Slot 3. After resize_view the host calls the view's
// on_size in the same call stack when the size changes.
struct IPlugFrame : FUnknown {
  virtual tresult resize_view(IPlugView* view, ViewRect* new_size) = 0;

  static constexpr Iid iid = make_iid(0x367FAF01, 0xAFA94693, 0x8D4DA2A0, 0xED0882A3);

protected:
  ~IPlugFrame() = default;
};

// Optional, on the view: the host tells the UI scale (1.0 = 100 %). Slot 3. May come
// before or after attached.
struct IPlugViewContentScaleSupport : FUnknown {
  virtual tresult set_content_scale_factor(float factor) = 0;

  static constexpr Iid iid = make_iid(0x65ED9690, 0x8AC44525, 0x8AADEF7A, 0x72EA703F);

protected:
  ~IPlugViewContentScaleSupport() = default;
};

namespace linux_ui {

using TimerInterval = std::uint64_t;  // milliseconds
using FileDescriptor = int;

// Implemented by the plugin: the host calls it when the registered fd is ready. Slot 3.
struct IEventHandler : FUnknown {
  virtual void on_fd_is_set(FileDescriptor fd) = 0;

  static constexpr Iid iid = make_iid(0x561E65C9, 0x13A0496F, 0x813A2C35, 0x654D7983);

protected:
  ~IEventHandler() = default;
};

// Implemented by the plugin: called repeatedly at the registered interval. Slot 3.
struct ITimerHandler : FUnknown {
  virtual void on_timer() = 0;

  static constexpr Iid iid = make_iid(0x10BDD94F, 0x41424774, 0x821FAD8F, 0xECA72CA9);

protected:
  ~ITimerHandler() = default;
};

// Implemented by the host, found on the IPlugFrame (or the host context). Slots 3..6.
struct IRunLoop : FUnknown {
  virtual tresult register_event_handler(IEventHandler* handler, FileDescriptor fd) = 0;
  virtual tresult unregister_event_handler(IEventHandler* handler) = 0;
  virtual tresult register_timer(ITimerHandler* handler, TimerInterval milliseconds) = 0;
  virtual tresult unregister_timer(ITimerHandler* handler) = 0;

  static constexpr Iid iid = make_iid(0x18C35366, 0x97764F1A, 0x9C5B8385, 0x7A871389);

protected:
  ~IRunLoop() = default;
};

}  // namespace linux_ui

}  // namespace plinth::abi
