#pragma once
// A realistic host session with the processing thread marked for the real-time trap:
// setup, activation, many blocks of random sizes with every parameter automated,
// notes on the event bus, state saved and loaded and parameters edited from the
// main thread between blocks, in 32-bit and (if supported) 64-bit. What the plugin
// allocates, locks, waits for or reads and writes while processing is recorded.
// Used by `plinth rtcheck` and the realtime.audio_thread check of `plinth validate`.

#include <functional>
#include <string>
#include <vector>

#include "plinth/host/module.h"
#include "plinth/host/realtime/trap.h"

namespace plinth::host::realtime {

struct SessionOptions {
  int blocks = 2000;  // per sample size
  double sample_rate = 48000.0;
  int max_block = 1024;
  unsigned seed = 1;
  // Called on the main thread now and then with blocks done and blocks in all.
  std::function<void(long done, long total)> progress;
};

struct SessionResult {
  std::vector<std::string> errors;  // what stopped the session (setup refused, process failed, ...)
  std::vector<std::string> notes;   // what was run or skipped
  long blocks = 0;                  // process calls made with the thread marked
  long calls = 0;                   // trapped calls in all
  std::vector<Violation> violations;
};

// Needs installed(); without it nothing can be seen and an error says so.
SessionResult run_session(Module& module, const ClassInfo& processor_class, const SessionOptions& options);

}  // namespace plinth::host::realtime
