// Shared by the symmetry tests: the two-phase commit scenarios (examples/two-phase-commit)
// built at a participant count, checked with or without symmetry, and a refusal's text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/symmetry/symmetric_model.hpp"
#include "scenarios.hpp"

namespace symmetry_test {

using synack::checker::Model;
using synack::checker::PropertySpec;
using synack::checker::Result;

inline const synack::Scenario& scenario(const std::string& name) {
  static const std::vector<synack::Scenario> all = two_phase::scenarios();
  return synack::properties::find_scenario(all, name);
}

inline std::vector<PropertySpec> safety_properties(const synack::Scenario& s) {
  std::vector<PropertySpec> out;
  for (const PropertySpec& p : s.properties)
    if (!synack::checker::is_liveness(p.kind)) out.push_back(p);
  return out;
}

inline std::unique_ptr<Model> build(const synack::Scenario& s, int rms,
                                    const synack::ParamValues& settings = {}) {
  synack::ParamValues values = s.defaults();
  values["rm.count"] = rms;
  for (const auto& [name, value] : settings) values[name] = value;
  return s.build(values);
}

// The refusal's one line, or "(accepted)".
inline std::string refusal(const synack::Scenario& s, int rms,
                           const std::vector<PropertySpec>& props) {
  try {
    synack::checker::with_symmetry(build(s, rms), s.symmetric, props);
  } catch (const synack::InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace symmetry_test
