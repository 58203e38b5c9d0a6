#!/usr/bin/env bash
# Benchmark of the liveness engine beside the safety engine (not a test): the same
# model, once with an invariant (breadth-first search, packed states only) and once with
# a leads-to property (the whole state graph: states, edges, SCCs under fairness). Both
# explore every state here (the properties hold), so the figures compare like with like.
# Each run is made with every thread count in THREADS, interleaved REPEATS times (the
# machine is noisy: a slow moment hits every variant alike); the table shows the median
# wall seconds and, per thread count after the first, the speed-up over the first.
# Usage: scripts/bench_liveness.sh [build-dir]
#   THREADS="1 2"   thread counts (--threads)
#   REPEATS=1       runs of each variant; the median is shown
#   RUNS="a c"      which runs of the list below, by letter (default: all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
threads=${THREADS:-"1 2"}
repeats=${REPEATS:-1}
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

# letter | scenario | safety property | liveness property | parameters
runs=(
  "a|arq/stop-and-wait|in-order-exactly-once|every-message-delivered|arq.messages=4 channel.capacity=3 channel.duplicates=1"
  "b|tcp/congestion|cwnd-at-least-one|fast-recovery-left|channel.capacity=2"
  "c|tcp/congestion|cwnd-at-least-one|fast-recovery-left|channel.capacity=3"
  "d|tcp/congestion|cwnd-at-least-one|fast-recovery-left|channel.capacity=4"
)
selected=${RUNS:-"a b c d"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "%-20s %-52s %-10s %3s %10s %12s %8s %8s %12s %11s %11s\n" scenario parameters engine thr \
  states transitions seconds speed-up "states/s" "store B/st" "peak B/st"
for run in "${runs[@]}"; do
  IFS='|' read -r letter scenario safety liveness cfg <<<"$run"
  [[ " $selected " == *" $letter "* ]] || continue
  sets=()
  for kv in $cfg; do sets+=(--set "$kv"); done
  for prop in "$safety" "$liveness"; do
    : >"$tmp/rows"
    for ((rep = 0; rep < repeats; ++rep)); do
      for t in $threads; do
        /usr/bin/time -f "%M" -o "$tmp/rss" "$build/synack" check "$scenario" --property "$prop" \
          --quiet --threads "$t" "${sets[@]}" --json "$tmp/r.json" >/dev/null || true
        python3 - "$tmp/r.json" "$tmp/rss" "$t" >>"$tmp/rows" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
rss_kb = int(open(sys.argv[2]).read().split()[-1])
print(sys.argv[3], r["kind"], r["states"], r["transitions"], r["seconds"], r["store_bytes"], rss_kb)
PY
      done
    done
    python3 - "$tmp/rows" "$scenario" "$cfg" "$threads" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
order = sys.argv[4].split()
first = None
for t in order:
    mine = [r for r in rows if r[0] == t]
    if not mine or mine[0][1] == "sometimes":
        continue
    kind, states, trans = mine[0][1], int(mine[0][2]), int(mine[0][3])
    if any(int(r[2]) != states or int(r[3]) != trans for r in rows):
        sys.exit(f"{sys.argv[2]}: the thread counts explored different graphs")
    secs = max(statistics.median(float(r[4]) for r in mine), 1e-6)
    store = statistics.median(int(r[5]) for r in mine)
    rss = statistics.median(int(r[6]) for r in mine)
    first = first or secs
    engine = "liveness" if kind in ("eventually", "leads-to", "always-eventually") else "safety"
    print(f'{sys.argv[2]:<20} {sys.argv[3]:<52} {engine:<10} {t:>3} {states:>10} {trans:>12} '
          f'{secs:>8.2f} {first / secs:>7.2f}x {states / secs:>12,.0f} {store / states:>11.1f} '
          f'{rss * 1024 / states:>11.1f}')
PY
  done
done
