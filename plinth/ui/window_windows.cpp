// Editor windows on Windows: a WS_CHILD window of the host's HWND, on the host's UI
// thread. Windows routes its messages through the host's own message loop, so unlike X11
// there is nothing to dispatch: the window procedure reports input as it comes, and a
// 16 ms WM_TIMER on the window drives refresh (on_timer). No thread of its own; links only
// user32 and gdi32.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "plinth/ui/window.h"

namespace plinth::ui {

namespace {

constexpr const char* hwnd_type = "HWND";
constexpr UINT_PTR refresh_timer = 1;
constexpr UINT refresh_ms = 16;

// The module this code is linked into (the plugin's DLL, or the executable): window
// classes belong to a module, and a DLL's class must be gone before the DLL is unloaded.
HINSTANCE this_module() {
  HMODULE module = nullptr;
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                     reinterpret_cast<LPCWSTR>(&this_module), &module);
  return module;
}

// One class per module, named after the module's address, so two plugins (or two copies
// of one plugin) in a process never share a window procedure. Registered with the first
// open editor, unregistered with the last (all on the UI thread).
struct WindowClass {
  wchar_t name[48] = {};
  int users = 0;
};
WindowClass& window_class() {
  static WindowClass c;
  return c;
}

Modifiers modifiers_of(WPARAM flags) { return {(flags & MK_SHIFT) != 0, (flags & MK_CONTROL) != 0}; }
float x_of(LPARAM l) { return static_cast<float>(static_cast<short>(LOWORD(l))); }
float y_of(LPARAM l) { return static_cast<float>(static_cast<short>(HIWORD(l))); }

class Win32Window final : public PlatformWindow {
public:
  explicit Win32Window(WindowEvents& events) : events_(events) {}
  ~Win32Window() override {
    // When the host destroyed its window first, ours went with it (WM_NCDESTROY cleared hwnd_).
    if (hwnd_ != nullptr) {
      KillTimer(hwnd_, refresh_timer);
      DestroyWindow(hwnd_);
    }
    release_class();
  }
  Win32Window(const Win32Window&) = delete;
  Win32Window& operator=(const Win32Window&) = delete;

  bool open(HWND parent, Size size, std::string& error) {
    if (IsWindow(parent) == FALSE) {
      error = "the parent window does not exist";
      return false;
    }
    if (!acquire_class(error)) return false;
    hwnd_ = CreateWindowExW(0, window_class().name, L"", WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS, 0, 0, dim(size.width),
                            dim(size.height), parent, nullptr, this_module(), this);
    if (hwnd_ == nullptr) {
      error = "CreateWindowEx failed (error " + std::to_string(GetLastError()) + ")";
      return false;
    }
    SetTimer(hwnd_, refresh_timer, refresh_ms, nullptr);
    return true;
  }

  [[nodiscard]] int event_fd() const override { return -1; }
  void dispatch() override {}  // messages come through the host's message loop

