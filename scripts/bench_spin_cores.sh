#!/usr/bin/env bash
# Every core, synack against SPIN on the same model (a benchmark, not a test): what a
# second core gives each tool on this machine. tcp/congestion and its Promela twin
# scripts/spin/tcp_congestion.pml (the same states and transitions), run as:
#   synack    --threads 1 and --threads 2 (the explicit engine, plain store);
#   spin      pan -DSAFETY -DNOREDUCE: SPIN's one-core depth-first search, the reference;
#   spin-bfs  pan -DBFS_PAR -DNO_HC -u1 and -u2: SPIN's parallel breadth-first search,
#             exact (without -DNO_HC, BFS_PAR stores 4-byte hash compactions of the
#             states, HC4: a collision loses a state without a word, so it is left out);
#   spin-dfs  pan -DNCORE=2: SPIN's multi-core depth-first search (work handed off
#             between cores through shared queues).
# Each sweep runs every configuration once per capacity, one after another; the table
# gives the median wall time (the parallel modes' CPU is spread over processes), states
# per wall second, and each configuration's speed over the same tool's one core. It fails
# (exit 1) if any configuration counts other states or transitions than synack.
#
# SPIN refuses to build its parallel modes for a model with `hidden` variables: a hidden
# global is not part of the state vector, so another core restoring a state would not
# restore it. The twin's hidden variables are scratch that every d_step writes before it
# reads, so nothing needs restoring; the script removes the two #error lines and the
# count check above proves the state graph unchanged.
#
# Usage: scripts/bench_spin_cores.sh [build-dir]
#   CAPS="3 4"    channel capacities, 1 .. 5 (3: 1.3 M states; 4: 8.9 M, about 3 minutes a
#                 sweep in all)
#   REPEATS=3     sweeps; medians
#   WINDOW=4      tcp.window
# Needs spin, gcc, /usr/bin/time (package time) and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build=${1:-build}
caps=${CAPS:-"3 4"}
repeats=${REPEATS:-3}
window=${WINDOW:-4}
[[ "$repeats" =~ ^[1-9][0-9]?$ ]] || { echo "REPEATS is '$repeats'; valid: 1 to 99" >&2; exit 2; }
for cap in $caps; do
  [[ "$cap" =~ ^[1-5]$ ]] || { echo "CAPS has '$cap'; valid: 1 to 5" >&2; exit 2; }
done
[[ "$window" =~ ^[4-6]$ ]] || { echo "WINDOW is '$window'; valid: 4 to 6" >&2; exit 2; }
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
for tool in spin gcc python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
(($(nproc) >= 2)) || { echo "one core: nothing to compare" >&2; exit 2; }
# shellcheck source=spin/bench_common.sh
source "$root/scripts/spin/bench_common.sh"
property=timeout-resets-window

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=$tmp/runs.tsv # cap config cores states transitions wall_s
: >"$runs"

# Build every verifier before any timing (SPIN's analogue of building synack).
for cap in $caps; do
  dir=$tmp/cap$cap
  twin_source "$dir" "$cap" "$window"
  sed -i 's/#error cannot use hidden variables when compiling multi-core//' "$dir/pan.c"
  sed -i 's/#error cannot use BFS on models with variables declared hidden//' "$dir/pan.h"
  if grep -q '#error cannot use hidden' "$dir/pan.c" ||
    grep -q '#error cannot use BFS on models with variables declared hidden' "$dir/pan.h"; then
    echo "SPIN's generated verifier changed; see $0" >&2
    exit 2
  fi
  for build_flags in "spin" "spin-bfs -DBFS_PAR -DNO_HC" "spin-dfs -DNCORE=2"; do
    read -r cfg flags <<<"$build_flags"
    # shellcheck disable=SC2086 # the flags are words
    gcc -O2 -DNOREDUCE -DSAFETY $flags -o "$dir/$cfg" "$dir/pan.c" 2>"$dir/gcc-$cfg.log" ||
      { cat "$dir/gcc-$cfg.log" >&2; exit 2; }
  done
done

