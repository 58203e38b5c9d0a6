#!/usr/bin/env bash
# Tests under a sanitizer, in a build directory of their own; any report fails the run.
#   thread   ThreadSanitizer: the engine tests (toy models, no protocol machine:
#            tests/synack_engine_tests), which cover the parallel expansion (--threads), and
#            --engine prove's two Z3 threads on ARQ's two machines (synack_portfolio_tests)
#   address  AddressSanitizer and UndefinedBehaviorSanitizer: the engine tests, and the
#            parsers of user input under thousands of damaged inputs (tests/synack_parser_tests)
# Usage: [SYNACK_SANITIZE_JOBS=N] scripts/sanitize.sh thread|address   (N: ninja's -j)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kind=${1:-}
case "$kind" in
  thread) flags="-fsanitize=thread" tests="synack_engine_tests synack_portfolio_tests" ;;
  address) flags="-fsanitize=address,undefined -fno-sanitize-recover=all"
    tests="synack_engine_tests synack_parser_tests" ;;
  *) echo "usage: scripts/sanitize.sh thread|address" >&2; exit 2 ;;
esac
build=build-$kind
# SYNACK_SANITIZE_JOBS: ninja's -j (scripts/test.sh runs both kinds at once, each with as
# many jobs as cores); unset, ninja's own default.
jobs=()
if [ -n "${SYNACK_SANITIZE_JOBS:-}" ]; then
  [[ "$SYNACK_SANITIZE_JOBS" =~ ^[1-9][0-9]{0,2}$ ]] ||
    { echo "SYNACK_SANITIZE_JOBS is '$SYNACK_SANITIZE_JOBS'; valid: 1 to 999" >&2; exit 2; }
  jobs=(-j "$SYNACK_SANITIZE_JOBS")
fi
# -O1 -g1 (line tables: reports keep file and line) compiles about 2.4x faster than
# RelWithDebInfo's -O2 -g, and leaves NDEBUG undefined, so assertions are checked too.
# GCC's -Wmaybe-uninitialized misfires on instrumented library code (std::regex); the
# warnings are the Release build's job. The engines are compiled in batches too
# (SYNACK_UNITY_BUILD=ALL, CMakeLists.txt): about half the CPU of one file at a time;
# tests/unity_names.py checks that no two sources of a batch define the same file-local name.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSYNACK_UNITY_BUILD=ALL \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer -Wno-maybe-uninitialized" >/dev/null
# shellcheck disable=SC2086
ninja -C "$build" "${jobs[@]}" $tests
python3 tests/unity_names.py "$build"
# Every object linked into the tests must be instrumented (each instrumented translation
# unit calls the sanitizer's init). The linker keeps the first copy it meets of an inline
# function emitted by several objects (std::function's handlers, shared_ptr's release,
# vector growth): an uninstrumented copy hides the races and overflows inside it from
# every caller, and Catch2's runner, first on the link line, emits over a thousand.
init=$([ "$kind" = thread ] && echo __tsan_init || echo __asan_init)
uninstrumented=$(find "$build" -path '*/CMakeFiles/*.dir/*' -name '*.o' -exec sh -c 'nm "$1" | grep -q "$2" || echo "$1"' _ {} "$init" \;)
if [ -n "$uninstrumented" ]; then
  echo "sanitize.sh: objects built without -fsanitize=${flags#-fsanitize=}:" >&2
  echo "$uninstrumented" >&2
  exit 1
fi
# Z3 (not instrumented) hands a mutex between its own threads: scripts/tsan-z3.supp.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan-z3.supp"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1"
for t in $tests; do
  echo "$t under -fsanitize=${flags#-fsanitize=}"
  "$build/tests/$t"
done
