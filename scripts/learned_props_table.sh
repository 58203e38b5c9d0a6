#!/usr/bin/env bash
# Checks every learned model in ../shared/data/learned against the shipped property files
# and prints, per file, a Markdown table of models and verdicts (violations with their
# length in steps), then how long each run took. A study, not a test: the suite pins the
# verdicts (tests/test_learned_props_cli.cpp).
#
#   scripts/learned_props_table.sh [build/synack] [../shared/data/learned]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
synack=${1:-$here/build/synack}
data=${2:-$here/../shared/data/learned}
[ -d "$data" ] || { echo "no learned models at $data" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# family: property file, then the models (files or directories) it applies to
run() {
  local name=$1 props=$2
  shift 2
  local args=()
  for m in "$@"; do args+=(--learned "$m"); done
  local start end
  start=$(date +%s.%N)
  local rc=0
  "$synack" check "${args[@]}" --props "$here/learned/props/$props" --quiet --threads 1 \
    --json "$work/$name.json" >/dev/null || rc=$?
  end=$(date +%s.%N)
  # 0 all hold, 1 some violated; anything else is not a table.
  if [ "$rc" -gt 1 ]; then
    echo "synack check exited $rc on $props" >&2
    exit "$rc"
  fi
  python3 - "$work/$name.json" "$props" "$start" "$end" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
props, rows = [], {}
for r in doc["results"]:
    if r["property"] not in props: props.append(r["property"])
    v = r["verdict"]
    if v == "violated": v = f"violated ({r['depth']})"
    if v == "holds" and r["kind"] == "sometimes": v = f"holds ({r['depth']})"
    rows.setdefault(r["scenario"].removeprefix("learned/"), {})[r["property"]] = v
print(f"\n{sys.argv[2]}: {len(rows)} models, {float(sys.argv[4]) - float(sys.argv[3]):.2f} s\n")
print("| model | " + " | ".join(props) + " |")
print("| --- |" + " --- |" * len(props))
for model, v in rows.items():
    print(f"| {model} | " + " | ".join(v.get(p, "") for p in props) + " |")
PY
}

run tls-server tls-server.props $(ls "$data"/automata-wiki/TLS/*server*.dot) "$data/tlsprint-openssl"
run tcp-server tcp-server.props "$data"/automata-wiki/TCP/*Server.dot
run tcp-client tcp-client.props "$data"/automata-wiki/TCP/*Client.dot
