// A learned model drawn like a machine (reports/diagram_layout): its transitions grouped
// into "INPUTS / ANSWER" items.
#include "reports/learned_diagram.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "learned/minimise.hpp"
#include "reports/diagram_layout.hpp"

namespace synack::reports {

std::string learned_dot(const learned::MealyMachine& m) {
  // (target, output) -> the inputs that take it, from one state, in file order.
  using Groups = std::map<std::pair<std::size_t, std::size_t>, std::vector<std::string>>;
  std::vector<Groups> from(m.states.size());
  for (const auto& t : m.transitions) from[t.from][{t.to, t.output}].push_back(m.inputs[t.input]);
  std::vector<bool> reachable = learned::reachable_states(m);

  DiagramGraph g;
  g.title =
      fmt::format("{}: {} states, {} transitions", m.name, m.states.size(), m.transitions.size());
  g.separator = std::string(1, '\n');  // one line per answer
  g.wrap = 36;
  for (std::size_t s = 0; s < m.states.size(); ++s) {
    std::string name = m.states[s];
    if (!reachable[s]) name += " (unreachable)";
    g.nodes.push_back({name, {}, !reachable[s]});
  }
  g.initial = m.initial;
  for (std::size_t s = 0; s < m.states.size(); ++s)
    for (const auto& [key, inputs] : from[s]) {
      std::string text;
      for (const std::string& input : inputs) text += (text.empty() ? "" : ", ") + input;
      text += " / " + m.outputs[key.second].text();
      g.add(s, key.first, {text, text, GraphItem::Mark::kPlain});
    }
  return diagram_dot(g, {"learned", true, false});
}

}  // namespace synack::reports
