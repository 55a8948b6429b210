// Module loading on Linux: dlopen, ModuleEntry(handle) / ModuleExit().
#include <dlfcn.h>

#include "plinth/abi/factory.h"
#include "plinth/host/module_platform.h"

namespace plinth::host::platform {

const char* const kBundleArchFolder = "x86_64-linux";
const char* const kLibraryExtension = ".so";

void* open_library(const std::filesystem::path& path, std::string& error) {
  // A path with a slash makes dlopen take the file itself, not search the library path.
  const std::string open_path = path.is_absolute() ? path.string() : (std::filesystem::path(".") / path).string();
  dlerror();
  void* handle = dlopen(open_path.c_str(), RTLD_LOCAL | RTLD_NOW);
  if (handle == nullptr) {
    const char* why = dlerror();
    error = why != nullptr ? why : "unknown dlopen error";
  }
  return handle;
}

void* find_symbol(void* library, const char* name) { return dlsym(library, name); }

void close_library(void* library) { dlclose(library); }

bool enter_module(void* library, const std::string& library_name, std::string& error) {
  auto* entry = reinterpret_cast<abi::ModuleEntryProc>(dlsym(library, "ModuleEntry"));
  auto* exit_proc = reinterpret_cast<abi::ModuleExitProc>(dlsym(library, "ModuleExit"));
  if (entry == nullptr || exit_proc == nullptr) {
    error = library_name + " is not a valid VST 3 module for Linux: it does not export " +
            (entry == nullptr ? "ModuleEntry" : "ModuleExit");
    return false;
  }
  if (!entry(library)) {
    error = "ModuleEntry of " + library_name + " returned false";
    return false;
  }
  return true;
}

void exit_module(void* library) {
  if (auto* exit_proc = reinterpret_cast<abi::ModuleExitProc>(dlsym(library, "ModuleExit"))) exit_proc();
}

}  // namespace plinth::host::platform
