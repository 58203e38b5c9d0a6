// `synack simulate`'s output: what the random walks found, as text and JSON. Worded so
// that nobody reads it as a proof: a property is "violated" or "no violation found in N
// runs", never "holds".
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "checker/group_weights.hpp"
#include "checker/simulate.hpp"
#include "reports/scenario_run.hpp"
#include "reports/text_wrap.hpp"

namespace synack::reports {

struct SimulationRun {
  const ScenarioRun* run = nullptr;  // the scenario, its parameters, model and properties
  checker::SimulationOptions options;
  bool seed_chosen = false;       // the seed was drawn at random (printed so it can be repeated)
  checker::GroupWeights weights;  // --weight, as given and resolved; none: uniform
  checker::SimulationReport report;
};

// The table of properties, each violation's trace (replayed) in `width` columns
// (reports/trace_text.hpp; with `changes`, each step's changed variables), and the
// one-line summary.
std::string format_simulation(const SimulationRun& sim, bool quiet,
                              std::size_t width = kDefaultWidth, bool changes = false);
nlohmann::json simulation_json(const SimulationRun& sim);

// Some safety property was violated on some walk.
bool simulation_violated(const SimulationRun& sim);

}  // namespace synack::reports
