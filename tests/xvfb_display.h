#pragma once
// A display for the editor tests: the one in DISPLAY, else a private Xvfb started for
// the test program (and stopped with it); none when neither exists, and the tests say so.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace plinth::test {

class XvfbDisplay {
public:
  XvfbDisplay() {
    const char* display = std::getenv("DISPLAY");
    if (display != nullptr && *display != '\0') {
      name_ = display;
      return;
    }
    const char* xvfb = "/usr/bin/Xvfb";
    if (::access(xvfb, X_OK) != 0) return;
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[0]);
      const std::string fd = std::to_string(fds[1]);
      ::execl(xvfb, "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1920x1200x24", "-nolisten", "tcp", "-noreset",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    // Xvfb writes the display number it took once it is ready for clients. -noreset: by
    // default the server resets when its last client leaves, and refuses connections
    // meanwhile, which the next `plinth editor` of a test would hit.
    std::string number;
    char ch = 0;
    while (::read(fds[0], &ch, 1) == 1 && ch != '\n') number += ch;
    ::close(fds[0]);
    if (number.empty()) return;
    name_ = ":" + number;
    ::setenv("DISPLAY", name_.c_str(), 1);
  }
  ~XvfbDisplay() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  XvfbDisplay(const XvfbDisplay&) = delete;
  XvfbDisplay& operator=(const XvfbDisplay&) = delete;

  [[nodiscard]] bool available() const { return !name_.empty(); }
  [[nodiscard]] const std::string& name() const { return name_; }

private:
  std::string name_;
  pid_t pid_ = -1;
};

inline const char* no_display_message() {
  return "no X display: DISPLAY is unset and /usr/bin/Xvfb is missing (apt-get install xvfb); editor tests skipped";
}

}  // namespace plinth::test
