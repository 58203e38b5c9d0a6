// One entry point for every property kind: safety properties go to the breadth-first
// engine (which stops as soon as each is decided), liveness properties to the
// state-graph engine. Results come back in the order the properties were given.
// `safety_stats` receives the breadth-first search's figures, when it ran, and the coverage
// of the search that saw more states: the liveness engine's graph when it is complete and
// the breadth-first search stopped early or did not run.
#pragma once

#include <vector>

#include "checker/explicit_bfs.hpp"

namespace synack::checker {

std::vector<Result> check_properties(const Model& model,
                                     const std::vector<PropertySpec>& properties,
                                     const Limits& limits, const ProgressFn& progress = {},
                                     ExplorationStats* safety_stats = nullptr);

}  // namespace synack::checker
