// The real-time trap's platform-neutral part: the recorder (counts, one slot per distinct
// stack, written on the audio thread without allocating) and the report. What catches
// the calls, captures stacks and symbolizes them is in trap_<platform>.cpp.
#include "plinth/host/realtime/trap.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>

#include "plinth/host/realtime/recorder.h"

namespace plinth::host::realtime {

namespace {

using detail::kMaxFrames;
constexpr int kMaxRecords = 128;
constexpr int kContextChars = 48;

// A fixed slot per distinct stack: the recorder runs on the audio thread, so it
// cannot allocate. `state` publishes a slot once it is fully written.
struct Record {
  std::atomic<int> state{0};  // 0 free, 1 being written, 2 ready
  std::atomic<long> hits{0};
  Kind kind = Kind::allocation;
  const char* function = nullptr;
  std::uint64_t hash = 0;
  int depth = 0;
  long block = -1;
  std::array<char, kContextChars> context{};
  std::array<void*, kMaxFrames> frames{};
};

std::array<Record, kMaxRecords> g_records;
std::atomic<int> g_used{0};
std::array<std::atomic<long>, kKinds> g_counts{};
std::atomic<long> g_dropped{0};
std::atomic<const char*> g_context_label{nullptr};
std::atomic<long> g_context_block{-1};

std::uint64_t hash_frames(Kind kind, const char* function, void* const* frames, int depth) noexcept {
  std::uint64_t h = 1469598103934665603ull ^ static_cast<std::uint64_t>(kind);
  auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(reinterpret_cast<std::uintptr_t>(function));
  for (int i = 0; i < depth; ++i) mix(reinterpret_cast<std::uintptr_t>(frames[i]));
  return h;
}

}  // namespace

const char* kind_name(Kind kind) noexcept {
  switch (kind) {
    case Kind::allocation: return "allocation";
    case Kind::deallocation: return "free";
    case Kind::lock: return "lock";
    case Kind::wait: return "wait";
    case Kind::sleep: return "sleep";
    case Kind::io: return "file/socket I/O";
  }
  return "?";
}

void detail::store(Kind kind, const char* function, void* const* frames, int depth) noexcept {
  g_counts[static_cast<std::size_t>(kind)].fetch_add(1, std::memory_order_relaxed);
  depth = std::clamp(depth, 0, kMaxFrames);
  const std::uint64_t h = hash_frames(kind, function, frames, depth);
  const int used = std::min(g_used.load(std::memory_order_acquire), kMaxRecords);
  for (int i = 0; i < used; ++i) {
    Record& r = g_records[static_cast<std::size_t>(i)];
    if (r.state.load(std::memory_order_acquire) == 2 && r.hash == h) {
      r.hits.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  const int slot = g_used.fetch_add(1, std::memory_order_acq_rel);
  if (slot >= kMaxRecords) {
    g_dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  Record& r = g_records[static_cast<std::size_t>(slot)];
  r.state.store(1, std::memory_order_relaxed);
  r.kind = kind;
  r.function = function;
  r.hash = h;
  r.depth = depth;
  r.block = g_context_block.load(std::memory_order_relaxed);
  r.context.fill('\0');
  if (const char* label = g_context_label.load(std::memory_order_relaxed)) {
    for (int i = 0; i < kContextChars - 1 && label[i] != '\0'; ++i) r.context[static_cast<std::size_t>(i)] = label[i];
  }
  for (int i = 0; i < depth; ++i) r.frames[static_cast<std::size_t>(i)] = frames[i];
  r.hits.store(1, std::memory_order_relaxed);
  r.state.store(2, std::memory_order_release);
}

void set_context(const char* label, long block) noexcept {
  g_context_label.store(label, std::memory_order_relaxed);
  g_context_block.store(block, std::memory_order_relaxed);
}

long count(Kind kind) noexcept { return g_counts[static_cast<std::size_t>(kind)].load(std::memory_order_relaxed); }
long total() noexcept {
  long sum = 0;
  for (const auto& c : g_counts) sum += c.load(std::memory_order_relaxed);
  return sum;
}
long dropped() noexcept { return g_dropped.load(std::memory_order_relaxed); }

void clear() noexcept {
  for (auto& c : g_counts) c.store(0, std::memory_order_relaxed);
  const int used = std::min(g_used.load(), kMaxRecords);
  for (int i = 0; i < used; ++i) g_records[static_cast<std::size_t>(i)].state.store(0, std::memory_order_relaxed);
  g_dropped = 0;
  g_used.store(0, std::memory_order_release);
}

std::vector<Violation> violations() {
  std::vector<Violation> out;
  const int used = std::min(g_used.load(std::memory_order_acquire), kMaxRecords);
  for (int i = 0; i < used; ++i) {
    const Record& r = g_records[static_cast<std::size_t>(i)];
    if (r.state.load(std::memory_order_acquire) != 2) continue;
    Violation v;
    v.kind = r.kind;
    v.function = r.function != nullptr ? r.function : "?";
    v.hits = r.hits.load(std::memory_order_relaxed);
    v.context = r.context.data();
    v.block = r.block;
    v.frames.assign(r.frames.begin(), r.frames.begin() + r.depth);
    out.push_back(std::move(v));
  }
  return out;
}

std::string report(const std::vector<Violation>& list, int max_frames) {
  std::string out;
  for (const auto& v : list) {
    out += std::string(kind_name(v.kind)) + " on the audio thread: " + v.function + " (" + std::to_string(v.hits) +
           (v.hits == 1 ? " time" : " times");
    if (!v.context.empty()) {
      out += ", first in " + v.context;
      if (v.block >= 0) out += " block " + std::to_string(v.block);
    }
    out += ")\n";
    const auto frames = symbolize(v.frames);
    int shown = std::min(static_cast<int>(frames.size()), max_frames);
    // Up to the host's frame that called into the plugin; the host's own callers are noise.
    static const std::string exe = detail::executable_object();
    for (int i = 1; i < shown; ++i) {
      if (frames[static_cast<std::size_t>(i)].object == exe && frames[static_cast<std::size_t>(i - 1)].object != exe) {
        shown = i + 1;
        break;
      }
    }
    for (int i = 0; i < shown; ++i) {
      const Frame& f = frames[static_cast<std::size_t>(i)];
      char head[32];
      std::snprintf(head, sizeof head, "    #%-2d ", i);
      out += head + f.function;
      if (!f.object.empty()) {
        char off[32];
        std::snprintf(off, sizeof off, "+0x%zx", static_cast<std::size_t>(f.offset));
        out += "  in " + f.object + off;
      }
      if (!f.source.empty()) out += "  " + f.source;
      out += '\n';
    }
    if (static_cast<int>(frames.size()) > shown) out += "    ...\n";
  }
  return out;
}

}  // namespace plinth::host::realtime
