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
python3 - "$tmp/1.json" "$tmp/2.json" <<'PY'
import json, sys
def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "seconds"}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node
one, two = (strip(json.load(open(p))) for p in sys.argv[1:])
if one != two:
    for a, b in zip(one["results"], two["results"]):
        if a != b:
            print(f"differs: {a['scenario']} {a['property']}", file=sys.stderr)
    sys.exit(1)
print(f"{len(one['results'])} results identical with 1 and 2 threads")
PY
