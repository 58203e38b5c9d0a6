// A distributed resume's check that the model is still the one that wrote the checkpoint,
// as the one-process resume's check_restored_successors (checker/checkpoint_store.hpp):
// the identity and the files' digests cannot see a machine edited and built again, whose
// expanded states would then lack successors the search never takes. Each rank expands
// again the first and last `sample` states its part counts as expanded, sends every
// successor to its owner, and each owner says which it does not hold.
#pragma once

#include <cstdint>
#include <string>

#include "checker/distributed/comm.hpp"
#include "checker/distributed/search_state.hpp"
#include "checker/model.hpp"

namespace synack::checker::distributed {

// Collective. `next_parent`: the global index of the level's first parent not expanded.
// Returns, on the rank that found it, what is wrong (naming `where`, the checkpoint), or
// "": the caller passes it to throw_if_any_failed.
std::string expanded_successors_fault(const Comm& comm, const Model& model, const SearchState& st,
                                      std::uint64_t next_parent, const std::string& where,
                                      std::uint32_t sample = 512);

}  // namespace synack::checker::distributed
