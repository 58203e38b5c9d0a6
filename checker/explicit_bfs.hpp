// The explicit-state engine: breadth-first search over packed states.
//
// Breadth-first order makes every trace it reports a shortest one. All properties of a
// scenario are checked in one exploration; it stops as soon as each is decided, or when
// a limit is hit, which leaves the undecided ones `inconclusive`.
#pragma once

#include <functional>
#include <vector>

#include "checker/limits.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::checker {

// Where a long exploration stands, reported about once a second.
struct Progress {
  std::uint64_t states = 0;
  std::uint64_t queue = 0;  // discovered but not yet expanded
  std::size_t depth = 0;
  std::size_t store_bytes = 0;
  double seconds = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

// Throws InputError for a property expression that does not parse against the model,
// InternalError when a trace fails to replay.
std::vector<Result> check_explicit(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats = nullptr,
                                   const ProgressFn& progress = {});

}  // namespace synack::checker
