#include "reports/machine_error_json.hpp"

#include <string>

#include "checker/machine_code_error.hpp"
#include "checker/step_error.hpp"
#include "reports/json_report.hpp"

namespace synack::reports {

namespace {

nlohmann::json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

}  // namespace

nlohmann::json machine_error_json(const std::vector<ScenarioRun>& runs, std::size_t stopped,
                                  const InputError& error,
                                  const learned::InputsByScenario& inputs) {
  nlohmann::json json = results_json(runs, inputs);
  // Runs checked before this one keep no verdict either: the check stopped, as the
  // terminal says, and a user reads the error, not a partial table.
  json["results"] = nlohmann::json::array();
  json["coverage"] = nlohmann::json::array();
  const ScenarioRun& run = runs.at(stopped);
  const auto* step = dynamic_cast<const StepError*>(&error);
  const checker::MachineFault fault = step ? step->fault : checker::fault_of(error);
  nlohmann::json e = {{"scenario", run.scenario->name},
                      {"kind", fault.kind},
                      {"message", error.what()},
                      {"actor", text_or_null(fault.actor)},
                      {"machine", text_or_null(fault.machine)},
                      {"row", text_or_null(fault.row)},
                      {"engine", nullptr},
                      {"initial_state", nullptr},
                      {"trace", nlohmann::json::array()},
                      {"failed_step", nullptr}};
  if (step) {
    const checker::Model& model = *run.model;
    e["engine"] = text_or_null(step->engine);  // none: found when replaying a trace
    e["initial_state"] = model.summary(step->before.initial.data());
    e["trace"] = trace_json(model, step->before);
    // The step that failed has no state after it, nor a description (describing it would
    // run it, and fail, again): its group, and whose step it is.
    e["failed_step"] = {{"step", step->before.steps.size() + 1},
                        {"group", model.group_name(step->failed_group)},
                        {"actor", model.group_role(step->failed_group).actor}};
  }
  json["error"] = std::move(e);
  return json;
}

}  // namespace synack::reports
