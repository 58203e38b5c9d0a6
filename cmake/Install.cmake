# `cmake --install build --prefix P` installs what a user's project needs:
#   P/include/synack/*.hpp          the public API (what a user includes)
#   P/include/synack/detail/...     internal headers the public ones rely on (may change)
#   P/lib/libsynack_*.a             the libraries, synack::bundled's included
#   P/lib/cmake/synack/             the package: find_package(synack) gives synack::synack
#                                   and synack::bundled, finding their dependencies again
include(CMakePackageConfigHelpers)

install(DIRECTORY include/synack DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The internal headers, by directory; the bundled machines' own headers are left out.
install(DIRECTORY checker DESTINATION ${SYNACK_DETAIL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY learned DESTINATION ${SYNACK_DETAIL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(FILES
  machines/machine_base.hpp machines/msm_machine.hpp machines/msm_codec_adapter.hpp
  machines/msm_symbolic.hpp
  machines/msm_table.hpp machines/combinators.hpp machines/functor_macros.hpp
  machines/value_of.hpp machines/described_codec.hpp machines/described_members.hpp
  DESTINATION ${SYNACK_DETAIL_INCLUDEDIR}/machines)
install(FILES properties/scenario.hpp properties/params.hpp properties/channel_params.hpp
  DESTINATION ${SYNACK_DETAIL_INCLUDEDIR}/properties)
# In the tree the headers reach the internal ones as "checker/...", "machines/...",
# "learned/..." and "properties/..."; the installed copies say "synack/detail/...", so that
# a user's include path needs P/include alone and a directory of the user's own named
# machines/ or checker/ cannot stand in for synack's.
install(CODE "set(synack_installed_headers \"${CMAKE_INSTALL_INCLUDEDIR}/synack\")")
install(CODE [[
  file(GLOB_RECURSE headers
       "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${synack_installed_headers}/*.hpp")
  foreach(header IN LISTS headers)
    file(READ "${header}" text)
    string(REGEX REPLACE "#include \"(checker|machines|learned|properties)/"
                         "#include \"synack/detail/\\1/" rewritten "${text}")
    if(NOT rewritten STREQUAL text)
      file(WRITE "${header}" "${rewritten}")
    endif()
  endforeach()
]])

set_target_properties(synack_bundled PROPERTIES EXPORT_NAME bundled)
set_target_properties(synack_checker PROPERTIES EXPORT_NAME checker)
set_target_properties(synack_distributed PROPERTIES EXPORT_NAME distributed)
set_target_properties(synack_smt PROPERTIES EXPORT_NAME smt)
set_target_properties(synack_scenario PROPERTIES EXPORT_NAME scenario)
set_target_properties(synack_reports PROPERTIES EXPORT_NAME reports)
set_target_properties(synack_cli PROPERTIES EXPORT_NAME cli)
set_target_properties(synack_explore PROPERTIES EXPORT_NAME explore)
set_target_properties(synack_learned PROPERTIES EXPORT_NAME learned)
set_target_properties(synack_learned_check PROPERTIES EXPORT_NAME learned_check)
set_target_properties(synack_machines PROPERTIES EXPORT_NAME machines)
install(TARGETS synack synack_checker synack_distributed synack_smt synack_scenario
                synack_reports synack_cli synack_explore
                synack_learned synack_learned_check synack_machines synack_bundled
  EXPORT synackTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS synack_exe RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The explorer's web server, loaded by `explore` alone (explore/http_module.hpp): where
# explore/server.cpp looks for it, relative to bin/ and by the prefix's full path.
if(TARGET synack_http)
  install(TARGETS synack_http LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/synack)
endif()

set(SYNACK_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/synack)
install(EXPORT synackTargets NAMESPACE synack:: DESTINATION ${SYNACK_CMAKEDIR})
configure_package_config_file(cmake/synackConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/synackConfig.cmake INSTALL_DESTINATION ${SYNACK_CMAKEDIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/synackConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/synackConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/synackConfigVersion.cmake
  DESTINATION ${SYNACK_CMAKEDIR})
