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

std::string verdict_scope_note(const MealyMachine& m) {
  const std::vector<std::size_t> count = transitions_per_pair(m);
  const std::vector<bool> reachable = reachable_states(m);
  // Per reachable state lacking some input: how many it lacks. (An unreachable state's
  // gaps do not matter: no run gets there.)
  std::vector<std::pair<std::size_t, std::size_t>> lacking;
  std::size_t missing_pairs = 0;
  for (std::size_t s = 0; s < m.states.size(); ++s) {
    if (!reachable[s]) continue;
    std::size_t lacks = 0;
    for (std::size_t i = 0; i < m.inputs.size(); ++i) lacks += count[s * m.inputs.size() + i] == 0;
    if (lacks > 0) lacking.emplace_back(s, lacks);
    missing_pairs += lacks;
  }
  std::vector<std::string> unreachable;
  for (std::size_t s = 0; s < m.states.size(); ++s)
    if (!reachable[s]) unreachable.push_back(m.states[s]);
  if (lacking.empty() && unreachable.empty()) return "";

  constexpr std::size_t kNamed = 3;  // states named before "and N more"
  auto of_inputs = [&](std::size_t lacks) {
    return lacks == m.inputs.size() ? fmt::format("all {} inputs", lacks)
                                    : fmt::format("{} of the {} inputs", lacks, m.inputs.size());
  };
  std::vector<std::string> parts;
  if (lacking.size() == 1) {
    parts.push_back(fmt::format("not input-complete ({} has no transition for {})",
                                m.states[lacking[0].first], of_inputs(lacking[0].second)));
  } else if (!lacking.empty()) {
    std::string states;
    for (std::size_t k = 0; k < lacking.size() && k < kNamed; ++k)
      states += fmt::format("{}{} for {}", k ? ", " : "", m.states[lacking[k].first],
                            k ? std::to_string(lacking[k].second) : of_inputs(lacking[k].second));
    if (lacking.size() > kNamed)
      states += fmt::format(" and {} more states", lacking.size() - kNamed);
    parts.push_back(
        fmt::format("not input-complete (no transition for {} (state, input) pairs: {})",
                    missing_pairs, states));
  }
  if (!unreachable.empty()) {
    std::string states;
    for (std::size_t k = 0; k < unreachable.size() && k < kNamed; ++k)
      states += (k ? ", " : "") + unreachable[k];
    if (unreachable.size() > kNamed)
      states += fmt::format(" and {} more", unreachable.size() - kNamed);
    parts.push_back(
        fmt::format("unreachable state{} {}", unreachable.size() == 1 ? "" : "s", states));
  }
  const char* covered = lacking.empty() ? "the states the model reaches"
                        : unreachable.empty()
                            ? "the transitions the model has"
                            : "the transitions the model has, from the states it reaches";
  std::string note;
  for (const std::string& p : parts) note += (note.empty() ? "" : "; ") + p;
  return fmt::format("{}: the verdicts cover only {}", note, covered);
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
