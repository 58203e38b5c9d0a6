// Shared helpers: build a bundled scenario with parameters and check it.
#pragma once

#include <string>
#include <vector>

#include "checker/check.hpp"
#include "checker/smt/smt_check.hpp"
#include "properties/params.hpp"
#include "properties/registry.hpp"

namespace synack::testing {

struct Checked {
  std::unique_ptr<checker::Model> model;
  std::vector<checker::PropertySpec> properties;
  std::vector<checker::Result> results;

  const checker::Result& result(const std::string& property) const {
    for (const auto& r : results)
      if (r.property == property) return r;
    throw std::logic_error("no result for " + property);
  }
  // "actor event message" per step (or "actor event" without messages), for comparing
  // whole traces in one assertion.
  std::vector<std::string> steps(const std::string& property, bool with_messages = true) const {
    std::vector<std::string> out;
    for (const auto& s : result(property).trace.value().steps) {
      std::string line = s.info.actor + " " + s.info.event;
      if (with_messages && !s.info.message.empty()) line += " " + s.info.message;
      out.push_back(line);
    }
    return out;
  }
  std::vector<std::string> events(const std::string& property) const {
    return steps(property, false);
  }
};

inline std::unique_ptr<checker::Model> build(const std::string& scenario,
                                             const std::vector<std::string>& sets = {}) {
  auto all = properties::bundled_scenarios();
  const auto& s = properties::find_scenario(all, scenario);
  std::vector<properties::Assignment> assignments;
  for (const auto& text : sets) assignments.push_back(properties::parse_assignment(text));
  return s.build(properties::resolve_params(s, assignments));
}

inline Checked check(const std::string& scenario, const std::vector<std::string>& sets = {},
                     checker::Limits limits = {}) {
  auto all = properties::bundled_scenarios();
  Checked c;
  c.properties = properties::find_scenario(all, scenario).properties;
  c.model = build(scenario, sets);
  c.results = checker::check_properties(*c.model, c.properties, limits);
  return c;
}

// One bundled property answered by a Z3 engine; BMC searches to `depth`, k-induction
// tries k up to it.
inline checker::Result check_smt(const std::string& scenario, const std::string& property,
                                 const std::vector<std::string>& sets, checker::smt::Engine engine,
                                 std::size_t depth) {
  auto model = build(scenario, sets);
  auto all = properties::bundled_scenarios();
  const auto* spec = properties::find_scenario(all, scenario).property(property);
  if (!spec) throw std::logic_error("no property " + property + " in " + scenario);
  checker::smt::SmtLimits limits;
  limits.max_depth = depth;
  return checker::smt::check_with_smt(*model, {*spec}, engine, limits).at(0);
}

}  // namespace synack::testing
