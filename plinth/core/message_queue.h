#pragma once
// Messages from the audio thread to the main thread: a single-producer single-consumer
// ring of length-prefixed byte strings, sized once. push() never allocates, locks or
// waits (a message that does not fit is dropped and push says so); drain() runs on the
// main thread and hands each message to a callback.
//
// The processor uses it for data its controller wants from the audio thread (a spectrum
// for an editor, a detected pitch): the bridge drains it into IConnectionPoint messages.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace plinth {

class MessageQueue {
public:
  explicit MessageQueue(std::size_t capacity_bytes = 0) : ring_(capacity_bytes) {}

  // Main thread, before the audio thread uses the queue.
  void resize(std::size_t capacity_bytes) {
    ring_.assign(capacity_bytes, 0);
    write_.store(0, std::memory_order_relaxed);
    read_.store(0, std::memory_order_relaxed);
  }

  // Producer (audio thread). False when the message does not fit now.
  bool push(std::span<const std::uint8_t> message) noexcept {
    const std::size_t need = header + message.size();
    const std::size_t write = write_.load(std::memory_order_relaxed);
    const std::size_t read = read_.load(std::memory_order_acquire);
    if (message.size() > UINT32_MAX || ring_.size() - (write - read) < need) return false;
    const auto size = static_cast<std::uint32_t>(message.size());
    std::uint8_t length[header];
    std::memcpy(length, &size, header);
    copy_in(write, length);
    copy_in(write + header, message);
    write_.store(write + need, std::memory_order_release);
    return true;
  }

  // Consumer (main thread): calls f(std::span<const std::uint8_t>) for every message
  // pushed so far, oldest first; returns how many.
  template <class F>
  std::size_t drain(F&& f) {
    std::size_t count = 0;
    std::size_t read = read_.load(std::memory_order_relaxed);
    const std::size_t write = write_.load(std::memory_order_acquire);
    std::vector<std::uint8_t> message;
    while (read != write) {
      std::uint8_t length[header];
      copy_out(read, length);
      std::uint32_t size = 0;
      std::memcpy(&size, length, header);
      message.resize(size);
      copy_out(read + header, message);
      read += header + size;
      read_.store(read, std::memory_order_release);  // room for the producer before the callback
      f(std::span<const std::uint8_t>(message));
      ++count;
    }
    return count;
  }

private:
  static constexpr std::size_t header = sizeof(std::uint32_t);

  void copy_in(std::size_t at, std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.empty()) return;  // (memcpy wants non-null pointers even for 0 bytes)
    const std::size_t start = at % ring_.size();
    const std::size_t first = std::min(bytes.size(), ring_.size() - start);
    std::memcpy(ring_.data() + start, bytes.data(), first);
    std::memcpy(ring_.data(), bytes.data() + first, bytes.size() - first);
  }
  void copy_out(std::size_t at, std::span<std::uint8_t> bytes) const noexcept {
    if (bytes.empty()) return;
    const std::size_t start = at % ring_.size();
    const std::size_t first = std::min(bytes.size(), ring_.size() - start);
    std::memcpy(bytes.data(), ring_.data() + start, first);
    std::memcpy(bytes.data() + first, ring_.data(), bytes.size() - first);
  }

  std::vector<std::uint8_t> ring_;
  std::atomic<std::size_t> write_{0};  // total bytes ever pushed
  std::atomic<std::size_t> read_{0};   // total bytes ever drained
};

}  // namespace plinth
