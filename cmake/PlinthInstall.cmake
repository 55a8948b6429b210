# `cmake --install` for Plinth: the headers, the core library, the compiled bridge
# objects, the `plinth` command, the project templates and the CMake package, so that an
# outside project does `find_package(Plinth)` and `plinth_add_plugin(...)` as the
# examples do (cmake/PlinthPlugin.cmake is the same file in both places).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PLINTH_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Plinth)

foreach(layer abi bridge core dsp ui)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/plinth/${layer} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/plinth
          FILES_MATCHING PATTERN "*.h")
endforeach()

# Exported names: Plinth::abi, Plinth::dsp, Plinth::core, Plinth::ui, Plinth::bridge, Plinth::plinth.
# plinth_warnings goes along only because the core and the bridge name it privately; as
# a LINK_ONLY dependency its -Werror never reaches the outside project.
set_target_properties(plinth_abi PROPERTIES EXPORT_NAME abi)
set_target_properties(plinth_dsp PROPERTIES EXPORT_NAME dsp)
set_target_properties(plinth_core PROPERTIES EXPORT_NAME core)
set_target_properties(plinth_warnings PROPERTIES EXPORT_NAME warnings)
target_compile_features(plinth_core INTERFACE cxx_std_20)
set_target_properties(plinth_ui PROPERTIES EXPORT_NAME ui)  # the editors; the bridge links it
set(plinth_exported plinth_abi plinth_dsp plinth_core plinth_ui plinth_warnings)
if(TARGET plinth_bridge)
  # Installed compiled (not as sources), so a plugin project compiles only its own code;
  # still objects, not an archive, so the module entry points are always linked in.
  set_target_properties(plinth_bridge PROPERTIES EXPORT_NAME bridge)
  list(APPEND plinth_exported plinth_bridge)
endif()
# A sanitized Plinth (scripts/test.sh --asan) has sanitized objects: a plugin built on
# them must compile and link with the same runtime, so the installed core asks for it.
if(PLINTH_SANITIZE)
  string(REPLACE "," "$<COMMA>" sanitize "${PLINTH_SANITIZE}")
  target_compile_options(plinth_core INTERFACE $<INSTALL_INTERFACE:-fsanitize=${sanitize}>
    $<INSTALL_INTERFACE:-fno-omit-frame-pointer> $<INSTALL_INTERFACE:-fno-sanitize-recover=all>)
  target_link_options(plinth_core INTERFACE $<INSTALL_INTERFACE:-fsanitize=${sanitize}>)
endif()
install(TARGETS ${plinth_exported} EXPORT PlinthTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/plinth/objects)

set(PLINTH_HAS_TOOL OFF)
if(TARGET plinth)
  # The command; plinth_add_plugin runs it after each link to write moduleinfo.json.
  set_target_properties(plinth PROPERTIES EXPORT_NAME plinth)
  install(TARGETS plinth EXPORT PlinthTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  set(PLINTH_HAS_TOOL ON)
endif()

# Readable copies of what `plinth new` writes (the command carries its own, embedded).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/ DESTINATION ${CMAKE_INSTALL_DATADIR}/plinth/templates)

install(EXPORT PlinthTargets NAMESPACE Plinth:: DESTINATION ${PLINTH_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/PlinthConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/PlinthConfig.cmake INSTALL_DESTINATION ${PLINTH_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/PlinthConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/PlinthConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/PlinthConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/PlinthPlugin.cmake DESTINATION ${PLINTH_INSTALL_CMAKEDIR})
