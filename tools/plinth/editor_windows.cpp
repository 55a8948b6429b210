// `plinth editor`'s host side on Windows, as a Windows host does it: a top-level window
// as the parent (the view makes a child of it), the thread's message loop (which
// delivers the view's own messages and timer too) and an IPlugFrame; synthetic input
// through SendInput, capture by BitBlt from the window.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <psapi.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "editor_host.h"
#include "plinth/host/child_process_windows.h"

namespace plinth::tool {

namespace {

using Clock = EditorClock;
constexpr const wchar_t* host_class = L"PlinthEditorHost";
constexpr DWORD host_style = WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN;

using host::windows::wide;

// The outer size of a top-level window whose client area is width x height.
SIZE outer_size(int width, int height) {
  RECT r{0, 0, std::max(1, width), std::max(1, height)};
  AdjustWindowRectEx(&r, host_style, FALSE, 0);
  return {r.right - r.left, r.bottom - r.top};
}

class Win32HostWindow final : public EditorHostWindow, public abi::IPlugFrame {
public:
  Win32HostWindow(int width, int height, const std::string& title, std::string& error) {
    const SIZE outer = outer_size(width, height);
    hwnd_ = CreateWindowExW(0, host_class, wide(title).c_str(), host_style, 0, 0, outer.cx, outer.cy, nullptr, nullptr,
                            GetModuleHandleW(nullptr), this);
    if (hwnd_ == nullptr) {
      error = "cannot create a window (error " + std::to_string(GetLastError()) + ")";
      return;
    }
    ShowWindow(hwnd_, SW_SHOWNORMAL);
    SetForegroundWindow(hwnd_);
    UpdateWindow(hwnd_);
  }
  ~Win32HostWindow() override { destroy(); }
  Win32HostWindow(const Win32HostWindow&) = delete;
  Win32HostWindow& operator=(const Win32HostWindow&) = delete;

  [[nodiscard]] bool ok() const { return hwnd_ != nullptr; }

  // FUnknown
  abi::tresult query_interface(const char* iid16, void** obj) override {
    if (obj == nullptr) return abi::kInvalidArgument;
    *obj = nullptr;
    if (!abi::iid_equals(iid16, abi::FUnknown::iid) && !abi::iid_equals(iid16, abi::IPlugFrame::iid))
      return abi::kNoInterface;
    *obj = static_cast<abi::IPlugFrame*>(this);
    add_ref();
    return abi::kResultOk;
  }
  std::uint32_t add_ref() override { return ++refs_; }
  std::uint32_t release() override { return --refs_; }  // owned by the command, not by refs

  // IPlugFrame
  abi::tresult resize_view(abi::IPlugView* view, abi::ViewRect* rect) override {
    if (view == nullptr || rect == nullptr) return abi::kInvalidArgument;
    ++resize_requests;
    in_resize_view_ = true;
    resize(rect->width(), rect->height());
    in_resize_view_ = false;
    return view->on_size(rect);  // in the same call stack, as the spec asks
  }

  // EditorHostWindow
  [[nodiscard]] void* parent() const override { return hwnd_; }
  abi::IPlugFrame* frame() override { return this; }

  void run_for(Clock::duration duration) override {
    const auto until = Clock::now() + duration;
    for (;;) {
      MSG msg;
      while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
      }
      if (on_idle) on_idle();
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (left <= 0) break;
      MsgWaitForMultipleObjects(0, nullptr, FALSE, static_cast<DWORD>(std::min<long long>(left, 16)), QS_ALLINPUT);
    }
  }

