// X11 through xcb, on a connection of the editor's own. xcb rather than Xlib because
// its errors belong to the request that caused them: a parent the host destroyed before
// removed() makes our requests fail quietly, where Xlib would call the process-wide error
// handler (and the default one exits). No XInitThreads, no error handler, no thread.
#include <xcb/xcb.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "plinth/ui/window.h"

namespace plinth::ui {

namespace {

constexpr const char* x11_type = "X11EmbedWindowID";

Modifiers modifiers_of(std::uint16_t state) {
  return {(state & XCB_MOD_MASK_SHIFT) != 0, (state & XCB_MOD_MASK_CONTROL) != 0};
}

class X11Window final : public PlatformWindow {
public:
  X11Window(xcb_connection_t* connection, WindowEvents& events) : connection_(connection), events_(events) {}
  ~X11Window() override {
    // When the parent is already gone our window went with it; the destroy request then
    // fails with BadWindow, which xcb hands to the event queue we are about to drop.
    if (gc_ != 0) xcb_free_gc(connection_, gc_);
    if (window_ != 0) xcb_destroy_window(connection_, window_);
    xcb_disconnect(connection_);
  }

  bool open(xcb_window_t parent, Size size, std::string& error) {
    const xcb_setup_t* setup = xcb_get_setup(connection_);
    xcb_screen_t* screen = xcb_setup_roots_iterator(setup).data;
    if (screen == nullptr) {
      error = "no X screen";
      return false;
    }
    // Check the parent exists before making a child of it (a reply, so its error is ours).
    // Its depth is ours too (the child copies the parent's visual).
    xcb_generic_error_t* err = nullptr;
    xcb_get_geometry_reply_t* geometry = xcb_get_geometry_reply(connection_, xcb_get_geometry(connection_, parent), &err);
    free(err);
    if (geometry == nullptr) {
      error = "the parent window does not exist";
      return false;
    }
    depth_ = geometry->depth;
    free(geometry);
    if (!has_32bit_pixels(setup, depth_)) {
      error = "the X server has no 32-bit pixel format for depth " + std::to_string(depth_);
      return false;
    }
    window_ = xcb_generate_id(connection_);
    const std::uint32_t values[] = {screen->black_pixel, XCB_EVENT_MASK_EXPOSURE | XCB_EVENT_MASK_BUTTON_PRESS |
                                                             XCB_EVENT_MASK_BUTTON_RELEASE |
                                                             XCB_EVENT_MASK_POINTER_MOTION |
                                                             XCB_EVENT_MASK_STRUCTURE_NOTIFY};
    xcb_create_window(connection_, XCB_COPY_FROM_PARENT, window_, parent, 0, 0, dim(size.width), dim(size.height), 0,
                      XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, XCB_CW_BACK_PIXEL | XCB_CW_EVENT_MASK,
                      values);
    set_xembed_info();
    gc_ = xcb_generate_id(connection_);
    xcb_create_gc(connection_, gc_, window_, 0, nullptr);
    xcb_map_window(connection_, window_);
    xcb_flush(connection_);
    max_request_bytes_ = static_cast<std::size_t>(xcb_get_maximum_request_length(connection_)) * 4;
    return xcb_connection_has_error(connection_) == 0;
  }

  [[nodiscard]] int event_fd() const override { return xcb_get_file_descriptor(connection_); }

  void dispatch() override {
    while (xcb_generic_event_t* event = xcb_poll_for_event(connection_)) {
      handle(event);
      free(event);
    }
  }

  void resize(Size size) override {
    const std::uint32_t values[] = {dim(size.width), dim(size.height)};
    xcb_configure_window(connection_, window_, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, values);
    xcb_flush(connection_);
  }

  void present(const Canvas& canvas) override {
    if (canvas.width() == 0 || canvas.height() == 0) return;
    // In bands of rows that fit one request (the header is 24 bytes; keep a margin).
    const std::size_t row_bytes = static_cast<std::size_t>(canvas.width()) * 4;
    const int rows_per_band =
        std::max(1, static_cast<int>((std::max<std::size_t>(max_request_bytes_, 65536) - 64) / row_bytes));
    for (int y = 0; y < canvas.height(); y += rows_per_band) {
      const int rows = std::min(rows_per_band, canvas.height() - y);
      const auto* data = reinterpret_cast<const std::uint8_t*>(canvas.pixels() + static_cast<std::size_t>(y) * canvas.width());
      xcb_put_image(connection_, XCB_IMAGE_FORMAT_Z_PIXMAP, window_, gc_, static_cast<std::uint16_t>(canvas.width()),
                    static_cast<std::uint16_t>(rows), 0, static_cast<std::int16_t>(y), 0, depth_,
                    static_cast<std::uint32_t>(row_bytes * static_cast<std::size_t>(rows)), data);
    }
    xcb_flush(connection_);
  }

private:
  static std::uint32_t dim(int v) { return static_cast<std::uint32_t>(std::clamp(v, 1, 16384)); }

