// The form of a liveness property's fairness constraints (checker/fairness.hpp has their
// meaning), checked without a model: a scenario's builder refuses a misspelt constraint
// when the scenario is built, so the tool refuses it at once, naming the property, and
// not only when the property is checked. Whether the actor, group or channel it names
// exists depends on the model, so resolve_fairness checks that.
#pragma once

#include <string>
#include <vector>

namespace synack::checker {

// Throws InputError for a constraint other than wf(NAME), fair-loss or fair-loss(NAME),
// naming the valid forms.
void check_fairness_form(const std::vector<std::string>& constraints);

}  // namespace synack::checker
