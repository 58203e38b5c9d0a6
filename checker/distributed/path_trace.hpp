// A trace to a state some rank owns, rebuilt by asking the owners backwards: the owner of
// each state on the path broadcasts it with its parent's rank and index, until the
// initial state. Every rank gets the whole path and turns it into a Trace as the
// one-process engine does (checker/trace.hpp: the first group in order that leads from
// each state to the next), so the trace is the one a single process reports.
#pragma once

#include <cstdint>

#include "checker/distributed/comm.hpp"
#include "checker/distributed/owned_states.hpp"
#include "checker/model.hpp"
#include "checker/result.hpp"

namespace synack::checker::distributed {

// Collective: every rank calls it with the same `rank`; `local` matters on that rank only.
// InputError naming the part, on every rank alike, for a path through links read from a
// checkpoint part made by hand: a link that is no step of the model, or links that go
// round in a circle.
Trace rebuild_trace(const Comm& comm, const Model& model, const OwnedStates& owned, int rank,
                    std::uint32_t local);

}  // namespace synack::checker::distributed
