#!/usr/bin/env bash
# Benchmark of the explicit engine (not a test): tcp/three-way-handshake, whose state
# space grows with the channel's capacity and duplication budget, from 0.16 M to 13 M
# states. Prints states/s, the state store's bytes per state, and the process's peak
# memory per state. Usage: scripts/bench_explicit.sh [build-dir]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
[ -x "$build/synack" ] || { echo "build $build/synack first (scripts/setup.sh)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

configs=(
  "channel.capacity=2 channel.duplicates=1"
  "channel.capacity=2 channel.duplicates=2"
  "channel.capacity=3 channel.duplicates=1"
  "channel.capacity=3 channel.duplicates=2"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "%-42s %10s %12s %8s %12s %12s %12s\n" parameters states transitions seconds "states/s" "store B/st" "peak B/st"
for cfg in "${configs[@]}"; do
  sets=()
  for kv in $cfg; do sets+=(--set "$kv"); done
  /usr/bin/time -f "%M" -o "$tmp/rss" "$build/synack" check tcp/three-way-handshake \
    --property no-stale-connection --quiet "${sets[@]}" --json "$tmp/r.json" >/dev/null || true
  python3 - "$tmp/r.json" "$tmp/rss" "$cfg" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
rss_kb = int(open(sys.argv[2]).read().split()[-1])
states, secs = r["states"], r["seconds"]
print(f'{sys.argv[3]:<42} {states:>10} {r["transitions"]:>12} {secs:>8.2f} '
      f'{states / secs:>12,.0f} {r["store_bytes"] / states:>12.1f} {rss_kb * 1024 / states:>12.1f}')
PY
done
