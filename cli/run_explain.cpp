// `synack explain SCENARIO PROPERTY`: why does a property hold? Switch off each of the
// scenario's mechanisms in turn and see which ones it cannot do without.
#include <ostream>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/suggest.hpp"
#include "cli/commands.hpp"
#include "properties/params.hpp"
#include "properties/scenario.hpp"
#include "reports/trace_text.hpp"

namespace synack::cli {

namespace {

// One check of the property, with extra assignments on top of the user's. The result
// keeps its scenario list alive: the run points into it.
PreparedRuns check_once(const Catalog& catalog, const ExplainOptions& o,
                        const std::string& property, const std::vector<std::string>& extra) {
  Selection selection;
  selection.scenarios = {o.scenario};
  selection.properties = {property};
  selection.sets = o.sets;
  selection.sets.insert(selection.sets.end(), extra.begin(), extra.end());
  PreparedRuns prepared = prepare_runs(catalog, selection);
  execute_runs(prepared, o.limits, {});
  return prepared;
}

// True when every assignment already holds at these parameter values (the mechanism
// is off in this scenario to begin with).
bool already_off(const properties::Scenario& s, const properties::ParamValues& values,
                 const std::vector<std::string>& disable) {
  for (const auto& text : disable) {
    auto a = properties::parse_assignment(text);
    for (const auto& spec : s.params)
      if (spec.key == a.key && properties::parse_value(spec, a.value) != values.at(a.key))
        return false;
  }
  return true;
}

// The property to explain, from the positional or --property; an unknown or missing one
// is refused with the scenario's properties, and named the way the user gave it.
std::string property_to_explain(const Catalog& catalog, const ExplainOptions& o) {
  const properties::Scenario& scenario = properties::find_scenario(catalog.scenarios, o.scenario);
  std::vector<std::string> known;
  for (const auto& p : scenario.properties) known.push_back(p.name);
  if (!o.property.empty() && !o.property_option.empty() && o.property != o.property_option)
    throw InputError(
        fmt::format("explain: two properties given ({} and --property {}); explain takes one",
                    o.property, o.property_option));
  if (o.property.empty() && o.property_option.empty())
    throw InputError(fmt::format(
        "explain: name a property of {}, as in 'synack explain {} {}'; its properties: {}",
        scenario.name, scenario.name, known.empty() ? "PROPERTY" : known.front(),
        checker::list_names(known, 40)));
  const std::string& name = o.property.empty() ? o.property_option : o.property;
  if (scenario.property(name)) return name;
  const std::string tail = checker::valid_names("known", name, known, 40);
  if (o.property.empty())
    throw InputError(
        fmt::format("--property {}: unknown property of {}; {}", name, scenario.name, tail));
  throw InputError(fmt::format("unknown property '{}' of {}; {}", name, scenario.name, tail));
}

}  // namespace

int run_explain(const Catalog& catalog, const ExplainOptions& o, std::ostream& out) {
  const std::string property = property_to_explain(catalog, o);
  PreparedRuns base_runs = check_once(catalog, o, property, {});
  const reports::ScenarioRun& base = base_runs.runs.at(0);
  const checker::Result& r = base.results.at(0);
  const properties::Scenario& scenario = *base.scenario;
  // An undecided run names its limit, as check does: "inconclusive (max-seconds, 574793
  // states)".
  out << fmt::format("{} {}: {} ({}{} states)\n", scenario.name, property, to_string(r.verdict),
                     r.limit.empty() ? "" : r.limit + ", ", r.states);
  if (r.verdict != checker::Verdict::kHolds) {
    out << fmt::format(
        "explain looks for the mechanisms a holding property rests on; this one is {}.\n",
        to_string(r.verdict));
    if (r.trace) out << reports::format_trace(*base.model, base.properties[0], *r.trace, o.width);
    return r.verdict == checker::Verdict::kViolated ? 1 : 3;
  }
  if (scenario.mechanisms.empty()) {
    out << "this scenario declares no mechanisms to switch off\n";
    return 0;
  }
  out << "\nwithout each mechanism in turn:\n";
  std::vector<std::string> needed;
  std::string traces;
  for (const auto& m : scenario.mechanisms) {
    std::string how = fmt::format("{}", fmt::join(m.disable, " "));
    if (already_off(scenario, base.params, m.disable)) {
      out << fmt::format("  {:<28} ({}): already off in this scenario\n", m.name, how);
      continue;
    }
    PreparedRuns ablated_runs = check_once(catalog, o, property, m.disable);
    const reports::ScenarioRun& ablated = ablated_runs.runs.at(0);
    const checker::Result& a = ablated.results.at(0);
    bool breaks = a.verdict == checker::Verdict::kViolated;
    out << fmt::format("  {:<28} ({}): {}{}\n", m.name, how, to_string(a.verdict),
                       breaks ? fmt::format(" in {} steps  <- needed", a.depth)
                       : a.verdict == checker::Verdict::kInconclusive ? " (" + a.limit + ")"
                                                                      : "");
    if (!breaks) continue;
    needed.push_back(m.name);
    if (a.trace)
      traces += fmt::format("\nwithout {} ({}): {} steps\n", m.name, m.description,
                            a.trace->steps.size()) +
                reports::format_trace(*ablated.model, ablated.properties[0], *a.trace, o.width);
  }
  if (needed.empty())
    out << "\nno single declared mechanism is needed: the property survives each ablation\n";
  else
    out << fmt::format("\n{} depends on: {}\n", property, fmt::join(needed, ", "));
  out << traces;
  return 0;
}

}  // namespace synack::cli
