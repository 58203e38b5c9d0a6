#!/usr/bin/env bash
# The main job: set up, build, and check every bundled scenario against its expected
# verdicts (exit 0 only when every verdict is as expected).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
build/synack check --all --expect "$@"
