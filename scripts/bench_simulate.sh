#!/usr/bin/env bash
# Benchmark of `synack simulate` (not a test): random-walk steps per second on a few
# bundled scenarios, with a fixed seed (the same walks every time), median of REPEATS runs.
#
# Usage: scripts/bench_simulate.sh [-r REPEATS] [BUILD-DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repeats=3
while getopts "r:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
build=${1:-build}
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# scenario, runs, steps per run
cases=(
  "tcp/three-way-handshake 20000 50"
  "tcp/time-wait 5000 200"
  "tls13/handshake 5000 100"
)
printf "%-26s %8s %8s %12s %9s %12s\n" scenario runs steps "steps taken" seconds "steps/s"
for c in "${cases[@]}"; do
  read -r scenario runs steps <<<"$c"
  times=()
  for ((r = 0; r < repeats; r++)); do
    start=$(date +%s.%N)
    rc=0
    "$build/synack" simulate "$scenario" --seed 1 --runs "$runs" --steps "$steps" --quiet \
      --json "$tmp/s.json" >/dev/null || rc=$?
    [ "$rc" -le 1 ] || { echo "$scenario: exit $rc" >&2; exit 1; }
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  python3 - "$tmp/s.json" "$scenario" "${times[@]}" <<'PY'
import json, statistics, sys
j = json.load(open(sys.argv[1]))
secs = statistics.median(float(t) for t in sys.argv[3:])
print(f"{sys.argv[2]:<26} {j['runs']:>8} {j['steps_per_run']:>8} {j['steps_taken']:>12} "
      f"{secs:>9.2f} {j['steps_taken'] / secs:>12,.0f}")
PY
done
