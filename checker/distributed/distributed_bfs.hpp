// The explicit engine's breadth-first search (checker/explicit_bfs), partitioned across
// MPI ranks by state hash, with the same answers as one process.
//
// Level-synchronous: a level's parents are expanded in rounds of consecutive global
// indices, every rank its own; successors travel to their owners in one all-to-all
// exchange per round; new states are numbered in key order (round.hpp), which is the
// order one process stores them in. After each round the ranks agree on the earliest
// event of each kind (round_outcome.hpp) and so stop exactly where one process would:
// the same verdicts, state and transition counts, depths and traces, whatever the
// number of ranks. The reported figures are global; `store_bytes` is the sum over ranks.
#pragma once

#include <vector>

#include "checker/distributed/comm.hpp"
#include "checker/explicit_bfs.hpp"

namespace synack::checker::distributed {

// Collective. Throws InputError (a property that does not parse, more ranks than the
// search can address), StepError (a machine that throws on a reachable state, with the
// run to it), InternalError (a trace that does not replay), on every rank alike.
std::vector<Result> check_distributed(const Comm& comm, const Model& model,
                                      const std::vector<PropertySpec>& properties,
                                      const Limits& limits, ExplorationStats* stats,
                                      const ProgressFn& progress);

}  // namespace synack::checker::distributed
