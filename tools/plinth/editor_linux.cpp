// `plinth editor`'s host side on Linux, as a Linux host does it: an X11 top-level window
// as the parent, a run loop (poll on the registered descriptors, plus timers) and an
// IPlugFrame that offers it; synthetic input through XTest.
#include <poll.h>
#include <xcb/xcb.h>
#include <xcb/xtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "editor_host.h"

namespace plinth::tool {

namespace {

using Clock = EditorClock;
using abi::linux_ui::IEventHandler;
using abi::linux_ui::IRunLoop;
using abi::linux_ui::ITimerHandler;

void sync(xcb_connection_t* c) { free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), nullptr)); }

xcb_atom_t atom(xcb_connection_t* c, const char* name) {
  xcb_intern_atom_reply_t* r =
      xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, static_cast<std::uint16_t>(std::strlen(name)), name), nullptr);
  const xcb_atom_t a = r != nullptr ? r->atom : static_cast<xcb_atom_t>(XCB_ATOM_NONE);
  free(r);
  return a;
}

// The host's frame and run loop in one object (the plugin finds the run loop by asking
// the frame), with the top-level window. Handlers are held with a reference from
// register to unregister.
class X11HostWindow final : public EditorHostWindow, public abi::IPlugFrame, public IRunLoop {
public:
  X11HostWindow(xcb_connection_t* connection, xcb_screen_t* screen, int width, int height, const std::string& title)
      : connection_(connection), screen_(screen) {
    window_ = xcb_generate_id(connection_);
    const std::uint32_t values[] = {screen->black_pixel, XCB_EVENT_MASK_STRUCTURE_NOTIFY};
    xcb_create_window(connection_, XCB_COPY_FROM_PARENT, window_, screen->root, 0, 0, static_cast<std::uint16_t>(width),
                      static_cast<std::uint16_t>(height), 0, XCB_WINDOW_CLASS_INPUT_OUTPUT, screen->root_visual,
                      XCB_CW_BACK_PIXEL | XCB_CW_EVENT_MASK, values);
    xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window_, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8,
                        static_cast<std::uint32_t>(title.size()), title.data());
    wm_protocols_ = atom(connection_, "WM_PROTOCOLS");
    wm_delete_ = atom(connection_, "WM_DELETE_WINDOW");
    xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window_, wm_protocols_, XCB_ATOM_ATOM, 32, 1, &wm_delete_);
    xcb_map_window(connection_, window_);
    sync(connection_);
  }
  ~X11HostWindow() override { destroy(); }
  X11HostWindow(const X11HostWindow&) = delete;
  X11HostWindow& operator=(const X11HostWindow&) = delete;

  // FUnknown
  abi::tresult query_interface(const char* iid16, void** obj) override {
    if (obj == nullptr) return abi::kInvalidArgument;
    *obj = nullptr;
    if (abi::iid_equals(iid16, abi::FUnknown::iid) || abi::iid_equals(iid16, abi::IPlugFrame::iid))
      *obj = static_cast<abi::IPlugFrame*>(this);
    else if (abi::iid_equals(iid16, IRunLoop::iid))
      *obj = static_cast<IRunLoop*>(this);
    else
      return abi::kNoInterface;
    add_ref();
    return abi::kResultOk;
  }
  std::uint32_t add_ref() override { return ++refs_; }
  std::uint32_t release() override { return --refs_; }  // owned by the command, not by refs

  // IPlugFrame
  abi::tresult resize_view(abi::IPlugView* view, abi::ViewRect* rect) override {
    if (view == nullptr || rect == nullptr) return abi::kInvalidArgument;
    ++resize_requests;
    configure(rect->width(), rect->height());
    return view->on_size(rect);  // in the same call stack, as the spec asks
  }

  // IRunLoop
  abi::tresult register_event_handler(IEventHandler* handler, int fd) override {
    if (handler == nullptr || fd < 0) return abi::kInvalidArgument;
    handler->add_ref();
    fds_.push_back({handler, fd});
    return abi::kResultOk;
  }
  abi::tresult unregister_event_handler(IEventHandler* handler) override {
    auto it = std::find_if(fds_.begin(), fds_.end(), [handler](const Fd& f) { return f.handler == handler; });
    if (it == fds_.end()) return abi::kInvalidArgument;
    it->handler->release();
    fds_.erase(it);
    return abi::kResultOk;
  }
  abi::tresult register_timer(ITimerHandler* handler, std::uint64_t ms) override {
    if (handler == nullptr || ms == 0) return abi::kInvalidArgument;
    handler->add_ref();
    timers_.push_back({handler, std::chrono::milliseconds(ms), Clock::now() + std::chrono::milliseconds(ms)});
    return abi::kResultOk;
  }
  abi::tresult unregister_timer(ITimerHandler* handler) override {
    auto it = std::find_if(timers_.begin(), timers_.end(), [handler](const Timer& t) { return t.handler == handler; });
    if (it == timers_.end()) return abi::kInvalidArgument;
    it->handler->release();
    timers_.erase(it);
    return abi::kResultOk;
  }

  // EditorHostWindow
  [[nodiscard]] void* parent() const override { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(window_)); }
  abi::IPlugFrame* frame() override { return this; }

  // Polls the plugin's descriptors and fires due timers. Handlers are looked up again
  // before each call, since one may unregister another.
  void run_for(Clock::duration duration) override {
    const auto until = Clock::now() + duration;
    do {
      auto next = until;
      for (const auto& t : timers_) next = std::min(next, t.due);
      std::vector<pollfd> fds;
      for (const auto& f : fds_) fds.push_back({f.fd, POLLIN, 0});
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count();
      poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(0, wait)));
      for (const auto& p : fds) {
        if ((p.revents & POLLIN) == 0) continue;
        auto it = std::find_if(fds_.begin(), fds_.end(), [&p](const Fd& f) { return f.fd == p.fd; });
        if (it != fds_.end()) it->handler->on_fd_is_set(p.fd);
      }
      const auto now = Clock::now();
      for (std::size_t i = 0; i < timers_.size(); ++i) {
        if (timers_[i].due > now) continue;
        timers_[i].due = now + timers_[i].interval;
        timers_[i].handler->on_timer();
      }
      if (on_idle) on_idle();
    } while (Clock::now() < until);
  }

  void resize(int width, int height) override {
    configure(width, height);
    sync(connection_);
  }

  bool capture(int width, int height, std::vector<std::uint32_t>& pixels) override {
    xcb_generic_error_t* error = nullptr;
    xcb_get_image_reply_t* image = xcb_get_image_reply(
        connection_,
        xcb_get_image(connection_, XCB_IMAGE_FORMAT_Z_PIXMAP, window_, 0, 0, static_cast<std::uint16_t>(width),
                      static_cast<std::uint16_t>(height), ~0u),
        &error);
    free(error);
    if (image == nullptr) return false;
    const auto length = static_cast<std::size_t>(xcb_get_image_data_length(image));
    pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    const bool whole = length >= pixels.size() * 4;
    if (whole) std::memcpy(pixels.data(), xcb_get_image_data(image), pixels.size() * 4);
    free(image);
    return whole;
  }

  void pointer(PointerEvent event, int x, int y) override {
    xcb_translate_coordinates_reply_t* origin = xcb_translate_coordinates_reply(
        connection_, xcb_translate_coordinates(connection_, window_, screen_->root, 0, 0), nullptr);
    const int ox = origin != nullptr ? origin->dst_x : 0, oy = origin != nullptr ? origin->dst_y : 0;
    free(origin);
    const std::uint8_t type = event == PointerEvent::move    ? XCB_MOTION_NOTIFY
                              : event == PointerEvent::press ? XCB_BUTTON_PRESS
                                                             : XCB_BUTTON_RELEASE;
    xcb_test_fake_input(connection_, type, event == PointerEvent::move ? 0 : 1, XCB_CURRENT_TIME, screen_->root,
                        static_cast<std::int16_t>(ox + x), static_cast<std::int16_t>(oy + y), 0);
    sync(connection_);
    run_for(std::chrono::milliseconds(8));
  }

  void run_interactive(abi::IPlugView& view, double seconds) override {
    const auto until = seconds < 0 ? Clock::time_point::max() : Clock::now() + std::chrono::duration<double>(seconds);
    bool open = true;
    while (open && Clock::now() < until) {
      run_for(std::chrono::milliseconds(16));
      while (xcb_generic_event_t* e = xcb_poll_for_event(connection_)) {
        const auto type = e->response_type & 0x7F;
        if (type == XCB_CLIENT_MESSAGE && reinterpret_cast<xcb_client_message_event_t*>(e)->data.data32[0] == wm_delete_)
          open = false;
        if (type == XCB_CONFIGURE_NOTIFY) {
          const auto* ce = reinterpret_cast<xcb_configure_notify_event_t*>(e);
          abi::ViewRect now{};
          view.get_size(&now);
          if (ce->window == window_ && (ce->width != now.width() || ce->height != now.height())) {
            abi::ViewRect wanted{0, 0, ce->width, ce->height};
            view.check_size_constraint(&wanted);
            view.on_size(&wanted);
          }
        }
        free(e);
      }
    }
  }

  void destroy() override {
    if (window_ == 0) return;
    xcb_destroy_window(connection_, window_);
    sync(connection_);
    window_ = 0;
  }

  [[nodiscard]] std::size_t registered() const override { return fds_.size() + timers_.size(); }
  [[nodiscard]] std::uint32_t frame_refs() const override { return refs_; }

