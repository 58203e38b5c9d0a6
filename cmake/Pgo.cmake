# Profile-guided and link-time optimization of the synack executable's engines
# (docs/performance.md, "The build: profile-guided and link-time optimization").
#
# SYNACK_PGO selects one of two passes; scripts/setup.sh runs both:
#   generate  the executable's engines record what they execute: build synack, run
#             scripts/pgo_train.sh, and the profile lands in SYNACK_PGO_DIR;
#   use       they are compiled with that profile and for link-time optimization, and
#             the executable is linked with it.
# Empty (the default, and in a project that adds synack as a subdirectory): neither.
#
# What takes part is a copy of synack_checker's sources compiled for the executable alone
# (an object library; the explicit engine's hot loop is there: the store, the expander,
# System and its cache of machine steps, the monitors, the property programs). Its objects
# come first on the executable's link line, so no member of the synack_checker archive is
# pulled in beside them. The library itself, which the tests link and `cmake --install`
# ships, is compiled as without SYNACK_PGO: nothing instrumented or carrying LTO bytecode
# reaches another target or a user's link. The Boost.MSM machines are compiled once.
set(SYNACK_PGO "" CACHE STRING "Profile-guided optimization pass: empty, generate or use")
set_property(CACHE SYNACK_PGO PROPERTY STRINGS "" generate use)
set(SYNACK_PGO_DIR "${CMAKE_BINARY_DIR}/pgo-profile" CACHE PATH
  "Where the generate pass writes the engines' profile and the use pass reads it")

function(synack_profile_guided engine executable)
  if(SYNACK_PGO STREQUAL "")
    return()
  endif()
  # The profile is of the Release build's code: a Debug or other build of the same tree
  # (`cmake -B build -DCMAKE_BUILD_TYPE=Debug` keeps the cached SYNACK_PGO) would compile
  # its engines at -O0 against it and link a mix. Such a build goes without.
  if(NOT CMAKE_BUILD_TYPE STREQUAL "Release")
    message(WARNING "SYNACK_PGO=${SYNACK_PGO} applies to a Release build; this one is "
      "'${CMAKE_BUILD_TYPE}', so the engines are built without it")
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "SYNACK_PGO=${SYNACK_PGO} needs GCC (this is ${CMAKE_CXX_COMPILER_ID}); "
      "build with SYNACK_PGO=off scripts/setup.sh, or configure with -DSYNACK_PGO=")
  endif()
  if(NOT SYNACK_PGO MATCHES "^(generate|use)$")
    message(FATAL_ERROR "SYNACK_PGO is '${SYNACK_PGO}'; valid: empty, generate or use")
  endif()
  if(SYNACK_PGO STREQUAL "use" AND NOT EXISTS ${SYNACK_PGO_DIR})
    message(FATAL_ERROR "SYNACK_PGO=use: no profile in ${SYNACK_PGO_DIR}; build with "
      "-DSYNACK_PGO=generate and run scripts/pgo_train.sh first (scripts/setup.sh does both)")
  endif()

  # The same sources, includes and definitions as the library (its usage requirements,
  # through the link below, which an object library only takes them from).
  get_target_property(sources ${engine} SOURCES)
  set(copy ${engine}_for_${executable})
  add_library(${copy} OBJECT ${sources})
  get_target_property(unity ${engine} UNITY_BUILD)
  set_target_properties(${copy} PROPERTIES UNITY_BUILD ${unity})
  target_link_libraries(${copy} PRIVATE ${engine})
  target_compile_options(${copy} PRIVATE ${SYNACK_WARNINGS})
  # Each object's profile is named after its path: from the build directory, not from /,
  # which past 255 characters (a build directory of about 170) made the instrumented
  # program fail to write it, and the use pass find none, without an error.
  target_compile_options(${copy} PRIVATE -fprofile-prefix-path=${CMAKE_BINARY_DIR})
  if(SYNACK_PGO STREQUAL "generate")
    # Atomic counters: the training runs the engines on two threads too.
    target_compile_options(${copy} PRIVATE
      -fprofile-generate=${SYNACK_PGO_DIR} -fprofile-update=atomic)
    target_link_options(${executable} PRIVATE -fprofile-generate=${SYNACK_PGO_DIR})
  else()
    # Functions the training never ran are optimized as without a profile
    # (-fprofile-partial-training), not for size. A source edited since the training
    # keeps building, with a warning where a function's control flow no longer matches
    # its profile, until setup.sh trains again.
    target_compile_options(${copy} PRIVATE
      -fprofile-use=${SYNACK_PGO_DIR} -fprofile-partial-training -Wno-missing-profile
      -Wno-error=coverage-mismatch -flto=auto)
    target_link_options(${executable} PRIVATE -flto=auto)
  endif()
  target_sources(${executable} PRIVATE $<TARGET_OBJECTS:${copy}>)
endfunction()
