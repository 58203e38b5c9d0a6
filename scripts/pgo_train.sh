#!/usr/bin/env bash
# The training run of the profile-guided build (cmake/Pgo.cmake): runs an instrumented
# synack (built with -DSYNACK_PGO=generate) over what users run, so that the profile
# describes the product and not one benchmark: every bundled scenario and learned family
# at its defaults with every property (one thread, the plain store), a larger search on
# two threads, and the tree store. scripts/setup.sh calls it between its two passes;
# about 25 s on two cores. (Training the tree store on every scenario as well cost 25 s
# more and measured no faster: docs/performance.md.)
#
# Usage: scripts/pgo_train.sh [BUILD_DIR]   (default build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
synack="$build/synack"
[ -x "$synack" ] || { echo "pgo_train: no $synack; build it with -DSYNACK_PGO=generate" >&2; exit 2; }

# --expect: a verdict other than the bundled expectation fails the training, as it would
# fail the main job; the run's table, which names it, is printed then.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
  "$synack" "$@" --quiet >"$log" 2>&1 || {
    echo "pgo_train: synack $* failed:" >&2
    cat "$log" >&2
    exit 1
  }
}
run check --all --expect --threads 1
# A learned family is trained on where its models are (its `synack list` entry then has a
# "check:" line): ../shared/data/learned may be absent or partial, as the tests allow.
families=$("$synack" list | awk '
  /^learned\// { family = $1; present = 0; next }
  family && /^  check: / { present = 1 }
  family && /^$/ { if (present) print family; family = "" }
  END { if (family && present) print family }')
for family in $families; do
  run check "$family" --expect --threads 1
done
run check tcp/time-wait --threads 2
run check tcp/three-way-handshake --threads 1 --store tree
