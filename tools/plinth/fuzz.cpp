// `plinth fuzz`: mutated states into the component's set_state, the controller's
// set_component_state and set_state. Reports crashes (each batch runs in a child
// process, fuzz_linux.cpp / fuzz_windows.cpp; the blob that crashed it is written to a
// file), processor/controller disagreements (one accepts a blob the other refuses) and
// accepted blobs whose resave does not reload to the same bytes.
//
// Every blob is a pure function of (seed, execution number, seed states), so the
// parent regenerates the one a child died on instead of the child having to save it.
#include "fuzz.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>

#include "commands.h"
#include "progress.h"

namespace plinth::tool {

namespace fuzzing {

namespace {

constexpr std::size_t kBigBlob = 4 << 20;  // random blobs go up to 4 MiB

// Which entry point a blob is for.
enum class Target { component, controller };

struct Blob {
  Target target;
  Bytes bytes;
};

void put(Bytes& b, std::size_t at, const void* src, std::size_t n) {
  if (at + n <= b.size()) std::memcpy(b.data() + at, src, n);
}

// One mutated state for execution `exec`.
Blob make_blob(const Seeds& seeds, unsigned seed, long exec) {
  std::mt19937_64 rng((static_cast<std::uint64_t>(seed) << 32) ^
                      static_cast<std::uint64_t>(exec) * 0x9E3779B97F4A7C15ull);
  auto below = [&rng](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
  Blob blob{Target::component, {}};
  const bool controller = !seeds.controller.empty() && below(4) == 0;
  const auto& pool = controller ? seeds.controller : seeds.component;
  if (controller) blob.target = Target::controller;

  const std::size_t kind = below(100);
  if (kind < 2) {  // a random blob, sometimes big
    const std::size_t n = below(8) == 0 ? below(kBigBlob) : below(4096);
    blob.bytes.resize(n);
    for (auto& x : blob.bytes) x = static_cast<std::uint8_t>(rng());
    return blob;
  }
  if (kind < 3) return blob;  // empty
  Bytes b = pool[below(pool.size())];
  const int ops = 1 + static_cast<int>(below(4));
  for (int op = 0; op < ops; ++op) {
    switch (below(9)) {
      case 0:  // bit flip
        if (!b.empty()) b[below(b.size())] ^= static_cast<std::uint8_t>(1u << below(8));
        break;
      case 1:  // random byte
        if (!b.empty()) b[below(b.size())] = static_cast<std::uint8_t>(rng());
        break;
      case 2: {  // interesting byte
        static constexpr std::uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
        if (!b.empty()) b[below(b.size())] = bytes[below(std::size(bytes))];
        break;
      }
      case 3:  // truncation
        b.resize(below(b.size() + 1));
        break;
      case 4: {  // extension: zeros or random bytes
        const std::size_t n = 1 + below(below(8) == 0 ? 65536 : 16);
        const bool zeros = below(2) == 0;
        for (std::size_t i = 0; i < n; ++i) b.push_back(zeros ? 0 : static_cast<std::uint8_t>(rng()));
        break;
      }
      case 5: {  // splice: a prefix of this with a suffix of another seed
        const Bytes& other = pool[below(pool.size())];
        const std::size_t cut = below(b.size() + 1);
        const std::size_t from = below(other.size() + 1);
        b.resize(cut);
        b.insert(b.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
        break;
      }
      case 6: {  // interesting 32-bit integer (sizes, counts, ids)
        static constexpr std::int32_t ints[] = {
            0, 1, -1, 0x7fffffff, static_cast<std::int32_t>(0x80000000), 0xffff, 0x10000, 1 << 24};
        const std::int32_t v = ints[below(std::size(ints))];
        if (b.size() >= 4) put(b, below(b.size() - 3), &v, 4);
        break;
      }
      case 7: {  // interesting double (parameter values)
        static constexpr double doubles[] = {std::numeric_limits<double>::quiet_NaN(),
                                             std::numeric_limits<double>::infinity(),
                                             -std::numeric_limits<double>::infinity(),
                                             -1.0,
                                             2.0,
                                             1e300,
                                             -0.0,
                                             std::numeric_limits<double>::denorm_min()};
        const double v = doubles[below(std::size(doubles))];
        if (b.size() >= 8) put(b, below(b.size() - 7), &v, 8);
        break;
      }
      default: {  // duplicate a chunk in place
        if (b.empty()) break;
        const std::size_t at = below(b.size());
        const std::size_t n = 1 + below(std::min<std::size_t>(b.size() - at, 64));
        const Bytes chunk(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(below(b.size() + 1)), chunk.begin(), chunk.end());
        break;
      }
    }
  }
  blob.bytes = std::move(b);
  return blob;
}

abi::tresult component_set(host::PluginInstance& p, const Bytes& bytes) {
  auto stream = host::make_object<host::MemoryStream>(std::span<const std::uint8_t>(bytes));
  return p.component()->set_state(stream.get());
}
abi::tresult controller_component_set(host::PluginInstance& p, const Bytes& bytes) {
  auto stream = host::make_object<host::MemoryStream>(std::span<const std::uint8_t>(bytes));
  return p.controller()->set_component_state(stream.get());
}
abi::tresult controller_set(host::PluginInstance& p, const Bytes& bytes) {
  auto stream = host::make_object<host::MemoryStream>(std::span<const std::uint8_t>(bytes));
  return p.controller()->set_state(stream.get());
}

void keep(std::atomic<long>& counter, std::array<long, kKept>& at, std::array<char, 160>& what, long exec,
          const std::string& text) {
  const long n = counter.fetch_add(1);
  if (n < kKept) at[static_cast<std::size_t>(n)] = exec;
  if (n == 0) std::snprintf(what.data(), what.size(), "%s", text.c_str());
}

std::string result_text(abi::tresult r) {
  return r == abi::kResultOk ? "accepts" : "refuses (" + std::to_string(r) + ")";
}

// One execution in the child.
void execute(host::PluginInstance& p, const Blob& blob, long exec, Shared& shared) {
  if (blob.target == Target::controller) {
    if (controller_set(p, blob.bytes) != abi::kResultOk) return;
    shared.accepted.fetch_add(1);
    const auto first = p.save_controller_state();
    if (!first) return;
    const bool reloaded = p.load_controller_state(*first);
    const auto second = p.save_controller_state();
    if (!reloaded || !second || *second != *first) {
      keep(shared.unstable, shared.unstable_at, shared.unstable_what, exec,
           "controller set_state accepts the blob, but its get_state does not reload to the same bytes");
    }
    return;
  }
  const abi::tresult component = component_set(p, blob.bytes);
  const abi::tresult controller = controller_component_set(p, blob.bytes);
  if ((component == abi::kResultOk) != (controller == abi::kResultOk)) {
    keep(shared.disagreements, shared.disagree_at, shared.disagree_what, exec,
         "the processor's set_state " + result_text(component) + " a " + std::to_string(blob.bytes.size()) +
             "-byte state, the controller's set_component_state " + result_text(controller));
  }
  if (component != abi::kResultOk) return;
  shared.accepted.fetch_add(1);
  // An accepted state must leave a working plugin and save what reloads identically.
  (void)p.process(64);
  const auto first = p.save_state_checked();
  if (!first) {
    keep(shared.unstable, shared.unstable_at, shared.unstable_what, exec,
         "set_state accepts the blob, then get_state fails");
    return;
  }
  const abi::tresult again = p.load_state_result(*first);
  const auto second = p.save_state_checked();
  if (again != abi::kResultOk || !second || *second != *first) {
    keep(shared.unstable, shared.unstable_at, shared.unstable_what, exec,
         "set_state accepts the blob, but what get_state then saves " +
             std::string(again != abi::kResultOk ? "is refused by set_state" : "does not resave byte-identical"));
  }
}


void append_u64(Bytes& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

Bytes serialize(const Seeds& seeds) {
  Bytes out;
  for (const auto* list : {&seeds.component, &seeds.controller}) {
    append_u64(out, list->size());
    for (const auto& b : *list) {
      append_u64(out, b.size());
      out.insert(out.end(), b.begin(), b.end());
    }
  }
  return out;
}

std::optional<Seeds> deserialize(std::span<const std::uint8_t> bytes) {
  std::size_t at = 0;
  auto u64 = [&](std::uint64_t& v) {
    if (bytes.size() - at < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{bytes[at + static_cast<std::size_t>(i)]} << (8 * i);
    at += 8;
    return true;
  };
  Seeds seeds;
  for (auto* list : {&seeds.component, &seeds.controller}) {
    std::uint64_t count = 0;
    if (!u64(count) || count > bytes.size()) return std::nullopt;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t n = 0;
      if (!u64(n) || n > bytes.size() - at) return std::nullopt;
      list->emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                         bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
      at += static_cast<std::size_t>(n);
    }
  }
  if (at != bytes.size() || seeds.component.empty()) return std::nullopt;
  return seeds;
}

bool run_batch(host::Module& module, const host::ClassInfo& cls, const Seeds& seeds, unsigned seed, long from,
               long to, Shared& shared) {
  std::string error;
  auto p = host::PluginInstance::create(module, cls, error);
  if (!p || p->setup(48000.0, 64, false) != abi::kResultOk || p->activate() != abi::kResultOk) {
    shared.phase.store(Shared::no_instance);
    return false;
  }
  shared.phase.store(Shared::ready);
  for (long exec = from; exec < to; ++exec) {
    shared.current.store(exec);
    execute(*p, make_blob(seeds, seed, exec), exec, shared);
    shared.done.fetch_add(1);
  }
  p.reset();
  return true;
}

namespace {

Seeds make_seeds(host::PluginInstance& p) {
  Seeds seeds;
  if (auto s = p.save_state_checked()) seeds.component.push_back(*s);
  if (auto s = p.save_controller_state()) seeds.controller.push_back(*s);
  // The same with every writable parameter away from its default.
  std::mt19937 rng(11);
  for (int round = 0; round < 2; ++round) {
    for (const auto& info : p.parameters()) {
      if (!info.is_read_only()) p.edit(info.id, std::uniform_real_distribution<double>(0.0, 1.0)(rng));
    }
    (void)p.process(0);  // the edits reach the processor
    if (auto s = p.save_state_checked()) seeds.component.push_back(*s);
    if (auto s = p.save_controller_state()) seeds.controller.push_back(*s);
  }
  if (seeds.component.empty()) seeds.component.push_back({});
  return seeds;
}

std::string write_blob(const std::string& dir, const std::string& name, const Bytes& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = (std::filesystem::path(dir) / name).string();
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return out ? path : "(could not write " + path + ")";
}

}  // namespace

}  // namespace fuzzing

int fuzz(const FuzzOptions& o) {
  using namespace fuzzing;
  auto module = load_module(o.bundle);
  if (!module) return 1;
  const auto* cls = first_processor(*module);
  if (cls == nullptr) return 1;
  Seeds seeds;
  {
    std::string error;
    auto p = host::PluginInstance::create(*module, *cls, error);
    if (!p) return fail(error);
    if (!p->controller()) return fail(cls->name + " has no controller to compare with");
    if (p->setup(48000.0, 64, false) != abi::kResultOk || p->activate() != abi::kResultOk) {
      return fail("setup or activation failed");
    }
    seeds = make_seeds(*p);
  }
  std::cout << "fuzz: " << cls->name << " in " << module->name() << ", " << seeds.component.size() << " component and "
            << seeds.controller.size() << " controller seed states (" << seeds.component.front().size() << " bytes), "
            << o.runs << " executions, seed " << o.seed << '\n';

  BatchRunner runner(*module, *cls, seeds, o.seed);
  if (!runner.error().empty()) return fail(runner.error());
  Shared& shared = runner.shared();
  ProgressBar bar("fuzz", static_cast<double>(o.runs));

  // Totals, and the first few executions of each kind of finding (over all batches).
  struct Finding {
    long count = 0;
    std::string what;
    std::vector<long> at;
  };
  Finding disagreement;
  Finding unstable;
  std::vector<std::string> crash_lines;
  long done = 0;
  long accepted = 0;
  long crashes = 0;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&start] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  auto gather = [](Finding& f, long count, const std::array<long, kKept>& at, const std::array<char, 160>& what) {
    if (count == 0) return;
    if (f.count == 0) f.what = what.data();
    for (long i = 0; i < std::min<long>(count, kKept); ++i) {
      if (f.at.size() < kKept) f.at.push_back(at[static_cast<std::size_t>(i)]);
    }
    f.count += count;
  };

  const std::string hang_text = [&o] {
    std::ostringstream text;
    text << "hang (no progress for " << o.hang_seconds << " s)";
    return text.str();
  }();

  long next = 0;
  while (next < o.runs) {
    const long to = std::min(o.runs, next + o.batch);
    shared.phase = Shared::starting;
    shared.current = next;
    shared.done = 0;
    shared.accepted = 0;
    shared.disagreements = 0;
    shared.unstable = 0;
    std::cout.flush();
    std::fflush(stdout);
    // A batch hangs when no execution finishes for o.hang_seconds once the child is set
    // up; starting (a new process and module on Windows) may take up to 30 s more.
    long last_progress = -1;
    auto last_change = std::chrono::steady_clock::now();
    const BatchEnd end = runner.run(next, to, [&] {
      const long d = shared.done.load();
      const bool ready = shared.phase.load() == Shared::ready;
      if (const long progress = d + (ready ? 1 : 0); progress != last_progress) {
        last_progress = progress;
        last_change = std::chrono::steady_clock::now();
      } else if (std::chrono::duration<double>(std::chrono::steady_clock::now() - last_change).count() >
                 (ready ? o.hang_seconds : std::max(o.hang_seconds, 30.0))) {
        return false;
      }
      if (bar.shown()) {
        const double seconds = elapsed();
        bar.update(static_cast<double>(done + d),
                   std::to_string(done + d) + "/" + std::to_string(o.runs) + " execs, " +
                       std::to_string(seconds > 0 ? static_cast<long>(static_cast<double>(done + d) / seconds) : 0) +
                       "/s, " + std::to_string(crashes) + " crashes");
      }
      return true;
    });

    done += shared.done.load();
    accepted += shared.accepted.load();
    gather(disagreement, shared.disagreements.load(), shared.disagree_at, shared.disagree_what);
    gather(unstable, shared.unstable.load(), shared.unstable_at, shared.unstable_what);

    if (end.kind == BatchEnd::Kind::not_started) return fail(end.what);
    const std::string what = end.kind == BatchEnd::Kind::hung
                                 ? hang_text
                                 : end.kind == BatchEnd::Kind::crashed ? end.what
                                                                       : "exit 0 before the batch's end";
    if (shared.phase.load() != Shared::ready) {  // no execution ran: nothing to blame on a state
      return fail("the fuzz batch's process could not set up an instance" +
                  (end.kind == BatchEnd::Kind::clean ? std::string() : ": " + what));
    }
    const long finished = shared.done.load();
    if (finished == to - next) {  // every execution ran
      if (end.kind != BatchEnd::Kind::clean) {
        ++crashes;  // not a state's fault: the plugin failed while it was released
        if (crash_lines.size() < kKept) crash_lines.push_back(what + " after the batch's last execution, while the instance was released");
      }
      next = to;
      continue;
    }
    // The execution the child was in died (or the child left early): regenerate its blob
    // for reproduction.
    const long exec = shared.current.load();
    ++crashes;
    ++done;  // the execution that crashed counts; the next batch starts after it
    next = exec + 1;
    if (crash_lines.size() >= kKept) continue;
    const Blob blob = make_blob(seeds, o.seed, exec);
    const std::string file =
        write_blob(o.crash_dir, "crash-" + std::to_string(o.seed) + "-" + std::to_string(exec) + ".bin", blob.bytes);
    crash_lines.push_back(
        what + " in " +
        (blob.target == Target::controller ? "the controller's set_state" : "set_state/set_component_state") +
        " on a " + std::to_string(blob.bytes.size()) + "-byte state, execution " + std::to_string(exec) + ": " + file);
  }
  const double seconds = elapsed();
  bar.finish();
  for (const auto& line : crash_lines) std::cout << "  " << line << '\n';
  if (crashes > static_cast<long>(crash_lines.size())) {
    std::cout << "  ... and " << crashes - static_cast<long>(crash_lines.size()) << " more crashes\n";
  }
  auto report = [&](const Finding& f, const char* kind) {
    if (f.count == 0) return;
    std::cout << "  " << kind << ": " << f.what << " (" << f.count << " times; executions";
    for (long at : f.at) std::cout << ' ' << at;
    const Blob example = make_blob(seeds, o.seed, f.at.front());
    std::cout << "; example: "
              << write_blob(
                     o.crash_dir,
                     std::string(kind) + "-" + std::to_string(o.seed) + "-" + std::to_string(f.at.front()) + ".bin",
                     example.bytes)
              << ")\n";
  };
  report(disagreement, "disagreement");
  report(unstable, "unstable");
  std::printf(
      "fuzz: %ld executions in %.1f s (%.0f/s), %ld accepted; %ld crashes, %ld disagreements, %ld unstable resaves\n",
      done, seconds, seconds > 0 ? static_cast<double>(done) / seconds : 0.0, accepted, crashes, disagreement.count,
      unstable.count);
  return crashes + disagreement.count + unstable.count > 0 ? 1 : 0;
}

}  // namespace plinth::tool
