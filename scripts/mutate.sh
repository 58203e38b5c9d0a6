#!/usr/bin/env bash
# The mutation check: small semantic mutations of the machines and engines, one at a time,
# in a scratch copy of the tree (never the working tree's files), each built and put
# through a fast subset of the suite. A mutant is killed when a test of its subset fails
# (or runs past its time limit); one that survives is a hole in the suite, or a mutation
# that cannot change a verdict (README, "Reliability", and docs/reliability.md say which
# and why).
#
#   nice -n 19 scripts/mutate.sh [ID...]      (default: every mutant)
#   scripts/mutate.sh --list | --check         (the table; whether every mutation applies)
#
# The scratch tree is a copy of the working tree in MUTATE_DIR (default /tmp/synack-mutate),
# built and tested inside a private mount namespace (unshare -m) where it is mounted over
# the working tree's own path: every compile command is then the working tree's, so ccache
# serves every object the mutant does not touch (the test binaries' -D paths included), and
# the working tree itself is never written (unshare -m and mount need root, as in CI). Only
# the targets a mutant's tests need are built.
# Per mutant, the tests are tried cheapest first and stop at the first failure:
#   engine   build/tests/synack_engine_tests: the engines on toy models (all of it)
#   symmetry build/tests/synack_symmetry_tests: symmetry reduction (all of it)
#   baseline synack check SCENARIO... --baseline baselines/bundled.json: the verdicts of the
#            bundled scenarios of at most 10,000 states (fast_scenarios below)
#   FILE     synack_tests, only the test cases of tests/FILE.cpp (Catch2's [#FILE] tags),
#            stopping at the first failure
# Results: MUTATE_DIR/results.txt, one line per mutant; the score at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${MUTATE_DIR:-/tmp/synack-mutate}
tree=$work/tree
pristine=$work/pristine
build=$here/build  # inside the namespace, the scratch tree's build directory
log=$work/log
results=$work/results.txt
step_timeout=${MUTATE_STEP_TIMEOUT:-900}
renice -n 19 $$ >/dev/null 2>&1 || true

ids=() files=() froms=() tos=() whats=() tests=()
# mutant ID FILE FROM TO WHAT TESTS: replace the one occurrence of FROM in FILE by TO.
mutant() {
  ids+=("$1") files+=("$2") froms+=("$3") tos+=("$4") whats+=("$5") tests+=("$6")
}

# The explicit engine.
mutant bfs-last-state checker/explicit_bfs.cpp \
  'while (!stop && i < store_.size()) {' 'while (!stop && i + 1 < store_.size()) {' \
  'the last state stored (the end of the last level) is never expanded' 'engine baseline'
mutant bfs-skip-new-state checker/explicit_bfs.cpp \
  'check_new_state(inserted->first, s.bits, packed);' '(void)s.bits;' \
  'a new state is never checked against the properties (only the initial one is)' 'engine'
mutant dead-end-proper checker/explicit_bfs.cpp \
  'if (!(p.expr ? p.expr->holds(state) : model_.proper_end(state)))' \
  'if (!(p.expr ? p.expr->holds(state) : true))' \
  'every dead end counts as a proper end state (deadlock freedom always holds)' 'engine baseline'
mutant expr-less checker/expr_eval.cpp \
  'return eval_node(x.lhs, s) < eval_node(x.rhs, s);' 'return eval_node(x.lhs, s) <= eval_node(x.rhs, s);' \
  'the expression evaluator reads < as <=' 'engine'
mutant layout-width checker/layout.cpp \
  'std::bit_width(static_cast<std::uint64_t>(slot.max))' \
  'std::bit_width(static_cast<std::uint64_t>(slot.max)) - 1' \
  'a slot is packed into one bit fewer than its maximum needs (states merge)' 'engine'
mutant store-tag-only checker/state_store.cpp \
  'if ((entry & ~index_mask_) == tag && equal(index, packed)) return std::pair{index, false};' \
  'if ((entry & ~index_mask_) == tag) return std::pair{index, false};' \
  'the state store trusts a matching hash tag without comparing the states' 'engine baseline'
# Channels and composition.
mutant channel-capacity checker/channel.cpp \
  'for (int k = 0; k < policy_.capacity; ++k) {' 'for (int k = 0; k < policy_.capacity - 1; ++k) {' \
  'a channel holds one message fewer than its capacity' 'engine baseline'
mutant channel-dup-budget checker/channel.cpp \
  'if (used >= policy_.max_duplicates || has(s, cap - 1)) return false;' \
  'if (used > policy_.max_duplicates || has(s, cap - 1)) return false;' \
  'a duplicating channel duplicates once more than its budget' 'engine baseline'
