#pragma once
// `plinth fuzz` in two parts: fuzz.cpp makes the mutated states, runs them and reports
// (the same everywhere); a platform file runs each batch of executions in a child
// process, so a crash or a hang ends only the child: fuzz_linux.cpp forks,
// fuzz_windows.cpp starts a new process of plinth.exe.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plinth/host/module.h"

namespace plinth::tool::fuzzing {

using Bytes = std::vector<std::uint8_t>;
constexpr int kKept = 4;  // example execution numbers kept per finding

// Counters a child writes and the parent reads, in memory both processes map.
struct Shared {
  // How far the child got: set up (the executions run from here on), or unable to set up.
  enum Phase : int { starting = 0, ready = 1, no_instance = 2 };
  std::atomic<int> phase;
  std::atomic<long> current;  // execution being run
  std::atomic<long> done;     // executions finished in this batch
  std::atomic<long> accepted;
  std::atomic<long> disagreements;
  std::atomic<long> unstable;
  std::array<long, kKept> disagree_at;
  std::array<long, kKept> unstable_at;
  std::array<char, 160> disagree_what;
  std::array<char, 160> unstable_what;
};
static_assert(std::atomic<long>::is_always_lock_free, "the counters cross processes");

// Valid states the mutations start from.
struct Seeds {
  std::vector<Bytes> component;
  std::vector<Bytes> controller;  // may be empty
};
// Seeds as one byte string and back (a Windows child reads them from shared memory).
Bytes serialize(const Seeds& seeds);
std::optional<Seeds> deserialize(std::span<const std::uint8_t> bytes);

// Runs executions [from, to) in this process, counting into `shared`. False when no
// instance could be set up (shared.phase says so too; the child then exits with 1).
bool run_batch(host::Module& module, const host::ClassInfo& cls, const Seeds& seeds, unsigned seed, long from,
               long to, Shared& shared);

// How a batch's process ended (whether it got as far as its executions is shared.phase).
struct BatchEnd {
  enum class Kind { clean, crashed, hung, not_started };
  Kind kind = Kind::clean;
  std::string what;  // for crashed and not_started: "crash (Segmentation fault)"
};

// Runs batches in child processes (one per platform).
class BatchRunner {
public:
  BatchRunner(host::Module& module, const host::ClassInfo& cls, const Seeds& seeds, unsigned seed);
  ~BatchRunner();
  BatchRunner(const BatchRunner&) = delete;
  BatchRunner& operator=(const BatchRunner&) = delete;

  // Empty when the runner is ready, else why not.
  const std::string& error() const;
  // The counters of the batch running or last run.
  Shared& shared();
  // Runs executions [from, to) in a child. `keep_going` is asked about every 100 ms while
  // the child runs; when it says false, the child is ended and the batch counts as hung.
  BatchEnd run(long from, long to, const std::function<bool()>& keep_going);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// On Windows, a batch's process: main() hands it the command line first; nullopt unless
// it is a batch's (then the exit code). Elsewhere always nullopt.
std::optional<int> serve_batch(const std::vector<std::string>& arguments);

}  // namespace plinth::tool::fuzzing
