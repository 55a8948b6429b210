#pragma once
// Traps allocation, deallocation, locking and waiting on a thread while it is marked
// as the audio thread. Include in exactly one test source per executable: it replaces
// the global operator new/delete and, outside sanitizer builds (where the sanitizer
// runtime owns them), interposes malloc/calloc/realloc/free, pthread mutex, rwlock and
// condition-variable waits and sleeps. A plugin .so loaded by the test resolves these
// symbols to the executable's definitions, so calls made inside the plugin are caught.
//
//   { plinth::test::AudioThreadScope audio; instance.process(...); }
//   EXPECT_EQ(plinth::test::violations(), 0);
//
// Built with RealtimeSanitizer (clang -fsanitize=realtime, scripts/test.sh --rtsan),
// AudioThreadScope also puts the thread in RTSan's real-time context, a second and
// independent check: RTSan reports, with a stack, and ends the process on any
// allocation, lock or blocking call made there, in the plugin .so as well. TrapOnlyScope
// arms the trap alone, for the trap's self-tests that allocate and lock on purpose.

#include <dlfcn.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(realtime_sanitizer)
#define PLINTH_TRAP_RTSAN 1
#endif
#endif
#ifndef PLINTH_TRAP_RTSAN
#define PLINTH_TRAP_RTSAN 0
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || PLINTH_TRAP_RTSAN
#define PLINTH_TRAP_LIBC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PLINTH_TRAP_LIBC 0
#endif
#endif
#ifndef PLINTH_TRAP_LIBC
#define PLINTH_TRAP_LIBC 1
#endif

#if PLINTH_TRAP_RTSAN
#include <sanitizer/rtsan_interface.h>
// The runtime's entry points for the real-time context, the ones clang's
// [[clang::nonblocking]] instrumentation calls; the public header (clang 22) declares
// only __rtsan_disable/__rtsan_enable, so they are declared here.
extern "C" void __rtsan_realtime_enter();
extern "C" void __rtsan_realtime_exit();
#endif

extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
extern "C" void __libc_free(void*);

