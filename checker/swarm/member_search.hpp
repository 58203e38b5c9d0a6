// One swarm member: a depth-first search with its own visited set, depth bound and group
// order (checker/swarm/member_plan.hpp).
//
// The visited set is exact (a StateStore of packed states, the explicit engine's), and
// keeps for each state the smallest depth it was reached at. Once the search has left a
// state unexpanded at its depth bound, a state met again at a smaller depth is searched
// again from there (before that, every expanded state had its successors searched in
// full). So a search that ends without a limit has seen every state within its depth
// bound at its true distance, and has found whatever there is to find within it.
//
// Once every property has a finding, the member goes on looking for shorter ones: its
// depth bound drops to one less than its longest finding, and again with each
// improvement (SPIN's iterative shortening). When its search ends, each finding is made
// shorter still by a breadth-first search over the states the member visited
// (checker/swarm/shortest_within.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "checker/model.hpp"
#include "checker/swarm/member_plan.hpp"
#include "checker/swarm/swarm.hpp"
#include "checker/swarm/targets.hpp"

namespace synack::checker {

// A step that left a declared range (the interpreter's InputError): the run to it.
struct StepFailure {
  std::vector<std::size_t> path;  // the groups before the failing step
  std::size_t group = 0;          // the step that failed
  std::string what;
};

struct MemberFindings {
  MemberReport report;
  // Per property: the groups of the shortest path this member found to a target.
  std::vector<std::optional<std::vector<std::size_t>>> paths;
  std::vector<std::uint64_t> hashes;  // of every state visited, sorted, for the union
  std::size_t store_bytes = 0;
  std::optional<StepFailure> step_failure;
  std::exception_ptr error;  // anything else the member threw (rethrown by the swarm)
};

using SwarmClock = std::chrono::steady_clock;

// Never throws: what goes wrong is in MemberFindings::error or ::step_failure.
MemberFindings search_member(const Model& model, const Targets& targets, const MemberPlan& plan,
                             const SwarmOptions& options, SwarmClock::time_point swarm_start);

}  // namespace synack::checker
