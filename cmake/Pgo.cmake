# Profile-guided and link-time optimization of the engines (docs/performance.md,
# "The build: profile-guided and link-time optimization").
#
# SYNACK_PGO selects one of two passes; scripts/setup.sh runs both:
#   generate  the engines record what they execute: build synack, run
#             scripts/pgo_train.sh, and the profile lands in SYNACK_PGO_DIR;
#   use       the engines are compiled with that profile and with -flto, and the synack
#             executable is linked with link-time optimization over them.
# Empty (the default, and in a project that adds synack as a subdirectory): neither.
#
# Only synack_checker takes part: the explicit engine's hot loop is there (the store, the
# expander, System and its cache of machine steps, the monitors, the property programs).
# The Boost.MSM machines are compiled once either way, which keeps the second pass short.
set(SYNACK_PGO "" CACHE STRING "Profile-guided optimization pass: empty, generate or use")
set_property(CACHE SYNACK_PGO PROPERTY STRINGS "" generate use)
set(SYNACK_PGO_DIR "${CMAKE_BINARY_DIR}/pgo-profile" CACHE PATH
  "Where the generate pass writes the engines' profile and the use pass reads it")

function(synack_profile_guided engine executable)
  if(SYNACK_PGO STREQUAL "")
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "SYNACK_PGO=${SYNACK_PGO} needs GCC (this is ${CMAKE_CXX_COMPILER_ID}); "
      "configure with -DSYNACK_PGO= for a build without it")
  endif()
  if(SYNACK_PGO STREQUAL "generate")
    # Atomic counters: the training runs the engines on two threads too.
    target_compile_options(${engine} PRIVATE
      -fprofile-generate=${SYNACK_PGO_DIR} -fprofile-update=atomic)
    target_link_options(${engine} INTERFACE -fprofile-generate=${SYNACK_PGO_DIR})
  elseif(SYNACK_PGO STREQUAL "use")
    if(NOT EXISTS ${SYNACK_PGO_DIR})
      message(FATAL_ERROR "SYNACK_PGO=use: no profile in ${SYNACK_PGO_DIR}; "
        "build with -DSYNACK_PGO=generate and run scripts/pgo_train.sh first (scripts/setup.sh does both)")
    endif()
    # Functions the training never ran are optimized as without a profile
    # (-fprofile-partial-training), not for size. A source edited since the training
    # keeps building, with a warning that its profile is out of date, until setup.sh
    # trains again. Fat objects: the tests link the same objects without -flto.
    target_compile_options(${engine} PRIVATE
      -fprofile-use=${SYNACK_PGO_DIR} -fprofile-partial-training -Wno-missing-profile
      -Wno-error=coverage-mismatch -flto=auto -ffat-lto-objects)
    target_link_options(${executable} PRIVATE -flto=auto)
  else()
    message(FATAL_ERROR "SYNACK_PGO is '${SYNACK_PGO}'; valid: empty, generate or use")
  endif()
endfunction()
