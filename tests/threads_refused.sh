#!/usr/bin/env bash
# When the system will not start the threads a run asks for (here a limit on virtual
# memory, of which each thread's stack takes 8 MB), the run is refused in one line that
# names how many it asked for, exit 2: the explicit engine, the liveness graph, the
# swarm and the explorer's server. They used to hang (a pool's helpers waiting on a
# condition variable its failed constructor destroyed) or abort (a joinable std::thread
# destroyed, or one refused on the explorer's listening thread).
# Usage: tests/threads_refused.sh SYNACK
set -uo pipefail
synack=$1
fail=0
expect_refused() {
  local out rc
  out=$( (ulimit -v 700000; timeout -s KILL 60 "$synack" "$@" --quiet --threads 1024) 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne 2 ] || ! grep -q '^synack: cannot start [0-9]* threads: the system refused thread [0-9]* (.*); ask for fewer with --threads$' <<<"$out"; then
    echo "$*: exit $rc, stderr: $out" >&2
    fail=1
  fi
}
expect_refused check tcp/teardown-merged-fin
expect_refused check tcp/handshake-loss --property connect-terminates
expect_refused check tcp/teardown-merged-fin --swarm 64 --seed 1
# The explorer's server starts its threads before it announces its address; they were
# started on the listening thread, where a refused one ended the process (std::terminate,
# exit 134). Stacks of 2 GB within 3 GB of address space: the second thread is refused.
out=$( (ulimit -s 2000000; ulimit -v 3000000
        timeout -s INT 20 "$synack" explore tcp/two-way-handshake --port 0 --no-open --threads 1) 2>&1 >/dev/null)
rc=$?
if [[ "$out" != *"built without a web server"* ]] &&
   { [ "$rc" -ne 2 ] || ! grep -q "^synack: explore: cannot start the server's [0-9]* threads: the system refused thread [0-9]* (.*)$" <<<"$out"; }; then
  echo "explore: exit $rc, stderr: $out" >&2
  fail=1
fi
[ "$fail" -eq 0 ] && echo "every run that could not start its threads was refused in one line"
exit "$fail"
