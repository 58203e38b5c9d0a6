// Shared by the symmetry tests: the two-phase commit scenarios (examples/two-phase-commit)
// built at a participant count, checked with or without symmetry, and a refusal's text.
#pragma once

#include <algorithm>
#include <deque>
#include <memory>
#include <numeric>
#include <set>
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

// Brute force over the full search of `s` at `values`: every reachable state, its canonical
// form, its orbit (every renaming of it), whether the form is in the orbit and the same for
// every renaming; and the states the reduced search stores (it must be the orbits).
struct Counts {
  std::size_t states = 0, classes = 0, orbits = 0, reduced = 0;
  std::size_t not_in_orbit = 0, not_invariant = 0;
};

inline Counts brute_force(const synack::Scenario& s, const synack::ParamValues& values) {
  using synack::checker::MemberPermutation;
  using synack::checker::Value;
  auto system = s.build(values);
  std::vector<PropertySpec> props = safety_properties(s);
  synack::checker::SymmetricModel reduced(s.build(values), s.symmetric.at(0), props);
  const auto& sym = reduced.symmetry();
  std::vector<std::vector<int>> all;
  std::vector<int> image(sym.members());
  std::iota(image.begin(), image.end(), 0);
  do all.push_back(image);
  while (std::next_permutation(image.begin(), image.end()));
  std::set<std::vector<Value>> seen{system->initial_state()}, classes, orbits;
  std::deque<std::vector<Value>> queue{system->initial_state()};
  std::vector<Value> next(system->layout().size()), renamed(next.size());
  Counts c;
  while (!queue.empty()) {
    std::vector<Value> state = queue.front();
    queue.pop_front();
    std::vector<Value> canonical = state;
    sym.canonicalize(canonical.data());
    classes.insert(canonical);
    std::set<std::vector<Value>> orbit;
    for (const auto& q : all) {
      sym.apply(MemberPermutation(q), state.data(), renamed.data());
      orbit.insert(renamed);
      std::vector<Value> again = renamed;
      sym.canonicalize(again.data());
      if (again != canonical) ++c.not_invariant;
    }
    if (!orbit.count(canonical)) ++c.not_in_orbit;
    orbits.insert(*orbit.begin());
    for (std::size_t g = 0; g < system->group_count(); ++g)
      if (system->apply(g, state.data(), next.data()) && seen.insert(next).second)
        queue.push_back(next);
  }
  c.states = seen.size();
  c.classes = classes.size();
  c.orbits = orbits.size();
  synack::checker::Limits limits;
  limits.threads = 1;
  auto model = synack::checker::with_symmetry(s.build(values), s.symmetric, props);
  c.reduced = synack::checker::check_properties(*model, props, limits).at(0).states;
  return c;
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
