#!/usr/bin/env bash
# States and time with and without symmetry reduction (check --symmetry) on two-phase
# commit (examples/two-phase-commit, built in-tree as build/tests/two-phase-commit) as the
# participants grow, interleaved, one thread each. A benchmark, not a test: it prints
# figures. Usage: scripts/bench_symmetry.sh [MAX_RMS] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=${TOOL:-build/tests/two-phase-commit}
MAX=${1:-5}
[ -x "$TOOL" ] || { echo "build first: cmake --build build --target two-phase-commit" >&2; exit 2; }

# scenario property rms extra-args... -> "verdict states transitions depth cpu-seconds"
# (user + system CPU time of the process: the machine is shared, wall-clock is noise).
run() {
  local scenario=$1 property=$2 rms=$3
  shift 3
  local out cpu
  out=$(mktemp)
  cpu=$( { TIMEFORMAT='%3U %3S'; time "$TOOL" check "$scenario" --property "$property" \
    --set rm.count="$rms" --threads 1 --quiet "$@" >"$out"; } 2>&1 | awk '{ print $1 + $2 }')
  awk -v p="$property" -v cpu="$cpu" '$2 == p { print $4, $5, $6, $7, cpu }' "$out"
  rm -f "$out"
}

printf '%-22s %-12s %3s  %10s %10s %8s  %10s %10s %8s  %7s %7s\n' scenario property rms \
  states trans 'cpu s' 'sym states' 'sym trans' 'cpu s' 'states/' 'time/'
for scenario in 2pc/commit 2pc/commit-early; do
  property=consistent
  for rms in $(seq 3 "$MAX"); do
    read -r v1 s1 t1 d1 sec1 <<<"$(run "$scenario" $property "$rms")"
    read -r v2 s2 t2 d2 sec2 <<<"$(run "$scenario" $property "$rms" --symmetry)"
    [ "$v1" = "$v2" ] && [ "$d1" = "$d2" ] || { echo "MISMATCH: $v1/$d1 vs $v2/$d2" >&2; exit 1; }
    printf '%-22s %-12s %3s  %10s %10s %8s  %10s %10s %8s  %7.1fx %6.1fx  %s, depth %s\n' \
      "$scenario" $property "$rms" "$s1" "$t1" "$sec1" "$s2" "$t2" "$sec2" \
      "$(echo "$s1 / $s2" | bc -l)" "$(echo "$sec1 / ($sec2 + 0.0001)" | bc -l)" "$v1" "$d1"
  done
done
echo
echo "TwoPhase.tla transcribed (one machine; no actor array, so no --symmetry):"
for rms in 3 5; do
  read -r v s t d sec <<<"$(run 2pc/twophase-tla TCConsistent "$rms")"
  printf '  rm.count=%s: %s states, %s transitions, %s s CPU (%s)\n' "$rms" "$s" "$t" "$sec" "$v"
done
