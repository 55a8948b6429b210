#pragma once
// Host-side COM plumbing: a smart pointer that owns one reference to an
// interface, and a base for host objects that implement one interface.

#include <atomic>
#include <cstdint>
#include <utility>

#include "plinth/abi/base.h"

namespace plinth::host {

// Owns one reference to `I`. Construction from a raw pointer adopts a
// reference the caller already holds (as query_interface and create_instance
// hand out); use ComPtr<I>::share() to add one instead.
template <class I>
class ComPtr {
public:
  ComPtr() = default;
  explicit ComPtr(I* adopted) noexcept : ptr_(adopted) {}
  ComPtr(const ComPtr& other) noexcept : ptr_(other.ptr_) {
    if (ptr_ != nullptr) ptr_->add_ref();
  }
  ComPtr(ComPtr&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  ComPtr& operator=(ComPtr other) noexcept {
    std::swap(ptr_, other.ptr_);
    return *this;
  }
  ~ComPtr() { reset(); }

  static ComPtr share(I* p) noexcept {
    if (p != nullptr) p->add_ref();
    return ComPtr(p);
  }

  void reset() noexcept {
    if (ptr_ != nullptr) std::exchange(ptr_, nullptr)->release();
  }
  [[nodiscard]] I* get() const noexcept { return ptr_; }
  I* operator->() const noexcept { return ptr_; }
  I& operator*() const noexcept { return *ptr_; }
  explicit operator bool() const noexcept { return ptr_ != nullptr; }

  // Releases what is held and returns the slot for an out-parameter.
  void** put() noexcept {
    reset();
    return reinterpret_cast<void**>(&ptr_);
  }

private:
  I* ptr_ = nullptr;
};

// query_interface as a ComPtr; empty when the object does not implement `To`.
template <class To, class From>
ComPtr<To> query(From* object) noexcept {
  if (object == nullptr) return {};
  void* out = nullptr;
  if (object->query_interface(abi::iid_raw(To::iid), &out) != abi::kResultOk || out == nullptr) return {};
  return ComPtr<To>(static_cast<To*>(out));
}

// A reference-counted host object implementing the single interface `I`
// (which derives directly from FUnknown). Created with one reference.
template <class I>
class RefCounted : public I {
public:
  RefCounted() = default;
  RefCounted(const RefCounted&) = delete;
  RefCounted& operator=(const RefCounted&) = delete;
  virtual ~RefCounted() = default;

  abi::tresult query_interface(const char* iid16, void** obj) override {
    if (obj == nullptr) return abi::kInvalidArgument;
    *obj = nullptr;
    if (iid16 == nullptr) return abi::kInvalidArgument;
    if (abi::iid_equals(iid16, abi::FUnknown::iid) || abi::iid_equals(iid16, I::iid)) {
      *obj = static_cast<I*>(this);
      add_ref();
      return abi::kResultOk;
    }
    return abi::kNoInterface;
  }
  std::uint32_t add_ref() override { return refs_.fetch_add(1, std::memory_order_relaxed) + 1; }
  std::uint32_t release() override {
    const std::uint32_t left = refs_.fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (left == 0) delete this;
    return left;
  }

private:
  std::atomic<std::uint32_t> refs_{1};
};

// Makes a host object with its first reference owned by the returned ComPtr.
template <class T, class... Args>
ComPtr<T> make_object(Args&&... args) {
  return ComPtr<T>(new T(std::forward<Args>(args)...));
}

}  // namespace plinth::host
