#!/usr/bin/env bash
# scripts/bench_memory.sh must not print figures for a run that failed: a stand-in synack
# answers with --store plain and refuses --store tree (exit 2, no JSON written). The
# script once read the previous run's JSON then, printing plain's figures as the tree's.
# Usage: tests/bench_memory_failed_run.sh (exit 77, skipped, without /usr/bin/time)
set -euo pipefail
[ -x /usr/bin/time ] || { echo "skipped: needs /usr/bin/time (package time)"; exit 77; }
bench=$(cd "$(dirname "$0")/.." && pwd)/scripts/bench_memory.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/synack" <<'FAKE'
#!/usr/bin/env bash
json="" store=""
while [ $# -gt 0 ]; do
  case $1 in --json) json=$2; shift ;; --store) store=$2; shift ;; esac
  shift
done
if [ "$store" = tree ]; then echo "synack: --store: tree not in {plain}" >&2; exit 2; fi
echo '{"results":[{"states":1000,"store_bytes":36000,"verdict":"holds"}]}' >"$json"
FAKE
chmod +x "$tmp/synack"
rc=0
REPEATS=1 THREADS=1 MODELS="tcp/congestion|--set channel.capacity=2|timeout-resets-window" \
  "$bench" "$tmp/synack" >"$tmp/out" 2>"$tmp/err" || rc=$?
if [ "$rc" -eq 0 ]; then
  echo "bench_memory.sh exited 0 after a failed run; it printed:" >&2
  cat "$tmp/out" >&2
  exit 1
fi
if grep -q "tree-t1" "$tmp/out"; then
  echo "bench_memory.sh printed figures for the failed tree run:" >&2
  cat "$tmp/out" >&2
  exit 1
fi
expected="bench_memory.sh: tree-t1 on tcp/congestion --set channel.capacity=2 exited 2"
grep -qF "$expected" "$tmp/err" || {
  echo "expected on stderr: $expected; got:" >&2
  cat "$tmp/err" >&2
  exit 1
}
echo "a failed run stops the benchmark, naming the run"
