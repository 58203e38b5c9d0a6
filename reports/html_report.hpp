// One self-contained HTML file (no network, no external scripts or fonts): the results
// table with verdicts against expectations, each trace as a sequence chart, and the
// machines' state diagrams.
#pragma once

#include <string>
#include <vector>

#include "learned/provenance.hpp"
#include "reports/scenario_run.hpp"

namespace synack::reports {

// `coverage_extra`: more HTML for the coverage section (a swarm's summary,
// reports/swarm_report.hpp). `inputs`: the files the runs' scenarios were made from
// (cli::Selection::inputs), shown on one "Inputs" line under the summary.
std::string html_report(const std::vector<ScenarioRun>& runs,
                        const std::string& coverage_extra = "",
                        const learned::InputsByScenario& inputs = {});

}  // namespace synack::reports
