// What `synack learned` reports about a learned model: its size, and whether it is
// deterministic, input-complete, minimal, and free of unreachable states.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "learned/mealy.hpp"

namespace synack::learned {

struct Analysis {
  std::size_t states = 0, transitions = 0, inputs = 0, outputs = 0;
  // (state, input) pairs with more than one transition: a nondeterministic model.
  std::vector<std::pair<std::size_t, std::size_t>> nondeterministic;
  // (state, input) pairs with no transition: the model is not input-complete there.
  std::vector<std::pair<std::size_t, std::size_t>> missing;
  std::vector<std::size_t> unreachable;  // states no input sequence reaches
  // States of the minimal machine equivalent to the reachable part (meaningful only for
  // a deterministic model); the model is minimal iff it equals `states`.
  std::size_t minimal_states = 0;

  bool deterministic() const { return nondeterministic.empty(); }
  bool input_complete() const { return missing.empty(); }
  bool minimal() const { return deterministic() && minimal_states == states; }
};

Analysis analyse(const MealyMachine& machine);

// What a verdict on the model cannot speak for, in one line, or "" when nothing: the
// (state, input) pairs of reachable states with no transition, and the states no input
// sequence reaches ("not input-complete (s2 has no transition for 3 of the 5 inputs);
// unreachable states s0, s1: the verdicts cover only ..."). `check --learned` prints it
// beside the verdicts, which hold of the transitions the model has and nothing more.
std::string verdict_scope_note(const MealyMachine& machine);

// Throws InputError `SOURCE:LINE: ...` naming the first (state, input) that has two
// transitions, for commands that need one answer per input (diff, versions).
void require_deterministic(const MealyMachine& machine, const std::string& why);

}  // namespace synack::learned
