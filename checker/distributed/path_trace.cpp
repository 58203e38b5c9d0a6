#include "checker/distributed/path_trace.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "checker/distributed/search_checkpoint.hpp"
#include "checker/errors.hpp"
#include "checker/trace.hpp"

namespace synack::checker::distributed {

namespace {

// A state on the path: where it is stored, and whether its parent link was read from a
// checkpoint part (then a link that is no step is that file's fault, not synack's).
struct Stop {
  int rank;
  std::uint32_t local;
  bool restored;
};

// Collective, on every rank alike (each has the same path): `at`'s part is refused,
// named by the rank that read it.
[[noreturn]] void refuse_part(const Comm& comm, const OwnedStates& owned, const Stop& at,
                              const std::string& why) {
  if (!at.restored) throw InternalError("a distributed trace's path is broken: " + why);
  Words file;
  if (comm.rank() == at.rank) file = words_of(owned.store.restored_from());
  comm.broadcast(file, at.rank);
  throw InputError(hand_made(text_of(file.data(), file.size()), why));
}

// Whether some group leads from `from` to `to` (both packed). The search stores only
// such links; a part made by hand may hold others, which the trace's reconstruction
// would take for synack's own bug (exit 4).
bool is_step(const Model& model, const Words& from, const Words& to) {
  const Layout& layout = model.layout();
  std::vector<Value> parent(layout.size()), child(layout.size()), next(layout.size());
  layout.unpack(from.data(), parent.data());
  layout.unpack(to.data(), child.data());
  for (std::size_t g = 0; g < model.group_count(); ++g)
    if (model.apply(g, parent.data(), next.data()) && next == child) return true;
  return false;
}

}  // namespace

Trace rebuild_trace(const Comm& comm, const Model& model, const OwnedStates& owned, int rank,
                    std::uint32_t local) {
  const std::size_t words = model.layout().words();
  std::vector<Words> path;  // from the state back to the initial one
  std::vector<Stop> stops;  // where each is
  // A part made by hand can link states in a circle, which would be followed forever.
  std::unordered_set<std::uint64_t> visited;
  for (;;) {
    // The owner's: the state, its index (the caller's `local` means something there
    // only), its parent's rank and index, and whether its link was read from a part.
    Words step;
    if (comm.rank() == rank) {
      step.resize(words);
      owned.store.state(local, step.data());
      step.push_back(local);
      step.push_back(owned.parent_rank[local]);
      step.push_back(owned.parent_local[local]);
      step.push_back(local < owned.store.restored());
    }
    comm.broadcast(step, rank);
    if (step.size() != words + 4) throw InternalError("a distributed trace's path is broken");
    local = static_cast<std::uint32_t>(step[words]);
    stops.push_back({rank, local, step[words + 3] != 0});
    visited.insert((static_cast<std::uint64_t>(rank) << 32) | local);
    const auto parent_rank = static_cast<int>(step[words + 1]);
    const auto parent = static_cast<std::uint32_t>(step[words + 2]);
    step.resize(words);
    path.push_back(std::move(step));
    if (parent == StateStore::kNoParent) break;
    if (visited.count((static_cast<std::uint64_t>(parent_rank) << 32) | parent))
      refuse_part(comm, owned, stops.back(),
                  fmt::format("the parent links from state {} of rank {} go round in a circle",
                              local, rank));
    rank = parent_rank;
    local = parent;
  }
  // From the initial state on, the first link read from a part that is no step.
  for (std::size_t k = path.size() - 1; k > 0; --k)
    if (stops[k - 1].restored && !is_step(model, path[k], path[k - 1]))
      refuse_part(comm, owned, stops[k - 1],
                  fmt::format("state {} is no step from its parent, state {} of rank {}",
                              stops[k - 1].local, stops[k].local, stops[k].rank));
  // The path as a store of its own, each state the parent of the next: the one-process
  // reconstruction reads it as it reads its own store.
  StateStore store(model.layout(), owned.store.kind());
  std::uint32_t previous = StateStore::kNoParent;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    auto inserted = store.insert(it->data(), previous);
    if (!inserted || !inserted.added())
      throw InternalError("a distributed trace visits a state twice");
    previous = inserted.index();
  }
  return reconstruct_trace(model, store, previous);
}

}  // namespace synack::checker::distributed
