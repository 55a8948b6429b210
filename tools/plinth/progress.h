#pragma once
// A progress bar on stderr for the `plinth` commands that can run for seconds or more.
// Shown only when stderr is a terminal (never in piped or captured output), first drawn
// after a short delay (a run that ends sooner never flickers one), redrawn at most ten
// times a second while on screen, and erased when done (or before the command prints a
// line of its own: finish(), then the next update() draws it again).
//
//   ProgressBar bar("render", total_samples);
//   for (...) { ...; bar.update(done); }     // or bar.update(done, "12 crashes")
//   bar.finish();                            // (the destructor does it too)

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace plinth::tool {

class ProgressBar {
public:
  ProgressBar(std::string label, double total)
      : label_(std::move(label)), total_(total), on_(isatty(STDERR_FILENO) != 0), start_(clock::now()) {
    if (on_) current() = this;
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() {
    finish();
    if (current() == this) current() = nullptr;
  }

  // Erases whichever bar is on screen, so an error line starts on a clean line (fail()).
  static void erase_current() {
    if (current() != nullptr) current()->finish();
  }

  [[nodiscard]] bool shown() const noexcept { return on_; }

  // `done` of `total`; `extra` follows the bar (a count, a name).
  void update(double done, std::string_view extra = {}) {
    if (!on_) return;
    const auto now = clock::now();
    if (now - start_ < first_draw || (drawn_ && now - last_ < redraw)) return;  // erased: redraw at once
    last_ = now;
    const double fraction = total_ > 0 ? std::clamp(done / total_, 0.0, 1.0) : 1.0;
    const int filled = static_cast<int>(fraction * width);
    std::string line = "\r\033[K  " + label_ + " [";
    line.append(static_cast<std::size_t>(filled), '#');
    line.append(static_cast<std::size_t>(width - filled), '.');
    line += "] " + std::to_string(static_cast<int>(fraction * 100.0)) + " %";
    if (!extra.empty()) {
      line += "  ";
      line += extra;
    }
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
  }

  // Erases the bar (if it was ever drawn).
  void finish() {
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

private:
  using clock = std::chrono::steady_clock;
  static ProgressBar*& current() {
    static ProgressBar* bar = nullptr;  // the tool is single-threaded
    return bar;
  }

  static constexpr int width = 30;
  static constexpr auto first_draw = std::chrono::milliseconds(500);
  static constexpr auto redraw = std::chrono::milliseconds(100);

  std::string label_;
  double total_;
  bool on_;
  bool drawn_ = false;
  clock::time_point start_;
  clock::time_point last_{};
};

}  // namespace plinth::tool
