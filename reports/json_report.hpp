// The machine-readable results (`--json FILE`) and scenario listing (`list --json`).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "properties/scenario.hpp"
#include "reports/scenario_run.hpp"

namespace synack::reports {

nlohmann::json results_json(const std::vector<ScenarioRun>& runs);
nlohmann::json scenarios_json(const std::vector<properties::Scenario>& scenarios);

}  // namespace synack::reports
