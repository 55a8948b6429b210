// The real-time trap on Windows. A DLL calls the C runtime and the kernel through its
// import address table (IAT), filled when it is loaded; there is no executable-wide
// symbol interposition as on Linux. So the trap rewrites the IAT of each plugin module
// the host loads (watch_module(), from module_windows.cpp), and of the executable itself
// at start-up: its entries for the C
// runtime's allocation functions and the kernel's heap, lock, wait, sleep and file calls
// point to hooks here, which record the call when the thread is marked and go on to the
// original. A MinGW plugin's operator new and std::mutex come statically linked, and
// reach these imports underneath (malloc; a contended lock's wait). What the trap
// cannot see: an uncontended std::mutex in a MinGW plugin (winpthread locks it with an
// atomic, no import), and calls made inside other DLLs on the plugin's behalf.
#include <windows.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <string>

#include "plinth/host/realtime/recorder.h"
#include "plinth/host/realtime/trap.h"

namespace plinth::host::realtime {

namespace {

// Per-thread flags in the kernel's TLS slots, not C++ thread_local: MinGW emulates that
// (emutls), which allocates and locks on a thread's first access, inside the very calls
// the hooks catch. Bit 0: marked as the audio thread; bit 1: recording.
// Taken at start-up, before any hook is installed (below, in this file's order), so no
// hooked call ever meets a function-local static's first-use guard.
const DWORD g_tls_slot = TlsAlloc();
DWORD tls_slot() noexcept { return g_tls_slot; }
std::uintptr_t flags() noexcept {
  const DWORD saved = GetLastError();  // TlsGetValue clears it; the hooked call's caller may read it
  const auto f = reinterpret_cast<std::uintptr_t>(TlsGetValue(tls_slot()));
  SetLastError(saved);
  return f;
}
void set_flags(std::uintptr_t f) noexcept { TlsSetValue(tls_slot(), reinterpret_cast<void*>(f)); }
constexpr std::uintptr_t kMarked = 1, kRecording = 2;

__attribute__((noinline)) void note_here(Kind kind, const char* function) noexcept;

// One original per hooked function (the same C runtime and kernel serve every module).
template <class F>
struct Original {
  std::atomic<void*> fn{nullptr};
};

using MallocFn = void* (*)(std::size_t);
using CallocFn = void* (*)(std::size_t, std::size_t);
using ReallocFn = void* (*)(void*, std::size_t);
using FreeFn = void (*)(void*);
using AlignedMallocFn = void* (*)(std::size_t, std::size_t);
using HeapAllocFn = LPVOID(WINAPI*)(HANDLE, DWORD, SIZE_T);
using HeapReAllocFn = LPVOID(WINAPI*)(HANDLE, DWORD, LPVOID, SIZE_T);
using HeapFreeFn = BOOL(WINAPI*)(HANDLE, DWORD, LPVOID);
using CritFn = void(WINAPI*)(LPCRITICAL_SECTION);
using SrwFn = void(WINAPI*)(PSRWLOCK);
using WaitFn = DWORD(WINAPI*)(HANDLE, DWORD);
using WaitExFn = DWORD(WINAPI*)(HANDLE, DWORD, BOOL);
using WaitManyFn = DWORD(WINAPI*)(DWORD, const HANDLE*, BOOL, DWORD);
using SleepFn = void(WINAPI*)(DWORD);
using SleepExFn = DWORD(WINAPI*)(DWORD, BOOL);
using CreateFileWFn = HANDLE(WINAPI*)(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE);
using CreateFileAFn = HANDLE(WINAPI*)(LPCSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE);
using ReadFileFn = BOOL(WINAPI*)(HANDLE, LPVOID, DWORD, LPDWORD, LPOVERLAPPED);
using WriteFileFn = BOOL(WINAPI*)(HANDLE, LPCVOID, DWORD, LPDWORD, LPOVERLAPPED);
using FopenFn = FILE* (*)(const char*, const char*);

Original<MallocFn> o_malloc;
Original<CallocFn> o_calloc;
Original<ReallocFn> o_realloc;
Original<FreeFn> o_free;
Original<AlignedMallocFn> o_aligned_malloc;
Original<FreeFn> o_aligned_free;
Original<HeapAllocFn> o_heap_alloc;
Original<HeapReAllocFn> o_heap_realloc;
Original<HeapFreeFn> o_heap_free;
Original<CritFn> o_enter_critical_section;
Original<SrwFn> o_acquire_srw_exclusive;
Original<SrwFn> o_acquire_srw_shared;
Original<WaitFn> o_wait_for_single_object;
Original<WaitExFn> o_wait_for_single_object_ex;
Original<WaitManyFn> o_wait_for_multiple_objects;
Original<SleepFn> o_sleep;
Original<SleepExFn> o_sleep_ex;
Original<CreateFileWFn> o_create_file_w;
Original<CreateFileAFn> o_create_file_a;
Original<ReadFileFn> o_read_file;
Original<WriteFileFn> o_write_file;
Original<FopenFn> o_fopen;

template <class F>
F original(const Original<F>& o) noexcept {
  return reinterpret_cast<F>(o.fn.load(std::memory_order_acquire));
}

// The hooks: note, then the original. Reached only through the patched import table, so
// never inlined: the stack capture's third frame is the plugin's call site.
void* h_malloc(std::size_t n) { note_here(Kind::allocation, "malloc"); return original(o_malloc)(n); }
void* h_calloc(std::size_t n, std::size_t s) { note_here(Kind::allocation, "calloc"); return original(o_calloc)(n, s); }
void* h_realloc(void* p, std::size_t n) { note_here(Kind::allocation, "realloc"); return original(o_realloc)(p, n); }
void h_free(void* p) {
  if (p != nullptr) note_here(Kind::deallocation, "free");
  original(o_free)(p);
}
void* h_aligned_malloc(std::size_t n, std::size_t a) {
  note_here(Kind::allocation, "_aligned_malloc");
  return original(o_aligned_malloc)(n, a);
}
void h_aligned_free(void* p) {
  if (p != nullptr) note_here(Kind::deallocation, "_aligned_free");
  original(o_aligned_free)(p);
}
LPVOID WINAPI h_heap_alloc(HANDLE h, DWORD f, SIZE_T n) {
  note_here(Kind::allocation, "HeapAlloc");
  return original(o_heap_alloc)(h, f, n);
}
LPVOID WINAPI h_heap_realloc(HANDLE h, DWORD f, LPVOID p, SIZE_T n) {
  note_here(Kind::allocation, "HeapReAlloc");
  return original(o_heap_realloc)(h, f, p, n);
}
BOOL WINAPI h_heap_free(HANDLE h, DWORD f, LPVOID p) {
  if (p != nullptr) note_here(Kind::deallocation, "HeapFree");
  return original(o_heap_free)(h, f, p);
}
void WINAPI h_enter_critical_section(LPCRITICAL_SECTION c) {
  note_here(Kind::lock, "EnterCriticalSection");
  original(o_enter_critical_section)(c);
}
void WINAPI h_acquire_srw_exclusive(PSRWLOCK l) {
  note_here(Kind::lock, "AcquireSRWLockExclusive");
  original(o_acquire_srw_exclusive)(l);
}
void WINAPI h_acquire_srw_shared(PSRWLOCK l) {
  note_here(Kind::lock, "AcquireSRWLockShared");
  original(o_acquire_srw_shared)(l);
}
DWORD WINAPI h_wait_for_single_object(HANDLE h, DWORD ms) {
  note_here(Kind::wait, "WaitForSingleObject");
  return original(o_wait_for_single_object)(h, ms);
}
DWORD WINAPI h_wait_for_single_object_ex(HANDLE h, DWORD ms, BOOL a) {
  note_here(Kind::wait, "WaitForSingleObjectEx");
  return original(o_wait_for_single_object_ex)(h, ms, a);
}
DWORD WINAPI h_wait_for_multiple_objects(DWORD n, const HANDLE* h, BOOL all, DWORD ms) {
  note_here(Kind::wait, "WaitForMultipleObjects");
  return original(o_wait_for_multiple_objects)(n, h, all, ms);
}
void WINAPI h_sleep(DWORD ms) {
  note_here(Kind::sleep, "Sleep");
  original(o_sleep)(ms);
}
DWORD WINAPI h_sleep_ex(DWORD ms, BOOL a) {
  note_here(Kind::sleep, "SleepEx");
  return original(o_sleep_ex)(ms, a);
}
HANDLE WINAPI h_create_file_w(LPCWSTR n, DWORD a, DWORD s, LPSECURITY_ATTRIBUTES sa, DWORD c, DWORD f, HANDLE t) {
  note_here(Kind::io, "CreateFileW");
  return original(o_create_file_w)(n, a, s, sa, c, f, t);
}
HANDLE WINAPI h_create_file_a(LPCSTR n, DWORD a, DWORD s, LPSECURITY_ATTRIBUTES sa, DWORD c, DWORD f, HANDLE t) {
  note_here(Kind::io, "CreateFileA");
  return original(o_create_file_a)(n, a, s, sa, c, f, t);
}
BOOL WINAPI h_read_file(HANDLE h, LPVOID b, DWORD n, LPDWORD r, LPOVERLAPPED o) {
  note_here(Kind::io, "ReadFile");
  return original(o_read_file)(h, b, n, r, o);
}
BOOL WINAPI h_write_file(HANDLE h, LPCVOID b, DWORD n, LPDWORD w, LPOVERLAPPED o) {
  note_here(Kind::io, "WriteFile");
  return original(o_write_file)(h, b, n, w, o);
}
FILE* h_fopen(const char* path, const char* mode) {
  note_here(Kind::io, "fopen");
  return original(o_fopen)(path, mode);
}

// What is hooked: the import's DLL (the C runtime or the kernel, in any of their names)
// and function, the hook, and where the original goes.
enum class From { crt, kernel };
struct Hook {
  From from;
  const char* name;
  void* hook;
  std::atomic<void*>* original;
};

template <class F>
Hook hook(From from, const char* name, F fn, Original<F>& o) {
  return Hook{from, name, reinterpret_cast<void*>(fn), &o.fn};
}

const std::array<Hook, 22>& hooks() {
  static const std::array<Hook, 22> table{
      hook(From::crt, "malloc", &h_malloc, o_malloc),
      hook(From::crt, "calloc", &h_calloc, o_calloc),
      hook(From::crt, "realloc", &h_realloc, o_realloc),
      hook(From::crt, "free", &h_free, o_free),
      hook(From::crt, "_aligned_malloc", &h_aligned_malloc, o_aligned_malloc),
      hook(From::crt, "_aligned_free", &h_aligned_free, o_aligned_free),
      hook(From::crt, "fopen", &h_fopen, o_fopen),
      hook(From::kernel, "HeapAlloc", &h_heap_alloc, o_heap_alloc),
      hook(From::kernel, "HeapReAlloc", &h_heap_realloc, o_heap_realloc),
      hook(From::kernel, "HeapFree", &h_heap_free, o_heap_free),
      hook(From::kernel, "EnterCriticalSection", &h_enter_critical_section, o_enter_critical_section),
      hook(From::kernel, "AcquireSRWLockExclusive", &h_acquire_srw_exclusive, o_acquire_srw_exclusive),
      hook(From::kernel, "AcquireSRWLockShared", &h_acquire_srw_shared, o_acquire_srw_shared),
      hook(From::kernel, "WaitForSingleObject", &h_wait_for_single_object, o_wait_for_single_object),
      hook(From::kernel, "WaitForSingleObjectEx", &h_wait_for_single_object_ex, o_wait_for_single_object_ex),
      hook(From::kernel, "WaitForMultipleObjects", &h_wait_for_multiple_objects, o_wait_for_multiple_objects),
      hook(From::kernel, "Sleep", &h_sleep, o_sleep),
      hook(From::kernel, "SleepEx", &h_sleep_ex, o_sleep_ex),
      hook(From::kernel, "CreateFileW", &h_create_file_w, o_create_file_w),
      hook(From::kernel, "CreateFileA", &h_create_file_a, o_create_file_a),
      hook(From::kernel, "ReadFile", &h_read_file, o_read_file),
      hook(From::kernel, "WriteFile", &h_write_file, o_write_file),
  };
  return table;
}

bool iequals_prefix(const char* name, const char* prefix) {
  for (; *prefix != '\0'; ++name, ++prefix)
    if (std::tolower(static_cast<unsigned char>(*name)) != std::tolower(static_cast<unsigned char>(*prefix))) return false;
  return true;
}

// The C runtime has several names (msvcrt.dll for MinGW, the UCRT's api sets and
// ucrtbase.dll for MSVC builds); the kernel's calls come from kernel32.dll or an api set.
bool dll_is(From from, const char* dll) {
  if (from == From::crt)
    return iequals_prefix(dll, "msvcrt.dll") || iequals_prefix(dll, "ucrtbase.dll") ||
           iequals_prefix(dll, "api-ms-win-crt-");
  return iequals_prefix(dll, "kernel32.dll") || iequals_prefix(dll, "kernelbase.dll") ||
         iequals_prefix(dll, "api-ms-win-core-");
}

std::atomic<bool> g_watching{false};

__attribute__((noinline)) void note_here(Kind kind, const char* function) noexcept {
  const std::uintptr_t f = flags();
  if ((f & kMarked) == 0 || (f & kRecording) != 0) return;
  const DWORD saved = GetLastError();
  set_flags(f | kRecording);  // what the capture itself calls is the trap's
  std::array<void*, detail::kMaxFrames> frames{};
  // Skip this function and the hook: the first frame is the plugin's call site.
  const int depth = RtlCaptureStackBackTrace(2, static_cast<DWORD>(frames.size()), frames.data(), nullptr);
  detail::store(kind, function, frames.data(), depth);
  set_flags(f);
  SetLastError(saved);
}

std::string narrow(const wchar_t* w) {
  const int bytes = WideCharToMultiByte(CP_UTF8, 0, w, -1, nullptr, 0, nullptr, nullptr);
  if (bytes <= 1) return {};
  std::string out(static_cast<std::size_t>(bytes - 1), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w, -1, out.data(), bytes, nullptr, nullptr);
  return out;
}

std::string module_file(HMODULE module) {
  wchar_t path[MAX_PATH] = {};
  if (GetModuleFileNameW(module, path, MAX_PATH) == 0) return {};
  std::string p = narrow(path);
  const auto slash = p.find_last_of("\\/");
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

}  // namespace

int watch_module(void* handle) noexcept {
  auto* base = static_cast<unsigned char*>(handle);
  if (base == nullptr) return 0;
  const auto* dos = reinterpret_cast<const IMAGE_DOS_HEADER*>(base);
  if (dos->e_magic != IMAGE_DOS_SIGNATURE) return 0;
  const auto* nt = reinterpret_cast<const IMAGE_NT_HEADERS*>(base + dos->e_lfanew);
  if (nt->Signature != IMAGE_NT_SIGNATURE) return 0;
  const IMAGE_DATA_DIRECTORY& dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
  if (dir.VirtualAddress == 0 || dir.Size == 0) return 0;
  int patched = 0;
  for (auto* desc = reinterpret_cast<const IMAGE_IMPORT_DESCRIPTOR*>(base + dir.VirtualAddress); desc->Name != 0;
       ++desc) {
    const char* dll = reinterpret_cast<const char*>(base + desc->Name);
    if (desc->OriginalFirstThunk == 0) continue;  // no names to match (bound by ordinal only)
    auto* names = reinterpret_cast<const IMAGE_THUNK_DATA*>(base + desc->OriginalFirstThunk);
    auto* slots = reinterpret_cast<IMAGE_THUNK_DATA*>(base + desc->FirstThunk);
    for (; names->u1.AddressOfData != 0; ++names, ++slots) {
      if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal)) continue;
      const auto* by_name = reinterpret_cast<const IMAGE_IMPORT_BY_NAME*>(base + names->u1.AddressOfData);
      const char* function = reinterpret_cast<const char*>(by_name->Name);
      for (const Hook& h : hooks()) {
        if (std::strcmp(function, h.name) != 0 || !dll_is(h.from, dll)) continue;
        void* current = reinterpret_cast<void*>(slots->u1.Function);
        if (current == h.hook) break;  // watched already
        // Every module's entry resolves to the same function: keep the first seen.
        void* expected = nullptr;
        h.original->compare_exchange_strong(expected, current, std::memory_order_acq_rel);
        DWORD old = 0;
        if (VirtualProtect(&slots->u1.Function, sizeof(void*), PAGE_READWRITE, &old) == 0) break;
        slots->u1.Function = reinterpret_cast<ULONG_PTR>(h.hook);
        VirtualProtect(&slots->u1.Function, sizeof(void*), old, &old);
        ++patched;
        break;
      }
    }
  }
  if (patched > 0) g_watching.store(true, std::memory_order_release);
  return patched;
}

