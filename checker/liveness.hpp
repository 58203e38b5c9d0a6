// The liveness engine: eventually, leads-to and always-eventually under fairness, on the
// whole reachable state graph.
//
// Each property reduces to one question: is there a fair run that, from some point
// (the initial state for eventually, a state satisfying the premise for leads-to, any
// state for always-eventually), stays forever in the states that avoid the goal? Such a
// run ends either in a state with no successor or in a cycle; the engine looks for
// strongly connected components of the avoiding states that can host a fair cycle
// (Emerson-Lei: a component failing a strong fairness constraint loses the states where
// that constraint is enabled and is decomposed again). A violation comes as a lasso: the
// shortest prefix to the nearest such component, then a cycle through it that meets
// every fairness constraint, replayed through the real machines.
#pragma once

#include <vector>

#include "checker/explicit_bfs.hpp"
#include "checker/limits.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::checker {

// Every property must be a liveness kind. `stats` receives the graph's figures and its
// coverage, counted as the breadth-first engine counts it (checker/coverage.hpp). Throws InputError
// for an expression or a fairness constraint that does not resolve against the model, InternalError
// when a lasso fails to replay.
std::vector<Result> check_liveness(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats = nullptr,
                                   const ProgressFn& progress = {});

// A lasso (Trace::cycle_start set) must end where its cycle began, or, with an empty
// cycle, in a state with no successor, and replay through the real machines. Throws
// InternalError otherwise. Every liveness counterexample passes here, whichever engine
// found it.
void verify_lasso(const Model& model, const Trace& trace);

}  // namespace synack::checker
