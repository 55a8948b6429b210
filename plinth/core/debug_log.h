#pragma once
// A debug log the audio thread may write to: `log.info("cutoff {} Hz, q {}", f, q);`
//
// A call captures the format's address (a literal: checked at compile time, with the
// number of {} against the arguments) and up to four numbers into a fixed-size record and
// pushes it onto the module's pre-sized lock-free queue. Nothing is formatted, allocated,
// locked or waited for on the calling thread; when the queue is full the record is dropped
// and counted. Off (the default), a call is one relaxed load and a branch.
//
// Records are formatted and written off the audio thread: the bridge starts a writer
// thread (on the main thread, in the first processor's initialize) when the environment
// variable PLINTH_LOG names where to write — `stderr` (or `-`) or a file, appended to —
// and stops it, after a last drain, when the last processor terminates. Tests and other
// hosts of the core may drain() the queue themselves.

#include <array>
#include <atomic>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "plinth/core/nonblocking.h"

namespace plinth {

enum class LogLevel : std::uint8_t { debug, info, warning, error };

// A number as the log keeps it.
struct LogValue {
  enum class Kind : std::uint8_t { none, signed_int, unsigned_int, floating, boolean, character };
  Kind kind = Kind::none;
  union {
    std::int64_t i;
    std::uint64_t u;
    double d = 0.0;
  };
};

// One log call, as queued. Fixed size; the strings are static storage (literals).
struct LogRecord {
  static constexpr int max_args = 4;
  const char* format = "";
  const char* source = "";       // the plugin's name
  std::int64_t time_ns = 0;      // steady clock
  std::uint32_t instance = 0;    // which instance of the plugin
  LogLevel level = LogLevel::info;
  std::uint8_t count = 0;        // arguments used
  std::array<LogValue, max_args> args{};
};

// What a log argument may be: a number, a bool or a char. Not a pointer or a string: it
// could be gone by the time the record is written.
template <class T>
concept LogArgument = (std::is_arithmetic_v<std::remove_cvref_t<T>> || std::is_enum_v<std::remove_cvref_t<T>>) &&
                      !std::is_pointer_v<std::remove_cvref_t<T>>;

namespace detail {
// Not constexpr: naming it in a constant evaluation is the compile error for a mismatch.
inline void log_format_does_not_match_its_arguments() {}

consteval int count_placeholders(const char* f) {
  int n = 0;
  for (; *f != '\0'; ++f) {
    if ((f[0] == '{' && f[1] == '{') || (f[0] == '}' && f[1] == '}')) {
      ++f;  // an escaped brace
    } else if (f[0] == '{') {
      if (f[1] != '}') log_format_does_not_match_its_arguments();  // only {} is understood
      ++n;
      ++f;
    }
  }
  return n;
}
}  // namespace detail

// A format literal whose {} count matches `Args` (checked when the call compiles).
template <class... Args>
struct LogFormat {
  template <std::size_t N>
  consteval LogFormat(const char (&literal)[N]) : text(literal) {  // NOLINT: implicit on purpose
    if (detail::count_placeholders(literal) != static_cast<int>(sizeof...(Args)))
      detail::log_format_does_not_match_its_arguments();
  }
  const char* text;
};

// The module's queue: many producers (any thread, audio threads included), one consumer.
class DebugLog {
public:
  static constexpr std::size_t capacity = 1024;  // records; a power of two

  // Any thread. False (and counted as dropped) when the queue is full.
  bool push(const LogRecord& record) noexcept PLINTH_NONBLOCKING {
    std::size_t pos = write_.load(std::memory_order_relaxed);
    for (;;) {
      Cell& cell = cells_[pos & (capacity - 1)];
      const std::size_t lap = pos / capacity;
      const std::size_t turn = cell.turn.load(std::memory_order_acquire);
      if (turn == 2 * lap) {  // empty for this lap: claim the position
        if (write_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          cell.record = record;
          cell.turn.store(2 * lap + 1, std::memory_order_release);
          return true;
        }
      } else if (turn < 2 * lap) {  // still holds last lap's record: full
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
      } else {
        pos = write_.load(std::memory_order_relaxed);  // another producer took it
      }
    }
  }

  // One consumer at a time (off the audio thread): f(const LogRecord&) for each record
  // complete so far, oldest first. Returns how many.
  template <class F>
  std::size_t drain(F&& f) {
    std::size_t count = 0;
    for (;;) {
      const std::size_t pos = read_.load(std::memory_order_relaxed);
      Cell& cell = cells_[pos & (capacity - 1)];
      const std::size_t lap = pos / capacity;
      if (cell.turn.load(std::memory_order_acquire) != 2 * lap + 1) return count;  // empty, or still being written
      const LogRecord record = cell.record;
      cell.turn.store(2 * lap + 2, std::memory_order_release);
      read_.store(pos + 1, std::memory_order_relaxed);
      f(record);
      ++count;
    }
  }

