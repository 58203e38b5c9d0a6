#!/usr/bin/env bash
# Memory per state of the explicit engine (a benchmark, not a test): runs a build of synack
# with --store plain and with --store tree, and optionally a baseline build (as it is, for
# builds before --store existed), interleaved on the same models, each with 1 and 2
# threads by default (THREADS), and prints per run kind and model the median of REPEATS
# runs: states, store bytes per state (the store's own count), peak RSS bytes per state
# (/usr/bin/time -v, all-in: binary, libraries, buffers), and user CPU seconds. Peak RSS does not depend on the machine's load; CPU time does a
# little, wall time a lot (not printed). With CALLGRIND=N it also counts instructions per
# state with callgrind on the first N states of each model (slow: about 50 times a normal
# run).
#
# Usage: scripts/bench_memory.sh SYNACK [BASELINE-SYNACK]
#   REPEATS=3   runs per kind and model, interleaved (baseline, plain, tree, baseline ...)
#   THREADS="1 2"  thread counts, each a kind of its own (plain-t1, tree-t2 ...)
#   MODELS      lines "scenario|--set ...|property"; default: tcp/congestion capacities
#               3 and 4, tcp/three-way-handshake capacity 2 duplicates 2
# Needs /usr/bin/time (package time) and python3; valgrind for CALLGRIND.
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 SYNACK [BASELINE-SYNACK]" >&2; exit 2; }
bin=$1 baseline=${2:-}
for b in "$bin" $baseline; do [ -x "$b" ] || { echo "$b is not an executable" >&2; exit 2; }; done
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (package time)" >&2; exit 2; }
repeats=${REPEATS:-3}
threads=${THREADS:-1 2}
models=${MODELS:-"tcp/congestion|--set channel.capacity=3|timeout-resets-window
tcp/congestion|--set channel.capacity=4|timeout-resets-window
tcp/three-way-handshake|--set channel.capacity=2 --set channel.duplicates=2|no-stale-connection"}
# Run kinds: "label|binary|extra arguments", each store (and the baseline) per thread count.
kinds=""
for t in $threads; do
  [[ $t =~ ^[1-9][0-9]*$ ]] || { echo "THREADS: '$t' is not a thread count" >&2; exit 2; }
  [ -n "$baseline" ] && kinds+="baseline-t$t|$baseline|--threads $t"$'\n'
  kinds+="plain-t$t|$bin|--store plain --threads $t"$'\n'
  kinds+="tree-t$t|$bin|--store tree --threads $t"$'\n'
done
kinds=${kinds%$'\n'}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=$tmp/runs.tsv
: >"$runs"

run() {  # label binary extra-arguments scenario sets property
  local label=$1 bin=$2 extra=$3 scenario=$4 sets=$5 property=$6 rc=0
  # A run that fails writes no JSON: the previous run's must not stand in for it.
  rm -f "$tmp/out.json"
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$tmp/time" "$bin" check "$scenario" $sets --property "$property" \
    --quiet $extra --json "$tmp/out.json" >/dev/null </dev/null || rc=$?
  # 0 holds, 1 violated, 3 inconclusive: figures worth printing; anything else is not.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 3 ]; then
    echo "bench_memory.sh: $label on $scenario $sets exited $rc" >&2
    exit 1
  fi
  python3 - "$tmp/out.json" "$tmp/time" "$label" "$scenario $sets" >>"$runs" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = open(sys.argv[2]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) * 1024
user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
print("\t".join([sys.argv[4], sys.argv[3], str(r["states"]), str(r["store_bytes"]), str(rss),
                 str(user), r["verdict"]]))
PY
}

while IFS='|' read -r scenario sets property; do
  for ((k = 1; k <= repeats; k++)); do
    while IFS='|' read -r label exe extra; do
      run "$label" "$exe" "$extra" "$scenario" "$sets" "$property"
    done <<<"$kinds"
  done
  if [ -n "${CALLGRIND:-}" ]; then
    while IFS='|' read -r label exe extra; do
      # shellcheck disable=SC2086
      valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$label" "$exe" check "$scenario" \
        $sets --property "$property" --quiet $extra --max-states "$CALLGRIND" \
        >/dev/null 2>"$tmp/cg.log" </dev/null || true
      ir=$(grep -o 'Collected : [0-9]*' "$tmp/cg.log" | grep -o '[0-9]*$' || true)
      [ -n "$ir" ] || ir=$(grep -o 'refs: *[0-9,]*' "$tmp/cg.log" | tr -d ', ' | grep -o '[0-9]*$')
      echo -e "$scenario $sets\t$label-callgrind\t$CALLGRIND\t$ir" >>"$runs"
    done <<<"$kinds"
  fi
done <<<"$models"

python3 - "$runs" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print("| model | store | states | store B/state | peak RSS B/state | user s | verdict |")
print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
seen = []
for r in rows:
    if (r[0], r[1]) not in seen: seen.append((r[0], r[1]))
for model, build in seen:
    rs = [r for r in rows if r[0] == model and r[1] == build]
    if build.endswith("callgrind"):
        print(f"| {model} | {build} | {rs[0][2]} | instructions/state: {int(rs[0][3]) / int(rs[0][2]):.0f} | | | |")
        continue
    states = int(rs[0][2])
    med = lambda i: statistics.median(float(r[i]) for r in rs)
    print(f"| {model} | {build} | {states:,} | {med(3) / states:.1f} | {med(4) / states:.1f} "
          f"| {med(5):.2f} | {rs[0][6]} |")
PY