  void resize(Size size) override {
    if (hwnd_ != nullptr)
      SetWindowPos(hwnd_, nullptr, 0, 0, dim(size.width), dim(size.height),
                   SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
  }

  void present(const Canvas& canvas) override {
    // A copy, painted again on WM_PAINT whenever Windows asks (uncovered, moved).
    width_ = canvas.width();
    height_ = canvas.height();
    pixels_.assign(canvas.pixels(), canvas.pixels() + static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
    if (hwnd_ == nullptr) return;
    if (HDC dc = GetDC(hwnd_)) {
      paint(dc);
      ReleaseDC(hwnd_, dc);
    }
  }

private:
  static int dim(int v) { return std::clamp(v, 1, 16384); }

  bool acquire_class(std::string& error) {
    WindowClass& c = window_class();
    if (c.users == 0) {
      std::swprintf(c.name, sizeof c.name / sizeof c.name[0], L"PlinthEditor%p", static_cast<void*>(this_module()));
      WNDCLASSEXW wc{};
      wc.cbSize = sizeof wc;
      wc.style = CS_DBLCLKS;  // WM_LBUTTONDBLCLK for the second click
      wc.lpfnWndProc = &Win32Window::procedure;
      wc.hInstance = this_module();
      wc.hCursor = LoadCursorW(nullptr, reinterpret_cast<LPCWSTR>(IDC_ARROW));
      wc.lpszClassName = c.name;
      // No background brush: WM_PAINT covers every pixel, so nothing flashes.
      if (RegisterClassExW(&wc) == 0 && GetLastError() != ERROR_CLASS_ALREADY_EXISTS) {
        error = "RegisterClassEx failed (error " + std::to_string(GetLastError()) + ")";
        return false;
      }
    }
    ++c.users;
    has_class_ = true;
    return true;
  }

  void release_class() {
    if (!has_class_) return;
    has_class_ = false;
    WindowClass& c = window_class();
    if (--c.users == 0) UnregisterClassW(c.name, this_module());
  }

  void paint(HDC dc) const {
    if (pixels_.empty()) return;
    // 32-bit top-down DIB: the canvas's 0x00RRGGBB words are its B, G, R, x bytes.
    BITMAPINFO info{};
    info.bmiHeader.biSize = sizeof info.bmiHeader;
    info.bmiHeader.biWidth = width_;
    info.bmiHeader.biHeight = -height_;
    info.bmiHeader.biPlanes = 1;
    info.bmiHeader.biBitCount = 32;
    info.bmiHeader.biCompression = BI_RGB;
    SetDIBitsToDevice(dc, 0, 0, static_cast<DWORD>(width_), static_cast<DWORD>(height_), 0, 0, 0,
                      static_cast<UINT>(height_), pixels_.data(), &info, DIB_RGB_COLORS);
  }

  static LRESULT CALLBACK procedure(HWND hwnd, UINT message, WPARAM w, LPARAM l) {
    if (message == WM_NCCREATE) {
      const auto* create = reinterpret_cast<const CREATESTRUCTW*>(l);
      SetWindowLongPtrW(hwnd, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(create->lpCreateParams));
    }
    auto* self = reinterpret_cast<Win32Window*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    if (self == nullptr) return DefWindowProcW(hwnd, message, w, l);
    if (message == WM_NCDESTROY) {
      // Ours or the host's DestroyWindow (a parent destroyed before removed()): forget it.
      SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
      self->hwnd_ = nullptr;
      return DefWindowProcW(hwnd, message, w, l);
    }
    return self->handle(hwnd, message, w, l);
  }

  LRESULT handle(HWND hwnd, UINT message, WPARAM w, LPARAM l) {
    switch (message) {
      case WM_ERASEBKGND: return 1;
      case WM_PAINT: {
        PAINTSTRUCT ps;
        if (HDC dc = BeginPaint(hwnd, &ps)) {
          paint(dc);
          EndPaint(hwnd, &ps);
        }
        return 0;
      }
      case WM_TIMER:
        if (w == refresh_timer) {
          events_.on_timer();
          return 0;
        }
        break;
      case WM_LBUTTONDOWN:
      case WM_MBUTTONDOWN:
      case WM_RBUTTONDOWN:
      case WM_LBUTTONDBLCLK:
      case WM_MBUTTONDBLCLK:
      case WM_RBUTTONDBLCLK: {
        const int button = message == WM_LBUTTONDOWN || message == WM_LBUTTONDBLCLK   ? 1
                           : message == WM_MBUTTONDOWN || message == WM_MBUTTONDBLCLK ? 2
                                                                                     : 3;
        const bool double_click = message == WM_LBUTTONDBLCLK || message == WM_MBUTTONDBLCLK || message == WM_RBUTTONDBLCLK;
        // Moves and the release reach us outside the window too, for the whole drag.
        if (buttons_down_++ == 0) SetCapture(hwnd);
        events_.on_mouse_down(x_of(l), y_of(l), button, modifiers_of(w), double_click);
        return 0;
      }
      case WM_LBUTTONUP:
      case WM_MBUTTONUP:
      case WM_RBUTTONUP: {
        const int button = message == WM_LBUTTONUP ? 1 : message == WM_MBUTTONUP ? 2 : 3;
        if (buttons_down_ > 0 && --buttons_down_ == 0) {
          releasing_ = true;
          ReleaseCapture();
          releasing_ = false;
        }
        events_.on_mouse_up(x_of(l), y_of(l), button, modifiers_of(w));
        return 0;
      }
      case WM_CAPTURECHANGED:
        // Capture taken away mid-drag (a dialog, Alt+Tab): end the gesture there.
        if (!releasing_ && buttons_down_ > 0) {
          buttons_down_ = 0;
          events_.on_mouse_up(last_x_, last_y_, 1, {});
        }
        return 0;
      case WM_MOUSEMOVE:
        last_x_ = x_of(l);
        last_y_ = y_of(l);
        events_.on_mouse_move(last_x_, last_y_, modifiers_of(w));
        return 0;
      case WM_MOUSEWHEEL: {
        POINT p{static_cast<short>(LOWORD(l)), static_cast<short>(HIWORD(l))};  // screen coordinates
        ScreenToClient(hwnd, &p);
        const float steps = static_cast<float>(GET_WHEEL_DELTA_WPARAM(w)) / static_cast<float>(WHEEL_DELTA);
        events_.on_wheel(static_cast<float>(p.x), static_cast<float>(p.y), steps,
                         modifiers_of(GET_KEYSTATE_WPARAM(w)));
        return 0;
      }
      default: break;
    }
    return DefWindowProcW(hwnd, message, w, l);
  }

  WindowEvents& events_;
  HWND hwnd_ = nullptr;
  bool has_class_ = false;
  int buttons_down_ = 0;
  bool releasing_ = false;
  float last_x_ = 0, last_y_ = 0;
  int width_ = 0, height_ = 0;
  std::vector<std::uint32_t> pixels_;
};

}  // namespace

bool PlatformWindow::supports(const char* platform_type) {
  return platform_type != nullptr && std::strcmp(platform_type, hwnd_type) == 0;
}

bool PlatformWindow::needs_run_loop() { return false; }

std::unique_ptr<PlatformWindow> PlatformWindow::create(void* parent, const char* platform_type, Size size,
                                                       WindowEvents& events, std::string& error) {
  if (!supports(platform_type)) {
    error = "unsupported platform type";
    return nullptr;
  }
  auto window = std::make_unique<Win32Window>(events);
  if (!window->open(static_cast<HWND>(parent), size, error)) return nullptr;
  return window;
}

}  // namespace plinth::ui
