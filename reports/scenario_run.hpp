// One scenario checked: what was asked (parameters, properties) and what came back.
// Reports read these; the model stays alive so traces can be printed with its names.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/model.hpp"
#include "checker/result.hpp"
#include "checker/unhandled.hpp"
#include "properties/scenario.hpp"

namespace synack::reports {

struct ScenarioRun {
  const properties::Scenario* scenario = nullptr;
  properties::ParamValues params;
  std::unique_ptr<checker::Model> model;
  std::vector<checker::PropertySpec> properties;  // the ones checked, in order
  std::vector<checker::Result> results;           // one per property, same order
  // Properties the other verdicts rest on (cli/assumptions.hpp); always among `properties`.
  std::vector<std::string> assumptions;
  // Traces found (under --max-errors, several per property) but not shown because they
  // leave an assumption, so they are no runs of the models (cli/assumptions.hpp).
  struct DroppedTraces {
    std::size_t count = 0;
    std::vector<std::string> leave;  // the assumptions they leave, in the scenario's order
  };
  std::vector<DroppedTraces> dropped;  // one per result, or empty when none was dropped
  // The breadth-first search's coverage; none when no safety property was checked by it.
  std::optional<checker::Coverage> coverage;
  // `check --unhandled` or `--coverage`: the inputs received with no row to take them.
  std::optional<checker::UnhandledReport> unhandled;
};

}  // namespace synack::reports
