#!/usr/bin/env bash
# tests/unity_names.py on made-up batches (tests/data/unity): it names every file-local
# name two sources define, the macro left defined and the using-directive, and nothing else;
# a batch without them passes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Outside tests/: the leaks are refused in library sources only.
mkdir -p "$work/src" "$work/build/CMakeFiles/fake.dir/Unity"
cp "$here/data/unity/"*.cpp "$work/src/"
batch=$work/build/CMakeFiles/fake.dir/Unity/unity_0_cxx.cxx
first=$work/src/first.cpp
second=$work/src/second.cpp
printf '#include "%s"\n' "$first" "$second" > "$batch"
if out=$(python3 "$here/unity_names.py" "$work/build"); then
  echo "FAIL: the batch with clashes passed"
  exit 1
fi
expected="fake: $first:3: macro SYNACK_FIXTURE_KEPT left defined
fake: $second: using namespace std
fake: 'Differs' is defined file-locally in $first, $second
fake: 'Shared' is defined file-locally in $first, $second
fake: 'attributed' is defined file-locally in $first, $second
fake: 'c_side' is defined file-locally in $first, $second
fake: 'counted' is defined file-locally in $first, $second
fake: 'helper' is defined file-locally in $first, $second
fake: 'kLimit' is defined file-locally in $first, $second
fake: 'kTwo' is defined file-locally in $first, $second
fake: 'shared_helper' is defined file-locally in $first, $second
fake: 'versioned' is defined file-locally in $first, $second
unity_names.py: 12 things a unity batch would share; rename or move them"
if [ "$out" != "$expected" ]; then
  echo "FAIL: expected"
  echo "$expected"
  echo "got"
  echo "$out"
  exit 1
fi
printf '#include "%s"\n' "$work/src/clean.cpp" > "$batch"
python3 "$here/unity_names.py" "$work/build" | grep -qx "unity_names.py: 1 sources in 1 targets, no shared file-local names"
echo "unity_names.py names every clash and leak"
