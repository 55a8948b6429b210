#pragma once
// Windows has no fork: work that must survive a plugin's crash (validate's isolated
// checks, fuzz batches) runs in a new process of the same executable, started with a
// command line that names the work. What both sides of that need.
#include <windows.h>

#include <string>
#include <vector>

namespace plinth::host::windows {

// UTF-8 to UTF-16 for the wide Win32 calls.
std::wstring wide(const std::string& utf8);
// This process's executable and `arguments` as one command line that CommandLineToArgvW
// splits back into exactly those arguments.
std::wstring command_line_of_this_executable(const std::vector<std::string>& arguments);
// Starts this executable with `arguments`, inheriting the handles marked inheritable, after
// flushing this process's output (so the child's never comes before it). The process
// handle to wait on and close, or null (GetLastError() says why).
HANDLE start_this_executable(const std::vector<std::string>& arguments);
// A handle passed on a command line (its value in decimal), and back.
std::string handle_text(HANDLE handle);
HANDLE handle_from_text(const std::string& text);

// NTSTATUS error codes (0xC...): how a process ended by an exception exits.
bool is_exception_code(DWORD code);
// "exception 0xC0000005 (access violation)".
std::string exception_text(DWORD code);

// For the child: no error boxes, an unhandled exception ends the process at once with
// the exception's code as exit code, and what the plugin prints goes to stderr (the
// parent's standard output stays its own).
void become_crash_reporting_child();

}  // namespace plinth::host::windows
