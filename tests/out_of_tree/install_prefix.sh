#!/usr/bin/env bash
# Installs the build tree into a fresh prefix, once per test run (the examples and the
# tutorial share it): prints the prefix. Usage: install_prefix.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
mkdir -p "$work"
prefix="$work/prefix"
# One install at a time. Every time: cmake --install copies only what changed, and a
# header no library compiles (include/synack/machine.hpp) would not show in any timestamp.
exec 9>"$work/install.lock"
flock 9
cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log" >&2; exit 1; }
echo "$prefix"
