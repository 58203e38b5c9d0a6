#!/usr/bin/env bash
# Every bundled scenario checked with one thread and with two gives the same JSON report
# but for the time taken: verdicts, counts, depths, traces, store sizes.
# Usage: tests/threads_same_json.sh SYNACK
set -euo pipefail
synack=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in 1 2; do
  rc=0
  "$synack" check --all --quiet --threads "$t" --json "$tmp/$t.json" >/dev/null || rc=$?
  # 1: some bundled properties are expected to be violated; anything else is a failure.
  [ "$rc" -le 1 ] || { echo "--threads $t: exit $rc" >&2; exit 1; }
done
python3 "$(dirname "$0")/same_json.py" "$tmp/1.json" "$tmp/2.json"
echo "results identical with 1 and 2 threads"
