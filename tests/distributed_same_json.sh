#!/usr/bin/env bash
# check --distributed with 2 and 3 MPI ranks gives the JSON report of one process but
# for the time taken and the store's bytes (a sum over ranks): verdicts, state and
# transition counts, depths, traces, coverage; violations with their traces, dead ends,
# --max-states cutting a level short, also right where a property is decided, and
# several violations per property (--max-errors); and a swarm's members dealt out over
# the ranks (--swarm N --distributed).
# Exit 77 (CTest's SKIP_RETURN_CODE) without mpirun or in a synack built without MPI.
# Usage: tests/distributed_same_json.sh SYNACK [OVERFLOW_CLI [TWO_PHASE_COMMIT]]
set -euo pipefail
synack=$1
overflow=${2:-}   # tests/library/overflow_cli.cpp: a machine that throws
two_phase=${3:-}  # examples/two-phase-commit: symmetry
# scripts/test.sh installs MPI and sets SYNACK_REQUIRE_MPI=1: there, a skip is a failure.
skip() {
  echo "SKIPPED: $1"
  [ "${SYNACK_REQUIRE_MPI:-0}" != 1 ] || { echo "but SYNACK_REQUIRE_MPI=1" >&2; exit 1; }
  exit 77
}
command -v mpirun >/dev/null || skip "no mpirun (apt-get install openmpi-bin libopenmpi-dev, then rebuild)"
probe=$("$synack" check tcp/two-way-handshake --distributed --quiet 2>&1 || true)
[[ "$probe" != *"without MPI"* ]] ||
  skip "this synack was built without MPI (apt-get install libopenmpi-dev, rebuild)"