mutant channel-msl checker/channel.cpp \
  'if (++s[age_base() + k] > policy_.msl) remove(s, k);' \
  'if (++s[age_base() + k] >= policy_.msl) remove(s, k);' \
  'a message in flight expires one tick before its maximum segment lifetime' 'engine baseline'
mutant channel-min-age checker/channel.cpp \
  's[age_base() + k] < policy_.min_age) return false;' 's[age_base() + k] <= policy_.min_age) return false;' \
  'a message is delivered one tick later than its minimum age allows' 'engine baseline'
# Equivalent, kept to say so: a reliable channel is kept from losing twice over, no lose
# groups here and a lose step refused in System::apply, so neither mutation alone (this one,
# or dropping `ch.policy().lossy &&` in apply) can change a verdict; it survives.
mutant reliable-loses checker/system_build.cpp \
  'for (int k = 0; ch.policy().lossy && k < ch.policy().capacity; ++k)' \
  'for (int k = 0; k < ch.policy().capacity; ++k)' \
  'a reliable channel gets lose groups: it loses messages too' 'engine test_reliable_channel baseline'
mutant full-channel-drops checker/system.cpp \
  'if (!pushed && !ch.policy().lossy) return false;' 'if (!pushed && false) return false;' \
  'a full reliable channel drops a message instead of blocking its sender' \
  'engine test_reliable_channel baseline'
# Liveness and fairness.
mutant weak-fairness-ignored checker/fair_cycles.cpp \
  'if ((c.enabled_everywhere & all_weak_ & ~c.taken_inside) != 0) continue;' 'if (false) continue;' \
  'weak fairness never rules out a cycle' 'engine test_liveness_scenarios'
mutant fair-loss-ignored checker/fair_cycles.cpp \
  'if (enabled[label] && !taken[label]) c.unmet_labels.push_back(label);' \
  'if (false) c.unmet_labels.push_back(label);' \
  'fair loss (strong fairness per message) never rules out a cycle' 'engine test_liveness_scenarios'
mutant liveness-dead-ends checker/liveness.cpp \
  'if (graph_.dead_end(s)) stay.push_back(s);' 'if (false) stay.push_back(s);' \
  'a run that stops in a dead end never violates a liveness property' 'engine test_liveness_scenarios'
# Replay, the check of every trace.
mutant replay-dropped checker/trace.cpp \
  'if (auto divergence = model.replay(groups, states))' \
  'if (auto divergence = std::optional<std::string>())' \
  'counterexamples are not replayed through the real machines' 'test_replay_reference'
mutant reference-dropped checker/system.cpp \
  'if (auto wrong = reference.check(step, states[i], states[i + 1], exec.observed))' \
  'if (auto wrong = std::optional<std::string>())' \
  "replay skips the reference's check of channel and composition semantics" 'test_replay_reference'
# The Z3 engines.
mutant bmc-short checker/smt/bmc.cpp \
  'for (std::size_t depth = 0; depth <= limits.max_depth; ++depth) {' \
  'for (std::size_t depth = 0; depth < limits.max_depth; ++depth) {' \
  'bmc stops one step short of its depth' 'test_bound_exceeded'
mutant kind-unsound checker/smt/k_induction.cpp \
  'for (std::size_t i = 0; i < k; ++i) solver_.add(unrolling_.differ(i, k));' \
  'for (std::size_t i = 0; i <= k; ++i) solver_.add(unrolling_.differ(i, k));' \
  "k-induction's step case assumes a contradiction (every property proved once the base passes)" \
  'test_bound_exceeded'
mutant bounds-unchecked checker/smt/unrolling.cpp \
  'return out.empty() ? target(step) : target(step) || z3::mk_or(out);' 'return target(step);' \
  'the Z3 engines never look for a variable leaving its declared bounds' 'test_bound_exceeded'
mutant sym-fold checker/smt/sym.cpp \
  'if (a.hi_ < b.lo_) return fold_by_ranges(a, b, true);' \
  'if (a.hi_ <= b.lo_) return fold_by_ranges(a, b, true);' \
  'a < b is folded to true when the ranges only touch' 'test_bound_exceeded'
mutant kind-no-simple-path checker/smt/k_induction.cpp \
  'for (std::size_t i = 0; i < k; ++i) solver_.add(unrolling_.differ(i, k));' \
  '/* no simple-path constraints */' \
  "k-induction's step case drops its simple-path constraints (proofs that need them fail)" \
  'test_smt_engines'
mutant expr-may-overflow checker/expr_ranges.cpp \
  'if (lo >= kLowest && hi <= kHighest) return' 'if (hi >= kLowest) return' \
  'property arithmetic that could leave 64 bits is parsed (and wraps into a verdict)' \
  'test_smt_wrap'
