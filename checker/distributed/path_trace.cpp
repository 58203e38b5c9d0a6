#include "checker/distributed/path_trace.hpp"

#include <algorithm>

#include "checker/errors.hpp"
#include "checker/trace.hpp"

namespace synack::checker::distributed {

Trace rebuild_trace(const Comm& comm, const Model& model, const OwnedStates& owned, int rank,
                    std::uint32_t local) {
  const std::size_t words = model.layout().words();
  std::vector<Words> path;  // from the state back to the initial one
  for (;;) {
    Words step;
    if (comm.rank() == rank) {
      step.resize(words);
      owned.store.state(local, step.data());
      step.push_back(owned.parent_rank[local]);
      step.push_back(owned.parent_local[local]);
    }
    comm.broadcast(step, rank);
    if (step.size() != words + 2 || path.size() > owned.store.kCapacity)
      throw InternalError("a distributed trace's path is broken");
    const auto parent = static_cast<std::uint32_t>(step[words + 1]);
    rank = static_cast<int>(step[words]);
    local = parent;
    step.resize(words);
    path.push_back(std::move(step));
    if (parent == StateStore::kNoParent) break;
  }
  // The path as a store of its own, each state the parent of the next: the one-process
  // reconstruction reads it as it reads its own store.
  StateStore store(model.layout(), owned.store.kind());
  std::uint32_t previous = StateStore::kNoParent;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    auto inserted = store.insert(it->data(), previous);
    if (!inserted || !inserted->second)
      throw InternalError("a distributed trace visits a state twice");
    previous = inserted->first;
  }
  return reconstruct_trace(model, store, previous);
}

}  // namespace synack::checker::distributed