  static bool has_32bit_pixels(const xcb_setup_t* setup, std::uint8_t depth) {
    if (setup->image_byte_order != XCB_IMAGE_ORDER_LSB_FIRST) return false;
    for (auto it = xcb_setup_pixmap_formats_iterator(setup); it.rem > 0; xcb_format_next(&it))
      if (it.data->depth == depth && it.data->bits_per_pixel == 32) return depth == 24 || depth == 32;
    return false;
  }

  // XEmbed's _XEMBED_INFO (version 0, mapped), which the platform type asks for.
  void set_xembed_info() {
    const char name[] = "_XEMBED_INFO";
    xcb_intern_atom_reply_t* reply =
        xcb_intern_atom_reply(connection_, xcb_intern_atom(connection_, 0, sizeof name - 1, name), nullptr);
    if (reply == nullptr) return;
    const std::uint32_t info[2] = {0, 1};
    xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window_, reply->atom, reply->atom, 32, 2, info);
    free(reply);
  }

  void handle(xcb_generic_event_t* event) {
    switch (event->response_type & 0x7F) {
      case 0: break;  // an error of one of our requests (e.g. the parent is gone): ignored
      case XCB_EXPOSE:
        if (reinterpret_cast<xcb_expose_event_t*>(event)->count == 0) events_.on_expose();
        break;
      case XCB_BUTTON_PRESS: {
        const auto* e = reinterpret_cast<xcb_button_press_event_t*>(event);
        const float x = e->event_x, y = e->event_y;
        if (e->detail >= 4 && e->detail <= 5) {
          events_.on_wheel(x, y, e->detail == 4 ? 1.0f : -1.0f, modifiers_of(e->state));
          break;
        }
        if (e->detail > 3) break;
        // X has no double-click: two presses of the same button within 400 ms and 4 px.
        const auto now = std::chrono::steady_clock::now();
        const bool double_click = e->detail == last_button_ && now - last_press_ < std::chrono::milliseconds(400) &&
                                  std::fabs(x - last_x_) <= 4 && std::fabs(y - last_y_) <= 4;
        last_press_ = double_click ? std::chrono::steady_clock::time_point{} : now;
        last_button_ = e->detail;
        last_x_ = x;
        last_y_ = y;
        events_.on_mouse_down(x, y, e->detail, modifiers_of(e->state), double_click);
        break;
      }
      case XCB_BUTTON_RELEASE: {
        const auto* e = reinterpret_cast<xcb_button_release_event_t*>(event);
        if (e->detail <= 3) events_.on_mouse_up(e->event_x, e->event_y, e->detail, modifiers_of(e->state));
        break;
      }
      case XCB_MOTION_NOTIFY: {
        const auto* e = reinterpret_cast<xcb_motion_notify_event_t*>(event);
        events_.on_mouse_move(e->event_x, e->event_y, modifiers_of(e->state));
        break;
      }
      default: break;
    }
  }

  xcb_connection_t* connection_;
  WindowEvents& events_;
  xcb_window_t window_ = 0;
  xcb_gcontext_t gc_ = 0;
  std::uint8_t depth_ = 24;
  std::size_t max_request_bytes_ = 262144;
  std::chrono::steady_clock::time_point last_press_{};
  int last_button_ = 0;
  float last_x_ = 0, last_y_ = 0;
};

}  // namespace

bool PlatformWindow::supports(const char* platform_type) {
  return platform_type != nullptr && std::strcmp(platform_type, x11_type) == 0;
}

bool PlatformWindow::needs_run_loop() { return true; }

std::unique_ptr<PlatformWindow> PlatformWindow::create(void* parent, const char* platform_type, Size size,
                                                       WindowEvents& events, std::string& error) {
  if (!supports(platform_type)) {
    error = "unsupported platform type";
    return nullptr;
  }
  xcb_connection_t* connection = xcb_connect(nullptr, nullptr);
  if (connection == nullptr || xcb_connection_has_error(connection) != 0) {
    if (connection != nullptr) xcb_disconnect(connection);
    error = "cannot connect to the X server";
    return nullptr;
  }
  auto window = std::make_unique<X11Window>(connection, events);  // owns the connection now
  if (!window->open(static_cast<xcb_window_t>(reinterpret_cast<std::uintptr_t>(parent)), size, error)) return nullptr;
  return window;
}

}  // namespace plinth::ui