# Liveness: the strongly connected components.
mutant scc-self-loop checker/scc.cpp \
  'cyclic = graph_.target[e] == v;' 'cyclic = false;' \
  'a single state with a step to itself is not a cycle (its lassos are missed)' \
  'engine test_liveness_scenarios'
# Property compilation.
mutant expr-eq-const-first checker/expr_eval.cpp \
  'emit(Step::kLoadEqPush, r.value, l.value);' 'emit(Step::kLoadEqPush, l.value, r.value);' \
  'a compiled CONSTANT == slot reads the slot numbered by the constant' 'engine'
# Symmetry reduction.
mutant sym-property-unchecked checker/symmetry/soundness.cpp \
  'if (normal_form(e, e.root(), rename) == original) continue;' 'if (true) continue;' \
  'symmetry accepts a property that tells the members apart' 'symmetry'
# The learned-model conformance check.
mutant conform-count-only learned/conformance.cpp \
  'if (product.kinds(s.sent) == product.impl_as_spec(model.outputs[t->output])) {' \
  'if (product.kinds(s.sent).size() == product.impl_as_spec(model.outputs[t->output]).size()) {' \
  'conformance compares how many messages each side sends, not which' 'test_learned_conform'
# The machines.
mutant arq-any-ack machines/arq/arq_machines.hpp \
  '!fsm.params.seq_bit || e.msg.bit == fsm.vars.bit)' 'true)' \
  "the alternating-bit sender's guard on the ACK's bit is dropped" 'baseline'
mutant tcp-ack-window machines/tcp/endpoint_functors.hpp \
  '             ahead(fsm, e.msg.ack, fsm.vars.snd_una) <=
                 ahead(fsm, fsm.vars.snd_nxt, fsm.vars.snd_una))' \
  '             ahead(fsm, e.msg.ack, fsm.vars.snd_una) <=
                 ahead(fsm, fsm.vars.snd_nxt, fsm.vars.snd_una) + 1)' \
  'TCP accepts an ACK one past SND.NXT (RFC 793 acceptability off by one)' \
  'test_tcp_ack_acceptability baseline'
# Equivalent, kept to say so: every CanRetry row has a RetriesExhausted row below it (same
# source, event and timer guard), and rows are tried bottom-up (Boost.MSM, the interpreter,
# the symbolic interpreter), so at retries == max_retries the give-up row always fires
# first and CanRetry's `<` against `<=` is never asked; it survives (docs/reliability.md).
mutant tcp-retries machines/tcp/endpoint_functors.hpp \
  'fsm.vars.retries < fsm.params.max_retries)' 'fsm.vars.retries <= fsm.params.max_retries)' \
  'a TCP endpoint retransmits once more than max_retries' 'baseline'
mutant tcp-give-up machines/tcp/endpoint_functors.hpp \
  'fsm.vars.retries >= fsm.params.max_retries)' 'fsm.vars.retries > fsm.params.max_retries)' \
  'a TCP endpoint never gives up after max_retries (its timeout is then disabled)' 'baseline'
mutant flood-backlog machines/tcp/flood_machines.hpp \
  'fsm.vars.half_open >= fsm.params.backlog)' 'fsm.vars.half_open > fsm.params.backlog)' \
  "the SYN-flooded listener's backlog holds one entry more than it has room for" 'baseline'

# FILE's text with the mutation applied, on stdout; exit 1 unless FROM occurs exactly once.
mutated() {
  /usr/bin/python3 -c '
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
if text.count(old) != 1:
    sys.exit(f"{path}: the text to mutate occurs {text.count(old)} times, not once")
sys.stdout.write(text.replace(old, new))' "$1" "$2" "$3"
}

case "${1:-}" in
  --list)
    for n in "${!ids[@]}"; do printf '%-22s %-36s %s\n' "${ids[n]}" "${files[n]}" "${whats[n]}"; done
    exit 0 ;;
  --check)  # every mutation still applies to the working tree (nothing is written)
    for n in "${!ids[@]}"; do mutated "$here/${files[n]}" "${froms[n]}" "${tos[n]}" >/dev/null; done
    echo "all ${#ids[@]} mutations apply"
    exit 0 ;;
esac
wanted=("$@")

