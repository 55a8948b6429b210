#pragma once
// The real-time trap: while a thread is marked as the audio thread, every heap
// allocation or free, lock, wait, sleep and file or socket call made on it (in the
// host or inside a loaded plugin .so) is recorded with its stack, without allocating,
// and reported afterwards with symbols.
//
// The calls are caught by plinth/host/realtime/interpose_linux.cpp (the plinth_realtime_trap
// object library): it defines malloc, operator new, pthread_mutex_lock, open, ... in the
// executable, which must export them (CMake ENABLE_EXPORTS) so that a plugin .so
// resolves to them, and forwards to glibc. Under ASan/TSan/RTSan the sanitizer runtime
// owns malloc and the rest, so only operator new/delete are trapped there.
//
//   realtime::prime();                      // once, at start-up
//   { realtime::AudioThreadScope audio; processor->process(data); }
//   if (realtime::total() > 0) std::cout << realtime::report(realtime::violations());

#include <cstdint>
#include <string>
#include <vector>

namespace plinth::host::realtime {

enum class Kind : std::uint8_t { allocation, deallocation, lock, wait, sleep, io };
inline constexpr int kKinds = 6;
const char* kind_name(Kind kind) noexcept;

// True when the interposing definitions are linked into this executable.
bool installed() noexcept;
// Why installed() is false, for a check that cannot run: one line.
const char* not_installed_reason() noexcept;
// True when the libc functions are trapped too, not only operator new/delete.
bool traps_libc() noexcept;

// Windows: rewrites a loaded plugin module's import table so that its allocation, lock,
// wait, sleep and file calls reach the trap (Linux needs nothing: the executable's own
// definitions interpose). Returns how many imports it hooked. Main thread, after loading.
int watch_module(void* module_handle) noexcept;

// Makes the first recorded violation cheap and allocation-free: backtrace() loads
// libgcc on its first call. Call once from the main thread before marking any thread.
void prime() noexcept;

// Marks the calling thread as the audio thread for its lifetime.
class AudioThreadScope {
public:
  AudioThreadScope() noexcept;
  ~AudioThreadScope();
  AudioThreadScope(const AudioThreadScope&) = delete;
  AudioThreadScope& operator=(const AudioThreadScope&) = delete;

private:
  bool previous_;
};
bool on_audio_thread() noexcept;

// What the host was doing, copied into each new record (label must outlive the run).
void set_context(const char* label, long block) noexcept;

// Called by the interposers: records `function` if the calling thread is marked.
// `caller` is the interposer's return address, where the reported stack starts.
void note(Kind kind, const char* function, void* caller) noexcept;

// One distinct stack, with how often it was hit.
struct Violation {
  Kind kind = Kind::allocation;
  std::string function;  // the trapped call: "malloc", "pthread_mutex_lock", ...
  long hits = 0;
  std::string context;  // set_context() at the first hit
  long block = -1;
  std::vector<void*> frames;  // return addresses, innermost first
};

// Calls trapped since the last clear(), by kind and in all.
long count(Kind kind) noexcept;
long total() noexcept;
// Distinct stacks beyond the recorder's capacity (counted, not kept).
long dropped() noexcept;
void clear() noexcept;
// The distinct stacks recorded; call from an unmarked thread.
std::vector<Violation> violations();

// One frame, resolved: function name (demangled), object file, source if known.
struct Frame {
  void* address = nullptr;
  std::string function;  // "??" when unknown
  std::string object;    // file name of the shared object or executable
  std::uintptr_t offset = 0;
  std::string source;  // "file.cpp:123" when the object has debug info
};
// Resolves frames with dladdr and, for symbols dladdr cannot see (hidden ones in
// plugins), `addr2line -f -C` when it is installed. Spawns processes; main thread only.
std::vector<Frame> symbolize(const std::vector<void*>& frames);

// Every violation with its symbolized stack, as text for a terminal.
std::string report(const std::vector<Violation>& violations, int max_frames = 16);

}  // namespace plinth::host::realtime
