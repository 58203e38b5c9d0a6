#!/usr/bin/env bash
# A run killed (SIGKILL: no chance to clean up) at a random moment and resumed from its
# last checkpoint ends with exactly the JSON of a run never stopped, but for timings.
# Several kill points, on a scenario with a violation found early and invariants that
# hold (tcp/time-wait, smaller capacity) and on the default handshake.
# Usage: tests/checkpoint_resume.sh SYNACK [ROUNDS]
set -euo pipefail
synack=$1
here=$(dirname "$0")
rounds=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

same_json() { python3 "$here/same_json.py" "$1" "$2"; }

check() {
  local name=$1
  shift
  local rc=0
  "$synack" check "$@" --quiet --json "$tmp/$name.full.json" >/dev/null || rc=$?
  [ "$rc" -le 1 ] || { echo "$name: the uninterrupted run exited $rc" >&2; exit 1; }
  for ((r = 0; r < rounds; r++)); do
    rm -rf "$tmp/cp"
    "$synack" check "$@" --quiet --checkpoint "$tmp/cp" --checkpoint-every 0 >/dev/null 2>&1 &
    local pid=$!
    # Kill once a first checkpoint exists, at a random moment after it.
    while [ ! -e "$tmp/cp/checkpoint.synack" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
    sleep "0.$((RANDOM % 10))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rc=0
    "$synack" check "$@" --quiet --resume "$tmp/cp" --json "$tmp/$name.resumed.json" >/dev/null ||
      rc=$?
    [ "$rc" -le 1 ] || { echo "$name: the resumed run exited $rc" >&2; exit 1; }
    same_json "$tmp/$name.full.json" "$tmp/$name.resumed.json" ||
      { echo "$name: resumed run differs from the uninterrupted one" >&2; exit 1; }
  done
  echo "$name: $rounds kills and resumes, identical results"
}

check handshake tcp/three-way-handshake --threads 2
check two-way tcp/two-way-handshake --set channel.capacity=3
