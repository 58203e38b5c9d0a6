// Bounded model checking for liveness: the shortest lasso (in total steps) that violates a
// property under its fairness, if one has at most limits.max_depth steps.
//
// At depth k, on one incremental solver that holds the path s0 .. sk: a fresh literal
// loop_l per l < k says "the loop starts at l" (sk is the same explicit state as sl:
// SystemEncoding::same_state), in_loop_i = loop_0 or .. or loop_i, and the violation is
// (checker/smt/lasso_formulas.hpp)
//   pending(sk) and ( nothing enabled in sk
//                    or some loop_l, closing, with the goal false on every loop state and
//                       every fairness constraint met on the loop steps l .. k-1 )
// Weak fairness is a disjunction over the loop steps; fair loss, for each loop state i and
// position p deliverable there, a loop step that delivers the same message. The loop
// start read back is the smallest l whose literal is true. Depths come in order, so the
// first lasso found is a shortest one. States out of the declared ranges are sought first
// at each depth (a target of their own, as in every Z3 engine): such a run is reported
// (SmtOutcome::kOutOfRange), not searched past.
#pragma once

#include "checker/smt/lasso_formulas.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

// kReached (trace and loop_start), kOutOfRange, kBoundHolds (no lasso within max_depth
// steps), or kUnknown (reason).
SmtOutcome run_lasso_bmc(const LassoFormulas& formulas, const SmtLimits& limits);
// The same within a run's `deadline` (its time budget and interrupt), not limits.timeout_ms.
SmtOutcome run_lasso_bmc(const LassoFormulas& formulas, const SmtLimits& limits,
                         const Deadline& deadline);

}  // namespace synack::checker::smt
