#!/bin/sh
# How long `synack check --compose` takes on each CAV 2016 stack of ../shared (the learned
# client against the learned server of the same stack, learned/maps/tcp-compose.map), for
# the channel settings the composition table of docs/learned-models.md reports: wall
# seconds of the whole run (every property, process start included) and the largest
# state count of the run; then each client in front of tcp-endpoint and each server
# behind it.
# Usage: scripts/bench_compose.sh [BUILD_DIR] [SHARED_DIR]
set -eu
build=${1:-build}
shared=${2:-../shared}
tcp="$shared/data/learned/automata-wiki/TCP"
map=$(dirname "$0")/../learned/maps/tcp-compose.map
if [ ! -d "$tcp" ]; then
  echo "skipped: $tcp is absent" >&2
  exit 0
fi
closing="--set client.CLOSE=true --set server.ACCEPT=true --set server.CLOSECONNECTION=true --set server.CLOSE=true"
fifo="--set channel.ordered=true --set channel.duplicates=0"
printf '%-10s %-30s %8s %10s\n' stack channels seconds states
for stack in Linux Windows8 FreeBSD; do
  for setting in default no-loss no-loss-fifo closing-fifo closing-default; do
    case $setting in
      default) args="" ;;
      no-loss) args="--set channel.lossy=false" ;;
      no-loss-fifo) args="--set channel.lossy=false $fifo" ;;
      closing-fifo) args="$closing $fifo" ;;
      closing-default) args="$closing" ;;
    esac
    start=$(date +%s.%N)
    # shellcheck disable=SC2086  # the settings are several words on purpose
    out=$("$build/synack" check --compose "$tcp/TCP_${stack}_Client.dot" \
      "$tcp/TCP_${stack}_Server.dot" --compose-map "$map" $args --quiet || true)
    end=$(date +%s.%N)
    states=$(printf '%s\n' "$out" | awk '$1 ~ /^compose\// { if ($(NF-3) > max) max = $(NF-3) } END { print max }')
    printf '%-10s %-30s %8.2f %10s\n' "$stack" "$setting" "$(echo "$end - $start" | bc)" "$states"
  done
done
for stack in Linux Windows8 FreeBSD; do
  start=$(date +%s.%N)
  out=$("$build/synack" check --compose "$tcp/TCP_${stack}_Client.dot" tcp-endpoint \
    --compose-map "$map" --quiet || true)
  end=$(date +%s.%N)
  states=$(printf '%s\n' "$out" | awk '$1 ~ /^compose\// { if ($(NF-3) > max) max = $(NF-3) } END { print max }')
  printf '%-10s %-30s %8.2f %10s\n' "$stack" "client vs tcp-endpoint" "$(echo "$end - $start" | bc)" "$states"
done
for stack in Linux Windows8 FreeBSD; do
  start=$(date +%s.%N)
  out=$("$build/synack" check --compose tcp-endpoint "$tcp/TCP_${stack}_Server.dot" \
    --compose-map "$map" --quiet || true)
  end=$(date +%s.%N)
  states=$(printf '%s\n' "$out" | awk '$1 ~ /^compose\// { if ($(NF-3) > max) max = $(NF-3) } END { print max }')
  printf '%-10s %-30s %8.2f %10s\n' "$stack" "tcp-endpoint vs server" "$(echo "$end - $start" | bc)" "$states"
done