namespace plinth::test {

inline thread_local bool in_audio_thread = false;
inline std::atomic<int> allocation_count{0};
inline std::atomic<int> free_count{0};
inline std::atomic<int> lock_count{0};
inline std::atomic<int> wait_count{0};
inline std::atomic<const char*> first_violation{nullptr};

inline void note(std::atomic<int>& counter, const char* what) noexcept {
  if (!in_audio_thread) return;
  counter.fetch_add(1, std::memory_order_relaxed);
  const char* none = nullptr;
  first_violation.compare_exchange_strong(none, what);
}

inline int violations() noexcept {
  return allocation_count.load() + free_count.load() + lock_count.load() + wait_count.load();
}
inline void clear() noexcept {
  allocation_count = free_count = lock_count = wait_count = 0;
  first_violation = nullptr;
}
inline const char* what_first() noexcept {
  const char* w = first_violation.load();
  return w != nullptr ? w : "nothing";
}

// Marks the thread for the trap's counters only.
struct TrapOnlyScope {
  TrapOnlyScope() noexcept { in_audio_thread = true; }
  ~TrapOnlyScope() { in_audio_thread = false; }
  TrapOnlyScope(const TrapOnlyScope&) = delete;
  TrapOnlyScope& operator=(const TrapOnlyScope&) = delete;
};

// The trap, and under RTSan its real-time context as well.
struct AudioThreadScope {
#if PLINTH_TRAP_RTSAN
  AudioThreadScope() noexcept { __rtsan_realtime_enter(); }
  ~AudioThreadScope() { __rtsan_realtime_exit(); }
#else
  AudioThreadScope() noexcept = default;
#endif
  AudioThreadScope(const AudioThreadScope&) = delete;
  AudioThreadScope& operator=(const AudioThreadScope&) = delete;
  TrapOnlyScope trap;
};

inline void* raw_alloc(std::size_t n) noexcept {
#if PLINTH_TRAP_LIBC
  return __libc_malloc(n == 0 ? 1 : n);
#else
  return std::malloc(n == 0 ? 1 : n);
#endif
}
inline void* raw_aligned(std::size_t n, std::size_t align) noexcept {
  void* p = nullptr;
  return posix_memalign(&p, align < sizeof(void*) ? sizeof(void*) : align, n == 0 ? 1 : n) == 0 ? p : nullptr;
}
inline void raw_free(void* p) noexcept {
#if PLINTH_TRAP_LIBC
  __libc_free(p);
#else
  std::free(p);
#endif
}

template <class F>
F next_symbol(const char* name) noexcept {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace plinth::test

// ---- operator new/delete: every form ----
// They pair malloc with free on purpose; GCC, seeing malloc inlined into a `new` that a
// sized `delete` later frees, misreports a mismatch in sanitizer builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  plinth::test::note(plinth::test::allocation_count, "operator new");
  if (void* p = plinth::test::raw_alloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  plinth::test::note(plinth::test::allocation_count, "operator new[]");
  if (void* p = plinth::test::raw_alloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  plinth::test::note(plinth::test::allocation_count, "operator new(nothrow)");
  return plinth::test::raw_alloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  plinth::test::note(plinth::test::allocation_count, "operator new[](nothrow)");
  return plinth::test::raw_alloc(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  plinth::test::note(plinth::test::allocation_count, "operator new(aligned)");
  if (void* p = plinth::test::raw_aligned(n, static_cast<std::size_t>(a))) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) {
  plinth::test::note(plinth::test::allocation_count, "operator new[](aligned)");
  if (void* p = plinth::test::raw_aligned(n, static_cast<std::size_t>(a))) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  if (p != nullptr) plinth::test::note(plinth::test::free_count, "operator delete");
  plinth::test::raw_free(p);
}
void operator delete[](void* p) noexcept {
  if (p != nullptr) plinth::test::note(plinth::test::free_count, "operator delete[]");
  plinth::test::raw_free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete[](p); }
void operator delete(void* p, std::align_val_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { operator delete[](p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { operator delete[](p); }

#if PLINTH_TRAP_LIBC
// ---- libc allocation ----
extern "C" void* malloc(size_t n) {
  plinth::test::note(plinth::test::allocation_count, "malloc");
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t n, size_t size) {
  plinth::test::note(plinth::test::allocation_count, "calloc");
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, size_t n) {
  plinth::test::note(plinth::test::allocation_count, "realloc");
  return __libc_realloc(p, n);
}
extern "C" void free(void* p) {
  if (p != nullptr) plinth::test::note(plinth::test::free_count, "free");
  __libc_free(p);
}

// ---- locks and waits ----
extern "C" int pthread_mutex_lock(pthread_mutex_t* m) {
  plinth::test::note(plinth::test::lock_count, "pthread_mutex_lock");
  static auto real = plinth::test::next_symbol<int (*)(pthread_mutex_t*)>("pthread_mutex_lock");
  return real(m);
}
extern "C" int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  plinth::test::note(plinth::test::lock_count, "pthread_rwlock_rdlock");
  static auto real = plinth::test::next_symbol<int (*)(pthread_rwlock_t*)>("pthread_rwlock_rdlock");
  return real(l);
}
extern "C" int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  plinth::test::note(plinth::test::lock_count, "pthread_rwlock_wrlock");
  static auto real = plinth::test::next_symbol<int (*)(pthread_rwlock_t*)>("pthread_rwlock_wrlock");
  return real(l);
}
extern "C" int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  plinth::test::note(plinth::test::wait_count, "pthread_cond_wait");
  static auto real = plinth::test::next_symbol<int (*)(pthread_cond_t*, pthread_mutex_t*)>("pthread_cond_wait");
  return real(c, m);
}
extern "C" int nanosleep(const struct timespec* req, struct timespec* rem) {
  plinth::test::note(plinth::test::wait_count, "nanosleep");
  static auto real = plinth::test::next_symbol<int (*)(const struct timespec*, struct timespec*)>("nanosleep");
  return real(req, rem);
}
extern "C" int usleep(useconds_t us) {
  plinth::test::note(plinth::test::wait_count, "usleep");
  static auto real = plinth::test::next_symbol<int (*)(useconds_t)>("usleep");
  return real(us);
}
#endif
