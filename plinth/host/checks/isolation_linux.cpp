// Running a check in a forked child that reports back through a pipe (Linux; Windows:
// isolation_windows.cpp; in this process: run_check.cpp).
//
// Why fork after the module is loaded rather than re-exec: the parent runs no
// plugin code beyond loading the module and reading its factory, so every child
// starts from the module as it was just loaded, costs about a millisecond, and
// needs no command line to name the check again. The parent stays single-threaded
// (it creates no instances), which is what makes fork safe here.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "plinth/host/checks.h"
#include "plinth/host/checks/common.h"

namespace plinth::host {

namespace {

std::string signal_text(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  const char* description = sigdescr_np(sig);
  std::string out = abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
  if (description != nullptr) out += std::string(" (") + description + ")";
  return out;
}

}  // namespace

bool checks_can_be_isolated() noexcept { return true; }

std::optional<int> serve_isolated_check(const std::vector<std::string>& /*arguments*/) { return std::nullopt; }

CheckResult run_check_isolated(const Check& check, Module& module, const ClassInfo& processor_class,
                               double timeout_seconds) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  CheckResult result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.fail(std::string("cannot create a pipe for the check's process: ") + std::strerror(errno));
    return result;
  }
  void* page = mmap(nullptr, checks::kStepBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) page = nullptr;
  if (page != nullptr) static_cast<char*>(page)[0] = '\0';
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    result.fail(std::string("cannot fork the check's process: ") + std::strerror(errno));
    close(fds[0]);
    close(fds[1]);
    if (page != nullptr) munmap(page, checks::kStepBytes);
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    // What the plugin prints must not mix into the tool's output (--json).
    dup2(STDERR_FILENO, STDOUT_FILENO);
    checks::set_step_page(static_cast<char*>(page));
    const std::string bytes = run_check(check, module, processor_class).serialize();
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = write(fds[1], bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(3);
      done += static_cast<std::size_t>(n);
    }
    // No static destructors, no ModuleExit: the parent owns the module.
    _exit(0);
  }
  close(fds[1]);
  std::string bytes;
  bool timed_out = false;
  char buffer[4096];
  for (;;) {
    const double left = timeout_seconds - elapsed();
    if (left <= 0.0) {
      timed_out = true;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(std::min(left * 1000.0, 1000.0)) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of file: the child is done (or died)
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  const std::string last_step = page != nullptr ? std::string(static_cast<const char*>(page)) : std::string();
  if (page != nullptr) munmap(page, checks::kStepBytes);
  const std::string where = last_step.empty() ? "" : " (last step: " + last_step + ")";

  result.crashed = timed_out || WIFSIGNALED(status);
  if (timed_out) {
    result.fail("timed out after " + checks::fmt(timeout_seconds) + " s; killed" + where);
  } else if (WIFSIGNALED(status)) {
    result.fail("the plugin crashed: " + signal_text(WTERMSIG(status)) + where);
  } else if (auto parsed = CheckResult::deserialize(bytes)) {
    result = std::move(*parsed);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    result.crashed = true;
    result.fail("the check's process exited with code " + std::to_string(WEXITSTATUS(status)) + " without a result" +
                where);
  } else {
    result.crashed = true;
    result.fail("the check's process ended without a result" + where);
  }
  result.seconds = elapsed();
  return result;
}

}  // namespace plinth::host
