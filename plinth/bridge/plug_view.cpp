#include "plinth/bridge/plug_view.h"

#include <cmath>
#include <cstring>

#include "plinth/bridge/controller.h"

namespace plinth::bridge {

// What the host's run loop calls. Its own reference-counted object, because the host
// may keep its references after the view is gone: then it points nowhere and does nothing.
class RunLoopHandler final : public abi::linux_ui::IEventHandler, public abi::linux_ui::ITimerHandler {
public:
  explicit RunLoopHandler(PlugView* view) : view_(view) {}
  abi::tresult query_interface(const char* iid16, void** obj) override {
    return query<Via<abi::FUnknown, abi::linux_ui::IEventHandler>, abi::linux_ui::IEventHandler,
                 abi::linux_ui::ITimerHandler>(this, iid16, obj);
  }
  std::uint32_t add_ref() override { return refs_.add(); }
  std::uint32_t release() override {
    const std::uint32_t left = refs_.remove();
    if (left == 0) delete this;
    return left;
  }
  void on_fd_is_set(abi::linux_ui::FileDescriptor) override {
    if (view_ != nullptr) view_->on_fd_ready();
  }
  void on_timer() override {
    if (view_ != nullptr) view_->on_timer();
  }
  void forget() noexcept { view_ = nullptr; }

private:
  ~RunLoopHandler() = default;
  RefCount refs_;
  PlugView* view_;
};

namespace {
// The timer also drains events: some hosts never report the X fd as ready.
constexpr abi::linux_ui::TimerInterval timer_ms = 16;

// A name that fits a control's cell (13 characters at any scale): the full name, else the
// short one, else the full name without its group's name in front ("Gate Threshold" under
// "Gate"), else cut with a final '.'.
std::string cell_name(const ParamSpec& s, const std::string& group_name) {
  constexpr std::size_t fits = 13;
  if (s.name.size() <= fits) return s.name;
  if (!s.short_name.empty() && s.short_name.size() <= fits) return s.short_name;
  std::string name = s.name;
  if (!group_name.empty() && name.size() > group_name.size() + 1 && name.compare(0, group_name.size(), group_name) == 0 &&
      name[group_name.size()] == ' ')
    name.erase(0, group_name.size() + 1);
  if (name.size() > fits) name = name.substr(0, fits - 1) + ".";
  return name;
}
}  // namespace

PlugView::PlugView(Controller& controller) : controller_(controller) {
  controller_.add_ref();
  PluginCore& core = controller_.core();
  std::vector<ui::ParamDescription> params;
  for (const Param* p : core.params()) {
    const ParamSpec& s = p->spec();
    if (s.flags.hidden) continue;
    ui::ParamDescription d;
    d.control.id = s.id;
    d.control.group = s.group;
    for (const Group& g : core.groups())
      if (g.id == s.group) d.control.group_name = g.name;
    d.control.name = cell_name(s, d.control.group_name);
    d.control.kind = ui::control_kind(s.step_count(), s.kind == ParamKind::list, s.flags.read_only);
    d.steps = s.step_count();
    d.default_normalized = s.default_normalized();
    params.push_back(std::move(d));
  }
  EditorHooks hooks;
  core.customize_editor(hooks);
  editor_ = std::make_unique<ui::GenericEditor>(std::string(core.info().name), std::move(params),
                                                static_cast<ui::EditorModel&>(*this), std::move(hooks.panels));
}

PlugView::~PlugView() {
  detach();
  controller_.release();
}

abi::tresult PlugView::query_interface(const char* iid16, void** obj) {
  return query<Via<abi::FUnknown, abi::IPlugView>, abi::IPlugView, abi::IPlugViewContentScaleSupport>(this, iid16,
                                                                                                      obj);
}

std::uint32_t PlugView::release() {
  const std::uint32_t left = refs_.remove();
  if (left == 0) delete this;
  return left;
}

abi::tresult PlugView::is_platform_type_supported(abi::FIDString type) {
  return ui::PlatformWindow::supports(type) ? abi::kResultTrue : abi::kResultFalse;
}

abi::tresult PlugView::attached(void* parent, abi::FIDString type) {
  if (window_ != nullptr) return abi::kResultFalse;
  if (parent == nullptr || !ui::PlatformWindow::supports(type)) return abi::kInvalidArgument;
  if (!ui::PlatformWindow::needs_run_loop()) {
    // Windows: the host's message loop delivers the window's messages and its timer.
    std::string error;
    window_ = ui::PlatformWindow::create(parent, type, editor_->size(), *this, error);
    if (window_ == nullptr) return abi::kResultFalse;
    refresh();
    return abi::kResultOk;
  }
  // The run loop comes with the frame (some hosts offer it on their context instead);
  // without one nothing would ever drive the window.
  for (abi::FUnknown* source : {static_cast<abi::FUnknown*>(frame_.get()), controller_.host_context()}) {
    void* loop = nullptr;
    if (!run_loop_ && source != nullptr &&
        source->query_interface(abi::iid_raw(abi::linux_ui::IRunLoop::iid), &loop) == abi::kResultOk && loop != nullptr)
      run_loop_.adopt(static_cast<abi::linux_ui::IRunLoop*>(loop));
  }
  if (!run_loop_) return abi::kResultFalse;
  std::string error;
  window_ = ui::PlatformWindow::create(parent, type, editor_->size(), *this, error);
  if (window_ == nullptr) return abi::kResultFalse;
  handler_ = new RunLoopHandler(this);
  run_loop_.get()->register_event_handler(handler_, window_->event_fd());
  run_loop_.get()->register_timer(handler_, timer_ms);
  refresh();
  return abi::kResultOk;
}

void PlugView::detach() {
  if (handler_ != nullptr) {
    if (run_loop_) {
      run_loop_.get()->unregister_timer(handler_);
      run_loop_.get()->unregister_event_handler(handler_);
    }
    handler_->forget();
    static_cast<abi::linux_ui::IEventHandler*>(handler_)->release();
    handler_ = nullptr;
  }
  window_.reset();
  run_loop_.reset();
}

abi::tresult PlugView::removed() {
  if (window_ == nullptr) return abi::kResultFalse;
  detach();
  return abi::kResultOk;
}

abi::tresult PlugView::on_wheel(float distance) {
  editor_->wheel(last_x_, last_y_, distance, {});
  refresh();
  return abi::kResultOk;
}

// The generic editor takes no keys: the host keeps them for its own shortcuts.
abi::tresult PlugView::on_key_down(abi::char16, std::int16_t, std::int16_t) { return abi::kResultFalse; }
abi::tresult PlugView::on_key_up(abi::char16, std::int16_t, std::int16_t) { return abi::kResultFalse; }

abi::tresult PlugView::get_size(abi::ViewRect* size) {
  if (size == nullptr) return abi::kInvalidArgument;
  const ui::Size s = editor_->size();
  *size = {0, 0, s.width, s.height};
  return abi::kResultOk;
}

abi::tresult PlugView::on_size(abi::ViewRect* new_size) {
  if (new_size == nullptr) return abi::kInvalidArgument;
  if (in_on_size_) return abi::kResultOk;
  in_on_size_ = true;
  // The host's size, at least the editor's minimum; a taller window shows more background.
  const ui::Size wanted{new_size->width(), new_size->height()};
  const ui::Size least = editor_->constrain({wanted.width, 0});
  editor_->set_size({least.width, std::max(wanted.height, 1)});
  if (window_ != nullptr) {
    window_->resize(editor_->size());
    refresh();
  }
  in_on_size_ = false;
  return abi::kResultOk;
}

abi::tresult PlugView::on_focus(abi::TBool) { return abi::kResultOk; }

abi::tresult PlugView::set_frame(abi::IPlugFrame* frame) {
  frame_.reset(frame);
  return abi::kResultOk;
}

abi::tresult PlugView::can_resize() { return abi::kResultTrue; }

abi::tresult PlugView::check_size_constraint(abi::ViewRect* rect) {
  if (rect == nullptr) return abi::kInvalidArgument;
  const ui::Size s = editor_->constrain({rect->width(), rect->height()});
  rect->right = rect->left + s.width;
  rect->bottom = rect->top + std::max(s.height, rect->height());
  return abi::kResultOk;
}

abi::tresult PlugView::set_content_scale_factor(float factor) {
  if (!(factor >= 0.5f && factor <= 4.0f)) return abi::kResultFalse;
  if (factor == editor_->scale()) return abi::kResultOk;
  editor_->set_scale(factor);
  if (window_ != nullptr && !in_on_size_) {
    // Ask the host for the new size; it answers with on_size in this call stack.
    const ui::Size s = editor_->size();
    abi::ViewRect rect{0, 0, s.width, s.height};
    if (!frame_ || frame_.get()->resize_view(this, &rect) != abi::kResultOk) {
      window_->resize(s);
    }
    refresh();
  }
  return abi::kResultOk;
}

void PlugView::on_fd_ready() {
  if (window_ == nullptr) return;
  window_->dispatch();
  refresh();
}

void PlugView::on_timer() {
  if (window_ == nullptr) return;
  window_->dispatch();
  // What the processor sent meanwhile, for custom views (output parameters for meters
  // come through the host as well).
  controller_.poll_processor();
  refresh();
}

void PlugView::refresh() {
  if (window_ != nullptr && editor_->paint(canvas_)) window_->present(canvas_);
}

void PlugView::on_mouse_down(float x, float y, int button, ui::Modifiers mods, bool double_click) {
  last_x_ = x;
  last_y_ = y;
  editor_->mouse_down(x, y, button, mods, double_click);
}
void PlugView::on_mouse_move(float x, float y, ui::Modifiers mods) {
  last_x_ = x;
  last_y_ = y;
  editor_->mouse_move(x, y, mods);
}
void PlugView::on_mouse_up(float x, float y, int button, ui::Modifiers) { editor_->mouse_up(x, y, button); }
void PlugView::on_wheel(float x, float y, float steps, ui::Modifiers mods) { editor_->wheel(x, y, steps, mods); }
void PlugView::on_expose() {
  editor_->paint(canvas_);
  if (window_ != nullptr) window_->present(canvas_);
}

double PlugView::normalized(std::uint32_t id) const {
  const Param* p = controller_.core().find_param(id);
  return p != nullptr ? p->normalized() : 0.0;
}

std::string PlugView::text(std::uint32_t id, double normalized) const {
  const Param* p = controller_.core().find_param(id);
  if (p == nullptr) return {};
  std::string t = p->spec().to_text(p->spec().to_plain(normalized));
  // Units the text does not already carry (formatters for frequency, time, percent do).
  return ui::with_unit(std::move(t), p->spec().unit);
}

void PlugView::begin_edit(std::uint32_t id) {
  if (abi::IComponentHandler* h = controller_.component_handler()) h->begin_edit(id);
}

void PlugView::perform_edit(std::uint32_t id, double normalized) {
  // The controller's own value first (it is what the editor shows), then the host's.
  controller_.set_param_normalized(id, normalized);
  if (abi::IComponentHandler* h = controller_.component_handler()) h->perform_edit(id, normalized);
}

void PlugView::end_edit(std::uint32_t id) {
  if (abi::IComponentHandler* h = controller_.component_handler()) h->end_edit(id);
}

}  // namespace plinth::bridge
