#include "reports/json_report.hpp"

#include "checker/symmetry/symmetric_model.hpp"

#include "reports/coverage_report.hpp"
#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {

nlohmann::json slots_json(const checker::Layout& layout, const std::vector<checker::Value>& s) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < layout.size(); ++i)
    out[layout.slot(i).name] = layout.slot(i).print(s[i]);
  return out;
}

// The verdict the property's author states, or null for a user's rule, which states none.
nlohmann::json expected_json(const checker::PropertySpec& p) {
  return p.expected ? nlohmann::json(checker::to_string(*p.expected)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json trace_json(const checker::Model& model, const checker::Trace& trace) {
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const checker::TraceStep& st = trace.steps[i];
    steps.push_back({{"step", i + 1},
                     {"group", model.group_name(st.group)},
                     {"actor", st.info.actor},
                     {"event", st.info.event},
                     {"message", st.info.message},
                     {"outcome", st.info.outcome},
                     {"sent", st.info.sent},
                     {"sent_on", st.info.sent_on},
                     {"layered", st.info.layered},
                     {"state", model.summary(st.state.data())},
                     {"slots", slots_json(model.layout(), st.state)}});
  }
  return steps;
}

nlohmann::json input_files_json(const std::vector<learned::InputFile>& files) {
  nlohmann::json out = nlohmann::json::array();
  for (const learned::InputFile& f : files)
    out.push_back({{"role", f.role}, {"path", f.path}, {"sha256", f.sha256}});
  return out;
}

nlohmann::json typed_params_json(const ScenarioRun& run) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& spec : run.scenario->params)
    params[spec.key] = spec.boolean ? nlohmann::json(run.params.at(spec.key) != 0)
                       : !spec.choices.empty()
                           ? nlohmann::json(spec.format(run.params.at(spec.key)))
                           : nlohmann::json(run.params.at(spec.key));
  return params;
}

