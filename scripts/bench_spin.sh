#!/usr/bin/env bash
# synack against SPIN on the same model (a benchmark, not a test): tcp/congestion and its
# Promela twin scripts/spin/tcp_congestion.pml, which has exactly synack's states and
# transitions. For each channel capacity it runs synack's explicit engine (with each
# store of STORES), SPIN's pan (exhaustive, no partial-order reduction) and pan with
# -DCOLLAPSE, one after another, and the whole sweep REPEATS times; it prints the median
# figures per tool. It fails (exit 1) if SPIN and synack, or synack's stores, count
# different states or transitions at any size: the comparison only means something on
# the same state graph.
#
# Usage: scripts/bench_spin.sh [build-dir]
#   CAPS="2 3 4"    channel capacities to sweep, 1 .. 6 (2 3 4: about 3 minutes; 5: 63 M
#                   states, about 25 minutes of CPU in all and 7.5 GB for SPIN with COLLAPSE)
#   REPEATS=1       sweeps; the table shows the median of each figure
#   WINDOW=4        tcp.window
#   COLLAPSE=1      also SPIN with -DCOLLAPSE (0: not; at capacity 5 it alone takes 11 minutes)
#   STORES="plain tree"  synack's stores (--store), each a row of its own against SPIN
# Needs spin (Debian package spin), gcc, /usr/bin/time (package time) and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build=${1:-build}
caps=${CAPS:-"2 3 4"}
repeats=${REPEATS:-1}
window=${WINDOW:-4}
case "${COLLAPSE:-1}" in
  1) spin_cfgs=(spin spin-collapse) ;;
  0) spin_cfgs=(spin) ;;
  *) echo "COLLAPSE is '$COLLAPSE'; valid: 1 or 0" >&2; exit 2 ;;
