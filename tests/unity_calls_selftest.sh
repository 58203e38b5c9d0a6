#!/usr/bin/env bash
# tests/unity_calls.py on made-up builds (tests/data/unity_calls): a batch where a call takes
# an overload that only a batch-mate's header declares (a function, a function template) is
# named and fails; a batch whose calls are the sources' own passes; a path that is not a
# build is one line and exit 2.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=$here/data/unity_calls
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compile() {  # BUILD TARGET OBJECT SOURCE
  mkdir -p "$work/$1/CMakeFiles/$2.dir/$(dirname "$3")"
  c++ -std=c++20 -O2 -I"$data" -c "$4" -o "$work/$1/CMakeFiles/$2.dir/$3"
}
for s in first second third fourth fifth sixth; do
  for target in clash clash_template clean; do
    compile alone "$target" "$s.cpp.o" "$data/$s.cpp"
  done
done
batch() {  # TARGET SOURCE...: CMake's batch file and its object
  local target=$1 unity=$work/batched/CMakeFiles/$1.dir/Unity/unity_0_cxx.cxx
  shift
  mkdir -p "$(dirname "$unity")"
  printf '#include "%s"\n' "$@" >"$unity"
  compile batched "$target" Unity/unity_0_cxx.cxx.o "$unity"
}
# second.cpp after first.cpp, which includes widths.hpp: scale(7) takes scale(int).
batch clash "$data/first.cpp" "$data/second.cpp"
# sixth.cpp after fifth.cpp, which includes halves.hpp: halve(9) takes the template's.
batch clash_template "$data/fifth.cpp" "$data/sixth.cpp"
batch clean "$data/first.cpp" "$data/third.cpp"
rc=0
out=$(python3 "$here/unity_calls.py" "$work/alone" "$work/batched") || rc=$?
expected="clash: 1 batches of 2 sources: 1 other overloads, 0 calls left out of line
  OTHER OVERLOAD: fixture::scale(int)
clash_template: 1 batches of 2 sources: 1 other overloads, 0 calls left out of line
  OTHER OVERLOAD: long fixture::halve<int>(int)
clean: 1 batches of 2 sources: 0 other overloads, 0 calls left out of line"
if [ "$rc" != 1 ] || [ "$out" != "$expected" ]; then
  printf 'FAIL: exit %s, printed:\n%s\nexpected exit 1 and:\n%s\n' "$rc" "$out" "$expected"
  exit 1
fi
# Not a build directory: one line, exit 2.
rc=0
err=$(python3 "$here/unity_calls.py" "$work/nowhere" "$work/batched" 2>&1) || rc=$?
if [ "$rc" != 2 ] || [ "$err" != "unity_calls.py: $work/nowhere is not a CMake build directory" ]; then
  printf 'FAIL: a missing build: exit %s, printed:\n%s\n' "$rc" "$err"
  exit 1
fi
echo "unity_calls.py names the overload a batch chose"
