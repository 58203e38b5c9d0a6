#!/bin/sh
# How long `synack conform` takes on each learned TCP model of ../shared (CAV 2016) against
# tcp-endpoint, exploring the whole product (--findings 1000): seconds, product states and
# distinct differences. Usage: scripts/bench_conform.sh [BUILD_DIR] [SHARED_DIR]
set -eu
build=${1:-build}
shared=${2:-../shared}
tcp="$shared/data/learned/automata-wiki/TCP"
maps=$(dirname "$0")/../learned/maps
if [ ! -d "$tcp" ]; then
  echo "skipped: $tcp is absent" >&2
  exit 0
fi
printf '%-22s %8s %15s %12s\n' model seconds product-states differences
for model in Linux_Client Windows8_Client FreeBSD_Client Linux_Server Windows8_Server FreeBSD_Server; do
  case $model in
    *Client) map=$maps/tcp-client.map ;;
    Linux_Server) map=$maps/tcp-server-linux.map ;;
    *) map=$maps/tcp-server.map ;;
  esac
  start=$(date +%s.%N)
  out=$("$build/synack" conform "$tcp/TCP_$model.dot" --spec tcp-endpoint --map "$map" \
    --findings 1000 || true)
  end=$(date +%s.%N)
  states=$(printf '%s\n' "$out" | sed -n 's/.*; \([0-9]*\) product states explored.*/\1/p')
  found=$(printf '%s\n' "$out" | grep -c 'shortest non-conforming' || true)
  printf '%-22s %8.2f %15s %12s\n' "$model" "$(echo "$end - $start" | bc)" "$states" "$found"
done
