#pragma once
// RealtimeSanitizer's real-time context for a host's audio thread. Built with
// clang -fsanitize=realtime (scripts/test.sh --rtsan), RtsanContext puts the thread in
// the context for its lifetime, so RTSan reports, with a stack, and ends the process on
// any allocation, lock or blocking call made there, inside a plugin .so as well. In other
// builds it is empty. It is separate from the trap's AudioThreadScope because the trap's
// own self-tests allocate and lock on purpose.
//
//   { realtime::AudioThreadScope trap; realtime::RtsanContext rtsan; processor->process(data); }

#if defined(__has_feature)
#if __has_feature(realtime_sanitizer)
#define PLINTH_RTSAN 1
#endif
#endif
#ifndef PLINTH_RTSAN
#define PLINTH_RTSAN 0
#endif

#if PLINTH_RTSAN
// The runtime's entry points that clang's [[clang::nonblocking]] instrumentation calls;
// the public header (clang 22) declares only __rtsan_disable/__rtsan_enable.
extern "C" void __rtsan_realtime_enter();
extern "C" void __rtsan_realtime_exit();
#endif

namespace plinth::host::realtime {

struct RtsanContext {
#if PLINTH_RTSAN
  RtsanContext() noexcept { __rtsan_realtime_enter(); }
  ~RtsanContext() { __rtsan_realtime_exit(); }
#else
  // User-provided, so a scope's variable is not "unused" to the compiler.
  RtsanContext() noexcept {}  // NOLINT(modernize-use-equals-default)
  ~RtsanContext() {}          // NOLINT(modernize-use-equals-default)
#endif
  RtsanContext(const RtsanContext&) = delete;
  RtsanContext& operator=(const RtsanContext&) = delete;
};

}  // namespace plinth::host::realtime
