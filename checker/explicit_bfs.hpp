// The explicit-state engine: breadth-first search over packed states.
//
// Breadth-first order makes every trace it reports a shortest one. All properties of a
// scenario are checked in one exploration; it stops as soon as each is decided, or when
// a limit is hit, which leaves the undecided ones `inconclusive`.
#pragma once

#include <vector>

#include "checker/limits.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::checker {

// Throws InputError for a property expression that does not parse against the model,
// InternalError when a trace fails to replay.
std::vector<Result> check_explicit(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats = nullptr);

}  // namespace synack::checker
