// Where one rank's part of the distributed search stands between two rounds: what a
// checkpoint saves and a resume restores (search_checkpoint.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/coverage.hpp"
#include "checker/distributed/owned_states.hpp"

namespace synack::checker::distributed {

struct SearchState {
  explicit SearchState(std::size_t words) : owned(words) {}

  OwnedStates owned;
  std::vector<FrontierEntry> frontier, next_frontier;  // this rank's, by global index
  std::uint64_t level_first = 0, level_last = 0;       // the level's global indices
  std::uint64_t states = 0, transitions = 0;           // global, as one process counts
  std::uint64_t bytes = 0;                             // every rank's, summed
  std::size_t depth = 0;
  Coverage coverage;  // this rank's share until the end
};

}  // namespace synack::checker::distributed
