// `synack simulate SCENARIO`: random walks checking the safety properties on the way
// (checker/simulate.hpp). One scenario at a time: a seed names one set of walks of one model.
#include <algorithm>
#include <ostream>
#include <random>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/group_weights.hpp"
#include "checker/program_name.hpp"
#include "checker/simulate.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "reports/json_text.hpp"
#include "reports/simulation_report.hpp"

namespace synack::cli {

int run_simulate(const Catalog& catalog, const SimulateOptions& o, std::ostream& out) {
  if (o.selection.scenarios.size() != 1)
    throw InputError(fmt::format("simulate: name one scenario (see '{} list'), not {}",
                                 checker::program_name(), o.selection.scenarios.size()));
  OutputFile json_out("--json", o.json_file);
  PreparedRuns prepared = prepare_runs(catalog, o.selection);
  if (prepared.runs.empty())
    throw InputError("simulate: the scenario has none of the chosen properties");
  // A liveness property named with --property would be listed as not checked and the run
  // end in 0, as if it had been: refused as --eventually and --leads-to are.
  for (const checker::PropertySpec& p : prepared.runs.front().properties)
    if (checker::is_liveness(p.kind) &&
        std::find(o.selection.properties.begin(), o.selection.properties.end(), p.name) !=
            o.selection.properties.end())
      throw InputError(fmt::format(
          "simulate: --property {} is a liveness property ({}), which a simulation cannot "
          "check; '{} check' decides it under fairness, and simulate checks the safety ones",
          p.name, checker::to_string(p.kind), checker::program_name()));
  reports::SimulationRun sim;
  sim.run = &prepared.runs.front();
  sim.options.runs = o.runs;
  sim.options.steps = o.steps;
  sim.options.max_trace_steps = o.max_trace;
  sim.options.max_memory_bytes = static_cast<std::size_t>(o.max_memory_mb * 1024 * 1024);
  sim.options.interrupted = o.interrupted;
  sim.weights = checker::resolve_group_weights(*sim.run->model, o.weights);
  sim.options.weights = sim.weights.per_group;
  sim.seed_chosen = !o.seed.has_value();
  // Without --seed, a fresh one; it is printed, so the run can be repeated exactly.
  sim.options.seed =
      o.seed ? *o.seed : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  sim.report = checker::simulate(*sim.run->model, sim.run->properties, sim.options);

  out << reports::format_simulation(sim, o.quiet, o.width, o.changes);
  json_out.commit_made([&] { return reports::json_text(reports::simulation_json(sim)) + "\n"; });
  if (reports::simulation_violated(sim)) return 1;
  return sim.report.interrupted ? 3 : 0;
}

}  // namespace synack::cli
