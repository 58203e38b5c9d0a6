// Turning a path through the state store into a trace a person can read, and proving it
// real by replaying it through the actual machines.
#pragma once

#include <cstdint>

#include "checker/model.hpp"
#include "checker/result.hpp"
#include "checker/state_store.hpp"

namespace synack::checker {

// The path from the initial state to `index`, following BFS parents.
Trace reconstruct_trace(const Model& model, const StateStore& store, std::uint32_t index);

// Replays the trace through the real machines; throws InternalError on divergence.
void verify_by_replay(const Model& model, const Trace& trace);

}  // namespace synack::checker
