#pragma once
// Runs the project's `plinth` command (PLINTH_PLINTH_CMD) for the tests that drive the
// tool end to end, capturing what it printed and its exit status.
#ifdef _WIN32
#include <process.h>
#else
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace plinth::test {

struct CommandResult {
  int status = -1;  // exit code, or 128 + the signal
  std::string out;  // standard output, with standard error merged in unless kept apart
  std::string err;  // standard error, when kept apart
  [[nodiscard]] std::string all() const { return out + err; }
};

namespace detail {
inline void read_all(std::FILE* file, std::string& into) {
  std::array<char, 4096> buffer;
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) into.append(buffer.data(), n);
}
}  // namespace detail

// `plinth ARGS`. With separate_stderr, standard output alone goes to `out` (for output a
// test parses, such as --json) and standard error to `err`; otherwise both, interleaved
// as printed, go to `out`.
inline CommandResult run_plinth(const std::string& args, bool separate_stderr = false) {
  namespace fs = std::filesystem;
  CommandResult r;
#ifdef _WIN32
  // cmd.exe runs the line: the tool's path with backslashes (a leading '/' would be read
  // as a switch), and the exit code comes back as is.
  const fs::path err_file = fs::temp_directory_path() / ("plinth_command_" + std::to_string(::_getpid()) + ".err");
  const std::string tool = fs::path(PLINTH_PLINTH_CMD).make_preferred().string();
  const std::string redirect = separate_stderr ? " 2>" + err_file.string() : " 2>&1";
  std::FILE* pipe = ::_popen((tool + " " + args + redirect).c_str(), "r");
  if (pipe == nullptr) return r;
  detail::read_all(pipe, r.out);
  r.status = ::_pclose(pipe);
#else
  const fs::path err_file = fs::temp_directory_path() / ("plinth_command_" + std::to_string(::getpid()) + ".err");
  const std::string redirect = separate_stderr ? " 2>" + err_file.string() : " 2>&1";
  std::FILE* pipe = popen((std::string(PLINTH_PLINTH_CMD) + " " + args + redirect).c_str(), "r");
  if (pipe == nullptr) return r;
  detail::read_all(pipe, r.out);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
#endif
  if (separate_stderr) {
    if (std::FILE* e = std::fopen(err_file.string().c_str(), "r")) {
      detail::read_all(e, r.err);
      std::fclose(e);
    }
    fs::remove(err_file);
  }
  return r;
}

}  // namespace plinth::test
