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
# Both at once: one's tests, which run a program at a time, then share the cores with the
# other's compiling, each with as many compile jobs as cores. Each one's output is printed
# whole when it is done.
SYNACK_SANITIZE_JOBS=$(nproc)
export SYNACK_SANITIZE_JOBS
logs=$(mktemp -d)
thread='' address=''
# Stopped early (a failure above, a signal), neither build is left running.
trap 'kill $thread $address 2>/dev/null || true; rm -rf "$logs"' EXIT
bash scripts/sanitize.sh thread >"$logs/thread" 2>&1 &
thread=$!
bash scripts/sanitize.sh address >"$logs/address" 2>&1 &
address=$!
failed=()
wait "$thread" || failed+=(thread)
cat "$logs/thread"
wait "$address" || failed+=(address)
cat "$logs/address"
if ((${#failed[@]})); then
  echo "scripts/sanitize.sh failed: ${failed[*]} (its output above)" >&2
  exit 1
fi
