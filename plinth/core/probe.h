#pragma once
// Scoped timing probes around sections of process():
//
//   template <std::floating_point T> void process(const plinth::ProcessBlock<T>& block) {
//     { auto p = probe("gate"); ... }
//     { auto p = probe("eq"); ... }
//   }
//
// Each named probe has a slot of atomics in the plugin instance (count, total and worst
// time), found by a hash of the name computed at compile time; recording is two clock
// reads and a few relaxed atomic loads and stores: no lock, allocation or wait.
//
// A host reads them through the processor's IConnectionPoint (the bridge answers an
// IMessage with id "plinth.probes" by writing the text encoding below into the same
// message's attributes as binary "probes"; an int attribute "reset" = 1 zeroes them after
// reading). `plinth profile` does this.
//
// Compiled with PLINTH_PROBES=0 (CMake: -DPLINTH_PROBES=OFF) a probe is an empty object
// and records nothing.

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/core/nonblocking.h"

#ifndef PLINTH_PROBES
#define PLINTH_PROBES 1
#endif

namespace plinth {

// A probe's name: a literal, hashed when the call compiles.
struct ProbeName {
  consteval ProbeName(const char* literal) : text(literal), hash(hash_of(literal)) {}  // NOLINT: implicit on purpose
  const char* text;
  std::uint64_t hash;

private:
  static consteval std::uint64_t hash_of(const char* s) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (; *s != '\0'; ++s) h = (h ^ static_cast<unsigned char>(*s)) * 1099511628211ull;
    return h < 2 ? h + 2 : h;  // 0 marks a free slot, 1 one being claimed
  }
};

// What a probe measured.
struct ProbeStats {
  std::string name;
  std::uint64_t count = 0;     // scopes recorded
  std::uint64_t total_ns = 0;  // their summed time
  std::uint64_t max_ns = 0;    // the longest

  [[nodiscard]] double mean_ns() const noexcept {
    return count > 0 ? static_cast<double>(total_ns) / static_cast<double>(count) : 0.0;
  }
};

inline std::int64_t probe_clock_ns() noexcept PLINTH_NONBLOCKING {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// An instance's probes: a fixed table of slots, claimed on first use (lock-free).
class ProbeTable {
public:
  static constexpr std::size_t capacity = 32;

  struct Slot {
    std::atomic<std::uint64_t> hash{0};
    std::atomic<const char*> name{nullptr};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> total_ns{0};
    std::atomic<std::uint64_t> max_ns{0};

    // One writer at a time per slot (an instance's process() is never run concurrently),
    // so plain loads and stores, no read-modify-write.
    void record(std::uint64_t ns) noexcept PLINTH_NONBLOCKING {
      count.store(count.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      total_ns.store(total_ns.load(std::memory_order_relaxed) + ns, std::memory_order_relaxed);
      if (ns > max_ns.load(std::memory_order_relaxed)) max_ns.store(ns, std::memory_order_relaxed);
    }
  };

  // The slot of `name`, claimed if new; null when the table is full.
  Slot* find(ProbeName name) noexcept PLINTH_NONBLOCKING {
    for (Slot& slot : slots_) {
      std::uint64_t h = slot.hash.load(std::memory_order_acquire);
      if (h == name.hash) return &slot;
      if (h == 0) {
        if (slot.hash.compare_exchange_strong(h, 1, std::memory_order_acq_rel)) {
          slot.name.store(name.text, std::memory_order_relaxed);
          slot.hash.store(name.hash, std::memory_order_release);
          return &slot;
        }
        if (h == name.hash) return &slot;  // claimed by another thread meanwhile
      }
      // Another name, or one being claimed right now (rare: skip it, never wait).
    }
    return nullptr;
  }

  // Main thread: every probe used so far.
  [[nodiscard]] std::vector<ProbeStats> snapshot() const {
    std::vector<ProbeStats> out;
    for (const Slot& slot : slots_) {
      if (slot.hash.load(std::memory_order_acquire) < 2) continue;
      ProbeStats s;
      s.name = slot.name.load(std::memory_order_relaxed);
      s.count = slot.count.load(std::memory_order_relaxed);
      s.total_ns = slot.total_ns.load(std::memory_order_relaxed);
      s.max_ns = slot.max_ns.load(std::memory_order_relaxed);
      out.push_back(std::move(s));
    }
    return out;
  }

  // Main thread, between blocks: zero the figures (names stay).
  void reset() noexcept {
    for (Slot& slot : slots_) {
      slot.count.store(0, std::memory_order_relaxed);
      slot.total_ns.store(0, std::memory_order_relaxed);
      slot.max_ns.store(0, std::memory_order_relaxed);
    }
  }

private:
  std::array<Slot, capacity> slots_{};
};

// Records the time from its construction to its end in a slot.
class [[nodiscard]] ProbeScope {
public:
#if PLINTH_PROBES
  explicit ProbeScope(ProbeTable::Slot* slot) noexcept PLINTH_NONBLOCKING
      : slot_(slot), start_(slot != nullptr ? probe_clock_ns() : 0) {}
  ~ProbeScope() PLINTH_NONBLOCKING {
    if (slot_ != nullptr) slot_->record(static_cast<std::uint64_t>(probe_clock_ns() - start_));
  }
#else
  // User-provided (empty) so `auto p = probe("x");` is not an unused variable; inlined away.
  ProbeScope() noexcept {}  // NOLINT(modernize-use-equals-default)
  ~ProbeScope() {}          // NOLINT(modernize-use-equals-default)
#endif
  ProbeScope(const ProbeScope&) = delete;
  ProbeScope& operator=(const ProbeScope&) = delete;

private:
#if PLINTH_PROBES
  ProbeTable::Slot* slot_;
  std::int64_t start_;
#endif
};

// The text a processor hands the host: a line per probe, "name\tcount\ttotal_ns\tmax_ns".
// (Names are literals without tabs or newlines in any sane plugin; those are replaced.)
inline std::string encode_probe_stats(const std::vector<ProbeStats>& stats) {
  std::string out;
  for (const ProbeStats& s : stats) {
    for (char c : s.name) out += c == '\t' || c == '\n' ? ' ' : c;
    out += '\t' + std::to_string(s.count) + '\t' + std::to_string(s.total_ns) + '\t' + std::to_string(s.max_ns) + '\n';
  }
  return out;
}

// The inverse; lines that do not parse are skipped.
inline std::vector<ProbeStats> decode_probe_stats(std::string_view text) {
  std::vector<ProbeStats> out;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ProbeStats s;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    s.name = std::string(line.substr(0, tab));
    const char* p = line.data() + tab + 1;
    const char* e = line.data() + line.size();
    bool ok = true;
    for (std::uint64_t* field : {&s.count, &s.total_ns, &s.max_ns}) {
      const auto r = std::from_chars(p, e, *field);
      ok = ok && r.ec == std::errc{};
      p = r.ptr < e ? r.ptr + 1 : e;
    }
    if (ok) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace plinth
