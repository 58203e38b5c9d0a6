// A learned Mealy machine as a Graphviz digraph, laid out as the machines are
// (reports/diagram_layout), readable at the size of the real models (57 states x 12
// inputs, 684 transitions): transitions between the same two states become one edge,
// self-loops a list inside their state, and inputs that get the same answer are written
// once: "CLOSE, RCV / -".
#pragma once

#include <string>

#include "learned/mealy.hpp"

namespace synack::reports {

// A complete `digraph`, ready for render_dot (reports/graphviz.hpp).
std::string learned_dot(const learned::MealyMachine& machine);

}  // namespace synack::reports
