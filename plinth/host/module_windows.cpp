// Module loading on Windows: LoadLibraryExW with the wide-character path (so any Unicode
// path works, whatever the ANSI code page), InitDll() / ExitDll().
#include <windows.h>

#include "plinth/abi/factory.h"
#include "plinth/host/module_platform.h"
#include "plinth/host/realtime/trap.h"

namespace plinth::host::platform {

const char* const kBundleArchFolder = "x86_64-win";
const char* const kLibraryExtension = ".vst3";

namespace {

using InitDllProc = bool (*)();
using ExitDllProc = bool (*)();

std::string last_error_text() {
  const DWORD code = GetLastError();
  wchar_t* text = nullptr;
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                     FORMAT_MESSAGE_IGNORE_INSERTS,
                                 nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string out;
  if (n > 0 && text != nullptr) {
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(n), nullptr, 0, nullptr, nullptr);
    out.resize(static_cast<std::size_t>(bytes));
    WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(n), out.data(), bytes, nullptr, nullptr);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
  }
  if (text != nullptr) LocalFree(text);
  return out + " (error " + std::to_string(code) + ")";
}

}  // namespace

void* open_library(const std::filesystem::path& path, std::string& error) {
  // The DLL's own folder first for its dependencies, as hosts do.
  const std::filesystem::path absolute = std::filesystem::absolute(path);
  HMODULE handle = LoadLibraryExW(absolute.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (handle == nullptr)
    error = last_error_text();
  else
    realtime::watch_module(handle);  // the real-time trap sees the plugin's calls through its imports
  return reinterpret_cast<void*>(handle);
}

void* find_symbol(void* library, const char* name) {
  return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(library), name));
}

void close_library(void* library) { FreeLibrary(static_cast<HMODULE>(library)); }

bool enter_module(void* library, const std::string& library_name, std::string& error) {
  auto* init = reinterpret_cast<InitDllProc>(find_symbol(library, "InitDll"));
  auto* exit_proc = reinterpret_cast<ExitDllProc>(find_symbol(library, "ExitDll"));
  if (init == nullptr || exit_proc == nullptr) {
    error = library_name + " is not a valid VST 3 module for Windows: it does not export " +
            (init == nullptr ? "InitDll" : "ExitDll");
    return false;
  }
  if (!init()) {
    error = "InitDll of " + library_name + " returned false";
    return false;
  }
  return true;
}

void exit_module(void* library) {
  if (auto* exit_proc = reinterpret_cast<ExitDllProc>(find_symbol(library, "ExitDll"))) exit_proc();
}

}  // namespace plinth::host::platform