esac
read -r -a stores <<<"${STORES:-plain tree}"
((${#stores[@]} > 0)) || { echo "STORES is empty; valid: plain, tree or both" >&2; exit 2; }
for store in "${stores[@]}"; do
  case "$store" in
    plain | tree) ;;
    *) echo "STORES has '$store'; valid: plain, tree" >&2; exit 2 ;;
  esac
done
# shellcheck source=spin/bench_common.sh
source "$root/scripts/spin/bench_common.sh"
# The property synack checks in every state; the twin asserts the same invariant, so both
# tools evaluate one invariant per state. It holds: both explore everything.
property=timeout-resets-window

[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
for tool in spin gcc python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
build=$(cd "$build" && pwd)

# One core each: SPIN's pan is single-threaded unless built with -DNCORE, and synack gets
# --threads 1 where the build has the option (older builds are single-threaded anyway).
threads=()
# (The help is read whole first: `| grep -q` could end synack with SIGPIPE, which
# pipefail turns into "no --threads", and synack then ran on every core.)
if grep -q -- '--threads' <<<"$("$build/synack" check --help || true)"; then threads=(--threads 1); fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=$tmp/runs.tsv  # one line per run: cap tool states transitions cpu_s wall_s rss_kb store_bytes
: >"$runs"

# SPIN's generated verifier, per capacity, built once before any timing (building pan is
# SPIN's analogue of building synack, so it is not timed; spin's own flags are in
# scripts/spin/bench_common.sh).
#   -DNOREDUCE: no partial-order reduction (a single process has none to offer anyway).
#   -DSAFETY: safety properties only, no cycle detection, as synack's invariant search.
#   -DCOLLAPSE: SPIN's collapse compression of stored states, the second configuration.
# VECTORSZ stays at its default (1024 bytes); the twin's vector is 28 to 44 bytes.
for cap in $caps; do
  dir=$tmp/cap$cap
  twin_source "$dir" "$cap" "$window"
  for cfg in "${spin_cfgs[@]}"; do
    flags=(-O2 -DNOREDUCE -DSAFETY)
    [ "$cfg" = spin-collapse ] && flags+=(-DCOLLAPSE)
    gcc "${flags[@]}" -o "$dir/$cfg" "$dir/pan.c" 2>"$dir/gcc-$cfg.log" ||
      { cat "$dir/gcc-$cfg.log" >&2; exit 2; }
  done
done

# A number from pan's report: the first field of the line matching the pattern.
pan_number() { awk -v pat="$2" 'index($0, pat) { print $1; exit }' "$1"; }

# Runs one verifier; on a DFS stack too shallow for the search (which SPIN reports and
# then truncates), doubles -m and runs again. Sets spin_states, spin_transitions,
# spin_store (bytes: stored states plus hash table, what synack's store_bytes covers).
declare -A depth_of  # capacity -> the -m that was enough (kept for later repeats)
run_spin() {  # cap cfg hash_bits
  local cap=$1 cfg=$2 w=$3 dir=$tmp/cap$1 out
  out=$dir/$cfg.out
  while :; do
    (cd "$dir" && /usr/bin/time -f "%U %S %e %M" -o "$cfg.time" \
      "./$cfg" -n -m"${depth_of[$cap]}" -w"$w" >"$out" 2>&1) || true
    grep -q "max search depth too small" "$out" || break
    depth_of[$cap]=$((depth_of[$cap] * 2))
    echo "capacity $cap: SPIN's -m was too small, retrying with -m${depth_of[$cap]}" >&2
  done
  if ! grep -q "errors: 0" "$out" || grep -qi "VECTORSZ" "$out"; then
    echo "capacity $cap: $cfg did not complete an exhaustive search:" >&2
    cat "$out" >&2
    exit 1
  fi
  spin_states=$(pan_number "$out" "states, stored")
  # SPIN counts the initial state as a transition too (stored + matched).
  spin_transitions=$(pan_number "$out" "transitions (= stored+matched)")
  [[ "$spin_states" =~ ^[0-9]+$ && "$spin_transitions" =~ ^[0-9]+$ ]] ||
    { echo "capacity $cap: cannot read $cfg's counts:" >&2; cat "$out" >&2; exit 1; }
  spin_transitions=$((spin_transitions - 1))
  spin_depth=$(awk '/depth reached/ { sub(/,$/, "", $(NF - 2)); print $(NF - 2) }' "$out")
  spin_store=$(awk '/actual memory usage for states/ { s = $1 }
                    /memory used for hash table/ { h = $1 }
                    END { printf "%.0f", (s + h) * 1048576 }' "$out")
  read -r user sys wall rss <"$dir/$cfg.time"
  echo "$cap $cfg $spin_states $spin_transitions $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $wall $rss $spin_store" >>"$runs"
}

for ((rep = 1; rep <= repeats; rep++)); do
  for cap in $caps; do
    # synack first: its state count also sizes SPIN's hash table below. Every store must
    # find the same states and transitions (they differ only in how a state is kept).
    states=
    for store in "${stores[@]}"; do
      /usr/bin/time -f "%U %S %e %M" -o "$tmp/synack.time" "$build/synack" check tcp/congestion \
        --property "$property" --set channel.capacity="$cap" --set tcp.window="$window" \
        --store "$store" "${threads[@]}" --quiet --json "$tmp/synack.json" >/dev/null || true
      read -r s_states s_transitions store_bytes verdict < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["states"], r["transitions"], r["store_bytes"], r["verdict"])' "$tmp/synack.json")
      [ "$verdict" = holds ] || { echo "capacity $cap: synack --store $store says $verdict" >&2; exit 1; }
      if [ -z "$states" ]; then
        states=$s_states transitions=$s_transitions
      elif [ "$s_states" != "$states" ] || [ "$s_transitions" != "$transitions" ]; then
        echo "capacity $cap: --store $store found $s_states states, $s_transitions" \
          "transitions; --store ${stores[0]} $states, $transitions" >&2
        exit 1
      fi
      read -r user sys wall rss <"$tmp/synack.time"
      echo "$cap synack-$store $states $transitions $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $wall $rss $store_bytes" >>"$runs"
    done

    # SPIN's hash table: one slot per state at most (2^w >= states), the size SPIN's
    # manual advises; a fixed -w26 would cost small runs 512 MB. The DFS stack: the
    # depth reached has been 7.4 % of the states (capacity 1) down to 2.6 % (capacity
    # 5); -m is an eighth, doubled if short. pan allocates the whole stack (about 48
    # bytes a level), so this is some 6 bytes a state of SPIN's peak memory, about 5
    # more than the depth needs at capacity 5 (its store column leaves the stack out).
    w=18
    while ((1 << w < states)); do w=$((w + 1)); done
    [ -n "${depth_of[$cap]:-}" ] || depth_of[$cap]=$((states / 8 + 10000))
    for cfg in "${spin_cfgs[@]}"; do
      run_spin "$cap" "$cfg" "$w"
      if [ "$spin_states" != "$states" ] || [ "$spin_transitions" != "$transitions" ]; then
        echo "capacity $cap: the twin differs: synack $states states, $transitions transitions;" \
          "$cfg $spin_states states, $spin_transitions transitions" >&2
        exit 1
      fi
    done
    echo "capacity $cap (sweep $rep of $repeats): $states states, $transitions transitions," \
      "the same in SPIN (-w$w -m${depth_of[$cap]}, depth reached $spin_depth)" >&2
  done
done

machine_line
python3 - "$runs" "$repeats" <<'PY'
import statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    cap, tool, states, trans, cpu, wall, rss_kb, store = line.split()
    runs[(int(cap), tool)].append((int(states), int(trans), float(cpu), float(wall),
                                   int(rss_kb) * 1024, int(store)))

def med(rows, i):
    return statistics.median(r[i] for r in rows)

print(f"tcp/congestion, median of {sys.argv[2]} sweep(s); rates per CPU second (user + sys)")
head = (f"{'cap':>3} {'tool':<14} {'states':>10} {'transitions':>12} {'cpu s':>8} {'wall s':>8} "
        f"{'states/s':>11} {'trans/s':>11} {'store B/st':>10} {'peak B/st':>10}")
print(head)
print("-" * len(head))
figures = {}
synacks = ("synack-plain", "synack-tree")
for cap in sorted({c for c, _ in runs}):
    for tool in synacks + ("spin", "spin-collapse"):
        rows = runs.get((cap, tool))
        if not rows:
            continue  # not in STORES, or COLLAPSE=0
        states, trans = rows[0][0], rows[0][1]
        cpu, wall, rss, store = med(rows, 2), med(rows, 3), med(rows, 4), med(rows, 5)
        f = {"sps": states / cpu, "tps": trans / cpu, "store": store / states,
             "peak": rss / states}
        figures[(cap, tool)] = f
        print(f"{cap:>3} {tool:<14} {states:>10} {trans:>12} {cpu:>8.2f} {wall:>8.2f} "
              f"{f['sps']:>11,.0f} {f['tps']:>11,.0f} {f['store']:>10.1f} {f['peak']:>10.1f}")
    for synack in synacks:
        for spin in ("spin", "spin-collapse"):
            if (cap, synack) not in figures or (cap, spin) not in figures:
                continue
            s, o = figures[(cap, synack)], figures[(cap, spin)]
            label = synack.replace("synack-", "") + "/" + spin.replace("spin-collapse", "collapse")
            print(f"{cap:>3} {label:<14} {'':>10} {'':>12} {'':>8} {'':>8} "
                  f"{s['sps'] / o['sps']:>10.2f}x {s['tps'] / o['tps']:>10.2f}x "
                  f"{s['store'] / o['store']:>9.2f}x {s['peak'] / o['peak']:>9.2f}x")
PY
