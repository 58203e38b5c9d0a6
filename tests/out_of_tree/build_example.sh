#!/usr/bin/env bash
# Builds one of examples/ as a user would, against `cmake --install` of this tree (only
# find_package(synack) in its CMakeLists), then runs the commands given after `--`, each
# a line of shell run in the example's build directory with $TOOL set to its binary.
# Usage: build_example.sh SOURCE_DIR BUILD_DIR WORK_DIR EXAMPLE TOOL -- 'CMD' ...
set -euo pipefail
source_dir=$1 build=$2 work=$3 example=$4 tool=$5
shift 5
[ "${1:-}" = "--" ] && shift
prefix=$("$source_dir/tests/out_of_tree/install_prefix.sh" "$build" "$work")
out="$work/$example"
cmake -S "$source_dir/examples/$example" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$out" -j 2 >/dev/null
export TOOL="$out/$tool"
cd "$out"
for cmd in "$@"; do
  echo "+ $cmd"
  bash -c "$cmd"
done
