// Random walks with Z3's own step relation, for Houdini (checker/smt/houdini.hpp): states
// that every candidate of the greatest inductive subset holds in, found by cheap, fully
// pinned solver calls instead of a search for a counterexample to induction.
//
// Let K be the greatest inductive subset of Houdini's live candidates: init => K, and
// K /\ premise /\ trans => K', where the premise is the step solver's (not bad, fixed
// ranges, assumed facts). A walk's every step is a model of exactly that solver, started
// from an initial state (K holds there) or from a state K holds in (a counterexample to
// induction satisfies every live candidate, so K; its successor too). So K holds on every
// state of a walk, a candidate false on one is not in K, and dropping it early changes
// nothing Houdini returns. Unlike the explicit interpreter's neighbourhood (which only
// proposes, checker/smt/cti_neighbourhood.hpp), a walk needs no confirmation and works on
// any TransitionSystem: the liveness-to-safety product too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include <z3++.h>

#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

struct WalkLimits {
  std::size_t walks = 24;     // from the initial state, before the first step query
  std::size_t steps = 24;     // per walk from the initial state
  std::size_t cti_steps = 4;  // from each counterexample to induction's successor
};

class StepWalker {
 public:
  // `step`: a solver asserting the premise and the transition from `before` by `input` to
  // `after` (Houdini's step solver; other literals in it are left unassumed, so free).
  StepWalker(z3::solver& step, const z3::expr_vector& before, const z3::expr_vector& input,
             const z3::expr_vector& after, const std::vector<SmtVar>& input_vars,
             std::uint64_t seed);

  // A successor of `from` by a step of the premise, inputs chosen at random where Z3
  // allows (else as Z3 picks them); none where `from` has none (bad, dead, outside the
  // premise).
  std::optional<std::vector<std::int64_t>> successor(const std::vector<std::int64_t>& from);

  // Up to `steps` states after `from`, each a successor of the one before.
  std::vector<std::vector<std::int64_t>> walk(std::vector<std::int64_t> from, std::size_t steps);

 private:
  std::optional<std::vector<std::int64_t>> ask(const z3::expr_vector& assumptions);

  z3::solver& solver_;
  z3::expr_vector before_, input_, after_;
  const std::vector<SmtVar>& input_vars_;
  std::mt19937_64 random_;
};

}  // namespace synack::checker::smt
