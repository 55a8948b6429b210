#pragma once
// Handing data that is not a parameter (a wavetable, an impulse response, a sample, a
// text setting) from the main thread to the audio thread without locks, and freeing the
// old copy off the audio thread.
//
//   plinth::Handoff<Table> table;                        // a member of the plugin
//   table.publish(std::make_unique<Table>(...));         // main thread (load_extra, a message)
//   if (const Table* t = table.current()) use(*t);       // audio thread, every block
//
// The main thread builds a complete object and publishes it with one atomic exchange, so
// the audio thread sees the old object or the new one, never half of one. The audio
// thread adopts the newest published object at its next current() and hands the one it
// replaces back through a small ring; the main thread deletes those at its next publish()
// or collect(). The audio thread never allocates, frees or waits: when the ring is full
// (the main thread has not collected for a while), it keeps its current object and adopts
// the new one at a later block.

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>

namespace plinth {

template <class T>
class Handoff {
public:
  Handoff() = default;
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;
  ~Handoff() {
    delete pending_.exchange(nullptr, std::memory_order_acquire);
    delete active_;
    collect();
  }

  // Main thread. A value published before the audio thread took the previous one
  // replaces it (that one was never seen, so it is deleted here).
  void publish(std::unique_ptr<T> value) {
    collect();
    delete pending_.exchange(value.release(), std::memory_order_acq_rel);
  }

  // Main thread: deletes what the audio thread has let go of.
  void collect() noexcept {
    std::size_t read = retired_read_.load(std::memory_order_relaxed);
    const std::size_t write = retired_write_.load(std::memory_order_acquire);
    for (; read != write; ++read) delete retired_[read % retired_.size()];
    retired_read_.store(read, std::memory_order_release);
  }

  // Audio thread: the newest complete object, or null before the first publish.
  [[nodiscard]] const T* current() noexcept {
    if (pending_.load(std::memory_order_relaxed) != nullptr) adopt();
    return active_;
  }

  // Main thread, when the audio thread is not running (before processing starts, in
  // tests): what the audio thread would see.
  [[nodiscard]] const T* peek() noexcept { return current(); }

private:
  void adopt() noexcept {
    const std::size_t write = retired_write_.load(std::memory_order_relaxed);
    const std::size_t read = retired_read_.load(std::memory_order_acquire);
    if (active_ != nullptr && write - read == retired_.size()) return;  // ring full: later
    T* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
    if (next == nullptr) return;
    if (active_ != nullptr) {
      retired_[write % retired_.size()] = active_;
      retired_write_.store(write + 1, std::memory_order_release);
    }
    active_ = next;
  }

  std::atomic<T*> pending_{nullptr};  // main -> audio: the newest object not yet adopted
  T* active_ = nullptr;               // audio thread's object
  std::array<T*, 16> retired_{};      // audio -> main: objects to delete
  std::atomic<std::size_t> retired_write_{0};
  std::atomic<std::size_t> retired_read_{0};
};

}  // namespace plinth
