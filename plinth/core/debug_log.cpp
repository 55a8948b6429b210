#include "plinth/core/debug_log.h"

#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace plinth {

namespace {

// Constant-initialized: no constructor runs, so the first call (from any thread) finds it ready.
constinit DebugLog the_log;
constinit std::atomic<std::uint32_t> instances{0};

void append_value(std::string& out, const LogValue& v) {
  char buffer[64];
  std::to_chars_result r{buffer, {}};
  switch (v.kind) {
    case LogValue::Kind::signed_int: r = std::to_chars(buffer, buffer + sizeof buffer, v.i); break;
    case LogValue::Kind::unsigned_int: r = std::to_chars(buffer, buffer + sizeof buffer, v.u); break;
    case LogValue::Kind::floating:  // like printf's %g: six significant digits
      r = std::to_chars(buffer, buffer + sizeof buffer, v.d, std::chars_format::general, 6);
      break;
    case LogValue::Kind::boolean: out += v.u != 0 ? "true" : "false"; return;
    case LogValue::Kind::character: out += static_cast<char>(v.u); return;
    case LogValue::Kind::none: return;
  }
  out.append(buffer, r.ptr);
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
  }
  return "?";
}

// The writer: a thread that drains the queue every 20 ms into PLINTH_LOG's destination.
class Writer {
public:
  Writer() = default;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // A host that unloads the module without terminating its processors: stop the thread
  // rather than let std::thread's destructor end the process.
  ~Writer() {
    if (!thread_.joinable()) return;
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  void start() {
    const std::lock_guard lock(mutex_);
    if (users_++ > 0) return;
    const char* where = std::getenv("PLINTH_LOG");
    if (where == nullptr || *where == '\0') return;
    if (std::strcmp(where, "stderr") == 0 || std::strcmp(where, "-") == 0) {
      out_ = stderr;
    } else {
      out_ = std::fopen(where, "a");
      if (out_ == nullptr) {
        std::fprintf(stderr, "plinth: cannot open PLINTH_LOG file %s; the debug log is off\n", where);
        return;
      }
    }
    stop_ = false;
    origin_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now().time_since_epoch())
                     .count();
    dropped_seen_ = the_log.dropped();
    the_log.enable(true);
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    std::unique_lock lock(mutex_);
    if (users_ == 0 || --users_ > 0) return;
    if (!thread_.joinable()) return;
    stop_ = true;
    lock.unlock();
    wake_.notify_all();
    thread_.join();
    lock.lock();
    the_log.enable(false);
    write_pending();  // what came in after the thread's last pass
    if (out_ != stderr) std::fclose(out_);
    out_ = nullptr;
  }

private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(20), [this] { return stop_; });
      write_pending();
    }
  }

  // Under mutex_ (one consumer at a time).
  void write_pending() {
    the_log.drain([this](const LogRecord& r) {
      const std::string line = format_log_line(r);
      std::fprintf(out_, "[%10.6f] %s\n", static_cast<double>(r.time_ns - origin_ns_) * 1e-9, line.c_str());
    });
    if (const std::uint64_t dropped = the_log.dropped(); dropped != dropped_seen_) {
      std::fprintf(out_, "plinth log: %llu records dropped (the queue was full)\n",
                   static_cast<unsigned long long>(dropped - dropped_seen_));
      dropped_seen_ = dropped;
    }
    std::fflush(out_);
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  std::FILE* out_ = nullptr;
  int users_ = 0;
  bool stop_ = false;
  std::uint64_t dropped_seen_ = 0;
  std::int64_t origin_ns_ = 0;  // times are printed as seconds since the writer started
};

Writer& writer() {
  static Writer w;  // first used on the main thread (start_debug_log_output)
  return w;
}

}  // namespace

DebugLog& debug_log() noexcept { return the_log; }

std::uint32_t next_log_instance() noexcept { return instances.fetch_add(1, std::memory_order_relaxed) + 1; }

std::string format_log_message(const LogRecord& record) {
  std::string out;
  int next = 0;
  for (const char* f = record.format; *f != '\0'; ++f) {
    if ((f[0] == '{' && f[1] == '{') || (f[0] == '}' && f[1] == '}')) {
      out += *f++;
    } else if (f[0] == '{' && f[1] == '}') {
      if (next < record.count) append_value(out, record.args[static_cast<std::size_t>(next)]);
      ++next;
      ++f;
    } else {
      out += *f;
    }
  }
  return out;
}

std::string format_log_line(const LogRecord& record) {
  std::string line = record.source;
  line += '#';
  line += std::to_string(record.instance);
  line += ' ';
  line += level_name(record.level);
  line += ": ";
  line += format_log_message(record);
  return line;
}

void start_debug_log_output() { writer().start(); }
void stop_debug_log_output() { writer().stop(); }

}  // namespace plinth
