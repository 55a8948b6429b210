// Output parameters (meters, gain reduction) from the host's audio thread to the
// controller on the UI thread, as a host does it: the audio thread keeps the last value
// each output parameter reached in a block; the UI thread forwards the ones that changed
// through setParamNormalized, so the editor's meters move.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "plinth/abi/controller.h"
#include "plinth/abi/parameter_changes.h"
#include "plinth/host/instance.h"

namespace plinth::host {

class OutputFeed {
public:
  // Takes a slot for every read-only (output) parameter; built before audio starts.
  explicit OutputFeed(const std::vector<ParameterInfo>& params) {
    std::size_t n = 0;
    for (const auto& p : params) n += p.is_read_only() ? 1 : 0;
    slots_ = std::make_unique<Slot[]>(n);
    for (const auto& p : params)
      if (p.is_read_only()) slots_[count_++].id = p.id;
  }

  // Audio thread, after process(): no allocation, no lock; a linear search over a few ids.
  void collect(abi::IParameterChanges& changes) noexcept {
    const std::int32_t queues = changes.get_parameter_count();
    for (std::int32_t q = 0; q < queues; ++q) {
      abi::IParamValueQueue* queue = changes.get_parameter_data(q);
      if (queue == nullptr || queue->get_point_count() <= 0) continue;
      Slot* slot = find(queue->get_parameter_id());
      std::int32_t offset = 0;
      abi::ParamValue value = 0.0;
      if (slot == nullptr || queue->get_point(queue->get_point_count() - 1, offset, value) != abi::kResultOk) continue;
      slot->value.store(value, std::memory_order_relaxed);
      slot->fresh.store(true, std::memory_order_release);
    }
  }

  // UI thread: forwards each value that arrived since the last call; returns how many.
  int forward(abi::IEditController& controller) {
    int forwarded = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      if (!slots_[i].fresh.exchange(false, std::memory_order_acquire)) continue;
      controller.set_param_normalized(slots_[i].id, slots_[i].value.load(std::memory_order_relaxed));
      ++forwarded;
    }
    forwarded_ += forwarded;
    return forwarded;
  }

  [[nodiscard]] std::size_t outputs() const { return count_; }
  [[nodiscard]] long forwarded() const { return forwarded_; }

private:
  struct Slot {
    abi::ParamId id = 0;
    std::atomic<double> value{0.0};
    std::atomic<bool> fresh{false};
  };
  Slot* find(abi::ParamId id) noexcept {
    for (std::size_t i = 0; i < count_; ++i)
      if (slots_[i].id == id) return &slots_[i];
    return nullptr;
  }
  std::unique_ptr<Slot[]> slots_;
  std::size_t count_ = 0;
  long forwarded_ = 0;
};

}  // namespace plinth::host
