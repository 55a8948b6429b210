# Cross-compiling Plinth for Windows x86-64 with Debian's MinGW-w64 (posix threads:
# std::thread and std::mutex need them). Everything the C++ runtime brings (libgcc,
# libstdc++, winpthread) is linked statically, so a plugin's .vst3 and plinth.exe load on
# a bare Windows with nothing beside them.
#   cmake -S . -B build-win -G Ninja --toolchain cmake/toolchain-mingw64.cmake \
#         -DCMAKE_PREFIX_PATH=<deps> -DPLINTH_TESTS=OFF -DPLINTH_BENCH=OFF
# <deps> holds what plinth.exe needs, built or copied for Windows by
# scripts/build-windows.sh: libsndfile (static, with its pkg-config file) and the
# header-only CLI11 and nlohmann/json in <deps>/include.
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

# Libraries, headers and packages only from the MinGW sysroot and <deps>, never the build
# machine's /usr/include (its glibc headers would come before MinGW's). The tests build
# GoogleTest from its source (tests/CMakeLists.txt); benchmarks are not built for Windows.
set(CMAKE_FIND_ROOT_PATH /usr/${PLINTH_MINGW_PREFIX} ${CMAKE_PREFIX_PATH})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(plinth_pkg_config_dirs "")
foreach(prefix ${CMAKE_PREFIX_PATH})
  list(APPEND plinth_pkg_config_dirs ${prefix}/lib/pkgconfig)
endforeach()
string(REPLACE ";" ":" plinth_pkg_config_dirs "${plinth_pkg_config_dirs}")
set(ENV{PKG_CONFIG_LIBDIR} "${plinth_pkg_config_dirs}")

# Windows programs built here run under Wine (Debian's wine64 installs its loader there).
find_program(PLINTH_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(PLINTH_WINE)
  # Quiet (no fixme lines mixed into the output), and started again when Wine itself could
  # not reach its server (wine-run.sh says when).
  set(CMAKE_CROSSCOMPILING_EMULATOR /bin/bash ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh ${PLINTH_WINE})
endif()
