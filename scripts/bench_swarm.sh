#!/usr/bin/env bash
# Benchmark of `check --swarm` (not a test): time to the first violation, time to the
# reported (shortened) trace, its length, peak memory and states, for the exhaustive
# breadth-first engine and for swarms of several sizes and member budgets, on a scenario
# whose bug is deep in a large state space. Fixed seeds: the same searches every time.
#
# The case: RFC 5681 congestion control (tcp/congestion) with six segments in flight each
# way, a receiver window of six and one duplication per direction; the property says the
# sender never is in fast recovery once its seventh segment is acknowledged, which it is
# 30 steps in. Breadth-first search stores every state up to that depth first.
#
# Usage: scripts/bench_swarm.sh [-t THREADS] [BUILD-DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads=2
while getopts "t:" opt; do
  case $opt in
    t) threads=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
build=${1:-build}
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

scenario=tcp/congestion
sets=(--set channel.capacity=6 --set tcp.window=6 --set channel.duplicates=1)
property='!(sender.snd_una >= 7 && sender.state == FAST_RECOVERY)'

# label, then the options that make the run
runs=(
  "explicit|"
  "explicit 256 MB|--max-memory 256"
  "swarm 8|--swarm 8 --seed 1"
  "swarm 8, 100K each|--swarm 8 --seed 1 --max-states 100000"
  "swarm 32, 20K each|--swarm 32 --seed 1 --max-states 20000"
  "swarm 2, 100K each|--swarm 2 --seed 1 --max-states 100000"
)
echo "$scenario ${sets[*]}"
echo "  --always '$property'  ($threads threads)"
printf "%-20s %-30s %6s %11s %9s %8s %12s\n" run verdict steps "first (s)" "total (s)" "RSS MB" \
  states
for r in "${runs[@]}"; do
  label=${r%%|*}
  read -r -a extra <<<"${r#*|}"
  rc=0
  /usr/bin/time -f "%M" -o "$tmp/rss" "$build/synack" check "$scenario" "${sets[@]}" \
    --always "$property" --threads "$threads" --quiet --json "$tmp/r.json" "${extra[@]}" \
    >/dev/null || rc=$?
  [ "$rc" -le 3 ] || { echo "$label: exit $rc" >&2; exit 1; }
  python3 - "$tmp/r.json" "$tmp/rss" "$label" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
r = j["results"][0]
rss = int(open(sys.argv[2]).read().split()[-1]) / 1024
verdict = r["verdict"] + (f" ({r['limit']})" if "limit" in r else "")
steps = len(r["trace"]) or "-"
swarm = j.get("swarm")
if swarm:
    first = swarm[0]["first_finding_seconds"]
    first = f"{first:.3f}" if first is not None else "-"
    total, states = swarm[0]["seconds"], swarm[0]["union_states"]
else:
    first = f"{r['seconds']:.3f}" if r["verdict"] == "violated" else "-"
    total, states = r["seconds"], r["states"]
print(f"{sys.argv[3]:<20} {verdict:<30} {steps:>6} {first:>11} {total:>9.2f} {rss:>8.0f} "
      f"{states:>12,}")
PY
done
