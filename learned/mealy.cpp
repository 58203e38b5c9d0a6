// The two behaviours of learned/mealy.hpp's types: how an answer reads, and a step that
// costs the same for a 4-state toy and a 1000-state TCP server.
#include "learned/mealy.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::learned {

std::string Output::text() const {
  if (symbols.empty()) return "-";
  std::string joined = symbols.front();
  for (std::size_t i = 1; i < symbols.size(); ++i) joined += " & " + symbols[i];
  return joined;
}

void MealyMachine::build_step_index() {
  step_index.assign(states.size() * inputs.size(), kNoTransition);
  for (std::size_t t = 0; t < transitions.size(); ++t) {
    const Transition& tr = transitions[t];
    if (tr.from >= states.size() || tr.input >= inputs.size() || tr.to >= states.size() ||
        tr.output >= outputs.size())
      throw InternalError(
          fmt::format("{}: transition {} names a state, input or output that "
                      "does not exist",
                      source, t));
    std::size_t& slot = step_index[tr.from * inputs.size() + tr.input];
    if (slot == kNoTransition) slot = t;  // the first declared wins, as documented
  }
}

std::optional<MealyMachine::Transition> MealyMachine::step(std::size_t state,
                                                           std::size_t input) const {
  // A stale index would answer for another machine: a programming error, said loudly.
  if (step_index.size() != states.size() * inputs.size())
    throw InternalError(fmt::format("{}: MealyMachine::step before build_step_index()", source));
  if (state >= states.size() || input >= inputs.size())
    throw InternalError(fmt::format("{}: step({}, {}) outside {} states x {} inputs", source, state,
                                    input, states.size(), inputs.size()));
  std::size_t t = step_index[state * inputs.size() + input];
  if (t == kNoTransition) return std::nullopt;
  return transitions[t];
}

}  // namespace synack::learned