  void resize(int width, int height) override {
    if (hwnd_ == nullptr) return;
    const SIZE outer = outer_size(width, height);
    SetWindowPos(hwnd_, nullptr, 0, 0, outer.cx, outer.cy, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
  }

  bool capture(int width, int height, std::vector<std::uint32_t>& pixels) override {
    if (hwnd_ == nullptr) return false;
    UpdateWindow(hwnd_);  // pending WM_PAINTs first (the view's child included)
    RedrawWindow(hwnd_, nullptr, nullptr, RDW_UPDATENOW | RDW_ALLCHILDREN);
    HDC window_dc = GetDC(hwnd_);
    if (window_dc == nullptr) return false;
    BITMAPINFO info{};
    info.bmiHeader.biSize = sizeof info.bmiHeader;
    info.bmiHeader.biWidth = width;
    info.bmiHeader.biHeight = -height;  // top-down
    info.bmiHeader.biPlanes = 1;
    info.bmiHeader.biBitCount = 32;
    info.bmiHeader.biCompression = BI_RGB;
    void* bits = nullptr;
    HBITMAP bitmap = CreateDIBSection(window_dc, &info, DIB_RGB_COLORS, &bits, nullptr, 0);
    HDC memory_dc = CreateCompatibleDC(window_dc);
    bool ok = false;
    if (bitmap != nullptr && memory_dc != nullptr) {
      HGDIOBJ old = SelectObject(memory_dc, bitmap);
      ok = BitBlt(memory_dc, 0, 0, width, height, window_dc, 0, 0, SRCCOPY) != FALSE;
      GdiFlush();
      if (ok) {
        pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
        std::memcpy(pixels.data(), bits, pixels.size() * 4);
      }
      SelectObject(memory_dc, old);
    }
    if (memory_dc != nullptr) DeleteDC(memory_dc);
    if (bitmap != nullptr) DeleteObject(bitmap);
    ReleaseDC(hwnd_, window_dc);
    return ok;
  }

  void pointer(PointerEvent event, int x, int y) override {
    POINT p{x, y};
    ClientToScreen(hwnd_, &p);
    // Absolute coordinates are 0..65535 over the primary screen; rounded up so that the
    // system's mapping back (v * size / 65536, rounded down) lands on this pixel.
    const int sw = std::max(1, GetSystemMetrics(SM_CXSCREEN)), sh = std::max(1, GetSystemMetrics(SM_CYSCREEN));
    INPUT input{};
    input.type = INPUT_MOUSE;
    input.mi.dx = static_cast<LONG>((static_cast<long long>(p.x) * 65536 + sw - 1) / sw);
    input.mi.dy = static_cast<LONG>((static_cast<long long>(p.y) * 65536 + sh - 1) / sh);
    input.mi.dwFlags = MOUSEEVENTF_ABSOLUTE | MOUSEEVENTF_MOVE |
                       (event == PointerEvent::press     ? MOUSEEVENTF_LEFTDOWN
                        : event == PointerEvent::release ? MOUSEEVENTF_LEFTUP
                                                         : 0);
    SendInput(1, &input, sizeof input);
    run_for(std::chrono::milliseconds(8));
  }

  void run_interactive(abi::IPlugView& view, double seconds) override {
    const auto until = seconds < 0 ? Clock::time_point::max() : Clock::now() + std::chrono::duration<double>(seconds);
    view_ = &view;
    closed_ = false;
    while (!closed_ && hwnd_ != nullptr && Clock::now() < until) run_for(std::chrono::milliseconds(16));
    view_ = nullptr;
  }

  void destroy() override {
    if (hwnd_ != nullptr) DestroyWindow(hwnd_);  // WM_NCDESTROY clears hwnd_
    hwnd_ = nullptr;
  }

  [[nodiscard]] std::size_t registered() const override { return 0; }  // no run loop on Windows
  [[nodiscard]] std::uint32_t frame_refs() const override { return refs_; }

  static LRESULT CALLBACK procedure(HWND hwnd, UINT message, WPARAM w, LPARAM l) {
    if (message == WM_NCCREATE)
      SetWindowLongPtrW(hwnd, GWLP_USERDATA,
                        reinterpret_cast<LONG_PTR>(reinterpret_cast<const CREATESTRUCTW*>(l)->lpCreateParams));
    auto* self = reinterpret_cast<Win32HostWindow*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    if (self == nullptr) return DefWindowProcW(hwnd, message, w, l);
    switch (message) {
      case WM_CLOSE: self->closed_ = true; return 0;  // the command destroys it, after removed()
      case WM_SIZE:
        // The user resized the window: the view follows, within its constraints.
        if (self->view_ != nullptr && !self->in_resize_view_ && w != SIZE_MINIMIZED) {
          abi::ViewRect now{};
          self->view_->get_size(&now);
          const int width = LOWORD(l), height = HIWORD(l);
          if (width != now.width() || height != now.height()) {
            abi::ViewRect wanted{0, 0, width, height};
            self->view_->check_size_constraint(&wanted);
            self->view_->on_size(&wanted);
          }
        }
        return 0;
      case WM_NCDESTROY:
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        self->hwnd_ = nullptr;
        break;
      default: break;
    }
    return DefWindowProcW(hwnd, message, w, l);
  }

private:
  HWND hwnd_ = nullptr;
  std::uint32_t refs_ = 1;
  abi::IPlugView* view_ = nullptr;  // during run_interactive
  bool closed_ = false;
  bool in_resize_view_ = false;
};

class Win32Host final : public EditorHost {
public:
  Win32Host() = default;
  ~Win32Host() override { UnregisterClassW(host_class, GetModuleHandleW(nullptr)); }
  Win32Host(const Win32Host&) = delete;
  Win32Host& operator=(const Win32Host&) = delete;

  [[nodiscard]] const char* platform_type() const override { return abi::kPlatformTypeHwnd; }
  void screen_size(int& width, int& height) const override {
    width = GetSystemMetrics(SM_CXSCREEN);
    height = GetSystemMetrics(SM_CYSCREEN);
  }
  std::unique_ptr<EditorHostWindow> make_window(int width, int height, const std::string& title,
                                                std::string& error) override {
    auto window = std::make_unique<Win32HostWindow>(width, height, title, error);
    if (!window->ok()) return nullptr;
    return window;
  }
};

}  // namespace

std::unique_ptr<EditorHost> EditorHost::open(std::string& error) {
  WNDCLASSEXW wc{};
  wc.cbSize = sizeof wc;
  wc.lpfnWndProc = &Win32HostWindow::procedure;
  wc.hInstance = GetModuleHandleW(nullptr);
  wc.hCursor = LoadCursorW(nullptr, reinterpret_cast<LPCWSTR>(IDC_ARROW));
  wc.hbrBackground = static_cast<HBRUSH>(GetStockObject(BLACK_BRUSH));
  wc.lpszClassName = host_class;
  if (RegisterClassExW(&wc) == 0 && GetLastError() != ERROR_CLASS_ALREADY_EXISTS) {
    error = "cannot register a window class (error " + std::to_string(GetLastError()) + ")";
    return nullptr;
  }
  return std::make_unique<Win32Host>();
}

int open_handles() {
  DWORD handles = 0;
  // -1 where it is not available (Wine answers 0 handles).
  if (GetProcessHandleCount(GetCurrentProcess(), &handles) == FALSE || handles == 0) return -1;
  return static_cast<int>(handles);
}

long resident_kb() {
  PROCESS_MEMORY_COUNTERS counters{};
  counters.cb = sizeof counters;
  if (K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters) == FALSE) return -1;
  return static_cast<long>(counters.WorkingSetSize / 1024);
}

}  // namespace plinth::tool
