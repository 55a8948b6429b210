// `plinth editor`: opens a plugin's editor the way a Linux host does: an X11 top-level
// window as the parent, a run loop (poll on the registered descriptors, plus timers) and
// an IPlugFrame that offers it. --screenshot captures the window once painted; --drag
// presses on a control with synthetic input (XTest) and reports the edits the host got
// and the value the processor then processed with.
#include <poll.h>
#include <xcb/xcb.h>
#include <xcb/xtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <vector>

#include "commands.h"
#include "plinth/host/instance.h"
#include "plinth/host/output_feed.h"
#include "plinth/host/realtime/rtsan_context.h"
#include "plinth/host/realtime/trap.h"
#include "plinth/ui/layout.h"
#include "plinth/ui/widgets.h"
#include "png.h"

namespace plinth::tool {

namespace {

using Clock = std::chrono::steady_clock;
using abi::linux_ui::IEventHandler;
using abi::linux_ui::IRunLoop;
using abi::linux_ui::ITimerHandler;

// The host's frame and run loop in one object (the plugin finds the run loop by asking
// the frame). Handlers are held with a reference from register to unregister.
class HostFrame final : public abi::IPlugFrame, public IRunLoop {
public:
  HostFrame(xcb_connection_t* connection, xcb_window_t window) : connection_(connection), window_(window) {}
  HostFrame(const HostFrame&) = delete;
  HostFrame& operator=(const HostFrame&) = delete;

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

  abi::tresult resize_view(abi::IPlugView* view, abi::ViewRect* rect) override {
    if (view == nullptr || rect == nullptr) return abi::kInvalidArgument;
    ++resize_requests;
    const std::uint32_t values[] = {static_cast<std::uint32_t>(std::max(1, rect->width())),
                                    static_cast<std::uint32_t>(std::max(1, rect->height()))};
    xcb_configure_window(connection_, window_, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, values);
    xcb_flush(connection_);
    return view->on_size(rect);  // in the same call stack, as the spec asks
  }

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

  // Runs the loop for `duration`: polls the plugin's descriptors and fires due timers.
  // Handlers are looked up again before each call, since one may unregister another.
  void run_for(Clock::duration duration) {
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

  [[nodiscard]] std::size_t registered() const { return fds_.size() + timers_.size(); }
  // The host's own UI-thread work between events (forwarding output parameters).
  std::function<void()> on_idle;
  [[nodiscard]] std::uint32_t refs() const { return refs_; }
  int resize_requests = 0;

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
  xcb_connection_t* connection_;
  xcb_window_t window_;
  std::uint32_t refs_ = 1;
  std::vector<Fd> fds_;
  std::vector<Timer> timers_;
};

void sync(xcb_connection_t* c) { free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), nullptr)); }

xcb_window_t make_top_level(xcb_connection_t* c, xcb_screen_t* screen, int width, int height, const std::string& title) {
  const xcb_window_t w = xcb_generate_id(c);
  const std::uint32_t values[] = {screen->black_pixel, XCB_EVENT_MASK_STRUCTURE_NOTIFY};
  xcb_create_window(c, XCB_COPY_FROM_PARENT, w, screen->root, 0, 0, static_cast<std::uint16_t>(width),
                    static_cast<std::uint16_t>(height), 0, XCB_WINDOW_CLASS_INPUT_OUTPUT, screen->root_visual,
                    XCB_CW_BACK_PIXEL | XCB_CW_EVENT_MASK, values);
  xcb_change_property(c, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8,
                      static_cast<std::uint32_t>(title.size()), title.data());
  xcb_map_window(c, w);
  sync(c);
  return w;
}

xcb_atom_t atom(xcb_connection_t* c, const char* name) {
  xcb_intern_atom_reply_t* r =
      xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, static_cast<std::uint16_t>(std::strlen(name)), name), nullptr);
  const xcb_atom_t a = r != nullptr ? r->atom : static_cast<xcb_atom_t>(XCB_ATOM_NONE);
  free(r);
  return a;
}

