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
# optimization"). SYNACK_PGO=off builds in one pass without it. A rerun
# trains again only when an engine source is newer than the last training.
case "${SYNACK_PGO:-on}" in
  on | ON | 1 | yes) pgo=on ;;
  off | OFF | 0 | no) pgo=off ;;
  *) echo "synack setup: SYNACK_PGO is '$SYNACK_PGO'; valid: on (the default) or off" >&2; exit 2 ;;
esac
profile=build/pgo-profile
stamp=$profile/.trained
if [ "$pgo" = off ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNACK_PGO= >/dev/null
elif [ -f "$stamp" ] && grep -qx 'SYNACK_PGO:STRING=use' build/CMakeCache.txt 2>/dev/null &&
  [ -z "$(find checker include cmake CMakeLists.txt scripts/pgo_train.sh -newer "$stamp" -print -quit)" ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNACK_PGO=use >/dev/null
else
  # A build directory left instrumented would write profiles from every test and put
  # -fprofile-generate in what `cmake --install` exports: on any failure, configure it
  # without profile-guided optimization again before stopping.
  trap 'cmake -S . -B build -DSYNACK_PGO= >/dev/null
        echo "synack setup: the profile-guided build failed; build/ is configured without it" >&2' ERR
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNACK_PGO=generate \
    -DSYNACK_PGO_DIR="$PWD/$profile" >/dev/null
  cmake --build build -j "$(nproc)" --target synack_exe
  rm -rf "$profile"  # counts from an earlier training would add up with these
  echo "synack setup: training the profile-guided build (scripts/pgo_train.sh)"
  bash scripts/pgo_train.sh build
  touch "$stamp"
  cmake -S . -B build -DSYNACK_PGO=use >/dev/null
  trap - ERR
fi
cmake --build build -j "$(nproc)"
