#!/usr/bin/env bash
# Set up, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# chromium: the HTML report is tested in a real headless browser.
bash scripts/setup.sh chromium
# The explorer's browser test drives chromium with playwright-core (tests/browser/); CI
# has node and npm. Without them that one test is skipped with a warning.
if command -v npm > /dev/null; then (cd tests/browser && npm ci --no-audit --no-fund); fi
# setup.sh installed Open MPI: the distributed tests must run with real ranks, not skip.
SYNACK_REQUIRE_MPI=1 ctest --test-dir build --output-on-failure -j "$(nproc)"
# The engines' own tests under ThreadSanitizer (the parallel expansion) and under
# AddressSanitizer + UndefinedBehaviorSanitizer, each in a build directory of its own.
bash scripts/sanitize.sh thread
bash scripts/sanitize.sh address
