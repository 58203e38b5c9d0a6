// Shortening a swarm member's findings: a breadth-first search from the initial state
// that only steps onto states the member visited. A depth-first search reaches its
// findings by long detours; the states it stored on the way usually hold a much shorter
// way to the same kind of state, and breadth-first order finds the shortest of those.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "checker/model.hpp"
#include "checker/state_store.hpp"
#include "checker/swarm/targets.hpp"

namespace synack::checker {

using FoundPaths = std::vector<std::optional<std::vector<std::size_t>>>;

// For each property with a path in `found`, the groups of the shortest path through
// `visited` (state 0 the initial state) to a state that decides it; none for the others,
// and none for any not reached before `stop` said so (checked every 1,024 states: the
// swarm's time budget and an interrupt end the shortening too).
FoundPaths shortest_within(const Model& model, const Targets& targets, const StateStore& visited,
                           const FoundPaths& found, const std::function<bool()>& stop);

}  // namespace synack::checker
