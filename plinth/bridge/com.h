#pragma once
// The COM plumbing every bridge object needs: an atomic reference count and
// query_interface over a list of implemented interfaces.

#include <atomic>
#include <cstdint>

#include "plinth/abi/base.h"

namespace plinth::bridge {

class RefCount {
public:
  std::uint32_t add() noexcept { return count_.fetch_add(1, std::memory_order_relaxed) + 1; }
  // Returns the count after releasing; the owner deletes itself at zero.
  std::uint32_t remove() noexcept { return count_.fetch_sub(1, std::memory_order_acq_rel) - 1; }

private:
  std::atomic<std::uint32_t> count_{1};  // the creator holds the first reference
};

// Looks `iid` up among `Interfaces...` (each given as the interface type, with an
// optional alias: Via<Alias, Base> answers Alias's iid with the Base subobject, for
// FUnknown and IPluginBase, which several bases share). On success adds a reference.
template <class Alias, class Base>
struct Via {};

template <class Self, class Entry>
struct Lookup;

template <class Self, class I>
struct Lookup {
  static bool find(Self* self, const char* iid, void** obj) noexcept {
    if (!abi::iid_equals(iid, I::iid)) return false;
    *obj = static_cast<I*>(self);
    return true;
  }
};

template <class Self, class Alias, class Base>
struct Lookup<Self, Via<Alias, Base>> {
  static bool find(Self* self, const char* iid, void** obj) noexcept {
    if (!abi::iid_equals(iid, Alias::iid)) return false;
    *obj = static_cast<Alias*>(static_cast<Base*>(self));
    return true;
  }
};

template <class... Entries, class Self>
abi::tresult query(Self* self, const char* iid, void** obj) noexcept {
  if (obj == nullptr) return abi::kInvalidArgument;
  *obj = nullptr;
  if (iid == nullptr) return abi::kInvalidArgument;
  if ((Lookup<Self, Entries>::find(self, iid, obj) || ...)) {
    self->add_ref();
    return abi::kResultOk;
  }
  return abi::kNoInterface;
}

// Holds one reference to a host-side object; releases it when replaced or destroyed.
template <class I>
class HostRef {
public:
  HostRef() = default;
  HostRef(const HostRef&) = delete;
  HostRef& operator=(const HostRef&) = delete;
  ~HostRef() { reset(); }

  void reset(I* p = nullptr) noexcept {
    if (p != nullptr) p->add_ref();
    if (ptr_ != nullptr) ptr_->release();
    ptr_ = p;
  }
  // Takes a reference the caller already owns (e.g. from query_interface).
  void adopt(I* p) noexcept {
    if (ptr_ != nullptr) ptr_->release();
    ptr_ = p;
  }
  [[nodiscard]] I* get() const noexcept { return ptr_; }
  explicit operator bool() const noexcept { return ptr_ != nullptr; }

private:
  I* ptr_ = nullptr;
};

}  // namespace plinth::bridge
