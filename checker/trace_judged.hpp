// A verdict's trace judged again by the explicit evaluator, on the states the real
// machines reached when it was replayed: every Z3 trace (however the encoding put the
// property) and every liveness lasso, whichever engine built it. The property's own
// expression must agree with the verdict; a disagreement is synack's bug (InternalError),
// never a verdict. (The breadth-first engines' traces end in the state the same evaluator
// judged when the search stored it.)
#pragma once

#include <string_view>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::checker {

// `trace` is the evidence of `p`'s verdict as `engine` reported it (a violation of always
// or of a liveness kind, a witness of sometimes), already replayed. Checks that:
// - always: its last state violates the expression; sometimes: its last state satisfies it;
// - eventually: no state of the lasso satisfies the goal;
// - always-eventually: no state of the cycle does;
// - leads-to: some state satisfies the premise, and no state from there on satisfies the
//   consequence (the whole cycle, which repeats, when the premise state is in it).
// Not re-checked: the fairness of the cycle (the engines' own construction), and
// deadlock-free, whose evidence is a state without successors (checked by replay).
void confirm_trace_judges(const Model& model, const PropertySpec& p, const Trace& trace,
                          std::string_view engine);

}  // namespace synack::checker