launcher=(mpirun)
quick=()
# Open MPI refuses root without being told (CI runs as root), and more ranks than cores.
if mpirun --version 2>&1 | grep -q "Open MPI"; then
  launcher+=(--oversubscribe)
  [ "$(id -u)" != 0 ] || launcher+=(--allow-run-as-root)
  # A rank's exit code 1 (violated) would cost two seconds of job teardown, and mpirun
  # then exits 0: the comparisons take the verdicts from the JSON, the last check below
  # the exit code.
  quick=(--mca orte_abort_on_non_zero_status 0)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cases=(
  # Holds and violated, with traces; always and sometimes.
  "tcp/two-way-handshake tcp/teardown-merged-fin tcp/syn-flood tcp/tfo-replay tls12/early-ccs
   tls12/handshake tls13/handshake tls13/zero-rtt-replay tls13/zero-rtt-anti-replay
   arq/stop-and-wait-reordering arq/stop-and-wait-no-seq"
  # The safety properties of the scenarios that also have liveness ones.
  "tcp/handshake-loss tcp/congestion --property half-open-after-lost-ack
   --property half-open-reset-by-data --property connect-fails-after-retries
   --property cwnd-at-least-one --property timeout-resets-window --property fast-retransmit-halves
   --property recovery-ends-at-ssthresh --property fast-recovery-reached"
  # Dead ends: tcp/zero-window's is a violation, the others hold.
  "tcp/zero-window tcp/simultaneous-open tcp/simultaneous-close arq/stop-and-wait
   --property deadlock-free"
  # Levels of thousands of states: several rounds per level.
  "tcp/teardown tcp/tfo-invalid-cookie --property all-data-delivered --property data-exactly-once"
  # Two decisions inside levels, the search stopping after the second one's parent.
  "tcp/teardown --property both-closed --sometimes client.state==TIME_WAIT&&server.state==CLOSED"
  # --max-states inside a level; 9873 is the state that decides both-closed.
  "tcp/teardown tcp/three-way-handshake --max-states 9873"
  # Decided by the initial state, then --max-states.
  "tcp/teardown --max-states 5000 --always client.state!=CLOSED"
  # Invariants that hold vacuously (the premise met on no rank), or not (on one rank).
  "tcp/three-way-handshake --set tcp.incarnations=1 --always server.irs==2->server.irs!=3
   --always (server.irs==0->true)&&(server.irs==2->true) --always server.irs==0->server.irs!=3"
  # Several violations per property, shortest first, over many rounds; cut by --max-states.
  "tcp/two-way-handshake --max-errors 3"
  "tcp/teardown --always client.state!=TIME_WAIT --max-errors 300 --max-states 20000"
)
# Checks one case ($1: the binary, then its arguments) with one process and with 1, 2
# and 4 ranks, and compares the JSON reports.
same_json() {
  local bin=$1
  shift
  rm -f "$tmp"/*.json
  local rc=0
  "$bin" check "$@" --quiet --json "$tmp/one.json" >/dev/null || rc=$?
  # 0 holds, 1 violated, 3 inconclusive; 2 would be a mistake in this script.
  [ "$rc" -le 3 ] && [ "$rc" != 2 ] || { echo "$*, one process: exit $rc" >&2; exit 1; }
  for n in 2 3; do
    # Small rounds: levels span many of them, and the stops fall inside one.
    "${launcher[@]}" "${quick[@]}" -np "$n" "$bin" check "$@" --distributed \
      --round-states 256 --quiet --json "$tmp/$n.json" >"$tmp/out" 2>&1 || true
    [ -s "$tmp/$n.json" ] || { echo "$*, $n ranks: no JSON" >&2; cat "$tmp/out" >&2; exit 1; }
    python3 "$(dirname "$0")/same_json.py" "$tmp/one.json" "$tmp/$n.json" store_bytes ||
      { echo "$*: $n ranks differ from one process" >&2; exit 1; }
  done
}

for c in "${cases[@]}"; do
  read -r -a args <<<"$(echo $c)"
  same_json "$synack" "${args[@]}"
done
# Symmetry reduction: representatives are partitioned like any state, traces are the
# real runs they stand for.
if [ -n "$two_phase" ]; then
  same_json "$two_phase" 2pc/commit --property consistent --symmetry --set rm.count=4
  same_json "$two_phase" 2pc/commit-early --symmetry
  # A premise no renaming changes is asked about on every rank's representatives.
  same_json "$two_phase" 2pc/commit --symmetry --always "(count r in rm: r.state == COMMITTED) \
>= 1 && (count r in rm: r.state == ABORTED) >= 1 -> false" --property consistent
fi
# A machine that leaves its declared bounds on a reachable state: one process's error and
# run to it, printed once.
if [ -n "$overflow" ]; then
  one=$("$overflow" check overflow/count 2>&1 >/dev/null || true)
  for n in 3; do
    many=$("${launcher[@]}" "${quick[@]}" -np "$n" "$overflow" check overflow/count --distributed \
      2>&1 >/dev/null || true)
    [[ "$many" == *"$one"* ]] && [ "$(grep -c "outside its declared range" <<<"$many")" = 1 ] ||
      { printf 'overflow, %s ranks:\n%s\none process:\n%s\n' "$n" "$many" "$one" >&2; exit 1; }
  done
fi
# A swarm whose members are dealt out over 2 and 3 ranks: one process's findings,
# counts and traces with the same seed (but for the ranks and the threads per rank).
same_swarm() {
  local bin=$1
  shift
  rm -f "$tmp"/*.json
  "$bin" check "$@" --quiet --json "$tmp/one.json" >/dev/null || true
  [ -s "$tmp/one.json" ] || { echo "swarm $*, one process: no JSON" >&2; exit 1; }
  for n in 2 3; do
    "${launcher[@]}" "${quick[@]}" -np "$n" "$bin" check "$@" --distributed --threads 1 \
      --quiet --json "$tmp/$n.json" >"$tmp/out" 2>&1 || true
    [ -s "$tmp/$n.json" ] || { echo "swarm $*, $n ranks: no JSON" >&2; cat "$tmp/out" >&2; exit 1; }
    python3 "$(dirname "$0")/same_json.py" "$tmp/one.json" "$tmp/$n.json" threads ranks \
      first_finding_seconds || { echo "swarm $*: $n ranks differ from one process" >&2; exit 1; }
  done
}
same_swarm "$synack" tcp/congestion --set channel.capacity=4 --swarm 6 --seed 7 \
  --max-states 20000 --always '!(sender.snd_una>=5&&sender.state==FAST_RECOVERY)'
same_swarm "$synack" tcp/three-way-handshake tcp/two-way-handshake --swarm 5 --seed 3 \
  --max-states 5000
[ -z "$two_phase" ] || same_swarm "$two_phase" 2pc/commit-early --symmetry --swarm 3 --seed 1
if [ -n "$overflow" ]; then
  one=$("$overflow" check overflow/count --swarm 3 --seed 1 2>&1 >/dev/null || true)
  many=$("${launcher[@]}" "${quick[@]}" -np 2 "$overflow" check overflow/count --swarm 3 \
    --seed 1 --distributed 2>&1 >/dev/null || true)
  [[ "$many" == *"$one"* ]] && [ "$(grep -c "outside its declared range" <<<"$many")" = 1 ] ||
    { printf 'swarm overflow, 2 ranks:\n%s\none process:\n%s\n' "$many" "$one" >&2; exit 1; }
fi
# Kills rank 1 of the job $1 (Open MPI's mpirun starts its local ranks as its children)
# once the file $2 exists, after $3 seconds more.
kill_rank_1() {
  local job=$1 victim=
  for _ in $(seq 200); do
    sleep 0.05
    [ -e "$2" ] || continue
    for pid in $(pgrep -P "$job" || true); do
      if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then
        victim=$pid
      fi
    done
    [ -z "$victim" ] || break
  done
  [ -n "$victim" ] || { echo "found no rank 1 to kill" >&2; kill "$job"; exit 1; }
  sleep "$3"
  kill -9 "$victim" 2>/dev/null || true
}

if [ ${#quick[@]} -gt 0 ]; then
  # A rank that dies ends the job, and rank 0 writes no partial output: the previous
  # report stays as it was.
  echo previous >"$tmp/kept.json"
  "${launcher[@]}" -np 2 "$synack" check tcp/time-wait --property no-stale-segment-accepted \
    --distributed --quiet --json "$tmp/kept.json" >/dev/null 2>&1 &
  job=$!
  kill_rank_1 "$job" /dev/null 1
  rc=0
  wait "$job" || rc=$?
  [ "$rc" != 0 ] || { echo "a killed rank: mpirun exit 0" >&2; exit 1; }
  [ "$(cat "$tmp/kept.json")" = previous ] || { echo "a killed rank: the JSON was replaced" >&2; exit 1; }

  # Killed after a checkpoint, resumed with as many ranks: one process's result.
  "$synack" check tcp/teardown --quiet --json "$tmp/one.json" >/dev/null
  for pause in 0 0.$((RANDOM % 5)); do
    rm -rf "$tmp/cp"
    "${launcher[@]}" -np 2 "$synack" check tcp/teardown --distributed --quiet --round-states 2000 \
      --checkpoint "$tmp/cp" --checkpoint-every 0.05 >/dev/null 2>&1 &
    job=$!
    kill_rank_1 "$job" "$tmp/cp/distributed.synack" "$pause"
    wait "$job" || true
    "${launcher[@]}" "${quick[@]}" -np 2 "$synack" check tcp/teardown --distributed --quiet \
      --resume "$tmp/cp" --json "$tmp/resumed.json" >"$tmp/out" 2>&1 || true
    [ -s "$tmp/resumed.json" ] || { echo "resume: no JSON" >&2; cat "$tmp/out" >&2; exit 1; }
    python3 "$(dirname "$0")/same_json.py" "$tmp/one.json" "$tmp/resumed.json" store_bytes ||
      { echo "killed after ${pause}s and resumed: differs from one process" >&2; exit 1; }
  done
  # Under --max-memory a resume stops where the run never stopped does (each rank's
  # buffers were counted by capacity, which a resume rebuilds smaller: 53,486 states
  # against 40,970), and a checkpoint past the resume's --max-states stops at once (it ran
  # on to the end and said holds).
  search=(check tcp/three-way-handshake --property no-stale-connection --distributed --quiet)
  "${launcher[@]}" "${quick[@]}" -np 2 "$synack" "${search[@]}" --max-memory 3 \
    --json "$tmp/memory.json" >/dev/null 2>&1 || true
  rm -rf "$tmp/cpm"
  "${launcher[@]}" "${quick[@]}" -np 2 "$synack" "${search[@]}" --max-states 20000 \
    --checkpoint "$tmp/cpm" --checkpoint-every 0 >/dev/null 2>&1 || true
  "${launcher[@]}" "${quick[@]}" -np 2 "$synack" "${search[@]}" --max-memory 3 \
    --resume "$tmp/cpm" --json "$tmp/memory-resumed.json" >"$tmp/out" 2>&1 || true
  limit_of() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0].get("limit", ""))' "$1"; }
  [ "$(limit_of "$tmp/memory.json")" = max-memory ] &&
    python3 "$(dirname "$0")/same_json.py" "$tmp/memory.json" "$tmp/memory-resumed.json" ||
    { echo "--max-memory 3, resumed: differs from the run never stopped" >&2; cat "$tmp/out" >&2; exit 1; }
  "${launcher[@]}" "${quick[@]}" -np 2 "$synack" "${search[@]}" --max-states 1000 \
    --resume "$tmp/cpm" --json "$tmp/past.json" >"$tmp/out" 2>&1 || true
  [ "$(limit_of "$tmp/past.json")" = max-states ] ||
    { echo "--max-states 1000 resumed past it: not stopped" >&2; cat "$tmp/out" >&2; exit 1; }
  # Another number of ranks partitions the states otherwise: refused, once.
  "${launcher[@]}" "${quick[@]}" -np 3 "$synack" check tcp/teardown --distributed --quiet \
    --resume "$tmp/cp" >"$tmp/out" 2>&1 || true
  [ "$(grep -c "is a checkpoint of another question (.*number of ranks" "$tmp/out")" = 1 ] ||
    { echo "resume with 3 ranks:" >&2; cat "$tmp/out" >&2; exit 1; }
  # A part left from another run of the same question (another generation): each part is
  # whole, but they disagree; refused, once, rather than crash or hang in a collective.
  for states in 20000 40000; do
    rm -rf "$tmp/cp$states"
    "${launcher[@]}" "${quick[@]}" -np 2 "$synack" check tcp/teardown --distributed --quiet \
      --max-states "$states" --round-states 2000 --checkpoint "$tmp/cp$states" \
      --checkpoint-every 0 >/dev/null 2>&1 || true
  done
  stale=$(ls "$tmp"/cp20000/gen-*/rank-1.synack)
  fresh=$(ls "$tmp"/cp40000/gen-*/rank-1.synack)
  cp "$stale" "$fresh"
  rc=0
  "${launcher[@]}" -np 2 "$synack" check tcp/teardown --distributed --quiet \
    --resume "$tmp/cp40000" >"$tmp/out" 2>&1 || rc=$?
  [ "$rc" = 2 ] && [ "$(grep -c "^synack: $fresh is not a usable checkpoint: it is not of the same run and generation as rank 0's part" "$tmp/out")" = 1 ] ||
    { echo "resume with a stale part: exit $rc" >&2; cat "$tmp/out" >&2; exit 1; }
  # Parts whole by their checksums but which no search wrote (damage_part.py), most on rank
  # 1 only: refused on every rank with one line naming the part, rather than trusted,
  # replayed into exit 4, left waiting in a collective (rank 0 in the search's first) or
  # rebuilding a trace forever (a circle of parent links across the ranks).
  part0=$(ls "$tmp"/cp20000/gen-*/rank-0.synack)
  part=$(ls "$tmp"/cp20000/gen-*/rank-1.synack)
  either="$tmp/cp20000/gen-[0-9]*/rank-[01].synack"
  cp "$part0" "$tmp/part0"
  cp "$part" "$tmp/part"
  for damage in "twice|$part|$part|it holds a state twice" \
    "link|$part|$part|a link names a state no rank holds" \
    "root|$part|$part|state 1 has no parent, and only the initial state has none" \
    "steps|$part|$part|state [0-9]* is no step from its parent, state 0 of rank [01]" \
    "decide|$part0 $part|$part|the state that decided [a-z-]* does not decide it" \
    "cycle|$part0 $part|$either|the parent links from state [0-9]* of rank [01] go round in a circle"; do
    IFS='|' read -r mode files named why <<<"$damage"
    cp "$tmp/part0" "$part0"
    cp "$tmp/part" "$part"
    python3 "$(dirname "$0")/damage_part.py" "$mode" $files
    rc=0
    timeout 60 "${launcher[@]}" -np 2 "$synack" check tcp/teardown --distributed --quiet \
      --resume "$tmp/cp20000" >"$tmp/out" 2>&1 || rc=$?
    [ "$rc" = 2 ] && [ "$(grep -c "^synack: $named is not a usable checkpoint: $why" "$tmp/out")" = 1 ] ||
      { echo "resume with hand-made parts ($mode): exit $rc" >&2; cat "$tmp/out" >&2; exit 1; }
  done
fi
# mpirun exits with the ranks' code: rank 0's, which every rank takes.
rc=0
"${launcher[@]}" -np 2 "$synack" check tcp/two-way-handshake --distributed --quiet >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || { echo "2 ranks, a violated property: mpirun exit $rc, not 1" >&2; exit 1; }
# Several ranks without --distributed would each run the whole check: refused, once.
rc=0
"${launcher[@]}" -np 2 "$synack" check tcp/two-way-handshake --quiet >"$tmp/out" 2>&1 || rc=$?
[ "$rc" = 2 ] && [ "$(grep -c "^synack: started as one of 2 MPI ranks without --distributed" "$tmp/out")" = 1 ] ||
  { echo "2 ranks without --distributed: exit $rc" >&2; cat "$tmp/out" >&2; exit 1; }
echo "results identical with 2 and 3 ranks and one process"