private:
  struct Fd {
    IEventHandler* handler;
    int fd;
  };
  struct Timer {
    ITimerHandler* handler;
    Clock::duration interval;
    Clock::time_point due;
  };

  void configure(int width, int height) {
    const std::uint32_t values[] = {static_cast<std::uint32_t>(std::max(1, width)),
                                    static_cast<std::uint32_t>(std::max(1, height))};
    xcb_configure_window(connection_, window_, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, values);
    xcb_flush(connection_);
  }

  xcb_connection_t* connection_;
  xcb_screen_t* screen_;
  xcb_window_t window_ = 0;
  xcb_atom_t wm_protocols_ = XCB_ATOM_NONE, wm_delete_ = XCB_ATOM_NONE;
  std::uint32_t refs_ = 1;
  std::vector<Fd> fds_;
  std::vector<Timer> timers_;
};

class X11Host final : public EditorHost {
public:
  explicit X11Host(xcb_connection_t* connection)
      : connection_(connection), screen_(xcb_setup_roots_iterator(xcb_get_setup(connection)).data) {}
  ~X11Host() override { xcb_disconnect(connection_); }
  X11Host(const X11Host&) = delete;
  X11Host& operator=(const X11Host&) = delete;

  [[nodiscard]] const char* platform_type() const override { return abi::kPlatformTypeX11EmbedWindowId; }
  void screen_size(int& width, int& height) const override {
    width = screen_->width_in_pixels;
    height = screen_->height_in_pixels;
  }
  std::unique_ptr<EditorHostWindow> make_window(int width, int height, const std::string& title,
                                                std::string& /*error*/) override {
    return std::make_unique<X11HostWindow>(connection_, screen_, width, height, title);
  }

private:
  xcb_connection_t* connection_;
  xcb_screen_t* screen_;
};

}  // namespace

std::unique_ptr<EditorHost> EditorHost::open(std::string& error) {
  if (std::getenv("DISPLAY") == nullptr || *std::getenv("DISPLAY") == '\0') {
    error = "no X display: set DISPLAY (or run under xvfb-run)";
    return nullptr;
  }
  xcb_connection_t* c = xcb_connect(nullptr, nullptr);
  if (xcb_connection_has_error(c) != 0) {
    xcb_disconnect(c);
    error = "cannot connect to the X display";
    return nullptr;
  }
  return std::make_unique<X11Host>(c);
}

int open_handles() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

long resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

}  // namespace plinth::tool