  [[nodiscard]] bool enabled() const noexcept { return enabled_.load(std::memory_order_relaxed); }
  void enable(bool on) noexcept { enabled_.store(on, std::memory_order_relaxed); }
  // Records dropped because the queue was full, since the module was loaded.
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
  // A cell's turn is 2*lap while it waits for lap's record and 2*lap+1 while it holds it,
  // so all-zero is the empty queue (constant-initialized: nothing runs before first use).
  struct Cell {
    std::atomic<std::size_t> turn{0};
    LogRecord record;
  };
  std::array<Cell, capacity> cells_{};
  alignas(64) std::atomic<std::size_t> write_{0};
  alignas(64) std::atomic<std::size_t> read_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<bool> enabled_{false};
};

// The module's one log (each plugin .so has its own).
DebugLog& debug_log() noexcept;

// The text of a record's message: its format with each {} replaced by an argument.
std::string format_log_message(const LogRecord& record);
// One line: "<source>#<instance> <level>: <message>".
std::string format_log_line(const LogRecord& record);

// Starts and stops writing the module's log where PLINTH_LOG says (main thread; counted,
// so each start needs a stop). Without PLINTH_LOG they do nothing and the log stays off.
void start_debug_log_output();
void stop_debug_log_output();

// A plugin's handle on the log (`log` in every plugin): tags records with the plugin's
// name and instance.
class Logger {
public:
  template <LogArgument... Args>
  void debug(LogFormat<std::type_identity_t<Args>...> format, Args... args) const noexcept PLINTH_NONBLOCKING {
    write(LogLevel::debug, format.text, args...);
  }
  template <LogArgument... Args>
  void info(LogFormat<std::type_identity_t<Args>...> format, Args... args) const noexcept PLINTH_NONBLOCKING {
    write(LogLevel::info, format.text, args...);
  }
  template <LogArgument... Args>
  void warning(LogFormat<std::type_identity_t<Args>...> format, Args... args) const noexcept PLINTH_NONBLOCKING {
    write(LogLevel::warning, format.text, args...);
  }
  template <LogArgument... Args>
  void error(LogFormat<std::type_identity_t<Args>...> format, Args... args) const noexcept PLINTH_NONBLOCKING {
    write(LogLevel::error, format.text, args...);
  }

  // Main thread, before use: `source` must be static storage (the plugin info's name).
  void set_source(const char* source, std::uint32_t instance) noexcept {
    source_ = source;
    instance_ = instance;
  }

private:
  template <class... Args>
  void write(LogLevel level, const char* format, Args... args) const noexcept PLINTH_NONBLOCKING {
    static_assert(sizeof...(Args) <= LogRecord::max_args, "a log call takes at most four numbers");
    DebugLog& log = debug_log();
    if (!log.enabled()) return;
    LogRecord r;
    r.format = format;
    r.source = source_;
    r.instance = instance_;
    r.level = level;
    r.time_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
    (capture(r, args), ...);
    log.push(r);
  }

  template <class T>
  static void capture(LogRecord& r, T value) noexcept {
    LogValue& v = r.args[r.count++];
    if constexpr (std::is_enum_v<T>) {
      capture_number(v, static_cast<std::underlying_type_t<T>>(value));
    } else {
      capture_number(v, value);
    }
  }
  template <class T>
  static void capture_number(LogValue& v, T value) noexcept {
    if constexpr (std::same_as<T, bool>) {
      v.kind = LogValue::Kind::boolean;
      v.u = value ? 1 : 0;
    } else if constexpr (std::same_as<T, char>) {
      v.kind = LogValue::Kind::character;
      v.u = static_cast<unsigned char>(value);
    } else if constexpr (std::floating_point<T>) {
      v.kind = LogValue::Kind::floating;
      v.d = static_cast<double>(value);
    } else if constexpr (std::is_signed_v<T>) {
      v.kind = LogValue::Kind::signed_int;
      v.i = static_cast<std::int64_t>(value);
    } else {
      v.kind = LogValue::Kind::unsigned_int;
      v.u = static_cast<std::uint64_t>(value);
    }
  }

  const char* source_ = "plinth";
  std::uint32_t instance_ = 0;
};

// A number for a new instance's log tag (any thread).
std::uint32_t next_log_instance() noexcept;

}  // namespace plinth