namespace {
// The executable's own imports too, from start-up, so the host's share of the audio path
// is checked as on Linux (where the interposers cover the whole process).
const int g_executable_watched = watch_module(GetModuleHandleW(nullptr));
}  // namespace

const char* not_installed_reason() noexcept {
  return "the real-time trap sees nothing here: no plugin module's imports have been watched; nothing checked";
}

bool installed() noexcept { return true; }
bool traps_libc() noexcept { return true; }
void prime() noexcept {
  std::array<void*, 4> frames{};
  (void)RtlCaptureStackBackTrace(0, static_cast<DWORD>(frames.size()), frames.data(), nullptr);
}

AudioThreadScope::AudioThreadScope() noexcept : previous_((flags() & kMarked) != 0) { set_flags(flags() | kMarked); }
AudioThreadScope::~AudioThreadScope() { set_flags(previous_ ? flags() | kMarked : flags() & ~kMarked); }
bool on_audio_thread() noexcept { return (flags() & kMarked) != 0; }

void note(Kind kind, const char* function, void* /*caller*/) noexcept { note_here(kind, function); }

std::string detail::executable_object() { return module_file(nullptr); }

// Module and offset per frame (no debug-symbol reader on Windows; the offsets can be
// looked up with `addr2line -e` on the unstripped DLL).
std::vector<Frame> symbolize(const std::vector<void*>& addresses) {
  std::vector<Frame> frames(addresses.size());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    Frame& f = frames[i];
    f.address = addresses[i];
    f.function = "??";
    HMODULE module = nullptr;
    if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           static_cast<LPCWSTR>(addresses[i]), &module) == 0)
      continue;
    f.object = module_file(module);
    f.offset = reinterpret_cast<std::uintptr_t>(addresses[i]) - reinterpret_cast<std::uintptr_t>(module);
  }
  return frames;
}

}  // namespace plinth::host::realtime
