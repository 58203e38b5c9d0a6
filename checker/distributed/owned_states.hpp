// The states one rank owns (those whose hash maps to it: position.hpp's owner_of), in
// the order it stored them, with the parent each was reached from first: its rank and
// its index there, all a trace needs to be rebuilt across ranks (path_trace.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/state_store.hpp"

namespace synack::checker::distributed {

struct OwnedStates {
  OwnedStates(const Layout& layout, StoreKind kind) : store(layout, kind) {}

  StateStore store;  // its own parent field is unused: parents live on other ranks
  std::vector<std::uint32_t> parent_local;  // StateStore::kNoParent for the initial state
  std::vector<std::uint16_t> parent_rank;

  // By sizes, not capacities: a resume rebuilds these vectors at other capacities than
  // the run that wrote the checkpoint grew, and `--max-memory` must stop the resumed run
  // where that run, never stopped, would have.
  std::size_t bytes() const {
    return store.bytes() + parent_local.size() * sizeof(std::uint32_t) +
           parent_rank.size() * sizeof(std::uint16_t);
  }
};

// A state waiting to be expanded: its global BFS index and where this rank stores it.
struct FrontierEntry {
  std::uint64_t index = 0;
  std::uint32_t local = 0;
};

}  // namespace synack::checker::distributed
