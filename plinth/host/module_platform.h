#pragma once
// What module loading needs from the platform (module_linux.cpp, module_windows.cpp);
// module.cpp holds everything else.

#include <filesystem>
#include <string>

namespace plinth::host::platform {

// The bundle's binary: Name.vst3/Contents/<kBundleArchFolder>/Name<kLibraryExtension>.
extern const char* const kBundleArchFolder;  // "x86_64-linux", "x86_64-win"
extern const char* const kLibraryExtension;  // ".so", ".vst3"

// Loads the library at `path`; null and `error` set on failure.
void* open_library(const std::filesystem::path& path, std::string& error);
void* find_symbol(void* library, const char* name);
void close_library(void* library);

// Calls the module's entry point (ModuleEntry on Linux, InitDll on Windows). False with
// `error` set if it is missing or refuses; `library_name` is for the message.
bool enter_module(void* library, const std::string& library_name, std::string& error);
// Calls the matching exit point (ModuleExit, ExitDll).
void exit_module(void* library);

}  // namespace plinth::host::platform
