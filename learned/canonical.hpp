// A learned model's behaviour as a string: equal strings iff the two models answer every
// input sequence alike (over the same input names). Built by minimising, then numbering
// the minimal machine's states in breadth-first order from the initial state over the
// inputs sorted by name, so state names, state numbering, line order and unreachable or
// duplicate states do not matter; nor do `|` versus `&` or `-` versus `Empty`.
#pragma once

#include <string>

#include "learned/mealy.hpp"

namespace synack::learned {

struct CanonicalForm {
  std::size_t states = 0;  // of the minimal machine
  std::string text;        // one line per state: INPUT/OUTPUT->TARGET ... (see canonical.cpp)
  bool operator==(const CanonicalForm&) const = default;
};

// For a deterministic model (see require_deterministic).
CanonicalForm canonical_form(const MealyMachine& machine);

}  // namespace synack::learned
