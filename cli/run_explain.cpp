// `synack explain SCENARIO PROPERTY`: why does a property hold? Switch off each of the
// scenario's mechanisms in turn and see which ones it cannot do without; where it can do
// without each, switch them off two at a time to find the ones that stand in for each other.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
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
  // An ablation's assignment replaces the user's for the same key (`--set
  // tcp.time_wait=3` explained: without TIME-WAIT is tcp.time_wait=0).
  for (const std::string& set : o.sets) {
    const std::string key = properties::parse_assignment(set).key;
    if (std::none_of(extra.begin(), extra.end(), [&](const std::string& e) {
          return properties::parse_assignment(e).key == key;
        }))
      selection.sets.push_back(set);
  }
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
    throw InputError(
        fmt::format("explain: name a property of {}, as in '{} explain {} {}'; its properties: {}",
                    scenario.name, checker::program_name(), scenario.name,
                    known.empty() ? "PROPERTY" : known.front(), checker::list_names(known, 40)));
  const std::string& name = o.property.empty() ? o.property_option : o.property;
  if (scenario.property(name)) return name;
  const std::string tail = checker::valid_names("known", name, known, 40);
  if (o.property.empty())
    throw InputError(
        fmt::format("--property {}: unknown property of {}; {}", name, scenario.name, tail));
  throw InputError(fmt::format("unknown property '{}' of {}; {}", name, scenario.name, tail));
}

// One ablation: the property checked with `disable` on top of the user's assignments,
// its line printed ("  TIME-WAIT  (tcp.time_wait=0): violated in 12 steps  <- needed"),
// and, when it breaks, its shortest counterexample's length and text.
struct Ablation {
  checker::Verdict verdict;
  std::string trace;     // "12 steps\n" and the trace, when violated
  bool vacuous = false;  // holds only because its premise is never met without it
};

Ablation ablate(const Catalog& catalog, const ExplainOptions& o, const std::string& property,
                const std::string& label, const std::vector<std::string>& disable,
                const char* when_violated, std::ostream& out) {
  PreparedRuns runs = check_once(catalog, o, property, disable);
  const reports::ScenarioRun& run = runs.runs.at(0);
  const checker::Result& r = run.results.at(0);
  const bool breaks = r.verdict == checker::Verdict::kViolated;
  out << fmt::format("  {:<28} ({}): {}{}\n", label, fmt::join(disable, " "), to_string(r.verdict),
                     breaks ? fmt::format(" in {} steps  <- {}", r.depth, when_violated)
                     : r.verdict == checker::Verdict::kInconclusive ? " (" + r.limit + ")"
                     : r.vacuous ? fmt::format(" vacuously: '{}' is never met", r.premise)
                                 : "");
  Ablation a{r.verdict, "", r.vacuous};
  if (breaks && r.trace)
    a.trace = fmt::format("{} steps\n", r.trace->steps.size()) +
              reports::format_trace(*run.model, run.properties[0], *r.trace, o.width);
  return a;
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
  if (r.vacuous) {
    out << fmt::format(
        "it holds vacuously: its premise '{}' holds in no reachable state, so it rests on no "
        "mechanism\n",
        r.premise);
    return 0;
  }
  if (scenario.mechanisms.empty()) {
    out << "this scenario declares no mechanisms to switch off\n";
    return 0;
  }
  out << "\nwithout each mechanism in turn:\n";
  std::vector<std::string> needed;
  std::vector<const properties::Mechanism*> survived;  // held without it
  // Ablations a limit left undecided: neither "survives" nor "depends on" may be claimed
  // of them (explain said "survives each ablation", exit 0, past --max-states).
  std::vector<std::string> undecided;
  std::vector<std::string> vacuous;  // held without it, but only vacuously
  std::string traces;
  for (const auto& m : scenario.mechanisms) {
    if (already_off(scenario, base.params, m.disable)) {
      out << fmt::format("  {:<28} ({}): already off in this scenario\n", m.name,
                         fmt::join(m.disable, " "));
      continue;
    }
    Ablation a = ablate(catalog, o, property, m.name, m.disable, "needed", out);
    // Holding vacuously is not surviving: without the mechanism the property asks nothing.
    if (a.vacuous) vacuous.push_back(m.name);
    if (a.verdict == checker::Verdict::kHolds && !a.vacuous) survived.push_back(&m);
    if (a.verdict != checker::Verdict::kHolds && a.verdict != checker::Verdict::kViolated)
      undecided.push_back(m.name);
    if (a.verdict != checker::Verdict::kViolated) continue;
    needed.push_back(m.name);
    traces += fmt::format("\nwithout {} ({}): {}", m.name, m.description, a.trace);
  }
  if (needed.empty() && survived.size() >= 2) {
    // Two mechanisms that each protect the property alone are redundant, not unneeded:
    // TIME-WAIT and the ISN clock each keep old segments out. Each pair is switched off
    // together (a handful of mechanisms: a few checks).
    out << "\nno single declared mechanism is needed; without two at once:\n";
    std::vector<std::string> pairs;
    for (std::size_t i = 0; i < survived.size(); ++i)
      for (std::size_t j = i + 1; j < survived.size(); ++j) {
        const properties::Mechanism& x = *survived[i];
        const properties::Mechanism& y = *survived[j];
        std::vector<std::string> both = x.disable;
        both.insert(both.end(), y.disable.begin(), y.disable.end());
        const std::string name = x.name + " and " + y.name;
        Ablation a = ablate(catalog, o, property, name, both, "either one suffices", out);
        if (a.vacuous) vacuous.push_back(name);
        if (a.verdict != checker::Verdict::kHolds && a.verdict != checker::Verdict::kViolated)
          undecided.push_back(name);
        if (a.verdict != checker::Verdict::kViolated) continue;
        pairs.push_back(name);
        traces += fmt::format("\nwithout {}: {}", name, a.trace);
      }
    if (pairs.empty() && undecided.empty() && vacuous.empty())
      out << "\nno declared mechanism, alone or in pairs, is needed: the property survives "
             "each ablation\n";
    else if (!pairs.empty())
      out << fmt::format("\n{} depends on one of each pair: {}\n", property,
                         fmt::join(pairs, "; "));
  } else if (needed.empty() && undecided.empty() && vacuous.empty()) {
    out << "\nno single declared mechanism is needed: the property survives each ablation\n";
  } else if (!needed.empty()) {
    out << fmt::format("\n{} depends on: {}\n", property, fmt::join(needed, ", "));
  }
  if (!vacuous.empty())
    out << fmt::format(
        "\nwithout {}, {} holds only vacuously: its premise is never met, so it says nothing "
        "there\n",
        fmt::join(vacuous, "; without "), property);
  if (!undecided.empty())
    out << fmt::format(
        "\nundecided without {} (a limit stopped the check, above): raise it to know whether "
        "{} rests on {}\n",
        fmt::join(undecided, "; without "), property, undecided.size() == 1 ? "it" : "them");
  out << traces;
  return undecided.empty() ? 0 : 3;
}

}  // namespace synack::cli
