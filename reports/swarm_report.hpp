// What a swarm covered (`check --swarm`), for the terminal and for --json: how many
// members ran and how each was biased, the states each visited and all of them together,
// how deep they went, which member found each reported trace, and that none of it is a
// proof (checker/swarm/swarm.hpp).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "checker/swarm/swarm.hpp"
#include "reports/scenario_run.hpp"

namespace synack::reports {

struct SwarmRun {
  const ScenarioRun* run = nullptr;
  checker::SwarmOptions options;
  checker::SwarmReport report;
  bool seed_drawn = false;  // no --seed: drawn at random (printed so it can be repeated)
};

std::string format_swarm_summary(const SwarmRun& swarm);
nlohmann::json swarm_json(const SwarmRun& swarm);
// The summary as a section of the HTML report's coverage part.
std::string swarm_html(const SwarmRun& swarm);

}  // namespace synack::reports
