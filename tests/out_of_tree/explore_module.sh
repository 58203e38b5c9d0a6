#!/usr/bin/env bash
# An installed program's `explore` loads the web server module from where it is asked to
# (explore/http_module.hpp): starts TOOL explore SCENARIO on a free port, waits for it to
# serve, checks that the module mapped into it is MODULE, and stops it with Ctrl-C.
# Usage: explore_module.sh TOOL SCENARIO MODULE
set -uo pipefail
tool=$1 scenario=$2 module=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$tool" explore "$scenario" --port 0 --no-open >"$log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  grep -q '^explorer at ' "$log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
mapped=$(grep -o '/[^ ]*synack-http\.so' "/proc/$pid/maps" 2>/dev/null | sort -u)
kill -INT "$pid" 2>/dev/null
wait "$pid"
status=$?
if [ "$mapped" != "$module" ]; then
  echo "explore mapped '${mapped:-no module}', not $module" >&2
  cat "$log" >&2
  exit 1
fi
[ "$status" -eq 0 ] || { echo "explore ended with $status" >&2; cat "$log" >&2; exit 1; }
grep -q '^explorer stopped' "$log" || { cat "$log" >&2; exit 1; }
echo "explore served through $module"
