// Where one rank's part of the distributed search stands between two rounds (what a
// checkpoint saves and a resume restores: search_checkpoint.hpp), and the figures of the
// whole search at its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/coverage.hpp"
#include "checker/distributed/comm.hpp"
#include "checker/distributed/owned_states.hpp"
#include "checker/result.hpp"

namespace synack::checker::distributed {

struct SearchState {
  SearchState(const Layout& layout, StoreKind kind) : owned(layout, kind) {}

  OwnedStates owned;
  std::vector<FrontierEntry> frontier, next_frontier;  // this rank's, by global index
  std::uint64_t level_first = 0, level_last = 0;       // the level's global indices
  std::uint64_t states = 0, transitions = 0;           // global, as one process counts
  std::uint64_t bytes = 0;                             // every rank's, summed
  std::size_t depth = 0;
  Coverage coverage;  // this rank's share until the end
};

// The figures of the whole search, as one process reports them: the coverage counts
// summed over the ranks, the global counts, and how the search ended (`exhausted`: the
// frontier ran out; else `limit`, or every property decided). Collective.
ExplorationStats sum_over_ranks(const Comm& comm, const SearchState& state, bool exhausted,
                                const std::string& limit);

}  // namespace synack::checker::distributed
