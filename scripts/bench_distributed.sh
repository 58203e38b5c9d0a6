#!/usr/bin/env bash
# Benchmark of check --distributed (not a test): tcp/congestion's cwnd-at-least-one,
# whose state space grows with the channel's capacity (1.3 M states at 3, 8.9 M at 4),
# checked by one process and by mpirun with 1, 2 and 4 ranks, the variants interleaved
# (a slow moment of a shared machine hits them alike). Prints, per size and variant, the
# median and the fastest wall seconds (mpirun's start included), states per second, the
# bytes the ranks sent one another per state and per transition, each rank's peak
# memory, and the share of each rank's time spent in MPI (exchanging, and waiting for
# ranks with more work in the round). More ranks than cores are oversubscribed: on a
# 2-core machine 4 ranks share two cores, so the figures say what partitioning costs
# there, not what a cluster gains.
#
# Usage: scripts/bench_distributed.sh [-r REPEATS] [-n "1 2 4"] [-c "3 4"] [BUILD-DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repeats=1 ranks="1 2 4" capacities="3 4"
while getopts "r:n:c:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    n) ranks=$OPTARG ;;
    c) capacities=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
synack=${1:-build}/synack
[ -x "$synack" ] || { echo "build $synack first (scripts/setup.sh)" >&2; exit 2; }
command -v mpirun >/dev/null || { echo "needs mpirun (apt-get install openmpi-bin)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }
launcher=(mpirun)
if mpirun --version 2>&1 | grep -q "Open MPI"; then
  launcher+=(--oversubscribe)
  [ "$(id -u)" != 0 ] || launcher+=(--allow-run-as-root)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

printf "%-14s %-9s %10s %11s %8s %8s %10s %9s %9s %16s %9s\n" parameters variant states \
  transitions median fastest "states/s" bytes/st bytes/tr "peak MB per rank" "% in MPI"
echo "cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for cap in $capacities; do
  args=(check tcp/congestion --property cwnd-at-least-one --set "channel.capacity=$cap" --quiet)
  variants=(one $ranks)
  for v in "${variants[@]}"; do : >"$tmp/seconds.$v"; done
  for ((r = 0; r < repeats; r++)); do
    for v in "${variants[@]}"; do
      if [ "$v" = one ]; then
        /usr/bin/time -f "%e %M" -o "$tmp/time.$v" "$synack" "${args[@]}" --threads 1 \
          >"$tmp/out.$v" 2>&1
      else
        /usr/bin/time -f "%e %M" -o "$tmp/time.$v" "${launcher[@]}" -np "$v" "$synack" \
          "${args[@]}" --distributed >"$tmp/out.$v" 2>&1
      fi
      cut -d' ' -f1 "$tmp/time.$v" >>"$tmp/seconds.$v"
    done
  done
  for v in "${variants[@]}"; do
    seconds=$(median <"$tmp/seconds.$v")
    fastest=$(sort -g "$tmp/seconds.$v" | head -1)
    read -r states transitions < <(awk '$1 == "tcp/congestion" {print $5, $6}' "$tmp/out.$v")
    if [ "$v" = one ]; then
      per_state=- per_transition=- mpi=- peak=$(($(cut -d' ' -f2 "$tmp/time.$v") / 1024))
      name="1 process"
    else
      summary=$(grep '^distributed:' "$tmp/out.$v")
      per_state=$(sed -E 's/.*\(([0-9.]+) bytes per state.*/\1/' <<<"$summary")
      per_transition=$(sed -E 's/.*, ([0-9.]+) per transition.*/\1/' <<<"$summary")
      peak=$(sed -E 's/.*peak memory per rank (.*) MB, .*/\1/' <<<"$summary")
      mpi=$(sed -E 's/.*time in MPI per rank (.*)%/\1/' <<<"$summary")
      name="$v rank$([ "$v" = 1 ] || echo s)"
    fi
    printf "%-14s %-9s %10s %11s %8s %8s %10.0f %9s %9s %16s %9s\n" "capacity=$cap" "$name" \
      "$states" "$transitions" "$seconds" "$fastest" "$(echo "$states / $seconds" | bc -l)" \
      "$per_state" "$per_transition" "$peak" "$mpi"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
