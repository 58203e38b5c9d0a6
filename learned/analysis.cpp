// The loading report's facts, each computed from the machine as read.
#include "learned/analysis.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "learned/minimise.hpp"

namespace synack::learned {

namespace {

// How many transitions each (state, input) has.
std::vector<std::size_t> transitions_per_pair(const MealyMachine& m) {
  std::vector<std::size_t> count(m.states.size() * m.inputs.size(), 0);
  for (const auto& t : m.transitions) ++count[t.from * m.inputs.size() + t.input];
  return count;
}

}  // namespace

Analysis analyse(const MealyMachine& m) {
  Analysis a;
  a.states = m.states.size();
  a.transitions = m.transitions.size();
  a.inputs = m.inputs.size();
  a.outputs = m.outputs.size();
  std::vector<std::size_t> count = transitions_per_pair(m);
  for (std::size_t s = 0; s < a.states; ++s)
    for (std::size_t i = 0; i < a.inputs; ++i) {
      std::size_t c = count[s * a.inputs + i];
      if (c == 0) a.missing.emplace_back(s, i);
      if (c > 1) a.nondeterministic.emplace_back(s, i);
    }
  std::vector<bool> reachable = reachable_states(m);
  for (std::size_t s = 0; s < a.states; ++s)
    if (!reachable[s]) a.unreachable.push_back(s);
  // Unreachable states add to the file's count but not to the minimal machine's: classes
  // that contain a reachable state.
  Partition p = minimise(m);
  std::vector<bool> used(p.count, false);
  for (std::size_t s = 0; s < a.states; ++s)
    if (reachable[s]) used[p.class_of[s]] = true;
  for (bool u : used) a.minimal_states += u ? 1 : 0;
  return a;
}

void require_deterministic(const MealyMachine& m, const std::string& why) {
  std::vector<const MealyMachine::Transition*> first(m.states.size() * m.inputs.size(), nullptr);
  for (const auto& t : m.transitions) {
    auto& slot = first[t.from * m.inputs.size() + t.input];
    if (!slot) {
      slot = &t;
      continue;
    }
    throw InputError(fmt::format(
        "{}:{}: state {} answers input {} a second time (line {} already: {} -> {}); {} needs "
        "a deterministic model (one transition per state and input)",
        m.source, t.line, m.states[t.from], m.inputs[t.input], slot->line,
        m.outputs[slot->output].text(), m.states[slot->to], why));
  }
}

}  // namespace synack::learned
