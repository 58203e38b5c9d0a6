// Folding a learned model's transitions into few edges and labels.
#include "reports/learned_diagram.hpp"

#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "learned/minimise.hpp"

namespace synack::reports {

namespace {

// Escapes for a DOT string in which "\l" ends a left-aligned line.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Input lists wrap after this many characters, so that no label is a single long line.
constexpr std::size_t kWrap = 48;

// "IN1, IN2, IN3 / OUT" wrapped into left-aligned DOT lines, after `prefix`.
std::string group_lines(const std::vector<std::string>& inputs, const std::string& output,
                        const std::string& prefix = "") {
  std::string text, line = prefix;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    std::string item = inputs[k] + (k + 1 < inputs.size() ? "," : "");
    if (!line.empty() && line.size() + 1 + item.size() > kWrap) {
      text += escape(line) + "\\l";
      line = "  ";
    }
    line += (line.empty() || line == "  " || line == prefix ? "" : " ") + item;
  }
  return text + escape(line + " / " + output) + "\\l";
}

// (target, output) -> the inputs that take it, from one state, in file order.
using Groups = std::map<std::pair<std::size_t, std::size_t>, std::vector<std::string>>;

// A state every input leaves in place (a closed connection) entered from this many other
// states, or in a large model any state entered from many (TCP's CLOSED, LISTEN), is
// drawn once with its answers and once more, small, beside each state that enters it:
// otherwise its edges cross the whole drawing.
constexpr std::size_t kCopiedSinkSources = 3;
constexpr std::size_t kLargeModelStates = 16;
constexpr std::size_t kCopiedHubSources = 6;

std::vector<bool> copied_sinks(const learned::MealyMachine& m, const std::vector<Groups>& from) {
  std::vector<bool> absorbing(m.states.size(), true);
  std::vector<std::set<std::size_t>> sources(m.states.size());
  for (std::size_t s = 0; s < m.states.size(); ++s)
    for (const auto& [key, inputs] : from[s])
      if (key.first != s) {
        absorbing[s] = false;
        sources[key.first].insert(s);
      }
  bool large = m.states.size() > kLargeModelStates;
  std::vector<bool> copied(m.states.size());
  for (std::size_t s = 0; s < m.states.size(); ++s)
    copied[s] = (absorbing[s] && sources[s].size() >= kCopiedSinkSources) ||
                (large && sources[s].size() >= kCopiedHubSources);
  return copied;
}

}  // namespace

std::string learned_dot(const learned::MealyMachine& m) {
  std::vector<Groups> from(m.states.size());
  for (const auto& t : m.transitions) from[t.from][{t.to, t.output}].push_back(m.inputs[t.input]);
  std::vector<bool> reachable = learned::reachable_states(m);
  std::vector<bool> copied = copied_sinks(m, from);

  std::string out = "digraph learned {\n";
  out += fmt::format(
      "  label=\"{}: {} states, {} transitions\"; labelloc=t; "
      "fontname=\"Helvetica\";\n",
      escape(m.name), m.states.size(), m.transitions.size());
  // Left to right reads like a handshake; the big TCP models lay out better top-down.
  out += m.states.size() <= 16 ? "  rankdir=LR;\n" : "  rankdir=TB; ranksep=0.6;\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  out += "  __start [shape=point, width=0.12];\n";
  for (std::size_t s = 0; s < m.states.size(); ++s) {
    std::string label = escape(m.states[s]) + (s == m.initial ? " (initial)" : "") +
                        (reachable[s] ? "" : " (unreachable)") + "\\n";
    for (const auto& [key, inputs] : from[s])
      if (key.first == s) label += group_lines(inputs, m.outputs[key.second].text(), "\u21ba ");
    if (copied[s]) label += "(drawn again, dashed, beside each state that enters it)\\l";
    out += fmt::format("  n{} [label=\"{}\"{}];\n", s, label,
                       reachable[s] ? "" : ", style=\"rounded,dashed\", color=gray50");
  }
  out += fmt::format("  __start -> n{};\n", m.initial);
  for (std::size_t s = 0; s < m.states.size(); ++s) {
    // Every transition to one target is one edge; its label lists the answers.
    std::map<std::size_t, std::string> edges;
    for (const auto& [key, inputs] : from[s])
      if (key.first != s) edges[key.first] += group_lines(inputs, m.outputs[key.second].text());
    for (const auto& [target, label] : edges) {
      if (!copied[target]) {
        out += fmt::format("  n{} -> n{} [label=\"{}\"];\n", s, target, label);
        continue;
      }
      out += fmt::format("  c{}_{} [label=\"{}\", style=\"rounded,dashed\", fontsize=9];\n", s,
                         target, escape(m.states[target]));
      out += fmt::format("  n{} -> c{}_{} [label=\"{}\"];\n", s, s, target, label);
    }
  }
  return out + "}\n";
}

}  // namespace synack::reports
