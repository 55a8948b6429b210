// Running a check in a child process on Windows, which has no fork: a new process of this
// same executable, started with CreateProcessW and a command line naming the check, the
// class and the bundle, loads the module itself, runs the check and writes the result to
// a pipe inherited from the parent (Linux forks instead: isolation_linux.cpp).
//
// The executable must serve that command line: its main() calls serve_isolated_check()
// first (the plinth tool does). One that does not (a test program) cannot be restarted
// as a check, so there checks_can_be_isolated() is false and checks run in-process.
//
// The last step a check reached is kept in a page of an inherited file mapping, so a
// crash or a hang is named as precisely as on Linux. A crash is an unhandled exception:
// the child's filter ends it with the exception's code as exit code, at once (no error
// box, no debugger), and the parent reports that code.
#include <windows.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "plinth/host/checks.h"
#include "plinth/host/checks/common.h"
#include "plinth/host/child_process_windows.h"
#include "plinth/host/strings.h"

namespace plinth::host {

namespace {

constexpr const char* kChildFlag = "--plinth-isolated-check";
bool g_can_serve = false;  // main() called serve_isolated_check()

bool write_all(HANDLE out, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    DWORD n = 0;
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - done, 1u << 20));
    if (!WriteFile(out, bytes.data() + done, chunk, &n, nullptr) || n == 0) return false;
    done += n;
  }
  return true;
}

// The child: <exe> --plinth-isolated-check PIPE MAPPING CHECK CID BUNDLE.
int serve(const std::vector<std::string>& args) {
  if (args.size() != 7) {
    std::cerr << "plinth: error: " << kChildFlag << " takes PIPE MAPPING CHECK CID BUNDLE\n";
    return 2;
  }
  // What the plugin prints must not mix into the tool's output (--json): stdout is stderr.
  windows::become_crash_reporting_child();
  HANDLE out = windows::handle_from_text(args[2]);
  if (void* page = MapViewOfFile(windows::handle_from_text(args[3]), FILE_MAP_WRITE, 0, 0, checks::kStepBytes))
    checks::set_step_page(static_cast<char*>(page));

  CheckResult result;
  std::string error;
  const auto module = Module::load(args[6], error);
  const auto cid = cid_from_hex(args[5]);
  const ClassInfo* cls = module && cid ? module->find_class(*cid) : nullptr;
  const Check* check = nullptr;
  for (const auto& c : all_checks()) {
    if (c.name == args[4]) check = &c;
  }
  if (!module) {
    result.fail("the check's process cannot load " + args[6] + ": " + error);
  } else if (cls == nullptr) {
    result.fail("the check's process finds no class " + args[5] + " in " + args[6]);
  } else if (check == nullptr) {
    result.fail("the check's process has no check named " + args[4]);
  } else {
    result = run_check(*check, *module, *cls);
  }
  const bool written = write_all(out, result.serialize());
  std::fflush(nullptr);
  // No static destructors, no module exit: like the forked child on Linux.
  TerminateProcess(GetCurrentProcess(), written ? 0 : 3);
  return written ? 0 : 3;
}

}  // namespace

std::optional<int> serve_isolated_check(const std::vector<std::string>& arguments) {
  g_can_serve = true;
  if (arguments.size() < 2 || arguments[1] != kChildFlag) return std::nullopt;
  return serve(arguments);
}

bool checks_can_be_isolated() noexcept { return g_can_serve; }

CheckResult run_check_isolated(const Check& check, Module& module, const ClassInfo& processor_class,
                               double timeout_seconds) {
  if (!g_can_serve) return run_check(check, module, processor_class);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  CheckResult result;
  auto fail_here = [&](const std::string& what) {
    result.fail(what + " (error " + std::to_string(GetLastError()) + ")");
    result.seconds = elapsed();
    return result;
  };

  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  if (!CreatePipe(&read_end, &write_end, &inherit, 0)) return fail_here("cannot create a pipe for the check's process");
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
  HANDLE mapping =
      CreateFileMappingW(INVALID_HANDLE_VALUE, &inherit, PAGE_READWRITE, 0, checks::kStepBytes, nullptr);
  char* page = mapping != nullptr ? static_cast<char*>(MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, checks::kStepBytes))
                                  : nullptr;
  if (page != nullptr) page[0] = '\0';

  HANDLE process = windows::start_this_executable({kChildFlag, windows::handle_text(write_end),
                                                   windows::handle_text(mapping), check.name,
                                                   processor_class.cid_string, module.path()});
  CloseHandle(write_end);  // the child's copy is the only one left: end of file when it ends
  if (process == nullptr) {
    CloseHandle(read_end);
    if (page != nullptr) UnmapViewOfFile(page);
    if (mapping != nullptr) CloseHandle(mapping);
    return fail_here("cannot start the check's process");
  }

  std::string bytes;
  bool timed_out = false;
  char buffer[4096];
  for (;;) {
    DWORD available = 0;
    if (!PeekNamedPipe(read_end, nullptr, 0, nullptr, &available, nullptr)) break;  // the child is gone
    if (available > 0) {
      DWORD n = 0;
      if (!ReadFile(read_end, buffer, std::min<DWORD>(available, sizeof buffer), &n, nullptr) || n == 0) break;
      bytes.append(buffer, n);
      continue;
    }
    if (elapsed() >= timeout_seconds) {
      timed_out = true;
      break;
    }
    WaitForSingleObject(process, 5);
  }
  CloseHandle(read_end);
  if (timed_out) TerminateProcess(process, 1);
  WaitForSingleObject(process, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(process, &code);
  CloseHandle(process);
  const std::string last_step = page != nullptr ? std::string(page) : std::string();
  if (page != nullptr) UnmapViewOfFile(page);
  if (mapping != nullptr) CloseHandle(mapping);
  const std::string where = last_step.empty() ? "" : " (last step: " + last_step + ")";

  result.crashed = timed_out || windows::is_exception_code(code);
  if (timed_out) {
    result.fail("timed out after " + checks::fmt(timeout_seconds) + " s; killed" + where);
  } else if (windows::is_exception_code(code)) {
    result.fail("the plugin crashed: " + windows::exception_text(code) + where);
  } else if (auto parsed = CheckResult::deserialize(bytes)) {
    result = std::move(*parsed);
  } else if (code != 0) {
    result.crashed = true;
    result.fail("the check's process exited with code " + std::to_string(code) + " without a result" + where);
  } else {
    result.crashed = true;
    result.fail("the check's process ended without a result" + where);
  }
  result.seconds = elapsed();
  return result;
}

}  // namespace plinth::host
