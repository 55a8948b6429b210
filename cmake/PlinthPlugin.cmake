# plinth_add_plugin(<target> NAME <BundleName> SOURCES <files...> [DIRECTORY <dir>])
#
# Builds <BundleName>.vst3/Contents/x86_64-linux/<BundleName>.so (on Windows
# <BundleName>.vst3/Contents/x86_64-win/<BundleName>.vst3, the DLL) under
# ${CMAKE_BINARY_DIR}/vst3 (or <dir>: plugins built for the tests live apart from the
# examples, which join the plinth_examples target) and, after each link, writes
# Contents/Resources/moduleinfo.json by loading the plugin with the project's own
# host and asking its factory, so the file always matches the plugin's declarations.
# When cross-compiling for Windows that host is plinth.exe, run under Wine
# (CMAKE_CROSSCOMPILING_EMULATOR, set by cmake/toolchain-mingw64.cmake when Wine is
# installed); without Wine the bundles have no moduleinfo.json and a message says so.
# The bundle's path is the target's PLINTH_BUNDLE property.
#
# The same file serves the Plinth tree and an installed Plinth (find_package(Plinth)):
# it names only the Plinth:: targets, which the tree defines as aliases.
#
# Bundles in the default folder also join `plinth_install_user`, a target that copies
# them into PLINTH_USER_VST3_DIR (~/.vst3, where Linux hosts look):
#   cmake --build build --target plinth_install_user
# A target rather than an install() rule: installing into a home folder is not what
# `cmake --install --prefix P` or a package should do, and rather than a copy after
# every build so a host that has the bundle loaded is not overwritten mid-session.
set(PLINTH_USER_VST3_DIR "$ENV{HOME}/.vst3" CACHE PATH "Folder the plinth_install_user target copies bundles into")

function(plinth_add_plugin target)
  if(NOT TARGET Plinth::bridge)
    message(WARNING "plinth_add_plugin: no bridge sources yet; skipping ${target}")
    return()
  endif()
  cmake_parse_arguments(PLUGIN "" "NAME;DIRECTORY" "SOURCES" ${ARGN})
  if(NOT PLUGIN_NAME)
    set(PLUGIN_NAME ${target})
  endif()
  set(example ON)
  if(PLUGIN_DIRECTORY)
    set(example OFF)
  else()
    set(PLUGIN_DIRECTORY ${CMAKE_BINARY_DIR}/vst3)
  endif()
  set(bundle ${PLUGIN_DIRECTORY}/${PLUGIN_NAME}.vst3)

  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE Plinth::bridge Plinth::core Plinth::dsp)
  if(TARGET plinth_warnings)  # in the tree only: an outside project picks its own warnings
    target_link_libraries(${target} PRIVATE plinth_warnings)
  endif()
  if(WIN32)
    set(arch_folder x86_64-win)
  else()
    set(arch_folder x86_64-linux)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${PLUGIN_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${bundle}/Contents/${arch_folder}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    PLINTH_BUNDLE ${bundle})
  if(WIN32)
    set_target_properties(${target} PROPERTIES SUFFIX ".vst3")
  endif()
  # Every symbol resolved at link time; only the three module entry points exported.
  target_link_options(${target} PRIVATE -Wl,--exclude-libs,ALL)
  # Except under clang's sanitizers, whose runtime is linked into the executable only: the
  # plugin's references to it (e.g. __rtsan_ensure_initialized) resolve when it is loaded.
  if(NOT (PLINTH_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()

  if(TARGET Plinth::plinth AND CMAKE_CROSSCOMPILING AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
    if(NOT PLINTH_WARNED_NO_EMULATOR)
      message(STATUS "No emulator to run ${CMAKE_SYSTEM_NAME} programs (Wine): bundles get no moduleinfo.json")
      set(PLINTH_WARNED_NO_EMULATOR ON CACHE INTERNAL "")
    endif()
  elseif(TARGET Plinth::plinth)
    # CMAKE_CROSSCOMPILING_EMULATOR is empty unless cross-compiling.
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E make_directory ${bundle}/Contents/Resources
      COMMAND ${CMAKE_CROSSCOMPILING_EMULATOR} $<TARGET_FILE:Plinth::plinth> moduleinfo ${bundle} --output ${bundle}/Contents/Resources/moduleinfo.json
      COMMENT "Writing moduleinfo.json for ${PLUGIN_NAME}.vst3"
      VERBATIM)
    get_target_property(tool Plinth::plinth ALIASED_TARGET)
    if(tool)  # built in this tree: build it first
      add_dependencies(${target} ${tool})
    endif()
  endif()
  if(example)
    if(TARGET plinth_examples)
      add_dependencies(plinth_examples ${target})
    endif()
    if(NOT TARGET plinth_install_user)
      add_custom_target(plinth_install_user)
    endif()
    set(user_bundle ${PLINTH_USER_VST3_DIR}/${PLUGIN_NAME}.vst3)
    # Replaced whole, so nothing of an older build stays behind.
    add_custom_target(${target}_install_user
      COMMAND ${CMAKE_COMMAND} -E rm -rf ${user_bundle}
      COMMAND ${CMAKE_COMMAND} -E copy_directory ${bundle} ${user_bundle}
      COMMENT "Installing ${PLUGIN_NAME}.vst3 into ${PLINTH_USER_VST3_DIR}"
      VERBATIM)
    add_dependencies(${target}_install_user ${target})
    add_dependencies(plinth_install_user ${target}_install_user)
  endif()
endfunction()
