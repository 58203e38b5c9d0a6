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
# fail the main job: a profile of a broken build is not wanted.
"$synack" check --all --expect --threads 1 --quiet >/dev/null
# A learned family whose models are in ../shared/data/learned is skipped where that
# folder is absent (`synack list` says so in the family's entry), as the tests skip it.
families=$("$synack" list | awk '
  /^learned\// { family = $1; present = 1; next }
  family && /is absent/ { present = 0 }
  family && /^$/ { if (present) print family; family = "" }
  END { if (family && present) print family }')
for family in $families; do
  "$synack" check "$family" --expect --threads 1 --quiet >/dev/null
done
"$synack" check tcp/time-wait --threads 2 --quiet >/dev/null
"$synack" check tcp/three-way-handshake --threads 1 --store tree --quiet >/dev/null
