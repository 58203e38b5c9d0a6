#!/usr/bin/env bash
# Installs whatever Debian 12 packages synack needs and are missing (plus any named as
# arguments), then configures and builds into build/. Run by scripts/main.sh and
# scripts/test.sh; safe to rerun.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# libopenmpi-dev and openmpi-bin: check --distributed (mpirun); libcpp-httplib-dev: the
# explorer's web server (synack explore). The build works without either.
packages=(g++ cmake ninja-build pkg-config libboost1.81-dev libz3-dev catch2 libgraphviz-dev
          graphviz libcli11-dev libfmt-dev nlohmann-json3-dev libopenmpi-dev openmpi-bin
          libcpp-httplib-dev "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "synack setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Two passes (cmake/Pgo.cmake): synack with its engines instrumented, a training run
# (scripts/pgo_train.sh), then everything, the executable's engines optimized for that
# profile and linked with link-time optimization: about 10% less CPU per state on the
# explicit engine (docs/performance.md, "The build: profile-guided and link-time
# optimization"). SYNACK_PGO=off builds in one pass without it. A rerun trains again only
# when the engines' sources, the build files, the training or the compiler changed.
case "${SYNACK_PGO:-on}" in
  on | ON | 1 | yes) pgo=on ;;
  off | OFF | 0 | no) pgo=off ;;
  *) echo "synack setup: SYNACK_PGO is '$SYNACK_PGO'; valid: on (the default) or off" >&2; exit 2 ;;
esac
profile="$PWD/build/pgo-profile"
stamp=$profile/.trained
mkdir -p build
# One setup at a time in this tree: two would delete each other's training and stamp a
# partial profile as trained.
exec 9>build/.setup.lock
flock 9
configure() { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null; }
# A first configure without the option says which compiler CMake builds with ($CXX when
# build/ was first configured, else c++): the profile-guided build needs GCC.
configure -DSYNACK_PGO=
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' build/CMakeCache.txt)
compiler_id=$(sed -n 's/^set(CMAKE_CXX_COMPILER_ID "\(.*\)")$/\1/p' \
  build/CMakeFiles/*/CMakeCXXCompiler.cmake | head -n 1)
if [ "$pgo" = on ] && [ "$compiler_id" != GNU ]; then
  echo "synack setup: $compiler is ${compiler_id:-an unknown compiler}, and the profile-guided build needs GCC; building without it"
  pgo=off
fi
# What the profile was trained on: the compiler and everything the engines' build reads.
trained_on() {
  { "$compiler" -dumpfullversion
    find checker include cmake CMakeLists.txt scripts/pgo_train.sh scripts/setup.sh -type f \
      -print0 | sort -z | xargs -0 sha256sum; } | sha256sum
}
# Every object of the instrumented copy wrote its profile (a write that fails is only a
# message from the program, which exits 0 all the same).
profiles_complete() {
  local objects written
  objects=$(find build/CMakeFiles/synack_checker_for_synack_exe.dir -name '*.o' | wc -l)
  written=$(find "$profile" -name '*.gcda' | wc -l)
  if [ "$objects" -eq 0 ] || [ "$written" -ne "$objects" ]; then
    echo "synack setup: the training wrote $written profiles for $objects objects" >&2
    return 1
  fi
}
if [ "$pgo" = off ]; then
  :  # configured without it above
elif [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(trained_on)" ]; then
  configure -DSYNACK_PGO=use -DSYNACK_PGO_DIR="$profile"
else
  # Taken before the first pass: a source edited during the build or the training is not
  # recorded as trained on.
  trained=$(trained_on)
  # build/ is never left instrumented (every test would write a profile): if this stops
  # between the passes, for whatever reason, the instrumented synack is removed and build/
  # configured without the option again. (A SIGKILL skips this: rerun setup.sh.)
  trap 'rm -f build/synack; configure -DSYNACK_PGO=' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # The copy's objects are all compiled again for the new flags; an object of a source
  # since renamed or removed would stay and be counted by profiles_complete for good.
  rm -rf build/CMakeFiles/synack_checker_for_synack_exe.dir
  configure -DSYNACK_PGO=generate -DSYNACK_PGO_DIR="$profile"
  cmake --build build -j "$(nproc)" --target synack_exe
  rm -rf "$profile"  # counts from an earlier training would add up with these
  echo "synack setup: training the profile-guided build (scripts/pgo_train.sh)"
  # The training runs one synack at a time (25 to 80 s on two cores: 78 s in a fresh-clone
  # CI run). Meanwhile what takes no profile (the tests, the examples: the same objects in
  # both passes; synack itself is up to date and no build step runs it) is built beside it,
  # with a job for every core: the training shares them while it runs, and no core waits on
  # the other once it is done. That build's output is held back until then; whatever
  # failed there is built again, and fails again, below. Its ninja is the one CMake
  # configured, called directly: killed, ninja stops the compilers it started.
  side=$(nproc)
  if ((side > 1)); then
    ninja=$(sed -n 's/^CMAKE_MAKE_PROGRAM:[A-Z]*=//p' build/CMakeCache.txt)
    "${ninja:-ninja}" -C build -j "$side" >build/setup-side.log 2>&1 &
    side_pid=$!
    trap 'kill "$side_pid" 2>/dev/null || true; wait "$side_pid" || true
          rm -f build/synack; configure -DSYNACK_PGO=' EXIT
  fi
  training_ok=no
  if bash scripts/pgo_train.sh build && profiles_complete; then training_ok=yes; fi
  if ((side > 1)); then
    side_rc=0
    wait "$side_pid" || side_rc=$?
    cat build/setup-side.log
    rm -f build/setup-side.log
    ((side_rc == 0)) ||
      echo "synack setup: the build beside the training stopped (exit $side_rc, above); the build below builds what it left"
    trap 'rm -f build/synack; configure -DSYNACK_PGO=' EXIT
  fi
  if [ "$training_ok" = yes ]; then
    echo "$trained" >"$stamp"
    configure -DSYNACK_PGO=use -DSYNACK_PGO_DIR="$profile"
  else
    # The build goes on, so that the main job or the suite reports what is wrong.
    echo "synack setup: the training failed (above); building without profile-guided optimization" >&2
    rm -rf "$profile"
    configure -DSYNACK_PGO=
  fi
  rm -f build/synack  # the instrumented one: the build below links the final one
  trap - EXIT INT TERM
fi
cmake --build build -j "$(nproc)"
