// The real-time trap's interposers: definitions of the allocation, lock, wait, sleep and
// I/O functions in the executable. Linked (as the plinth_realtime_trap object library)
// into executables built with ENABLE_EXPORTS, so a plugin .so loaded later resolves these
// names to them. Each one notes the call if the thread is marked, then forwards to glibc:
// allocation to __libc_malloc and friends (no dlsym, which may itself allocate), the rest
// to the next definition (dlsym(RTLD_NEXT)), looked up once at start-up.
//
// Under ASan/TSan/RTSan the sanitizer runtime defines the libc functions itself, so only
// operator new/delete are replaced there (forwarding to its malloc).
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "plinth/host/realtime/trap.h"

#if defined(__has_feature)
#if __has_feature(realtime_sanitizer) || __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PLINTH_INTERPOSE_LIBC 0
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#undef PLINTH_INTERPOSE_LIBC
#define PLINTH_INTERPOSE_LIBC 0
#endif
#ifndef PLINTH_INTERPOSE_LIBC
#define PLINTH_INTERPOSE_LIBC 1
#endif

namespace rt = plinth::host::realtime;

namespace plinth::host::realtime {
extern bool g_interposed;
extern bool g_interposes_libc;
}  // namespace plinth::host::realtime

#define PLINTH_CALLER __builtin_extract_return_addr(__builtin_return_address(0))

#if PLINTH_INTERPOSE_LIBC
extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
extern "C" void* __libc_memalign(size_t, size_t);
extern "C" void __libc_free(void*);
#endif

