// One self-contained HTML file (no network, no external scripts or fonts): the results
// table with verdicts against expectations, each trace as a sequence chart, and the
// machines' state diagrams.
#pragma once

#include <string>
#include <vector>

#include "reports/scenario_run.hpp"

namespace synack::reports {

// `coverage_extra`: more HTML for the coverage section (a swarm's summary,
// reports/swarm_report.hpp).
std::string html_report(const std::vector<ScenarioRun>& runs,
                        const std::string& coverage_extra = "");

}  // namespace synack::reports