bool screenshot(xcb_connection_t* c, xcb_window_t window, int width, int height, const std::string& path,
                int& colours) {
  xcb_generic_error_t* error = nullptr;
  xcb_get_image_reply_t* image = xcb_get_image_reply(
      c, xcb_get_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, window, 0, 0, static_cast<std::uint16_t>(width),
                       static_cast<std::uint16_t>(height), ~0u),
      &error);
  free(error);
  if (image == nullptr) return false;
  const auto length = static_cast<std::size_t>(xcb_get_image_data_length(image));
  std::vector<std::uint32_t> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  if (length < pixels.size() * 4) {
    free(image);
    return false;
  }
  std::memcpy(pixels.data(), xcb_get_image_data(image), pixels.size() * 4);
  free(image);
  for (auto& p : pixels) p &= 0xFFFFFF;
  std::vector<std::uint32_t> distinct = pixels;
  std::sort(distinct.begin(), distinct.end());
  colours = static_cast<int>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  return write_png(path, width, height, pixels);
}

// The generic editor's layout, computed from what the host sees (ParameterInfo), by the
// same rule the plugin side uses.
std::vector<ui::ControlInfo> controls_of(const std::vector<host::ParameterInfo>& params) {
  std::vector<ui::ControlInfo> out;
  for (const auto& p : params) {
    if ((p.flags & abi::ParameterInfo::kIsHidden) != 0) continue;
    ui::ControlInfo c;
    c.id = p.id;
    c.name = p.title;
    c.group = p.unit_id;
    c.kind = ui::control_kind(p.step_count, (p.flags & abi::ParameterInfo::kIsList) != 0, p.is_read_only());
    out.push_back(std::move(c));
  }
  return out;
}

// Open descriptors and resident memory, to show open/close cycles leave nothing behind.
int open_files() {
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

// The host's audio thread: a -6 dBFS 220 Hz tone through process() every few
// milliseconds, each call under the real-time trap, until stopped. Output parameters go
// to `feed`, which the UI thread forwards to the controller.
class AudioThread {
public:
  AudioThread(host::PluginInstance& instance, host::OutputFeed& feed) : instance_(instance), feed_(feed) {
    host::realtime::prime();
    thread_ = std::thread([this] { run(); });
  }
  ~AudioThread() { stop(); }
  AudioThread(const AudioThread&) = delete;
  AudioThread& operator=(const AudioThread&) = delete;
  void stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] long blocks() const { return blocks_; }

private:
  void run() {
    constexpr int block = 256;
    double phase = 0.0;
    const double step = 2.0 * 3.141592653589793 * 220.0 / instance_.sample_rate();
    while (running_) {
      for (int c = 0; c < instance_.channels(abi::kInput, 0); ++c) {
        auto in = instance_.input(0, c);
        double p = phase;
        for (int i = 0; i < block && i < static_cast<int>(in.size()); ++i, p += step)
          in[static_cast<std::size_t>(i)] = static_cast<float>(0.5 * std::sin(p));
      }
      phase = std::fmod(phase + step * block, 2.0 * 3.141592653589793);
      {
        host::realtime::AudioThreadScope audio;
        host::realtime::RtsanContext rtsan;  // RTSan builds: a second, independent check
        instance_.process(block);
        feed_.collect(instance_.output_changes());
      }
      ++blocks_;
      std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
  }
  host::PluginInstance& instance_;
  host::OutputFeed& feed_;
  std::atomic<bool> running_{true};
  std::atomic<long> blocks_{0};
  std::thread thread_;
};

struct DragResult {
  int begins = 0, performs = 0, ends = 0;
  bool increasing = true, decreasing = true;
  double last = -1.0;
};

}  // namespace

