#!/usr/bin/env bash
# Set up, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# chromium: the HTML report is tested in a real headless browser.
bash scripts/setup.sh chromium
# setup.sh installed Open MPI: the distributed tests must run with real ranks, not skip.
SYNACK_REQUIRE_MPI=1 ctest --test-dir build --output-on-failure -j "$(nproc)"
# The engines' own tests under ThreadSanitizer (the parallel expansion) and under
# AddressSanitizer + UndefinedBehaviorSanitizer, each in a build directory of its own.
bash scripts/sanitize.sh thread
bash scripts/sanitize.sh address
