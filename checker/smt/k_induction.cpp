// k-induction with simple-path constraints, for "no bad state" (a target, or a state
// outside the declared ranges: Unrolling::bad). k counts the transitions of the step case:
// k = 1 is ordinary induction, k = 0 asks whether any state within the fixed ranges is
// bad (with ranges to check, some always is). Proved at k: no path of at most k steps reaches a bad
// state (base, by BmcSearch), and every path of k steps through pairwise distinct states whose
// first k states are not bad ends in a state that is not bad (step). Sound because a
// shortest path to a bad state is simple and its last k steps form such a path; the
// relation is taken only from states that are not bad and within the fixed ranges, so in
// range, where it is exact. Lemmas (checker/smt/houdini.hpp) hold on every state of a
// shortest path to a bad state, so the step case assumes them on each of its states.
#include <optional>
#include <string>
#include <utility>

#include "checker/smt/houdini.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {
namespace {

// The step case on one incremental solver: extending from k to k + 1 only adds the new
// transition, "state k is not bad" and "state k + 1 differs from every earlier state".
class InductionStep {
 public:
  InductionStep(const TransitionSystem& ts, const Deadline& deadline, const Lemmas* lemmas)
      : unrolling_(ts), solver_(ts.context()), deadline_(deadline), lemmas_(lemmas) {}

  // Is there a counterexample to induction of `k` steps? k must come in order 0, 1, ...
  Answer check(std::size_t k) {
    if (k == 0) {
      // Only the fixed ranges: the others are what the step case must show are kept.
      solver_.add(unrolling_.fixed_ranges(0));
    } else {
      solver_.add(!unrolling_.bad(k - 1));
      solver_.add(unrolling_.transition(k - 1));
      for (std::size_t i = 0; i < k; ++i) solver_.add(unrolling_.differ(i, k));
    }
    if (lemmas_) solver_.add(lemmas_->at(unrolling_.state(k)));
    return check_goal(solver_, unrolling_.bad(k), deadline_);
  }

  SmtPath path(const z3::model& model, std::size_t k) { return unrolling_.path(model, k); }

 private:
  Unrolling unrolling_;
  z3::solver solver_;
  const Deadline& deadline_;
  const Lemmas* lemmas_;
};

// A proof that rests on lemmas is checked again from scratch: the lemmas themselves, and,
// where the step case closed at k <= 1, that "lemmas and not bad" is an inductive
// invariant (init inside it, closed under every step, no bad state inside). What failed.
std::optional<std::string> recheck(const TransitionSystem& ts, const Lemmas& lemmas, std::size_t k,
                                   const Deadline& deadline) {
  if (auto failed = recheck_lemmas(ts, lemmas, deadline)) return failed;
  if (k > 1) return std::nullopt;  // the k-step case itself is the rest of the proof
  Unrolling u(ts);
  z3::solver solver(ts.context());
  z3::expr inside0 = u.fixed_ranges(0) && lemmas.at(u.state(0));
  const std::pair<const char*, z3::expr> obligations[] = {
      {"a bad initial state", u.initial() && u.bad(0)},
      {"a step from inside it to a bad state",
       inside0 && !u.bad(0) && u.transition(0) && lemmas.at(u.state(1)) && u.bad(1)},
      {"a bad state inside it", k == 0 ? inside0 && u.bad(0) : ts.context().bool_val(false)},
  };
  for (const auto& [what, goal] : obligations) {
    Answer a = check_goal(solver, goal, deadline);
    if (a.result == z3::unsat) continue;
    return std::string("the strengthened invariant did not check again: ") +
           (a.result == z3::sat ? what : "z3 gave up (" + a.reason + ")");
  }
  return std::nullopt;
}

SmtOutcome proved(std::size_t k) {
  SmtOutcome out;
  out.kind = SmtOutcome::kProved;
  out.depth = k;
  return out;
}

std::string gave_up(const char* which, std::size_t k, const std::string& reason) {
  return std::string("z3 gave up on the ") + which + " case at k = " + std::to_string(k) + ": " +
         reason;
}

}  // namespace

SmtOutcome run_k_induction(const TransitionSystem& ts, const SmtLimits& limits,
                           const Lemmas* lemmas) {
  return run_k_induction(ts, limits, Deadline(limits.timeout_ms), lemmas);
}

SmtOutcome run_k_induction(const TransitionSystem& ts, const SmtLimits& limits,
                           const Deadline& deadline, const Lemmas* lemmas) {
  BmcSearch base(ts, deadline);
  InductionStep step(ts, deadline, lemmas);
  std::optional<SmtPath> cti;
  for (std::size_t k = 0; k <= limits.max_depth; ++k) {
    // Base first: a bad state reachable in k steps is the answer, whatever the step says.
    z3::check_result b = base.reach(k);
    if (b == z3::sat) return outcome_reached(ts, k, base.trace());
    if (b == z3::unknown) return outcome_unknown(k, gave_up("base", k, base.reason()));
    Answer s = step.check(k);
    if (s.result == z3::unsat) {
      if (lemmas)
        if (auto failed = recheck(ts, *lemmas, k, deadline)) return outcome_unknown(k, *failed);
      return proved(k);
    }
    if (s.result == z3::unknown) return outcome_unknown(k, gave_up("step", k, s.reason));
    cti = step.path(*s.model, k);
  }
  SmtOutcome out = outcome_unknown(
      limits.max_depth, "not k-inductive for any k <= " + std::to_string(limits.max_depth));
  out.cti = std::move(cti);
  return out;
}

}  // namespace synack::checker::smt
