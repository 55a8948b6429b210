// `plinth fuzz`'s batches on Windows, which has no fork: each batch runs in a new process
// of plinth.exe, started with a command line naming the bundle, the class, the seed and
// the executions. The counters and the seed states are in a file mapping the child
// inherits; the child loads the module itself. A crash is an unhandled exception that
// ends the child with the exception's code (become_crash_reporting_child), a hang is ended
// by the parent.
#include <windows.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>

#include "fuzz.h"
#include "plinth/host/child_process_windows.h"
#include "plinth/host/strings.h"

namespace plinth::tool::fuzzing {

namespace win = host::windows;

namespace {

constexpr const char* kChildFlag = "--plinth-fuzz-batch";
// The mapping: the counters, then the seeds' size (8 bytes) and the seeds.
constexpr std::size_t kSeedsAt = (sizeof(Shared) + 63) / 64 * 64;

std::string last_error(const std::string& what) { return what + " (error " + std::to_string(GetLastError()) + ")"; }

}  // namespace

struct BatchRunner::Impl {
  host::Module& module;
  const host::ClassInfo& cls;
  unsigned seed;
  HANDLE mapping = nullptr;
  std::uint8_t* view = nullptr;
  std::string error;
};

BatchRunner::BatchRunner(host::Module& module, const host::ClassInfo& cls, const Seeds& seeds, unsigned seed)
    : impl_(new Impl{module, cls, seed}) {
  const Bytes bytes = serialize(seeds);
  const std::uint64_t size = kSeedsAt + 8 + bytes.size();
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  impl_->mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, &inherit, PAGE_READWRITE, static_cast<DWORD>(size >> 32),
                                      static_cast<DWORD>(size), nullptr);
  if (impl_->mapping == nullptr) {
    impl_->error = last_error("cannot create shared memory for the fuzz batches");
    return;
  }
  impl_->view = static_cast<std::uint8_t*>(MapViewOfFile(impl_->mapping, FILE_MAP_WRITE, 0, 0, 0));
  if (impl_->view == nullptr) {
    impl_->error = last_error("cannot map the fuzz batches' shared memory");
    return;
  }
  new (impl_->view) Shared{};
  const std::uint64_t n = bytes.size();
  std::memcpy(impl_->view + kSeedsAt, &n, 8);
  if (!bytes.empty()) std::memcpy(impl_->view + kSeedsAt + 8, bytes.data(), bytes.size());
}

BatchRunner::~BatchRunner() {
  if (impl_->view != nullptr) UnmapViewOfFile(impl_->view);
  if (impl_->mapping != nullptr) CloseHandle(impl_->mapping);
}

const std::string& BatchRunner::error() const { return impl_->error; }
Shared& BatchRunner::shared() { return *std::launder(reinterpret_cast<Shared*>(impl_->view)); }

BatchEnd BatchRunner::run(long from, long to, const std::function<bool()>& keep_going) {
  HANDLE process = win::start_this_executable({kChildFlag, win::handle_text(impl_->mapping), impl_->module.path(),
                                               impl_->cls.cid_string, std::to_string(impl_->seed),
                                               std::to_string(from), std::to_string(to)});
  if (process == nullptr) return {BatchEnd::Kind::not_started, last_error("cannot start a fuzz batch's process")};
  bool hung = false;
  while (WaitForSingleObject(process, 100) == WAIT_TIMEOUT) {
    if (!keep_going()) {
      TerminateProcess(process, 1);
      WaitForSingleObject(process, INFINITE);
      hung = true;
      break;
    }
  }
  DWORD code = 0;
  GetExitCodeProcess(process, &code);
  CloseHandle(process);
  if (hung) return {BatchEnd::Kind::hung, {}};
  if (code == 0) return {};
  if (win::is_exception_code(code)) return {BatchEnd::Kind::crashed, "crash (" + win::exception_text(code) + ")"};
  return {BatchEnd::Kind::crashed, "exit " + std::to_string(code)};
}

// The child: plinth.exe --plinth-fuzz-batch MAPPING BUNDLE CID SEED FROM TO.
std::optional<int> serve_batch(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != kChildFlag) return std::nullopt;
  if (args.size() != 8) {
    std::cerr << "plinth: error: " << kChildFlag << " takes MAPPING BUNDLE CID SEED FROM TO\n";
    return 2;
  }
  win::become_crash_reporting_child();
  auto* view = static_cast<std::uint8_t*>(MapViewOfFile(win::handle_from_text(args[2]), FILE_MAP_WRITE, 0, 0, 0));
  if (view == nullptr) {
    std::cerr << "plinth: error: a fuzz batch cannot map its shared memory\n";
    return 2;
  }
  std::uint64_t n = 0;
  std::memcpy(&n, view + kSeedsAt, 8);
  const auto seeds = deserialize(std::span<const std::uint8_t>(view + kSeedsAt + 8, static_cast<std::size_t>(n)));
  std::string error;
  const auto module = host::Module::load(args[3], error);
  const auto cid = host::cid_from_hex(args[4]);
  const host::ClassInfo* cls = module && cid ? module->find_class(*cid) : nullptr;
  auto* shared = std::launder(reinterpret_cast<Shared*>(view));
  if (!seeds || cls == nullptr) {
    if (!seeds)
      std::cerr << "plinth: error: a fuzz batch cannot read its seed states\n";
    else
      std::cerr << "plinth: error: a fuzz batch cannot load " << args[3] << (error.empty() ? "" : ": ") << error << '\n';
    shared->phase.store(Shared::no_instance);
    std::fflush(nullptr);
    TerminateProcess(GetCurrentProcess(), 1);
  }
  const bool ran = run_batch(*module, *cls, *seeds, static_cast<unsigned>(std::strtoul(args[5].c_str(), nullptr, 10)),
                             std::strtol(args[6].c_str(), nullptr, 10), std::strtol(args[7].c_str(), nullptr, 10),
                             *shared);
  std::fflush(nullptr);
  // No static destructors, no module exit: like the forked child on Linux.
  TerminateProcess(GetCurrentProcess(), ran ? 0 : 1);
  return ran ? 0 : 1;
}

}  // namespace plinth::tool::fuzzing
