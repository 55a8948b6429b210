#pragma once
// The faults a broken test plugin can be built with (BROKEN_FAULT), one per bundle.
enum BrokenFault {
  kNone = 0,                   // correct: passes everything
  kAllocates = 1,              // new[]/delete[] in process()
  kLocks = 2,                  // a std::mutex in process()
  kNan = 3,                    // NaN output
  kCrashOnTruncatedState = 4,  // SIGSEGV in set_state when the stream ends early
  kLyingBuses = 5,        // bus info says mono while the arrangement is stereo; accepts any arrangement, keeps stereo
  kDefaultsDisagree = 6,  // processor starts at another value than the controller's default
  kResaveCounter = 7,     // the state embeds a save counter: resave is never byte-identical
  kHangOnEmptyState = 8,  // the processor's set_state never returns on an empty stream
};
