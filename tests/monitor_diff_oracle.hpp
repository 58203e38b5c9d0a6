// What the explicit engine's step function says about a model, level by level: a plain
// breadth-first search over Model::apply (the explicit engine's own steps and monitors,
// System::apply_with) that goes on past a step a monitor refuses. It gives every shortest
// run length the two engines report: to each property's target (an always's violation,
// a sometimes's witness) and to each monitor error. Both engines are judged against it
// (tests/test_monitor_differential.cpp): the explicit engine stops at the first error it
// meets or when every property is decided, and bmc sees only the errors of the variables
// in its property's cone of influence, so neither alone tells what the other must say.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"

namespace synack::testing::monitor_diff {

struct Oracle {
  bool complete = true;  // false: more than the states allowed
  // Per property: the shortest run to its target, if any.
  std::vector<std::optional<std::size_t>> target;
  // Per error message: the shortest run whose last step fails with it (that step counted).
  std::map<std::string, std::size_t> errors;
};

// "monitor m0: variable a = 4 outside its range 0..3" is about slot "m0.a"; "" for any
// other error.
inline std::string error_slot(const std::string& message) {
  const std::string monitor = "monitor ", variable = ": variable ";
  const std::size_t colon = message.find(variable);
  if (message.rfind(monitor, 0) != 0 || colon == std::string::npos) return "";
  const std::size_t name = colon + variable.size();
  return message.substr(monitor.size(), colon - monitor.size()) + "." +
         message.substr(name, message.find(' ', name) - name);
}

inline Oracle explore(const checker::Model& model,
                      const std::vector<checker::PropertySpec>& properties,
                      std::size_t max_states) {
  using checker::Value;
  Oracle out;
  out.target.assign(properties.size(), std::nullopt);
  std::vector<checker::Expr> exprs;
  for (const checker::PropertySpec& p : properties)
    exprs.push_back(checker::Expr::parse(p.expression, model.layout()));
  std::set<std::vector<Value>> seen;
  std::vector<std::vector<Value>> level{model.initial_state()};
  seen.insert(level.front());
  for (std::size_t depth = 0; !level.empty(); ++depth) {
    for (const std::vector<Value>& s : level)
      for (std::size_t p = 0; p < properties.size(); ++p) {
        const bool holds = exprs[p].eval(s.data()) != 0;
        const bool target = properties[p].kind == checker::PropertyKind::kAlways ? !holds : holds;
        if (target && !out.target[p]) out.target[p] = depth;
      }
    std::vector<std::vector<Value>> next;
    std::vector<Value> to(model.layout().size());
    for (const std::vector<Value>& s : level)
      for (std::size_t g = 0; g < model.group_count(); ++g) {
        try {
          if (!model.apply(g, s.data(), to.data())) continue;
        } catch (const InputError& e) {
          out.errors.emplace(e.what(), depth + 1);  // the first, the shortest, stays
          continue;
        }
        if (seen.insert(to).second) next.push_back(to);
      }
    if (seen.size() > max_states) {
      out.complete = false;
      return out;
    }
    level = std::move(next);
  }
  return out;
}

}  // namespace synack::testing::monitor_diff
