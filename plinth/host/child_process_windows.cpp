#include "plinth/host/child_process_windows.h"

#include <io.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace plinth::host::windows {

namespace {

// One argument quoted so CommandLineToArgvW gives it back unchanged (backslashes are
// literal except before a quote).
std::wstring quoted(const std::wstring& arg) {
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (const wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    out.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, L'\\');
  return out + L"\"";
}

std::wstring this_executable() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (n == 0) return {};
    if (n < path.size()) {
      path.resize(n);
      return path;
    }
    path.resize(path.size() * 2);
  }
}

std::string hex(DWORD code) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(code));
  return buf;
}

LONG WINAPI end_on_exception(EXCEPTION_POINTERS* info) {
  TerminateProcess(GetCurrentProcess(), info->ExceptionRecord->ExceptionCode);
  return EXCEPTION_EXECUTE_HANDLER;
}

}  // namespace

std::wstring wide(const std::string& utf8) {
  if (utf8.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(std::max(n, 0)), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

std::wstring command_line_of_this_executable(const std::vector<std::string>& arguments) {
  std::wstring command = quoted(this_executable());
  for (const auto& arg : arguments) command += L" " + quoted(wide(arg));
  return command;
}

HANDLE start_this_executable(const std::vector<std::string>& arguments) {
  std::wstring command = command_line_of_this_executable(arguments);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &process))
    return nullptr;
  CloseHandle(process.hThread);
  return process.hProcess;
}

std::string handle_text(HANDLE handle) { return std::to_string(reinterpret_cast<std::uintptr_t>(handle)); }

HANDLE handle_from_text(const std::string& text) {
  return reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(std::strtoull(text.c_str(), nullptr, 10)));
}

bool is_exception_code(DWORD code) { return (code & 0xF0000000u) == 0xC0000000u; }

std::string exception_text(DWORD code) {
  switch (code) {
    case EXCEPTION_ACCESS_VIOLATION: return "exception " + hex(code) + " (access violation)";
    case EXCEPTION_STACK_OVERFLOW: return "exception " + hex(code) + " (stack overflow)";
    case EXCEPTION_ILLEGAL_INSTRUCTION: return "exception " + hex(code) + " (illegal instruction)";
    case EXCEPTION_INT_DIVIDE_BY_ZERO: return "exception " + hex(code) + " (integer division by zero)";
    case EXCEPTION_ARRAY_BOUNDS_EXCEEDED: return "exception " + hex(code) + " (array bounds exceeded)";
    case EXCEPTION_IN_PAGE_ERROR: return "exception " + hex(code) + " (in-page error)";
    default: return "exception " + hex(code);
  }
}

void become_crash_reporting_child() {
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
  SetUnhandledExceptionFilter(end_on_exception);
  std::fflush(stdout);
  _dup2(_fileno(stderr), _fileno(stdout));
  SetStdHandle(STD_OUTPUT_HANDLE, GetStdHandle(STD_ERROR_HANDLE));
}

}  // namespace plinth::host::windows
