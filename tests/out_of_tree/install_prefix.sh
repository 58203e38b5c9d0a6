#!/usr/bin/env bash
# Installs the build tree into a fresh prefix, once per test run (the examples and the
# tutorial share it): prints the prefix. Usage: install_prefix.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
mkdir -p "$work"
prefix="$work/prefix"
# One install at a time, whichever test gets here first.
exec 9>"$work/install.lock"
flock 9
if [ ! -f "$prefix/.complete" ] || [ "$build/build.ninja" -nt "$prefix/.complete" ] ||
   [ -n "$(find "$build" -maxdepth 1 -name 'libsynack_*.a' -newer "$prefix/.complete")" ]; then
  rm -rf "$prefix"
  cmake --install "$build" --prefix "$prefix" >/dev/null
  touch "$prefix/.complete"
fi
echo "$prefix"
