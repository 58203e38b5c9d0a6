// What the fuzz tests do with one damaged file: read it, and when it loads, use it as
// every command does (analyse, canonical form, compare with itself, draw), and read it
// again as replay does (learned/reference_dot): the two readings must agree. Shared by the
// in-suite fuzz test (test_learned_fuzz.cpp) and the libFuzzer target (fuzz/).
#pragma once

#include <string>

#include "checker/errors.hpp"
#include "learned/analysis.hpp"
#include "learned/canonical.hpp"
#include "learned/dot_reader.hpp"
#include "learned/equivalence.hpp"
#include "learned/reference_dot.hpp"
#include "learned_readings_agree.hpp"
#include "reports/learned_diagram.hpp"

namespace synack::test {

inline void fuzz_one(const std::string& text) {
  learned::MealyMachine m = learned::parse_dot(text, "fuzz.dot", "fuzz");
  if (std::string d = reading_difference(m, learned::parse_reference_model(text)); !d.empty())
    throw InternalError("the reference reader reads another machine: " + d);
  learned::Analysis a = learned::analyse(m);
  if (reports::learned_dot(m).empty()) throw InternalError("an empty drawing");
  if (!a.deterministic()) return;
  learned::CanonicalForm form = learned::canonical_form(m);
  if (form.states != a.minimal_states)
    throw InternalError("canonical form and analysis disagree on the minimal size");
  if (!learned::compare(m, m).equivalent()) throw InternalError("a model differs from itself");
}

}  // namespace synack::test
