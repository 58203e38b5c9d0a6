// Partition refinement (Moore's algorithm) over a deterministic Mealy machine: which
// states no input sequence tells apart. The analysis reports the minimal machine's size;
// the canonical form (learned/canonical) is built from it.
#pragma once

#include <cstddef>
#include <vector>

#include "learned/mealy.hpp"

namespace synack::learned {

// The states reachable from the initial state, in breadth-first order over the inputs
// in the file's order.
std::vector<bool> reachable_states(const MealyMachine& machine);

// For each state, its class: two states share a class iff no input sequence gives
// different outputs from them. A (state, input) the file does not declare answers
// "undefined", which differs from every output, so partial machines minimise too. For a
// nondeterministic machine the first declared transition is used (see MealyMachine::step).
// Classes are numbered 0..count-1 in order of their first state.
struct Partition {
  std::vector<std::size_t> class_of;
  std::size_t count = 0;
};
Partition minimise(const MealyMachine& machine);

}  // namespace synack::learned
