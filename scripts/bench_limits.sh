#!/usr/bin/env bash
# How far past its budget, or past Ctrl-C, a Z3 run goes: wall seconds of `check` with
# each Z3 engine (and --lemmas mine) on the scenarios whose encoding takes longest, under
# --max-seconds B, and after a SIGINT sent at B seconds. A benchmark, not a test: it prints
# the median of N runs per row. With two binaries (BEFORE and AFTER) the runs interleave,
# so that a busy machine weighs on both alike.
# Usage: scripts/bench_limits.sh [BUDGET] [RUNS]   (defaults 0.3 and 3)
#        BEFORE=/path/to/old/synack scripts/bench_limits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
AFTER=${AFTER:-build/synack}
BEFORE=${BEFORE:-}
BUDGET=${1:-0.3}
RUNS=${2:-3}
[ -x "$AFTER" ] || { echo "build first: scripts/setup.sh" >&2; exit 2; }

wall() {  # binary mode scenario args...: one run's wall seconds
  local binary=$1 mode=$2 scenario=$3
  shift 3
  local start end
  start=$(date +%s.%N)
  if [ "$mode" = budget ]; then
    "$binary" check "$scenario" "$@" --max-seconds "$BUDGET" --quiet >/dev/null 2>&1 || true
  else
    # SIGINT at the budget; a run still going 30 s later is killed (and shows as ~30 s).
    timeout -k 30 -s INT "$BUDGET" "$binary" check "$scenario" "$@" --quiet >/dev/null 2>&1 || true
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-26s %-26s %-7s %10s %10s\n' scenario engine mode before after
for scenario in tcp/tfo-invalid-cookie tcp/time-wait tls13/zero-rtt-anti-replay; do
  for engine in "bmc" "kind" "spacer" "kind --lemmas mine" "spacer --lemmas mine"; do
    for mode in budget sigint; do
      before=() after=()
      for _ in $(seq "$RUNS"); do
        # shellcheck disable=SC2086
        [ -n "$BEFORE" ] && before+=("$(wall "$BEFORE" $mode $scenario --engine $engine)")
        # shellcheck disable=SC2086
        after+=("$(wall "$AFTER" $mode $scenario --engine $engine)")
      done
      b=-
      [ -n "$BEFORE" ] && b=$(printf '%s\n' "${before[@]}" | median)
      a=$(printf '%s\n' "${after[@]}" | median)
      printf '%-26s %-26s %-7s %10s %10s\n' "$scenario" "$engine" "$mode" "$b" "$a"
    done
  done
done
