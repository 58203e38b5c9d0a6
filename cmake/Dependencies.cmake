# Every dependency comes from a Debian 12 package. When one is missing, configuration
# stops with a message naming the package to install, instead of a compiler error later.
include_guard(GLOBAL)
find_package(PkgConfig QUIET)

function(synack_missing what package)
  message(FATAL_ERROR
    "synack: ${what} not found. Install the Debian package: apt-get install ${package}"
    " (or run scripts/setup.sh, which installs every missing dependency).")
endfunction()

# Boost 1.81 exactly: 1.74's Boost.MSM does not compile as C++20 with g++ 12.
find_package(Boost 1.81 CONFIG QUIET)
if(NOT Boost_FOUND)
  synack_missing("Boost 1.81 headers (Boost.MSM, mp11, describe)" "libboost1.81-dev")
endif()

find_package(fmt CONFIG QUIET)
if(NOT fmt_FOUND)
  synack_missing("{fmt}" "libfmt-dev")
endif()

find_package(nlohmann_json CONFIG QUIET)
if(NOT nlohmann_json_FOUND)
  synack_missing("nlohmann JSON" "nlohmann-json3-dev")
endif()

find_package(CLI11 CONFIG QUIET)
if(NOT CLI11_FOUND)
  synack_missing("CLI11" "libcli11-dev")
endif()

if(SYNACK_NEED_CATCH2)
  find_package(Catch2 2 CONFIG QUIET)
  if(NOT Catch2_FOUND)
    synack_missing("Catch2 2.x" "catch2")
  endif()
endif()

if(NOT PKG_CONFIG_FOUND)
  synack_missing("pkg-config" "pkg-config")
endif()
pkg_check_modules(Z3 QUIET IMPORTED_TARGET z3)
if(NOT Z3_FOUND)
  synack_missing("Z3" "libz3-dev")
endif()
pkg_check_modules(GVC QUIET IMPORTED_TARGET libgvc libcgraph)
if(NOT GVC_FOUND)
  synack_missing("Graphviz libraries (gvc, cgraph)" "libgraphviz-dev")
endif()
