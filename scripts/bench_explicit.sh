#!/usr/bin/env bash
# Benchmark of the explicit engine (not a test): tcp/three-way-handshake, whose state
# space grows with the channel's capacity and duplication budget, from 0.19 M to 20 M
# states. For each size, each build and each thread count, runs interleaved (the machine
# is noisy: a slow moment hits every variant alike) and prints the median seconds,
# states/s, the store's bytes per state, peak memory per state, and the speed-up over the
# first variant.
#
# Usage: scripts/bench_explicit.sh [-r REPEATS] [-t "1 2"] [-s SIZES] [-m MODEL] [BUILD-DIR ...]
#   -r  runs per variant (median reported; default 3)
#   -m  handshake (default) or congestion: tcp/congestion (window 4) at channel capacity
#       2, 3, 4 (0.27 M, 1.3 M, 8.9 M states), property timeout-resets-window
#   -t  thread counts (default "1 2"); a build without --threads runs once, as it is
#   -s  how many sizes from the list below (default 3; 4 adds the 20 M-state one)
#   BUILD-DIR  one or more builds to compare, e.g. before and after a change (default build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repeats=3 threads="1 2" sizes=3 model=handshake
while getopts "r:t:s:m:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    t) threads=$OPTARG ;;
    s) sizes=$OPTARG ;;
    m) model=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(build)
for b in "${builds[@]}"; do
  [ -x "$b/synack" ] || { echo "build $b/synack first (scripts/setup.sh)" >&2; exit 2; }
done
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

case $model in
  handshake)
    scenario=tcp/three-way-handshake property=no-stale-connection
    configs=(
      "channel.capacity=2 channel.duplicates=1"
      "channel.capacity=2 channel.duplicates=2"
      "channel.capacity=3 channel.duplicates=1"
      "channel.capacity=3 channel.duplicates=2"
    ) ;;
  congestion)
    scenario=tcp/congestion property=timeout-resets-window
    configs=(
      "channel.capacity=2 tcp.window=4"
      "channel.capacity=3 tcp.window=4"
      "channel.capacity=4 tcp.window=4"
    ) ;;
  *) echo "-m: handshake or congestion, not '$model'" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Variants: build x thread count (a build that predates --threads is one variant).
variants=()
for b in "${builds[@]}"; do
  # Not `synack check --help | grep -q`: grep -q stops reading, synack gets SIGPIPE,
  # and pipefail then took a build with --threads for one without, now and then.
  if grep -q -- --threads <<<"$("$b/synack" check --help 2>/dev/null || true)"; then
    for t in $threads; do variants+=("$b|$t"); done
  else
    variants+=("$b|-")
  fi
done

# A busy machine slows every variant, not alike: the load average goes with the figures.
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
printf "%-40s %-22s %10s %12s %8s %11s %10s %10s %8s\n" parameters variant states transitions \
  seconds "states/s" "store B/st" "peak B/st" speedup
for cfg in "${configs[@]:0:$sizes}"; do
  sets=()
  for kv in $cfg; do sets+=(--set "$kv"); done
  for ((r = 0; r < repeats; r++)); do
    for v in "${!variants[@]}"; do
      IFS='|' read -r b t <<<"${variants[$v]}"
      opt=()
      [ "$t" = "-" ] || opt=(--threads "$t")
      /usr/bin/time -f "%M" -o "$tmp/rss.$v.$r" "$b/synack" check "$scenario" \
        --property "$property" --quiet "${sets[@]}" "${opt[@]}" \
        --json "$tmp/r.$v.$r.json" >/dev/null || true
    done
  done
  python3 - "$tmp" "$cfg" "$repeats" "${variants[@]}" <<'PY'
import json, statistics, sys
tmp, cfg, repeats, variants = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
first = None
for v, name in enumerate(variants):
    runs = [json.load(open(f"{tmp}/r.{v}.{r}.json"))["results"][0] for r in range(repeats)]
    rss = [int(open(f"{tmp}/rss.{v}.{r}").read().split()[-1]) for r in range(repeats)]
    states, transitions = runs[0]["states"], runs[0]["transitions"]
    if any(x["states"] != states or x["transitions"] != transitions for x in runs):
        sys.exit(f"{name}: state counts differ between runs")
    secs = statistics.median(x["seconds"] for x in runs)
    first = first or (secs, states)
    if states != first[1]:
        sys.exit(f"{name}: {states} states, the first variant {first[1]}")
    build, threads = name.split("|")
    label = f"{build} t={threads}" if threads != "-" else build
    print(f"{cfg:<40} {label:<22} {states:>10} {transitions:>12} {secs:>8.2f} "
          f"{states / secs:>11,.0f} {runs[0]['store_bytes'] / states:>10.1f} "
          f"{statistics.median(rss) * 1024 / states:>10.1f} {first[0] / secs:>8.2f}")
PY
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