int editor(const EditorOptions& o) {
  if (std::getenv("DISPLAY") == nullptr || *std::getenv("DISPLAY") == '\0')
    return fail("no X display: set DISPLAY (or run under xvfb-run)");
  auto module = load_module(o.bundle);
  if (!module) return 1;
  const host::ClassInfo* cls = first_processor(*module);
  if (cls == nullptr) return 1;
  std::string error;
  auto instance = host::PluginInstance::create(*module, *cls, error);
  if (!instance) return fail(error);
  if (instance->setup(48000.0, 512, false) != abi::kResultOk || instance->activate() != abi::kResultOk)
    return fail("the plugin does not activate");

  std::unique_ptr<AudioThread> audio;
  host::OutputFeed feed(instance->parameters());
  if (o.play) {
    if (!host::realtime::installed()) return fail("this plinth was built without the real-time trap");
    host::realtime::clear();
    audio = std::make_unique<AudioThread>(*instance, feed);
  }

  xcb_connection_t* c = xcb_connect(nullptr, nullptr);
  if (xcb_connection_has_error(c) != 0) {
    xcb_disconnect(c);
    return fail("cannot connect to the X display");
  }
  xcb_screen_t* screen = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
  const xcb_atom_t wm_protocols = atom(c, "WM_PROTOCOLS"), wm_delete = atom(c, "WM_DELETE_WINDOW");
  int status = 0;
  int files_after_first = 0;
  long rss_after_first = 0;
  const bool interactive = o.screenshot.empty() && o.drags.empty() && o.cycles == 1 && !o.destroy_parent_first &&
                           o.resize.empty() && o.late_scale == 0.0f;

  for (int cycle = 0; cycle < o.cycles && status == 0; ++cycle) {
    host::ComPtr<abi::IPlugView> view(instance->controller()->create_view(abi::kEditorViewType));
    if (!view) {
      status = fail("the controller has no editor (create_view returned null)");
      break;
    }
    if (view->is_platform_type_supported(abi::kPlatformTypeX11EmbedWindowId) != abi::kResultTrue) {
      status = fail("the editor does not support X11 embedding");
      break;
    }
    if (o.scale != 1.0f) {
      if (auto scaling = host::query<abi::IPlugViewContentScaleSupport>(view.get()))
        scaling->set_content_scale_factor(o.scale);
    }
    abi::ViewRect size{};
    view->get_size(&size);
    if (size.width() <= 0 || size.height() <= 0) {
      status = fail("the editor reports an empty size");
      break;
    }
    const xcb_window_t top = make_top_level(c, screen, size.width(), size.height(), std::string(cls->name) + " (plinth)");
    xcb_change_property(c, XCB_PROP_MODE_REPLACE, top, wm_protocols, XCB_ATOM_ATOM, 32, 1, &wm_delete);
    HostFrame frame(c, top);
    frame.on_idle = [&feed, &instance] { feed.forward(*instance->controller()); };
    view->set_frame(&frame);
    if (view->attached(reinterpret_cast<void*>(static_cast<std::uintptr_t>(top)), abi::kPlatformTypeX11EmbedWindowId) !=
        abi::kResultOk) {
      view->set_frame(nullptr);
      status = fail("attached() failed");
      break;
    }
    frame.run_for(std::chrono::milliseconds(o.cycles > 1 ? 20 : audio ? 400 : 150));

    if (o.late_scale > 0.0f) {
      // The plugin asks for its new size through resize_view; on_size follows in that call.
      frame.resize_requests = 0;
      if (auto scaling = host::query<abi::IPlugViewContentScaleSupport>(view.get()))
        scaling->set_content_scale_factor(o.late_scale);
      frame.run_for(std::chrono::milliseconds(100));
      view->get_size(&size);
      std::cout << "late scale " << o.late_scale << ": " << frame.resize_requests << " resize request(s), size "
                << size.width() << "x" << size.height() << "\n";
    }
    if (!o.resize.empty()) {
      int w = 0, h = 0;
      if (std::sscanf(o.resize.c_str(), "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0) {
        status = fail("--resize wants WxH, not " + o.resize);
        break;
      }
      abi::ViewRect wanted{0, 0, w, h};
      if (view->can_resize() != abi::kResultTrue) std::cout << "resize: the editor is not resizable\n";
      view->check_size_constraint(&wanted);
      const std::uint32_t values[] = {static_cast<std::uint32_t>(wanted.width()), static_cast<std::uint32_t>(wanted.height())};
      xcb_configure_window(c, top, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, values);
      sync(c);  // hosts resize their window, then tell the view
      view->on_size(&wanted);
      frame.run_for(std::chrono::milliseconds(100));
      view->get_size(&size);
      std::cout << "resize " << w << "x" << h << ": constrained to " << wanted.width() << "x" << wanted.height()
                << ", size " << size.width() << "x" << size.height() << "\n";
    }

    if (!o.screenshot.empty()) {
      view->get_size(&size);
      int colours = 0;
      if (size.width() > screen->width_in_pixels || size.height() > screen->height_in_pixels)
        status = fail("the editor (" + std::to_string(size.width()) + "x" + std::to_string(size.height()) +
                      ") is larger than the X screen; a window must be on screen to be captured");
      else if (!screenshot(c, top, size.width(), size.height(), o.screenshot, colours))
        status = fail("cannot capture the window into " + o.screenshot);
      else
        std::cout << "screenshot: " << o.screenshot << " (" << size.width() << "x" << size.height() << ", " << colours
                  << " colours)\n";
    }

    std::vector<std::pair<std::string, bool>> gestures;  // (ID=VALUE or ID, double-click)
    for (const auto& spec : o.drags) gestures.emplace_back(spec, false);
    if (!o.double_click.empty()) gestures.emplace_back(o.double_click, true);
    for (const auto& [spec, double_click] : gestures) {
      host::ParamChange target{};
      if (double_click) {
        const auto params = instance->parameters();
        const std::string& key = spec;  // clang 14 cannot capture a structured binding
        const auto found = std::find_if(params.begin(), params.end(), [&key](const host::ParameterInfo& p) {
          return std::to_string(p.id) == key || p.title == key || p.short_title == key;
        });
        if (found == params.end()) {
          status = fail("no parameter '" + key + "'");
          break;
        }
        target = {found->id, 0, found->default_normalized};
      } else if (!parse_param(*instance, spec, target, error)) {
        status = fail(error);
        break;
      }
      const auto controls = controls_of(instance->parameters());
      view->get_size(&size);
      const float scale = o.late_scale > 0.0f ? o.late_scale : o.scale;
      const ui::Layout layout = ui::layout_controls(controls, size.width(), scale);
      const auto placed = std::find_if(layout.controls.begin(), layout.controls.end(),
                                       [&](const ui::PlacedControl& p) { return controls[p.index].id == target.id; });
      if (placed == layout.controls.end() || controls[placed->index].kind != ui::ControlKind::knob) {
        status = fail("parameter " + std::to_string(target.id) + " has no knob in the editor");
        break;
      }
      xcb_translate_coordinates_reply_t* origin =
          xcb_translate_coordinates_reply(c, xcb_translate_coordinates(c, top, screen->root, 0, 0), nullptr);
      const int ox = origin != nullptr ? origin->dst_x : 0, oy = origin != nullptr ? origin->dst_y : 0;
      free(origin);
      const int x = ox + static_cast<int>(placed->cell.cx());
      int y = oy + static_cast<int>(placed->cell.y + ui::knob_centre_y * scale);
      instance->handler().clear_records();
      const double from = instance->get_normalized(target.id);
      const int travel = static_cast<int>(std::lround((target.normalized - from) * ui::Knob::drag_range * scale));
      auto fake = [&](std::uint8_t type, std::uint8_t detail, int px, int py) {
        xcb_test_fake_input(c, type, detail, XCB_CURRENT_TIME, screen->root, static_cast<std::int16_t>(px),
                            static_cast<std::int16_t>(py), 0);
        sync(c);
        frame.run_for(std::chrono::milliseconds(8));
      };
      fake(XCB_MOTION_NOTIFY, 0, x, y);
      if (double_click) {
        for (int click = 0; click < 2; ++click) {
          fake(XCB_BUTTON_PRESS, 1, x, y);
          fake(XCB_BUTTON_RELEASE, 1, x, y);
        }
      } else {
        fake(XCB_BUTTON_PRESS, 1, x, y);
        const int step = travel > 0 ? -4 : 4;  // up raises the value
        for (int moved = 0; moved < std::abs(travel); moved += 4) {
          y += step;
          fake(XCB_MOTION_NOTIFY, 0, x, y);
        }
        fake(XCB_BUTTON_RELEASE, 1, x, y);
      }
      frame.run_for(std::chrono::milliseconds(40));

      DragResult r;
      for (const auto& rec : instance->handler().records()) {
        if (rec.id != target.id) continue;
        using Kind = host::ComponentHandler::Kind;
        if (rec.kind == Kind::begin) ++r.begins;
        if (rec.kind == Kind::end) ++r.ends;
        if (rec.kind == Kind::perform) {
          ++r.performs;
          if (r.last >= 0.0) {
            r.increasing = r.increasing && rec.value > r.last;
            r.decreasing = r.decreasing && rec.value < r.last;
          }
          r.last = rec.value;
        }
      }
      // The processor gets the edits in its next blocks; its state then shows the value it
      // processed with, read back through a second instance's controller.
      if (audio)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the audio thread's next blocks
      else
        for (int block = 0; block < 4; ++block) instance->process(256);
      double processed = -1.0;
      if (auto probe = host::PluginInstance::create(*module, *cls, error)) {
        if (probe->load_state(instance->save_state())) processed = probe->get_normalized(target.id);
      }
      std::printf("%s %u: from %.4f begin %d perform %d (%s) end %d last %.4f controller %.4f processor %.4f\n",
                  double_click ? "double-click" : "drag", target.id, from, r.begins, r.performs,
                  r.performs < 2 ? "few" : r.increasing ? "increasing" : r.decreasing ? "decreasing" : "unordered",
                  r.ends, r.last, instance->get_normalized(target.id), processed);
    }

    if (interactive) {
      const auto until = o.seconds < 0 ? Clock::time_point::max() : Clock::now() + std::chrono::duration<double>(o.seconds);
      bool open = true;
      while (open && Clock::now() < until) {
        frame.run_for(std::chrono::milliseconds(16));
        while (xcb_generic_event_t* e = xcb_poll_for_event(c)) {
          const auto type = e->response_type & 0x7F;
          if (type == XCB_CLIENT_MESSAGE &&
              reinterpret_cast<xcb_client_message_event_t*>(e)->data.data32[0] == wm_delete)
            open = false;
          if (type == XCB_CONFIGURE_NOTIFY) {
            const auto* ce = reinterpret_cast<xcb_configure_notify_event_t*>(e);
            abi::ViewRect now{};
            view->get_size(&now);
            if (ce->window == top && (ce->width != now.width() || ce->height != now.height())) {
              abi::ViewRect wanted{0, 0, ce->width, ce->height};
              view->check_size_constraint(&wanted);
              view->on_size(&wanted);
            }
          }
          free(e);
        }
      }
    }

    // The order hosts use: frame first, then removed(); optionally the parent goes first,
    // as when a host closes its window before detaching the view.
    if (o.destroy_parent_first) {
      xcb_destroy_window(c, top);
      sync(c);
    }
    view->set_frame(nullptr);
    view->removed();
    view.reset();
    if (!o.destroy_parent_first) xcb_destroy_window(c, top);
    sync(c);
    if (frame.registered() != 0) status = fail("the editor left handlers registered in the run loop");
    if (frame.refs() != 1) status = fail("the editor kept references to the frame");
    // After the first cycle everything lazily made once (the allocator's arenas) exists; later cycles must not add to it.
    if (cycle == 0) {
      files_after_first = open_files();
      rss_after_first = resident_kb();
    }
  }
  if (status == 0 && o.cycles > 1)
    std::cout << "cycles: " << o.cycles << " opened and closed; open files " << files_after_first << " -> "
              << open_files() << "; resident " << rss_after_first << " -> " << resident_kb() << " kB\n";
  xcb_disconnect(c);
  if (audio) {
    audio->stop();
    const long trapped = host::realtime::total();
    std::cout << "audio thread: " << audio->blocks() << " blocks with the editor open, " << trapped
              << " allocations, locks, waits or I/O calls\n";
    if (feed.outputs() > 0) {
      std::cout << "meters: " << feed.forwarded() << " output parameter values forwarded to the controller\n";
      for (const auto& p : instance->parameters())
        if (p.is_read_only())
          std::cout << "meter " << p.title << ": " << instance->value_to_string(p.id, instance->get_normalized(p.id)).value_or("?") << "\n";
    }
    if (trapped > 0) {
      std::cout << host::realtime::report(host::realtime::violations());
      status = 1;
    }
  }
  return status;
}

}  // namespace plinth::tool
