// --json for a check that a user's machine stopped (exit 2): a guard or action that threw,
// a variable outside its declared range, state kept outside Vars, a step that is not
// deterministic (checker/machine_code_error.hpp, checker/step_error.hpp). The document is
// the results' (results_json), with no results, since no verdict stands once a machine
// has misbehaved, and an "error" naming what went wrong and the run that led there.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "learned/provenance.hpp"
#include "reports/scenario_run.hpp"

namespace synack::reports {

// `error` stopped runs[stopped]: a StepError (with its run) or a MachineCodeError (none:
// the Z3 engines' encoding). `inputs` as for results_json.
nlohmann::json machine_error_json(const std::vector<ScenarioRun>& runs, std::size_t stopped,
                                  const InputError& error,
                                  const learned::InputsByScenario& inputs = {});

}  // namespace synack::reports
