// JUnit XML: one test case per (scenario, property), so CI systems show results natively.
// A violated or inconclusive property is a failure, unless --expect was given and the
// verdict is the expected one.
#pragma once

#include <string>
#include <vector>

#include "reports/scenario_run.hpp"

namespace synack::reports {

std::string junit_xml(const std::vector<ScenarioRun>& runs, bool against_expected);

}  // namespace synack::reports
