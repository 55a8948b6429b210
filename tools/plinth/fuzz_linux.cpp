// `plinth fuzz`'s batches on Linux: each in a forked child, which has the module, the
// seeds and the counters (a MAP_SHARED page) already; a crash or a hang ends only it.
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <new>

#include "fuzz.h"

namespace plinth::tool::fuzzing {

struct BatchRunner::Impl {
  host::Module& module;
  const host::ClassInfo& cls;
  const Seeds& seeds;
  unsigned seed;
  Shared* shared = nullptr;
  std::string error;
};

BatchRunner::BatchRunner(host::Module& module, const host::ClassInfo& cls, const Seeds& seeds, unsigned seed)
    : impl_(new Impl{module, cls, seeds, seed}) {
  void* mem = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    impl_->error = std::string("mmap failed: ") + std::strerror(errno);
    return;
  }
  impl_->shared = new (mem) Shared{};
}

BatchRunner::~BatchRunner() {
  if (impl_->shared != nullptr) munmap(impl_->shared, sizeof(Shared));
}

const std::string& BatchRunner::error() const { return impl_->error; }
Shared& BatchRunner::shared() { return *impl_->shared; }

BatchEnd BatchRunner::run(long from, long to, const std::function<bool()>& keep_going) {
  // The child holds the write end of a pipe: its exit (or crash) wakes the poll at once.
  int wake[2];
  if (pipe(wake) != 0) return {BatchEnd::Kind::not_started, std::string("pipe failed: ") + std::strerror(errno)};
  const pid_t pid = fork();
  if (pid < 0) {
    close(wake[0]);
    close(wake[1]);
    return {BatchEnd::Kind::not_started, std::string("fork failed: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    close(wake[0]);
    const bool ran = run_batch(impl_->module, impl_->cls, impl_->seeds, impl_->seed, from, to, *impl_->shared);
    _exit(ran ? 0 : 1);  // no static destructors, no module exit in the child
  }
  close(wake[1]);
  bool hung = false;
  for (;;) {
    pollfd fd{wake[0], POLLIN, 0};
    if (poll(&fd, 1, 100) > 0) break;  // the child is gone
    if (!keep_going()) {
      kill(pid, SIGKILL);
      hung = true;
      break;
    }
  }
  close(wake[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (hung) return {BatchEnd::Kind::hung, {}};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (WIFSIGNALED(status)) return {BatchEnd::Kind::crashed, std::string("crash (") + strsignal(WTERMSIG(status)) + ")"};
  return {BatchEnd::Kind::crashed, "exit " + std::to_string(WEXITSTATUS(status))};
}

std::optional<int> serve_batch(const std::vector<std::string>& /*arguments*/) { return std::nullopt; }

}  // namespace plinth::tool::fuzzing