export CCACHE_BASEDIR=/work
if [ "${MUTATE_INSIDE:-}" != 1 ]; then
  mkdir -p "$work"
  # The scratch tree, twice (one to mutate, one to restore from): the working tree's files,
  # committed or not, ignored ones left out, with their times.
  rm -rf "$tree" "$pristine"
  mkdir -p "$tree" "$pristine" "$log"
  (cd "$here" && git ls-files -z -co --exclude-standard | tar --null -T - -cf -) >"$work/tree.tar"
  tar -xf "$work/tree.tar" -C "$tree"
  tar -xf "$work/tree.tar" -C "$pristine"
  rm "$work/tree.tar"
  # shellcheck disable=SC2016  # expanded by the inner bash, not this one
  exec unshare -m --propagation private env MUTATE_INSIDE=1 bash -c \
    'mount --bind "$1" "$2" && cd "$2" && shift 2 && exec bash "$@"' \
    bash "$tree" "$here" "$here/scripts/mutate.sh" "$@"
fi
# The libraries one source at a time (SYNACK_UNITY_BUILD=TESTS): a mutant then recompiles
# its own source, not the seven others of its batch.
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNACK_UNITY_BUILD=TESTS \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$log/configure.txt"

targets_for() {
  local t out=""
  for t in $1; do
    case "$t" in
      engine) out+=" synack_engine_tests" ;;
      baseline) out+=" synack_exe" ;;
      symmetry) out+=" synack_symmetry_tests" ;;
      *) out+=" synack_tests" ;;
    esac
  done
  echo "$out"
}

# The bundled scenarios of at most 10,000 states (the baseline's counts), for speed: all but
# tcp/time-wait, congestion, teardown, three-way-handshake, tfo-invalid-cookie and the TLS
# handshakes (17,000 to 1.6 M states).
fast_scenarios="arq/stop-and-wait arq/stop-and-wait-no-seq arq/stop-and-wait-reordering
  tcp/handshake-loss tcp/simultaneous-close tcp/simultaneous-open tcp/syn-flood
  tcp/teardown-merged-fin tcp/tfo-replay tcp/two-way-handshake tcp/zero-window tls12/early-ccs
  tls13/zero-rtt-anti-replay tls13/zero-rtt-replay"

run_test() {  # run_test KIND LOGFILE: 0 when the tests pass
  case "$1" in
    engine) timeout "$step_timeout" "$build/tests/synack_engine_tests" ;;
    symmetry) timeout "$step_timeout" "$build/tests/synack_symmetry_tests" --abort ;;
    baseline)
      # shellcheck disable=SC2086
      timeout "$step_timeout" "$build/synack" check $fast_scenarios --quiet \
        --baseline "$here/baselines/bundled.json" ;;
    *) timeout "$step_timeout" "$build/tests/synack_tests" --abort --filenames-as-tags "[#$1]" ;;
  esac >"$2" 2>&1
}

# Every target once before any mutation: ccache fills in the rest, and a test that fails
# on the unmutated tree would make every mutant look killed.
echo "building and testing the unmutated scratch tree"
ninja -C "$build" synack_exe synack_tests synack_engine_tests synack_symmetry_tests \
  >"$log/build-original.txt"
kinds=""
for n in "${!ids[@]}"; do
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" ${ids[n]} "* ]]; then continue; fi
  kinds+=" ${tests[n]}"
done
for t in $(echo "$kinds" | tr ' ' '\n' | sort -u); do
  if ! run_test "$t" "$log/original-$t.txt"; then
    echo "mutate.sh: $t fails without a mutation (see $log/original-$t.txt)" >&2
    exit 1
  fi
done
: >"$results"
killed=0 total=0
for n in "${!ids[@]}"; do
  id=${ids[n]}
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $id "* ]]; then continue; fi
  file=$here/${files[n]}
  start=$(date +%s)
  if ! mutated "$pristine/${files[n]}" "${froms[n]}" "${tos[n]}" >"$file.mutant"; then
    echo "$id: the mutation does not apply" | tee -a "$results"
    exit 2
  fi
  mv "$file.mutant" "$file"
  outcome=""
  # shellcheck disable=SC2046
  if ! ninja -C "$build" $(targets_for "${tests[n]}") >"$log/$id-build.txt" 2>&1; then
    outcome="does not compile"
  else
    for t in ${tests[n]}; do
      if ! run_test "$t" "$log/$id-$t.txt"; then
        outcome="killed by $t"
        break
      fi
    done
    outcome=${outcome:-SURVIVED (${tests[n]})}
  fi
  cp "$pristine/${files[n]}" "$file"  # a fresh time: the next build recompiles it
  if [ "$outcome" != "does not compile" ]; then
    total=$((total + 1))
    [[ "$outcome" == killed* ]] && killed=$((killed + 1))
  fi
  printf '%-22s %-40s %4ss  %s\n' "$id" "$outcome" "$(($(date +%s) - start))" "${whats[n]}" |
    tee -a "$results"
done
echo "mutation score: $killed of $total mutants killed" | tee -a "$results"
