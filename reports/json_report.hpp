// The machine-readable results (`--json FILE`) and scenario listing (`list --json`).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "learned/provenance.hpp"
#include "properties/scenario.hpp"
#include "reports/scenario_run.hpp"

namespace synack::reports {

// The run's parameters as --json gives them: booleans as booleans, choices by name,
// numbers as numbers (what check and simulate write alike).
nlohmann::json typed_params_json(const ScenarioRun& run);
// A trace's steps: what each did and the state after it, by slot name.
nlohmann::json trace_json(const checker::Model& model, const checker::Trace& trace);
// `inputs` (cli::Selection::inputs) fills the top level's "inputs": [{"scenario", "role",
// "path", "sha256"}] for the runs' scenarios made from files, in the runs' order (an empty
// list for bundled scenarios).
nlohmann::json results_json(const std::vector<ScenarioRun>& runs,
                            const learned::InputsByScenario& inputs = {});
// [{"role", "path", "sha256"}], for diff's and conform's JSON.
nlohmann::json input_files_json(const std::vector<learned::InputFile>& files);
nlohmann::json scenarios_json(const std::vector<properties::Scenario>& scenarios);

}  // namespace synack::reports
