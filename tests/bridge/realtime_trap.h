#pragma once
// The bridge tests' view of the host's real-time trap (plinth/host/realtime/trap.h):
// while a thread is marked as the audio thread, allocation, deallocation, locking,
// waiting, sleeping and file/socket calls on it are counted and their stacks kept.
// The test executables link plinth_realtime_trap and export its symbols, so a plugin
// .so the test loads resolves malloc & co. to the trap; under sanitizers only operator
// new/delete are trapped (the sanitizer runtime owns the rest).
//
//   { plinth::test::AudioThreadScope audio; instance.process(...); }
//   EXPECT_EQ(plinth::test::violations(), 0) << plinth::test::what_first();
//
// Built with RealtimeSanitizer (clang -fsanitize=realtime, scripts/test.sh --rtsan),
// AudioThreadScope also puts the thread in RTSan's real-time context, a second and
// independent check: RTSan reports, with a stack, and ends the process on any
// allocation, lock or blocking call made there, in the plugin .so as well. TrapOnlyScope
// arms the trap alone, for the trap's self-tests that allocate and lock on purpose.
//
// On Windows the trap is not available (plinth/host/realtime/trap_windows.cpp): nothing is
// counted, so the tests whose point is the trap skip there (PLINTH_SKIP_WITHOUT_TRAP) and
// elsewhere a count of 0 says nothing about the audio path.

#include <string>

#include "plinth/host/realtime/rtsan_context.h"
#include "plinth/host/realtime/trap.h"

#define PLINTH_TRAP_RTSAN PLINTH_RTSAN

// Whether malloc, locks and waits are trapped too (not under sanitizers).
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

// In a GoogleTest body: skips, saying why, where the trap sees nothing.
#define PLINTH_SKIP_WITHOUT_TRAP()                                    \
  if (!plinth::host::realtime::installed()) {                         \
    GTEST_SKIP() << plinth::host::realtime::not_installed_reason(); \
  }

namespace plinth::test {

namespace rt = plinth::host::realtime;

// Calls trapped since clear(), of some kinds.
struct TrapCounter {
  rt::Kind kind;
  rt::Kind also;
  [[nodiscard]] long load() const noexcept { return rt::count(kind) + (also != kind ? rt::count(also) : 0); }
};
inline constexpr TrapCounter allocation_count{rt::Kind::allocation, rt::Kind::allocation};
inline constexpr TrapCounter free_count{rt::Kind::deallocation, rt::Kind::deallocation};
inline constexpr TrapCounter lock_count{rt::Kind::lock, rt::Kind::lock};
inline constexpr TrapCounter wait_count{rt::Kind::wait, rt::Kind::sleep};
inline constexpr TrapCounter io_count{rt::Kind::io, rt::Kind::io};

inline long violations() noexcept { return rt::total(); }
inline void clear() noexcept { rt::clear(); }
// Every distinct stack trapped so far, symbolized; "nothing" when none.
inline std::string what_first() {
  const auto list = rt::violations();
  if (list.empty()) return "nothing";
  std::string text(1, '\n');
  text += rt::report(list);
  return text;
}

// Marks the thread for the trap only.
struct TrapOnlyScope {
  TrapOnlyScope() noexcept = default;
  TrapOnlyScope(const TrapOnlyScope&) = delete;
  TrapOnlyScope& operator=(const TrapOnlyScope&) = delete;
  rt::AudioThreadScope scope;
};

// The trap, and under RTSan its real-time context as well.
struct AudioThreadScope {
  AudioThreadScope() noexcept = default;
  AudioThreadScope(const AudioThreadScope&) = delete;
  AudioThreadScope& operator=(const AudioThreadScope&) = delete;
  rt::RtsanContext rtsan;
  TrapOnlyScope trap;
};

}  // namespace plinth::test
