#!/usr/bin/env bash
# Installs the build tree into a prefix of the caller's own (NAME), once per test run:
# prints the prefix. Usage: install_prefix.sh BUILD_DIR WORK_DIR NAME
# Not one prefix shared by every test: an install re-copies each header whose installed
# copy the rewrite below changed, and rewrites it again, so a test compiling against a
# shared prefix while another installed there read a header between the two (a CI run
# of 5 December failed so, with "checker/errors.hpp: No such file or directory").
set -euo pipefail
build=$1 work=$2 name=$3
mkdir -p "$work"
prefix="$work/prefix-$name"
# One install at a time. Every time: cmake --install copies only what changed, and a
# header no library compiles (include/synack/machine.hpp) would not show in any timestamp.
exec 9>"$work/install.lock"
flock 9
cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log" >&2; exit 1; }
echo "$prefix"