# Runs one command, timed; appends its row. $1 cap, $2 config, $3 cores, the rest the command.
timed() {
  local cap=$1 cfg=$2 cores=$3
  shift 3
  rm -f "$tmp/synack.json" # a run that writes none must not be read as the one before
  /usr/bin/time -f "%e" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || true
  local states transitions verdict
  if [ "$cfg" = synack ]; then
    if [ ! -s "$tmp/synack.json" ]; then
      echo "capacity $cap: synack with $cores threads wrote no JSON:" >&2
      cat "$tmp/out" >&2
      exit 1
    fi
    read -r states transitions verdict < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["states"], r["transitions"], r["verdict"])' "$tmp/synack.json")
    [ "$verdict" = holds ] || { echo "capacity $cap: synack says $verdict" >&2; exit 1; }
  else
    if ! grep -q "errors: 0" "$tmp/out" || grep -q "max search depth too small" "$tmp/out" ||
      ! grep -q "Full statespace search" "$tmp/out"; then
      echo "capacity $cap: $cfg on $cores cores did not complete an exhaustive search:" >&2
      cat "$tmp/out" >&2
      exit 1
    fi
    states=$(awk 'index($0, "states, stored") { print $1; exit }' "$tmp/out")
    # SPIN counts the initial state as a transition too (stored + matched).
    transitions=$(($(awk 'index($0, "transitions (= stored") { print $1; exit }' "$tmp/out") - 1))
  fi
  echo "$cap $cfg $cores $states $transitions $(tail -n 1 "$tmp/time")" >>"$runs"
}

for ((rep = 1; rep <= repeats; rep++)); do
  for cap in $caps; do
    dir=$tmp/cap$cap
    for threads in 1 2; do
      timed "$cap" synack "$threads" "$build/synack" check tcp/congestion --property "$property" \
        --set channel.capacity="$cap" --set tcp.window="$window" --threads "$threads" \
        --quiet --json "$tmp/synack.json"
    done
    states=$(awk -v c="$cap" '$1 == c && $2 == "synack" { print $4; exit }' "$runs")
    # SPIN's hash table: 2^w >= states, as in scripts/bench_spin.sh. The depth-first
    # stack: an eighth of the states (the depth reached is 2.6 to 7.4% of them).
    w=18
    while ((1 << w < states)); do w=$((w + 1)); done
    depth=$((states / 8 + 10000))
    (cd "$dir" && timed "$cap" spin 1 ./spin -n -m"$depth" -w"$w")
    (cd "$dir" && timed "$cap" spin-bfs 1 ./spin-bfs -n -w"$w" -u1)
    (cd "$dir" && timed "$cap" spin-bfs 2 ./spin-bfs -n -w"$w" -u2)
    (cd "$dir" && timed "$cap" spin-dfs 2 ./spin-dfs -n -m"$depth" -w"$w")
    echo "capacity $cap (sweep $rep of $repeats) done" >&2
  done
done

machine_line
python3 - "$runs" "$repeats" <<'PY'
import statistics, sys
from collections import defaultdict

runs = defaultdict(list)
counts = {}
for line in open(sys.argv[1]):
    cap, cfg, cores, states, trans, wall = line.split()
    cap, cores = int(cap), int(cores)
    runs[(cap, cfg, cores)].append(float(wall))
    counts.setdefault(cap, (states, trans))
    if counts[cap] != (states, trans):
        sys.exit(f"capacity {cap}: {cfg} on {cores} cores found {states} states, {trans} "
                 f"transitions; synack {counts[cap][0]}, {counts[cap][1]}")

print(f"tcp/congestion, median wall seconds of {sys.argv[2]} sweep(s)")
head = (f"{'cap':>3} {'config':<9} {'cores':>5} {'states':>10} {'wall s':>8} {'states/s':>11} "
        f"{'over 1 core':>11} {'over SPIN 1':>11}")
print(head)
print("-" * len(head))
for cap in sorted(counts):
    states = int(counts[cap][0])
    spin1 = statistics.median(runs[(cap, "spin", 1)])
    for cfg, cores in (("synack", 1), ("synack", 2), ("spin", 1), ("spin-bfs", 1),
                       ("spin-bfs", 2), ("spin-dfs", 2)):
        wall = statistics.median(runs[(cap, cfg, cores)])
        one = {"synack": runs[(cap, "synack", 1)], "spin-bfs": runs[(cap, "spin-bfs", 1)]}.get(
            cfg, runs[(cap, "spin", 1)])
        print(f"{cap:>3} {cfg:<9} {cores:>5} {states:>10} {wall:>8.2f} {states / wall:>11,.0f} "
              f"{statistics.median(one) / wall:>10.2f}x {spin1 / wall:>10.2f}x")
PY
