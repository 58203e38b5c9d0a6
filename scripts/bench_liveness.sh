#!/usr/bin/env bash
# Benchmark of the liveness engine beside the safety engine (not a test): the same
# model, once with an invariant (breadth-first search, packed states only) and once with
# a leads-to property (the whole state graph: states, edges, SCCs under fairness). Both
# explore every state here (the properties hold), so the figures compare like with like.
# Usage: scripts/bench_liveness.sh [build-dir]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

# scenario | safety property | liveness property | parameters
runs=(
  "arq/stop-and-wait|in-order-exactly-once|every-message-delivered|arq.messages=4 channel.capacity=3 channel.duplicates=1"
  "tcp/congestion|cwnd-at-least-one|fast-recovery-left|channel.capacity=2"
  "tcp/congestion|cwnd-at-least-one|fast-recovery-left|channel.capacity=3"
  "tcp/congestion|cwnd-at-least-one|fast-recovery-left|channel.capacity=4"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "%-20s %-52s %-10s %10s %12s %8s %12s %11s %11s\n" scenario parameters engine states \
  transitions seconds "states/s" "store B/st" "peak B/st"
for run in "${runs[@]}"; do
  IFS='|' read -r scenario safety liveness cfg <<<"$run"
  sets=()
  for kv in $cfg; do sets+=(--set "$kv"); done
  for prop in "$safety" "$liveness"; do
    /usr/bin/time -f "%M" -o "$tmp/rss" "$build/synack" check "$scenario" --property "$prop" \
      --quiet "${sets[@]}" --json "$tmp/r.json" >/dev/null || true
    python3 - "$tmp/r.json" "$tmp/rss" "$scenario" "$cfg" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
if r["kind"] == "sometimes":
    sys.exit(0)
rss_kb = int(open(sys.argv[2]).read().split()[-1])
states, secs = r["states"], max(r["seconds"], 1e-6)
engine = "liveness" if r["kind"] in ("eventually", "leads-to", "always-eventually") else "safety"
print(f'{sys.argv[3]:<20} {sys.argv[4]:<52} {engine:<10} {states:>10} {r["transitions"]:>12} '
      f'{secs:>8.2f} {states / secs:>12,.0f} {r["store_bytes"] / states:>11.1f} '
      f'{rss_kb * 1024 / states:>11.1f}')
PY
  done
done
