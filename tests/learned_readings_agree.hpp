// Whether replay's reference reading of a learned model (learned/reference_dot) is the
// machine the main reader (learned/dot_reader) read: the same states in the same order,
// the same initial state, every edge in file order with the same input, target and output
// symbols. Shared by the differential test (test_learned_reference_dot.cpp) and the fuzz
// checks (learned_fuzz_one.hpp).
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>

#include "learned/mealy.hpp"
#include "learned/reference_dot.hpp"

namespace synack::test {

inline std::string symbols_text(const std::vector<std::string>& symbols) {
  std::string out = "[";
  for (const std::string& s : symbols) out += "<" + s + ">";
  return out + "]";
}

// The first difference between the two readings; empty when they read the same machine.
inline std::string reading_difference(const learned::MealyMachine& m,
                                      const learned::ReferenceModel& r) {
  if (m.states != r.states)
    return fmt::format("states: main has {}, reference {}", m.states.size(), r.states.size());
  if (m.states.at(m.initial) != r.initial)
    return fmt::format("initial state: main {}, reference {}", m.states[m.initial], r.initial);
  if (m.transitions.size() != r.edges.size())
    return fmt::format("edges: main {}, reference {}", m.transitions.size(), r.edges.size());
  for (std::size_t k = 0; k < r.edges.size(); ++k) {
    const auto& t = m.transitions[k];
    const auto& e = r.edges[k];
    std::string main = fmt::format("{} -> {} on <{}> answers {}", m.states[t.from], m.states[t.to],
                                   m.inputs[t.input], symbols_text(m.outputs[t.output].symbols));
    std::string reference =
        fmt::format("{} -> {} on <{}> answers {}", e.from, e.to, e.input, symbols_text(e.symbols));
    if (main != reference)
      return fmt::format("line {}: main reads {}, reference {}", t.line, main, reference);
  }
  return {};
}

}  // namespace synack::test
