// `synack check SCENARIO --sweep KEY=A..B`: the same check once per value of a parameter,
// verdicts side by side: which values make which properties hold.
#include <algorithm>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "cli/commands.hpp"
#include "cli/sweep_spec.hpp"

namespace synack::cli {

int run_sweep(const Catalog& catalog, const CheckOptions& o, std::ostream& out) {
  Sweep sweep = parse_sweep(o.sweep);
  // A sweep prints its own table; the per-run outputs would need one file per value.
  for (auto [given, name] : {std::pair{!o.json_file.empty(), "--json"},
                             {!o.junit_file.empty(), "--junit"},
                             {!o.report_dir.empty(), "--report"},
                             {!o.baseline_file.empty(), "--baseline"},
                             {o.expect, "--expect"},
                             {o.charts, "--chart"},
                             {o.changes, "--changes"},
                             {o.unhandled, "--unhandled"},
                             {o.coverage, "--coverage"},
                             {o.limits.max_errors > 1, "--max-errors"},
                             {!o.checkpoint_dir.empty(), "--checkpoint"},
                             {!o.resume_dir.empty(), "--resume"},
                             // Its table has no room to say which were assumed, and a
                             // channel position may exist at one value and not another.
                             {!o.engine.invariants.empty(), "--invariant"},
                             {!o.engine.invariants_file.empty(), "--invariants"}})
    if (given) throw InputError(fmt::format("--sweep cannot be combined with {}", name));
  check_engine_options(o.engine, o.depth_given, o.explicit_only);
  for (const auto& set : o.selection.sets)
    if (set.rfind(sweep.key + "=", 0) == 0)
      throw InputError(
          fmt::format("--sweep {} and --set {} name the same parameter", sweep.key, set));
  // Validate everything (and the first value) before the first long run.
  std::vector<PreparedRuns> all;
  // Counted by index: `++v` past a sweep ending at INT_MAX would overflow.
  for (int i = 0; i < sweep.count(); ++i) {
    Selection s = o.selection;
    s.sets.push_back(fmt::format("{}={}", sweep.key, static_cast<long long>(sweep.from) + i));
    try {
      all.push_back(prepare_runs(catalog, s));
    } catch (const InputError& e) {
      // The swept value goes in as a --set; the user wrote it as --sweep.
      const std::string what = e.what(), as_set = "--set " + sweep.key;
      if (what.rfind(as_set, 0) == 0)
        throw InputError("--sweep " + sweep.key + what.substr(as_set.size()));
      // Anything else refused at this value, such as arithmetic that could leave 64 bits
      // once a sequence space is wide enough: which value, or the user works it out.
      throw InputError(fmt::format("--sweep {}={}: {}", sweep.key,
                                   static_cast<long long>(sweep.from) + i, what));
    }
  }
  // A scenario without the parameter would be run again and again, unchanged, in rows that
  // say the parameter moved.
  for (const auto& run : all.front().runs) {
    const auto& params = run.scenario->params;
    if (std::any_of(params.begin(), params.end(),
                    [&](const properties::ParamSpec& p) { return p.key == sweep.key; }))
      continue;
    std::vector<std::string> keys;
    for (const auto& p : params) keys.push_back(p.key);
    throw InputError(fmt::format(
        "--sweep {}: {} has no such parameter (its parameters: {}); sweep it apart from the "
        "scenarios that have it",
        sweep.key, run.scenario->name,
        keys.empty() ? "none" : fmt::format("{}", fmt::join(keys, ", "))));
  }
  // Every column as wide as its widest entry, so that the rows stay under the header (a
  // --leads-to is named by its formula, a key is often longer than its values); the
  // verdict column fits "holds (vacuous)", "holds up to depth 100" and "unsupported by
  // spacer".
  std::size_t scenario_width = 24, property_width = 34;
  for (const auto& run : all.front().runs) {
    scenario_width = std::max(scenario_width, run.scenario->name.size());
    for (const auto& spec : run.properties)
      property_width = std::max(property_width, spec.name.size());
  }
  const std::size_t value_width = std::max<std::size_t>(8, sweep.key.size());
  constexpr std::size_t kVerdictWidth = 21;
  auto row = [&](const std::string& scenario, const std::string& property, const std::string& value,
                 const std::string& verdict, const std::string& states, const std::string& depth) {
    return fmt::format("{:<{}} {:<{}} {:>{}}  {:<{}} {:>10} {:>6}\n", scenario, scenario_width,
                       property, property_width, value, value_width, verdict, kVerdictWidth, states,
                       depth);
  };
  out << row("scenario", "property", sweep.key, "verdict", "states", "depth");
  out << std::string(scenario_width + property_width + value_width + kVerdictWidth + 22, '-')
      << "\n";
  long long v = sweep.from;
  Outcome outcome;
  for (PreparedRuns& p : all) {
    execute_runs(p, o.limits, terminal_progress(), o.engine);
    clear_terminal_progress();
    outcome.add(p.runs);
    for (const auto& run : p.runs)
      for (const auto& r : run.results)
        out << row(run.scenario->name, r.property, std::to_string(v),
                   checker::verdict_text(r) + (r.vacuous ? " (vacuous)" : ""),
                   std::to_string(r.states), std::to_string(r.depth));
    ++v;
  }
  // The same contract as a single check, over all values.
  return outcome.exit_code(false);
}

}  // namespace synack::cli