namespace {

void* raw_alloc(std::size_t n) noexcept {
#if PLINTH_INTERPOSE_LIBC
  return __libc_malloc(n == 0 ? 1 : n);
#else
  return std::malloc(n == 0 ? 1 : n);
#endif
}
void* raw_aligned(std::size_t n, std::size_t align) noexcept {
  if (align < sizeof(void*)) align = sizeof(void*);
#if PLINTH_INTERPOSE_LIBC
  return __libc_memalign(align, n == 0 ? 1 : n);
#else
  void* p = nullptr;
  return posix_memalign(&p, align, n == 0 ? 1 : n) == 0 ? p : nullptr;
#endif
}
void raw_free(void* p) noexcept {
#if PLINTH_INTERPOSE_LIBC
  __libc_free(p);
#else
  std::free(p);
#endif
}

void* checked(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

// ---- operator new/delete: every form ----
// They pair malloc with free on purpose; GCC, seeing malloc inlined into a `new` that a
// sized `delete` later frees, misreports a mismatch in sanitizer builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  rt::note(rt::Kind::allocation, "operator new", PLINTH_CALLER);
  return checked(raw_alloc(n));
}
void* operator new[](std::size_t n) {
  rt::note(rt::Kind::allocation, "operator new[]", PLINTH_CALLER);
  return checked(raw_alloc(n));
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  rt::note(rt::Kind::allocation, "operator new(nothrow)", PLINTH_CALLER);
  return raw_alloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  rt::note(rt::Kind::allocation, "operator new[](nothrow)", PLINTH_CALLER);
  return raw_alloc(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  rt::note(rt::Kind::allocation, "operator new(aligned)", PLINTH_CALLER);
  return checked(raw_aligned(n, static_cast<std::size_t>(a)));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  rt::note(rt::Kind::allocation, "operator new[](aligned)", PLINTH_CALLER);
  return checked(raw_aligned(n, static_cast<std::size_t>(a)));
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  rt::note(rt::Kind::allocation, "operator new(aligned, nothrow)", PLINTH_CALLER);
  return raw_aligned(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  rt::note(rt::Kind::allocation, "operator new[](aligned, nothrow)", PLINTH_CALLER);
  return raw_aligned(n, static_cast<std::size_t>(a));
}

namespace {
void free_noted(void* p, const char* what, void* caller) noexcept {
  if (p != nullptr) rt::note(rt::Kind::deallocation, what, caller);
  raw_free(p);
}
}  // namespace
void operator delete(void* p) noexcept { free_noted(p, "operator delete", PLINTH_CALLER); }
void operator delete[](void* p) noexcept { free_noted(p, "operator delete[]", PLINTH_CALLER); }
void operator delete(void* p, std::size_t) noexcept { free_noted(p, "operator delete", PLINTH_CALLER); }
void operator delete[](void* p, std::size_t) noexcept { free_noted(p, "operator delete[]", PLINTH_CALLER); }
void operator delete(void* p, std::align_val_t) noexcept { free_noted(p, "operator delete", PLINTH_CALLER); }
void operator delete[](void* p, std::align_val_t) noexcept { free_noted(p, "operator delete[]", PLINTH_CALLER); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  free_noted(p, "operator delete", PLINTH_CALLER);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  free_noted(p, "operator delete[]", PLINTH_CALLER);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { free_noted(p, "operator delete", PLINTH_CALLER); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { free_noted(p, "operator delete[]", PLINTH_CALLER); }

#if PLINTH_INTERPOSE_LIBC
// ---- libc allocation ----
extern "C" void* malloc(size_t n) noexcept {
  rt::note(rt::Kind::allocation, "malloc", PLINTH_CALLER);
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t n, size_t size) noexcept {
  rt::note(rt::Kind::allocation, "calloc", PLINTH_CALLER);
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, size_t n) noexcept {
  rt::note(rt::Kind::allocation, "realloc", PLINTH_CALLER);
  return __libc_realloc(p, n);
}
extern "C" void free(void* p) noexcept {
  if (p != nullptr) rt::note(rt::Kind::deallocation, "free", PLINTH_CALLER);
  __libc_free(p);
}
extern "C" int posix_memalign(void** out, size_t align, size_t n) noexcept {
  rt::note(rt::Kind::allocation, "posix_memalign", PLINTH_CALLER);
  if (align % sizeof(void*) != 0 || (align & (align - 1)) != 0 || align == 0) return EINVAL;
  void* p = __libc_memalign(align, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
extern "C" void* aligned_alloc(size_t align, size_t n) noexcept {
  rt::note(rt::Kind::allocation, "aligned_alloc", PLINTH_CALLER);
  return __libc_memalign(align, n);
}
extern "C" void* memalign(size_t align, size_t n) noexcept {
  rt::note(rt::Kind::allocation, "memalign", PLINTH_CALLER);
  return __libc_memalign(align, n);
}

// ---- everything else: note, then forward to glibc's definition ----
namespace {
template <class F>
F next(std::atomic<F>& slot, const char* name, const char* version = nullptr) noexcept {
  F f = slot.load(std::memory_order_acquire);
  if (f == nullptr) {
    f = reinterpret_cast<F>(version != nullptr ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name));
    slot.store(f, std::memory_order_release);
  }
  return f;
}
}  // namespace

// Defines `name` noting `kind`; `version` picks a symbol version (for the two
// pthread_cond ABIs), nullptr for the default one. The forward is looked up at
// start-up, so dlsym never runs on the audio thread.
#define PLINTH_FORWARD(kind, ret, name, params, args, version, ...)                           \
  namespace {                                                                                 \
  std::atomic<ret(*) params> real_##name{nullptr};                                            \
  [[maybe_unused]] const bool resolved_##name = next(real_##name, #name, version) != nullptr; \
  }                                                                                           \
  extern "C" ret name params __VA_ARGS__ {                                                    \
    rt::note(rt::Kind::kind, #name, PLINTH_CALLER);                                           \
    return next(real_##name, #name, version) args;                                            \
  }

// Locks.
PLINTH_FORWARD(lock, int, pthread_mutex_lock, (pthread_mutex_t * m), (m), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_mutex_trylock, (pthread_mutex_t * m), (m), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_mutex_timedlock, (pthread_mutex_t * m, const struct timespec* t), (m, t), nullptr,
               noexcept)
PLINTH_FORWARD(lock, int, pthread_rwlock_rdlock, (pthread_rwlock_t * l), (l), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_rwlock_wrlock, (pthread_rwlock_t * l), (l), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_rwlock_tryrdlock, (pthread_rwlock_t * l), (l), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_rwlock_trywrlock, (pthread_rwlock_t * l), (l), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_spin_lock, (pthread_spinlock_t * l), (l), nullptr, noexcept)
PLINTH_FORWARD(lock, int, pthread_spin_trylock, (pthread_spinlock_t * l), (l), nullptr, noexcept)
// Waits.
PLINTH_FORWARD(wait, int, pthread_cond_wait, (pthread_cond_t * c, pthread_mutex_t* m), (c, m), "GLIBC_2.3.2")
PLINTH_FORWARD(wait, int, pthread_cond_timedwait, (pthread_cond_t * c, pthread_mutex_t* m, const struct timespec* t),
               (c, m, t), "GLIBC_2.3.2")
PLINTH_FORWARD(wait, int, pthread_join, (pthread_t t, void** r), (t, r), nullptr)
PLINTH_FORWARD(wait, int, sem_wait, (sem_t * s), (s), nullptr)
PLINTH_FORWARD(wait, int, sem_timedwait, (sem_t * s, const struct timespec* t), (s, t), nullptr)
PLINTH_FORWARD(wait, int, poll, (struct pollfd * f, nfds_t n, int t), (f, n, t), nullptr)
// Sleeps.
PLINTH_FORWARD(sleep, int, nanosleep, (const struct timespec* r, struct timespec* m), (r, m), nullptr)
PLINTH_FORWARD(sleep, int, clock_nanosleep, (clockid_t c, int f, const struct timespec* r, struct timespec* m),
               (c, f, r, m), nullptr)
PLINTH_FORWARD(sleep, int, usleep, (useconds_t u), (u), nullptr)
PLINTH_FORWARD(sleep, unsigned, sleep, (unsigned s), (s), nullptr)
PLINTH_FORWARD(sleep, int, sched_yield, (void), (), nullptr, noexcept)
// Files and sockets (the set RealtimeSanitizer intercepts, less the rarely used).
PLINTH_FORWARD(io, int, creat, (const char* p, mode_t m), (p, m), nullptr)
PLINTH_FORWARD(io, int, close, (int fd), (fd), nullptr)
PLINTH_FORWARD(io, ssize_t, read, (int fd, void* b, size_t n), (fd, b, n), nullptr)
PLINTH_FORWARD(io, ssize_t, write, (int fd, const void* b, size_t n), (fd, b, n), nullptr)
PLINTH_FORWARD(io, ssize_t, pread64, (int fd, void* b, size_t n, off64_t o), (fd, b, n, o), nullptr)
PLINTH_FORWARD(io, ssize_t, pwrite64, (int fd, const void* b, size_t n, off64_t o), (fd, b, n, o), nullptr)
PLINTH_FORWARD(io, ssize_t, readv, (int fd, const struct iovec* v, int n), (fd, v, n), nullptr)
PLINTH_FORWARD(io, ssize_t, writev, (int fd, const struct iovec* v, int n), (fd, v, n), nullptr)
PLINTH_FORWARD(io, FILE*, fopen, (const char* p, const char* m), (p, m), nullptr)
PLINTH_FORWARD(io, FILE*, fopen64, (const char* p, const char* m), (p, m), nullptr)
PLINTH_FORWARD(io, int, fclose, (FILE * f), (f), nullptr)
PLINTH_FORWARD(io, size_t, fread, (void* b, size_t s, size_t n, FILE* f), (b, s, n, f), nullptr)
PLINTH_FORWARD(io, size_t, fwrite, (const void* b, size_t s, size_t n, FILE* f), (b, s, n, f), nullptr)
PLINTH_FORWARD(io, int, fputs, (const char* s, FILE* f), (s, f), nullptr)
PLINTH_FORWARD(io, int, puts, (const char* s), (s), nullptr)
PLINTH_FORWARD(io, int, fflush, (FILE * f), (f), nullptr)
PLINTH_FORWARD(io, int, socket, (int d, int t, int p), (d, t, p), nullptr, noexcept)
PLINTH_FORWARD(io, int, connect, (int fd, const struct sockaddr* a, socklen_t n), (fd, a, n), nullptr)
PLINTH_FORWARD(io, int, accept, (int fd, struct sockaddr* a, socklen_t* n), (fd, a, n), nullptr)
PLINTH_FORWARD(io, ssize_t, send, (int fd, const void* b, size_t n, int f), (fd, b, n, f), nullptr)
PLINTH_FORWARD(io, ssize_t, sendto, (int fd, const void* b, size_t n, int f, const struct sockaddr* a, socklen_t l),
               (fd, b, n, f, a, l), nullptr)
PLINTH_FORWARD(io, ssize_t, sendmsg, (int fd, const struct msghdr* m, int f), (fd, m, f), nullptr)
PLINTH_FORWARD(io, ssize_t, recv, (int fd, void* b, size_t n, int f), (fd, b, n, f), nullptr)
PLINTH_FORWARD(io, ssize_t, recvfrom, (int fd, void* b, size_t n, int f, struct sockaddr* a, socklen_t* l),
               (fd, b, n, f, a, l), nullptr)
PLINTH_FORWARD(io, ssize_t, recvmsg, (int fd, struct msghdr* m, int f), (fd, m, f), nullptr)

// open and openat take a mode only with O_CREAT or O_TMPFILE, as varargs.
namespace {
mode_t open_mode(int flags, va_list ap) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE ? static_cast<mode_t>(va_arg(ap, int)) : 0;
}
std::atomic<int (*)(const char*, int, ...)> real_open{nullptr};
std::atomic<int (*)(const char*, int, ...)> real_open64{nullptr};
std::atomic<int (*)(int, const char*, int, ...)> real_openat{nullptr};
std::atomic<int (*)(int, const char*, int, ...)> real_openat64{nullptr};
}  // namespace
extern "C" int open(const char* path, int flags, ...) {
  rt::note(rt::Kind::io, "open", PLINTH_CALLER);
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = open_mode(flags, ap);
  va_end(ap);
  return next(real_open, "open")(path, flags, mode);
}
extern "C" int open64(const char* path, int flags, ...) {
  rt::note(rt::Kind::io, "open64", PLINTH_CALLER);
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = open_mode(flags, ap);
  va_end(ap);
  return next(real_open64, "open64")(path, flags, mode);
}
extern "C" int openat(int dir, const char* path, int flags, ...) {
  rt::note(rt::Kind::io, "openat", PLINTH_CALLER);
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = open_mode(flags, ap);
  va_end(ap);
  return next(real_openat, "openat")(dir, path, flags, mode);
}
extern "C" int openat64(int dir, const char* path, int flags, ...) {
  rt::note(rt::Kind::io, "openat64", PLINTH_CALLER);
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = open_mode(flags, ap);
  va_end(ap);
  return next(real_openat64, "openat64")(dir, path, flags, mode);
}
#endif  // PLINTH_INTERPOSE_LIBC

namespace {
// Marks the trap present, resolves the open forwards and primes backtrace().
struct Install {
  Install() noexcept {
    rt::g_interposed = true;
    rt::g_interposes_libc = PLINTH_INTERPOSE_LIBC != 0;
#if PLINTH_INTERPOSE_LIBC
    (void)next(real_open, "open");
    (void)next(real_open64, "open64");
    (void)next(real_openat, "openat");
    (void)next(real_openat64, "openat64");
#endif
    rt::prime();
  }
};
const Install install;
}  // namespace
