#!/usr/bin/env bash
# Builds one of examples/ as a user would, against `cmake --install` of this tree (only
# find_package(synack) in its CMakeLists), then runs the commands given after `--`, each
# a line of shell run in the example's build directory with $TOOL set to its binary.
# Usage: build_example.sh SOURCE_DIR BUILD_DIR WORK_DIR EXAMPLE TOOL -- 'CMD' ...
set -euo pipefail
source_dir=$1 build=$2 work=$3 example=$4 tool=$5
shift 5
[ "${1:-}" = "--" ] && shift
prefix=$("$source_dir/tests/out_of_tree/install_prefix.sh" "$build" "$work" "$example")
out="$work/$example"
log="$work/$example.log"
{ cmake -S "$source_dir/examples/$example" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" && cmake --build "$out" -j 2; } >"$log" 2>&1 ||
  { cat "$log"; exit 1; }
# The commands may also use the install (PREFIX) and this tree's scripts (SOURCE_DIR).
export TOOL="$out/$tool" PREFIX="$prefix" SOURCE_DIR="$source_dir"
cd "$out"
for cmd in "$@"; do
  echo "+ $cmd"
  # Without pipefail: a check that finds a violation exits 1 by design, and the grep
  # after it asserts the output (which a failing tool would not have printed).
  bash -c "$cmd"
done
