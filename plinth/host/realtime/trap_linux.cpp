#include "plinth/host/realtime/trap.h"

#include "plinth/host/realtime/recorder.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>

#if defined(__has_feature)
#if __has_feature(realtime_sanitizer)
#include <sanitizer/rtsan_interface.h>
#define PLINTH_TRAP_UNDER_RTSAN 1
#endif
#endif
#ifndef PLINTH_TRAP_UNDER_RTSAN
#define PLINTH_TRAP_UNDER_RTSAN 0
#endif

namespace plinth::host::realtime {

// Set by interpose_linux.cpp's static initializer when it is linked in.
extern bool g_interposed;
extern bool g_interposes_libc;
bool g_interposed = false;
bool g_interposes_libc = false;

namespace {

// initial-exec: reading these from inside malloc must never allocate TLS.
__attribute__((tls_model("initial-exec"))) thread_local bool t_marked = false;
// Set while recording, so what backtrace() itself calls is not recorded again.
__attribute__((tls_model("initial-exec"))) thread_local bool t_recording = false;

void record(Kind kind, const char* function, void* caller) noexcept {
  std::array<void*, detail::kMaxFrames + 8> raw;
  const int n = backtrace(raw.data(), static_cast<int>(raw.size()));
  // Start at the caller of the trapped function: the frames above it are the trap's.
  int start = 0;
  for (int i = 0; i < n; ++i) {
    if (raw[static_cast<std::size_t>(i)] == caller) {
      start = i;
      break;
    }
  }
  const int depth = std::min(n - start, detail::kMaxFrames);
  void* const* frames = raw.data() + start;
  detail::store(kind, function, frames, depth);
}

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && out ? std::string(out.get()) : std::string(name);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A position-dependent executable (ET_EXEC) is symbolized by absolute address.
bool is_fixed_address(const std::string& object) {
  FILE* f = std::fopen(object.c_str(), "rb");
  if (f == nullptr) return false;
  unsigned char header[18] = {};
  const bool ok = std::fread(header, 1, sizeof header, f) == sizeof header;
  std::fclose(f);
  return ok && header[16] == 2 && header[17] == 0;  // e_type == ET_EXEC, little-endian
}

bool have_addr2line() {
  static const bool found = std::system("command -v addr2line >/dev/null 2>&1") == 0;
  return found;
}

// `addr2line -f -C` over many addresses of one object; function and source per address.
void run_addr2line(const std::string& object, std::vector<Frame*>& frames) {
  if (!have_addr2line() || frames.empty()) return;
  const bool fixed = is_fixed_address(object);
  std::string command = "addr2line -f -C -e " + shell_quote(object);
  for (const Frame* f : frames) {
    char buf[32];
    const std::uintptr_t at =
        (fixed ? reinterpret_cast<std::uintptr_t>(f->address) : f->offset) - 1;  // inside the call, not after it
    std::snprintf(buf, sizeof buf, " 0x%zx", static_cast<std::size_t>(at));
    command += buf;
  }
  command += " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return;
  char line[4096];
  for (Frame* f : frames) {
    if (std::fgets(line, sizeof line, pipe) == nullptr) break;
    std::string function(line);
    while (!function.empty() && (function.back() == '\n' || function.back() == '\r')) function.pop_back();
    if (std::fgets(line, sizeof line, pipe) == nullptr) break;
    std::string source(line);
    while (!source.empty() && (source.back() == '\n' || source.back() == '\r')) source.pop_back();
    if (function != "??" && (f->function == "??" || f->function.empty())) f->function = function;
    if (const auto paren = source.find(" ("); paren != std::string::npos) source.resize(paren);
    if (source.size() >= 2 && source.compare(source.size() - 2, 2, ":?") == 0) source.resize(source.size() - 2);
    if (!source.empty() && source.rfind("??", 0) != 0) {
      const auto slash = source.rfind('/');
      f->source = slash == std::string::npos ? source : source.substr(slash + 1);
    }
  }
  pclose(pipe);
}

std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

const char* not_installed_reason() noexcept {
  return "the real-time trap is not linked into this executable (plinth_realtime_trap); nothing checked";
}

int watch_module(void* /*module_handle*/) noexcept { return 0; }
bool installed() noexcept { return g_interposed; }
bool traps_libc() noexcept { return g_interposes_libc; }

void prime() noexcept {
  std::array<void*, 4> frames;
  (void)backtrace(frames.data(), static_cast<int>(frames.size()));
}

AudioThreadScope::AudioThreadScope() noexcept : previous_(t_marked) { t_marked = true; }
AudioThreadScope::~AudioThreadScope() { t_marked = previous_; }
bool on_audio_thread() noexcept { return t_marked; }

void note(Kind kind, const char* function, void* caller) noexcept {
  if (!t_marked || t_recording) return;
  const int saved_errno = errno;  // free() and the I/O calls' callers rely on errno
  t_recording = true;
#if PLINTH_TRAP_UNDER_RTSAN
  __rtsan_disable();  // the unwinder's own calls are the trap's, not the plugin's
#endif
  record(kind, function, caller);
#if PLINTH_TRAP_UNDER_RTSAN
  __rtsan_enable();
#endif
  t_recording = false;
  errno = saved_errno;
}

// The object this code is linked into: the executable.
std::string detail::executable_object() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&detail::executable_object), &info) == 0 || info.dli_fname == nullptr) return {};
  return base_name(info.dli_fname);
}

std::vector<Frame> symbolize(const std::vector<void*>& addresses) {
  std::vector<Frame> frames(addresses.size());
  std::map<std::string, std::vector<Frame*>> by_object;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    Frame& f = frames[i];
    f.address = addresses[i];
    f.function = "??";
    Dl_info info{};
    // The return address is one past the call; look up the call itself.
    if (dladdr(static_cast<char*>(addresses[i]) - 1, &info) == 0 || info.dli_fname == nullptr) continue;
    f.object = info.dli_fname;
    f.offset = reinterpret_cast<std::uintptr_t>(addresses[i]) - reinterpret_cast<std::uintptr_t>(info.dli_fbase);
    if (info.dli_sname != nullptr) f.function = demangle(info.dli_sname);
    by_object[f.object].push_back(&f);
  }
  // addr2line sees hidden symbols (plugins export only their entry points) and sources.
  for (auto& [object, list] : by_object) run_addr2line(object, list);
  for (auto& f : frames) f.object = base_name(f.object);
  return frames;
}

}  // namespace plinth::host::realtime