nlohmann::json results_json(const std::vector<ScenarioRun>& runs,
                            const learned::InputsByScenario& inputs) {
  nlohmann::json results = nlohmann::json::array(), coverage = nlohmann::json::array();
  for (const ScenarioRun& run : runs) {
    if (run.coverage)
      coverage.push_back(coverage_json(run.scenario->name, *run.model, *run.coverage));
    const nlohmann::json params = typed_params_json(run);
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const checker::Result& r = run.results[i];
      nlohmann::json j = {{"scenario", run.scenario->name},
                          {"property", r.property},
                          {"kind", checker::to_string(r.kind)},
                          {"verdict", checker::verdict_text(r)},
                          {"expected", expected_json(run.properties[i])},
                          {"engine", r.engine},
                          {"states", r.states},
                          {"transitions", r.transitions},
                          {"depth", r.depth},
                          {"seconds", r.seconds},
                          {"store_bytes", r.store_bytes},
                          {"params", params}};
      if (!r.store.empty()) j["store"] = r.store;
      // Under --symmetry the counts are of representatives of classes, not of states.
      if (dynamic_cast<const checker::SymmetricModel*>(run.model.get())) j["symmetry"] = true;
      if (!r.limit.empty()) j["limit"] = r.limit;
      if (!r.invariant.empty()) j["invariant"] = r.invariant;
      if (!r.cti.empty()) j["counterexample_to_induction"] = r.cti;
      if (r.lemma_candidates + r.lemma_stated > 0)
        j["lemmas"] = {{"count", r.lemma_count},
                       {"candidates", r.lemma_candidates},
                       {"stated", r.lemma_stated},
                       {"reachable_states", r.lemma_samples},
                       {"houdini_rounds", r.lemma_rounds},
                       {"dropped_around_counterexamples", r.lemma_dropped_around},
                       {"mining_seconds", r.lemma_mining_seconds},
                       {"houdini_seconds", r.lemma_houdini_seconds},
                       {"facts", r.lemmas}};
      if (!r.lemma_note.empty()) j["lemmas"]["note"] = r.lemma_note;
      if (!r.stated.empty()) {
        nlohmann::json stated = nlohmann::json::array();
        for (const checker::Result::StatedInvariant& s : r.stated) {
          nlohmann::json one = {{"text", s.text}, {"origin", s.origin}, {"assumed", s.assumed}};
          if (!s.why.empty()) one["why"] = s.why;
          stated.push_back(std::move(one));
        }
        j["stated_invariants"] = std::move(stated);
      }
      if (checker::is_liveness(r.kind)) j["fairness"] = r.fairness;
      if (r.trace && r.trace->is_lasso())
        j["lasso"] = {{"prefix", r.trace->prefix_length()}, {"cycle", r.trace->cycle_length()}};
      if (r.vacuous) {
        j["vacuous"] = true;
        j["vacuous_premise"] = r.premise;
        if (!r.premise_proved_by.empty()) j["vacuous_proved_by"] = r.premise_proved_by;
      }
      if (r.trace) {
        j["initial_state"] = run.model->summary(r.trace->initial.data());
        const checker::Layout& layout = run.model->layout();
        // The initial state slot by slot, as each step's `slots`: a lasso whose cycle
        // starts at the initial state can then be checked to close from the JSON alone.
        j["initial_slots"] = slots_json(layout, r.trace->initial);
        nlohmann::json chosen = nlohmann::json::object();
        for (std::size_t slot : run.model->open_initial_slots())
          chosen[layout.slot(slot).name] = r.trace->initial.at(slot);
        if (!chosen.empty()) j["chosen_initial_values"] = chosen;
        j["trace"] = trace_json(*run.model, *r.trace);
      } else {
        j["trace"] = nlohmann::json::array();
      }
      if (r.several) {
        j["traces"] = nlohmann::json::array();
        for (const checker::Trace& t : r.traces) j["traces"].push_back(trace_json(*run.model, t));
        if (!r.traces_limit.empty()) j["traces_limit"] = r.traces_limit;
      }
      // Traces found but not shown: they leave an assumption (cli/assumptions.hpp).
      if (!run.dropped.empty() && run.dropped.at(i).count > 0)
        j["traces_dropped"] = {{"count", run.dropped[i].count}, {"leave", run.dropped[i].leave}};
      results.push_back(std::move(j));
    }
  }
  // What the verdicts cannot speak for, per scenario (a learned model's gaps).
  nlohmann::json notes = nlohmann::json::array();
  for (const ScenarioRun& run : runs)
    for (const std::string& note : run.scenario->notes)
      notes.push_back({{"scenario", run.scenario->name}, {"note", note}});
  // Which files each scenario was made from: an auditor's JSON names its model and rules.
  nlohmann::json files = nlohmann::json::array();
  for (const ScenarioRun& run : runs)
    if (auto found = inputs.find(run.scenario->name); found != inputs.end())
      for (nlohmann::json f : input_files_json(found->second)) {
        f["scenario"] = run.scenario->name;
        files.push_back(std::move(f));
      }
  return {{"synack_version", SYNACK_VERSION},
          {"inputs", files},
          {"results", results},
          {"coverage", coverage},
          {"notes", notes}};
}

nlohmann::json scenarios_json(const std::vector<properties::Scenario>& scenarios) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : scenarios) {
    nlohmann::json props = nlohmann::json::array();
    for (const auto& p : s.properties) {
      nlohmann::json prop = {{"name", p.name},
                             {"kind", checker::to_string(p.kind)},
                             {"expression", p.expression},
                             {"description", p.description},
                             {"expected", expected_json(p)}};
      if (p.kind == checker::PropertyKind::kLeadsTo) prop["consequence"] = p.consequence;
      if (checker::is_liveness(p.kind)) prop["fairness"] = p.fairness;
      props.push_back(std::move(prop));
    }
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : s.params)
      params.push_back({{"key", p.key},
                        {"default", p.format(p.default_value)},
                        {"range", p.range()},
                        {"description", p.description}});
    out.push_back({{"name", s.name},
                   {"description", s.description},
                   {"properties", props},
                   {"parameters", params}});
  }
  return {{"synack_version", SYNACK_VERSION}, {"scenarios", out}};
}

}  // namespace synack::reports
