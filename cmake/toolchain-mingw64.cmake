# Cross-compiling Plinth for Windows x86-64 with Debian's MinGW-w64 (posix threads:
# std::thread and std::mutex need them). Everything the C++ runtime brings (libgcc,
# libstdc++, winpthread) is linked statically, so a plugin's .vst3 and plinth.exe load on
# a bare Windows with nothing beside them.
#   cmake -S . -B build-win -G Ninja --toolchain cmake/toolchain-mingw64.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(PLINTH_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${PLINTH_MINGW_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${PLINTH_MINGW_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER ${PLINTH_MINGW_PREFIX}-windres)

# -static makes ld pick libwinpthread.a over its import library as well.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Libraries and headers from the MinGW sysroot (and a prefix of cross-built dependencies
# given as CMAKE_PREFIX_PATH); CMake package files may come from the build machine too,
# which is only right for header-only packages (CLI11, nlohmann_json): keep tests and
# benchmarks (GoogleTest, Google Benchmark) off in a Windows build.
set(CMAKE_FIND_ROOT_PATH /usr/${PLINTH_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# Windows programs built here run under Wine (Debian's wine64 installs its loader there).
find_program(PLINTH_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(PLINTH_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${PLINTH_WINE})
endif()
