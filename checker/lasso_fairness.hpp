// A lasso's cycle checked against the fairness it was found under, on the concrete states
// of the trace and independently of the engine that found it (the explicit engine's fair
// components, the Z3 engines' lasso formulas): a run reported as a fair counterexample
// must be one. Weak fairness wf(A): A takes a step on the cycle, or is disabled in one of
// its states. fair-loss(CH): every message whose delivery on CH is enabled in some state
// of the cycle is delivered on it (discarded deliveries count, as in both engines).
#pragma once

#include "checker/fairness.hpp"
#include "checker/model.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

// Throws InternalError naming the constraint the cycle breaks. A trace without a cycle, or
// one that ends in a state without successors, has nothing to check.
void verify_lasso_fairness(const Model& model, const Fairness& fairness, const Trace& trace);

}  // namespace synack::checker
