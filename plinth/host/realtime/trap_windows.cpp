// The real-time trap on Windows: not available. It works by defining malloc, the
// pthread locks and the I/O calls in the executable so that a loaded plugin resolves
// to them; a Windows DLL binds its imports to the C runtime's DLLs (or has them linked
// in statically), never to the executable, so nothing a plugin does can be seen this
// way. installed() is false: `plinth rtcheck` says so and validate's realtime check is a
// skip with not_installed_reason().
#include "plinth/host/realtime/trap.h"

namespace plinth::host::realtime {

namespace {
thread_local bool t_marked = false;
}  // namespace

const char* not_installed_reason() noexcept {
  return "the real-time trap is not available on Windows (a plugin DLL's allocations and locks bind to the C "
         "runtime, never to the executable, so they cannot be seen); nothing checked";
}

bool installed() noexcept { return false; }
bool traps_libc() noexcept { return false; }
void prime() noexcept {}

AudioThreadScope::AudioThreadScope() noexcept : previous_(t_marked) { t_marked = true; }
AudioThreadScope::~AudioThreadScope() { t_marked = previous_; }
bool on_audio_thread() noexcept { return t_marked; }

void set_context(const char* /*label*/, long /*block*/) noexcept {}
void note(Kind /*kind*/, const char* /*function*/, void* /*caller*/) noexcept {}

long count(Kind /*kind*/) noexcept { return 0; }
long total() noexcept { return 0; }
long dropped() noexcept { return 0; }
void clear() noexcept {}
std::vector<Violation> violations() { return {}; }

std::vector<Frame> symbolize(const std::vector<void*>& frames) {
  std::vector<Frame> out;
  for (void* f : frames) out.push_back(Frame{f, "??", "", 0, ""});
  return out;
}

std::string report(const std::vector<Violation>& /*violations*/, int /*max_frames*/) { return {}; }

}  // namespace plinth::host::realtime
