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
# (scripts/pgo_train.sh), then everything with the engines optimized for that profile and
# linked with link-time optimization: about 10% less CPU per state on the explicit
# engine (docs/performance.md). SYNACK_PGO=off builds in one pass without either.
if [ "${SYNACK_PGO:-on}" = off ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNACK_PGO= >/dev/null
else
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNACK_PGO=generate >/dev/null
  cmake --build build -j "$(nproc)" --target synack_exe
  rm -rf build/pgo-profile  # counts from an earlier training would add up with these
  echo "synack setup: training the profile-guided build (scripts/pgo_train.sh)"
  bash scripts/pgo_train.sh build
  cmake -S . -B build -DSYNACK_PGO=use >/dev/null
fi
cmake --build build -j "$(nproc)"
