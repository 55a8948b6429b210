# plinth_add_plugin(<target> NAME <BundleName> SOURCES <files...> [DIRECTORY <dir>])
#
# Builds <BundleName>.vst3/Contents/x86_64-linux/<BundleName>.so under
# ${CMAKE_BINARY_DIR}/vst3 (or <dir>: plugins built for the tests live apart from the
# examples, which join the plinth_examples target) and, after each link, writes
# Contents/Resources/moduleinfo.json by loading the plugin with the project's own
# host and asking its factory, so the file always matches the plugin's declarations.
function(plinth_add_plugin target)
  if(NOT TARGET plinth_bridge)
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
  target_link_libraries(${target} PRIVATE plinth_bridge plinth_core plinth_dsp plinth_warnings)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${PLUGIN_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${bundle}/Contents/x86_64-linux
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Every symbol resolved at link time; only the three module entry points exported.
  target_link_options(${target} PRIVATE -Wl,--exclude-libs,ALL)
  # Except under clang's sanitizers, whose runtime is linked into the executable only: the
  # plugin's references to it (e.g. __rtsan_ensure_initialized) resolve when it is loaded.
  if(NOT (PLINTH_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()

  if(TARGET plinth)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E make_directory ${bundle}/Contents/Resources
      COMMAND $<TARGET_FILE:plinth> moduleinfo ${bundle} --output ${bundle}/Contents/Resources/moduleinfo.json
      COMMENT "Writing moduleinfo.json for ${PLUGIN_NAME}.vst3"
      VERBATIM)
    add_dependencies(${target} plinth)
  endif()
  if(example AND TARGET plinth_examples)
    add_dependencies(plinth_examples ${target})
  endif()
endfunction()
