// `plinth editor`: opens a plugin's editor the way a host does, on any platform: a
// top-level window as the parent and an IPlugFrame around the view (editor_host.h; on
// Linux the frame also offers the run loop). --screenshot captures the window once
// painted; --drag presses on a control with synthetic input from the system and reports
// the edits the host got and the value the processor then processed with.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "commands.h"
#include "editor_host.h"
#include "plinth/host/instance.h"
#include "plinth/host/output_feed.h"
#include "plinth/host/realtime/rtsan_context.h"
#include "plinth/host/realtime/trap.h"
#include "plinth/ui/layout.h"
#include "plinth/ui/widgets.h"
#include "png.h"

namespace plinth::tool {

namespace {

using Clock = EditorClock;

bool screenshot(EditorHostWindow& window, int width, int height, const std::string& path, int& colours) {
  std::vector<std::uint32_t> pixels;
  if (!window.capture(width, height, pixels) || pixels.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
    return false;
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
  std::string error;
  auto platform = EditorHost::open(error);
  if (!platform) return fail(error);
  auto module = load_module(o.bundle);
  if (!module) return 1;
  const host::ClassInfo* cls = first_processor(*module);
  if (cls == nullptr) return 1;
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

  const char* type = platform->platform_type();
  int status = 0;
  int files_after_first = 0;
  long rss_after_first = 0;
  const bool interactive = o.screenshot.empty() && o.drags.empty() && o.double_click.empty() && o.cycles == 1 &&
                           !o.destroy_parent_first && o.resize.empty() && o.late_scale == 0.0f;

  for (int cycle = 0; cycle < o.cycles && status == 0; ++cycle) {
    host::ComPtr<abi::IPlugView> view(instance->controller()->create_view(abi::kEditorViewType));
    if (!view) {
      status = fail("the controller has no editor (create_view returned null)");
      break;
    }
    if (view->is_platform_type_supported(type) != abi::kResultTrue) {
      status = fail(std::string("the editor does not support the platform type ") + type);
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
    auto window = platform->make_window(size.width(), size.height(), std::string(cls->name) + " (plinth)", error);
    if (!window) {
      status = fail(error);
      break;
    }
    window->on_idle = [&feed, &instance] { feed.forward(*instance->controller()); };
    view->set_frame(window->frame());
    if (view->attached(window->parent(), type) != abi::kResultOk) {
      view->set_frame(nullptr);
      status = fail("attached() failed");
      break;
    }
    window->run_for(std::chrono::milliseconds(o.cycles > 1 ? 20 : audio ? 400 : 150));

    if (o.late_scale > 0.0f) {
      // The plugin asks for its new size through resize_view; on_size follows in that call.
      window->resize_requests = 0;
      if (auto scaling = host::query<abi::IPlugViewContentScaleSupport>(view.get()))
        scaling->set_content_scale_factor(o.late_scale);
      window->run_for(std::chrono::milliseconds(100));
      view->get_size(&size);
      std::cout << "late scale " << o.late_scale << ": " << window->resize_requests << " resize request(s), size "
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
      window->resize(wanted.width(), wanted.height());  // hosts resize their window, then tell the view
      view->on_size(&wanted);
      window->run_for(std::chrono::milliseconds(100));
      view->get_size(&size);
      std::cout << "resize " << w << "x" << h << ": constrained to " << wanted.width() << "x" << wanted.height()
                << ", size " << size.width() << "x" << size.height() << "\n";
    }

    if (!o.screenshot.empty()) {
      view->get_size(&size);
      int colours = 0, screen_width = 0, screen_height = 0;
      platform->screen_size(screen_width, screen_height);
      if (size.width() > screen_width || size.height() > screen_height)
        status = fail("the editor (" + std::to_string(size.width()) + "x" + std::to_string(size.height()) +
                      ") is larger than the screen; a window must be on screen to be captured");
      else if (!screenshot(*window, size.width(), size.height(), o.screenshot, colours))
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
      const int x = static_cast<int>(placed->cell.cx());
      int y = static_cast<int>(placed->cell.y + ui::knob_centre_y * scale);
      instance->handler().clear_records();
      const double from = instance->get_normalized(target.id);
      const int travel = static_cast<int>(std::lround((target.normalized - from) * ui::Knob::drag_range * scale));
      window->pointer(PointerEvent::move, x, y);
      if (double_click) {
        for (int click = 0; click < 2; ++click) {
          window->pointer(PointerEvent::press, x, y);
          window->pointer(PointerEvent::release, x, y);
        }
      } else {
        window->pointer(PointerEvent::press, x, y);
        const int step = travel > 0 ? -4 : 4;  // up raises the value
        for (int moved = 0; moved < std::abs(travel); moved += 4) {
          y += step;
          window->pointer(PointerEvent::move, x, y);
        }
        window->pointer(PointerEvent::release, x, y);
      }
      window->run_for(std::chrono::milliseconds(40));

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
      std::fflush(stdout);
    }

    if (interactive) window->run_interactive(*view, o.seconds);

    // The order hosts use: frame first, then removed(); optionally the parent goes first,
    // as when a host closes its window before detaching the view.
    if (o.destroy_parent_first) window->destroy();
    view->set_frame(nullptr);
    view->removed();
    view.reset();
    window->destroy();
    if (window->registered() != 0) status = fail("the editor left handlers registered in the run loop");
    if (window->frame_refs() != 1) status = fail("the editor kept references to the frame");
    window.reset();
    // After the first cycle everything lazily made once (the allocator's arenas) exists; later cycles must not add to it.
    if (cycle == 0) {
      files_after_first = open_handles();
      rss_after_first = resident_kb();
    }
  }
  if (status == 0 && o.cycles > 1) {
    std::cout << "cycles: " << o.cycles << " opened and closed; ";
    if (files_after_first >= 0)
      std::cout << "open files " << files_after_first << " -> " << open_handles() << "; ";
    else
      std::cout << "open files not reported by the system; ";
    std::cout << "resident " << rss_after_first << " -> " << resident_kb() << " kB\n";
  }
  platform.reset();
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
