// Coverage counted where the breadth-first search cannot simply add what its workers
// counted (checker/coverage.hpp): a block the search stops inside.
#pragma once

#include <cstddef>
#include <cstdint>

#include "checker/coverage.hpp"
#include "checker/model.hpp"
#include "checker/state_store.hpp"
#include "checker/successors.hpp"

namespace synack::checker {

// The rows fired by the block's first `committed` successors: all of them, or (the search
// stopped inside the block) those it took, counted again by applying them.
void add_block_rows(const Model& model, const StateStore& store, const ExpandedBlock& block,
                    std::size_t committed, Coverage& coverage);

}  // namespace synack::checker
