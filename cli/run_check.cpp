#include <algorithm>
#include <fstream>
#include <ostream>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/explicit_bfs.hpp"
#include "cli/commands.hpp"
#include "properties/params.hpp"
#include "properties/registry.hpp"
#include "reports/json_report.hpp"
#include "reports/results_table.hpp"

namespace synack::cli {

namespace {

std::vector<const properties::Scenario*> select_scenarios(
    const std::vector<properties::Scenario>& bundled, const CheckOptions& o) {
  if (o.all && !o.scenarios.empty())
    throw InputError("check: name scenarios or use --all, not both");
  if (!o.all && o.scenarios.empty())
    throw InputError("check: name at least one scenario or use --all (see 'synack list')");
  std::vector<const properties::Scenario*> chosen;
  if (o.all)
    for (const auto& s : bundled) chosen.push_back(&s);
  for (const auto& name : o.scenarios) chosen.push_back(&properties::find_scenario(bundled, name));
  return chosen;
}

// Every --property must name a property of at least one chosen scenario.
void check_property_names(const std::vector<const properties::Scenario*>& chosen,
                          const std::vector<std::string>& wanted) {
  for (const std::string& name : wanted) {
    bool found = std::any_of(chosen.begin(), chosen.end(),
                             [&](const properties::Scenario* s) { return s->property(name); });
    if (found) continue;
    std::vector<std::string> known;
    for (const auto* s : chosen)
      for (const auto& p : s->properties)
        if (std::find(known.begin(), known.end(), p.name) == known.end()) known.push_back(p.name);
    throw InputError(
        fmt::format("--property {}: unknown property; known: {}", name, fmt::join(known, ", ")));
  }
}

}  // namespace

int run_check(const CheckOptions& o, std::ostream& out) {
  std::vector<properties::Scenario> bundled = properties::bundled_scenarios();
  auto chosen = select_scenarios(bundled, o);
  check_property_names(chosen, o.properties);
  std::vector<properties::Assignment> sets;
  for (const auto& s : o.sets) sets.push_back(properties::parse_assignment(s));
  properties::check_keys_known(chosen, sets);

  // Bad output paths fail before a long run, not after it.
  std::ofstream json_out;
  if (!o.json_file.empty()) {
    json_out.open(o.json_file);
    if (!json_out) throw InputError(fmt::format("--json {}: cannot open for writing", o.json_file));
  }

  // Build every model before checking any, so that bad parameters fail fast.
  std::vector<reports::ScenarioRun> runs;
  for (const properties::Scenario* scenario : chosen) {
    reports::ScenarioRun run;
    run.scenario = scenario;
    run.params = properties::resolve_params(*scenario, sets);
    for (const auto& p : scenario->properties)
      if (o.properties.empty() ||
          std::find(o.properties.begin(), o.properties.end(), p.name) != o.properties.end())
        run.properties.push_back(p);
    if (run.properties.empty()) continue;
    run.model = scenario->build(run.params);
    runs.push_back(std::move(run));
  }
  for (reports::ScenarioRun& run : runs)
    run.results = checker::check_explicit(*run.model, run.properties, o.limits);

  out << reports::format_results_table(runs, {o.expect});
  if (!o.quiet) out << reports::format_all_traces(runs);
  if (json_out.is_open()) json_out << reports::results_json(runs).dump(2) << "\n";

  bool violated = false, inconclusive = false, unexpected = false;
  for (const auto& run : runs)
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      checker::Verdict v = run.results[i].verdict;
      violated |= v == checker::Verdict::kViolated;
      inconclusive |= v == checker::Verdict::kInconclusive;
      unexpected |= v != run.properties[i].expected;
    }
  if (o.expect) {
    out << (unexpected ? "\nsome verdicts are UNEXPECTED\n" : "\nevery verdict is as expected\n");
    return unexpected ? 1 : 0;
  }
  if (violated) return 1;
  return inconclusive ? 3 : 0;
}

}  // namespace synack::cli
