// One scenario checked: what was asked (parameters, properties) and what came back.
// Reports read these; the model stays alive so traces can be printed with its names.
#pragma once

#include <memory>
#include <vector>

#include "checker/model.hpp"
#include "checker/result.hpp"
#include "properties/scenario.hpp"

namespace synack::reports {

struct ScenarioRun {
  const properties::Scenario* scenario = nullptr;
  properties::ParamValues params;
  std::unique_ptr<checker::Model> model;
  std::vector<checker::PropertySpec> properties;  // the ones checked, in order
  std::vector<checker::Result> results;           // one per property, same order
};

}  // namespace synack::reports
