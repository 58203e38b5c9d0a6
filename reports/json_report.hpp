// The machine-readable results (`--json FILE`) and scenario listing (`list --json`).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "properties/scenario.hpp"
#include "reports/scenario_run.hpp"

namespace synack::reports {

// A trace's steps: what each did and the state after it, by slot name.
nlohmann::json trace_json(const checker::Model& model, const checker::Trace& trace);
nlohmann::json results_json(const std::vector<ScenarioRun>& runs);
nlohmann::json scenarios_json(const std::vector<properties::Scenario>& scenarios);

}  // namespace synack::reports
