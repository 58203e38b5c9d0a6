#!/usr/bin/env bash
# The engine tests (toy models, no protocol machine: tests/synack_engine_tests) under a
# sanitizer, in a build directory of their own. `thread`: ThreadSanitizer over the
# parallel expansion (--threads); `address`: AddressSanitizer and UndefinedBehaviorSanitizer.
# Any report fails the run. Usage: scripts/sanitize.sh thread|address
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kind=${1:-}
case "$kind" in
  thread) flags="-fsanitize=thread" ;;
  address) flags="-fsanitize=address,undefined -fno-sanitize-recover=all" ;;
  *) echo "usage: scripts/sanitize.sh thread|address" >&2; exit 2 ;;
esac
build=build-$kind
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer" >/dev/null
ninja -C "$build" synack_engine_tests
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1"
"$build/tests/synack_engine_tests"
