// `synack check SCENARIO --swarm N`: the scenario's safety properties searched by a swarm
// of bounded, differently biased searches (checker/swarm/swarm.hpp), for bug hunting
// where the exhaustive search cannot finish. The same table, traces and outputs as a
// check, and a summary of what the swarm covered.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <random>

#include <fmt/format.h>

#include "checker/distributed/session.hpp"
#include "checker/errors.hpp"
#include "cli/assumptions.hpp"
#include "cli/commands.hpp"
#include "cli/learned_models.hpp"
#include "cli/output_file.hpp"
#include "cli/run_check_distributed.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/json_text.hpp"
#include "reports/junit.hpp"
#include "reports/results_table.hpp"
#include "reports/swarm_report.hpp"

namespace synack::cli {

namespace {

// Options that ask for what a swarm cannot give, each refused with the reason.
void refuse_what_a_swarm_cannot_do(const CheckOptions& o) {
  auto refuse = [](const char* option, const char* why) {
    throw InputError(fmt::format("--swarm: {} {}", option, why));
  };
  if (o.engine.name != "explicit")
    throw InputError(fmt::format(
        "--swarm: its members are explicit-state searches; --engine {} cannot run in one",
        o.engine.name));
  if (!o.engine.lemmas.empty())
    refuse("--lemmas",
           "cannot be combined: lemmas strengthen the Z3 engines' proofs, and a "
           "swarm's members are explicit-state searches");
  if (!o.engine.invariants.empty() || !o.engine.invariants_file.empty())
    refuse(o.engine.invariants.empty() ? "--invariants" : "--invariant",
           "cannot be combined: stated invariants strengthen the Z3 engines' proofs, and a "
           "swarm's members are explicit-state searches");
  if (!o.checkpoint_dir.empty() || !o.resume_dir.empty())
    refuse(o.resume_dir.empty() ? "--checkpoint" : "--resume",
           "cannot be combined: swarm members keep no checkpoints (a swarm is many short "
           "searches; run it again with the same --seed)");
  if (std::find(o.explicit_only.begin(), o.explicit_only.end(), "--round-states") !=
      o.explicit_only.end())
    refuse("--round-states",
           "cannot be combined: swarm members search depth-first, state by state, in no rounds");
  if (o.limits.max_errors > 1)
    refuse("--max-errors", "cannot be combined: a swarm reports one trace per property");
  if (o.coverage)
    refuse("--coverage",
           "cannot be combined: it explores every reachable state, which a swarm does not");
  if (o.unhandled)
    refuse("--unhandled",
           "cannot be combined: it explores every reachable state, which a swarm does not");
  if (!o.sweep.empty())
    refuse("--sweep", "cannot be combined: check each value with --set and --swarm");
  if (!o.baseline_file.empty())
    refuse("--baseline",
           "cannot be combined: a baseline records exhaustive verdicts, and a swarm never "
           "proves a property");
}

checker::SwarmOptions swarm_options(const CheckOptions& o) {
  checker::SwarmOptions s;
  s.members = o.swarm;
  s.threads = o.limits.threads;
  if (o.depth_given) s.max_depth = o.engine.depth;
  bool states_given = std::find(o.explicit_only.begin(), o.explicit_only.end(), "--max-states") !=
                      o.explicit_only.end();
  // The explicit engine's default (every state there is) is no budget for one member.
  if (states_given) s.member_states = o.limits.max_states;
  // --max-memory is for the members running at once, shared evenly.
  unsigned at_once =
      std::max(1u, std::min<unsigned>(o.limits.threads, static_cast<unsigned>(o.swarm)));
  s.member_memory_bytes = o.limits.max_memory_bytes / at_once;
  s.max_seconds = o.limits.max_seconds;
  s.interrupted = o.limits.interrupted;
  s.store = o.limits.store;
  // Without --seed, a fresh one; it is printed, so the run can be repeated exactly.
  s.seed = o.swarm_seed ? *o.swarm_seed
                        : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  return s;
}

}  // namespace

int run_swarm_check(const Catalog& catalog, const CheckOptions& o, std::ostream& out) {
  if (o.distributed) return run_check_distributed(catalog, o, out);
  return run_swarm_with(catalog, o, out, nullptr);
}

int run_swarm_with(const Catalog& catalog, const CheckOptions& o, std::ostream& out,
                   checker::distributed::Session* session) {
  refuse_what_a_swarm_cannot_do(o);
  if (o.depth_given && o.engine.depth == 0)
    throw InputError("--depth 0: a swarm member needs a depth bound of at least 1");
  PreparedRuns prepared = prepare_runs(catalog, o.selection);
  if (o.expect) require_stated_verdicts(prepared);
  for (const reports::ScenarioRun& run : prepared.runs)
    for (const checker::PropertySpec& p : run.properties)
      if (checker::is_liveness(p.kind))
        throw InputError(fmt::format(
            "--swarm: {} {} is a liveness property; a swarm of bounded searches cannot show "
            "that no fair cycle exists; choose safety properties with --property",
            run.scenario->name, p.name));
  if (session)
    for (const reports::ScenarioRun& run : prepared.runs)
      if (run.model->numbers_messages_on_first_use())
        throw InputError(fmt::format(
            "--distributed: {} numbers its messages in the order a search first meets them "
            "(the 32-bit sequence space), and every rank would number them differently; run "
            "the swarm without --distributed",
            run.scenario->name));
  OutputFile json_out("--json", o.json_file);
  OutputFile junit_out("--junit", o.junit_file);
  OutputFile report_out = report_output(o.report_dir);
  check_distinct_outputs({&json_out, &junit_out, &report_out});
  check_outputs_spare_inputs({&json_out, &junit_out, &report_out},
                             learned_files_read(o.selection.inputs));

  checker::SwarmOptions options = swarm_options(o);
  // A progress line on a terminal: a swarm of large members runs for a while. (Under
  // MPI a rank knows only of its own members.)
  if (isatty(STDERR_FILENO) && !session)
    options.member_done = [members = options.members](std::size_t done) {
      std::fprintf(stderr, "\rswarm: %zu of %zu members done ", done, members);
      std::fflush(stderr);
    };
  std::vector<reports::SwarmRun> swarms;
  for (std::size_t i = 0; i < prepared.runs.size(); ++i) {
    reports::ScenarioRun& run = prepared.runs[i];
    reports::SwarmRun s;
    s.run = &run;
    s.options = options;
    s.seed_drawn = !o.swarm_seed;
    prepared.running = i;
    try {
      s.report = session ? session->swarm(*run.model, run.properties, options)
                         : checker::run_swarm(*run.model, run.properties, options);
    } catch (const InputError& e) {
      clear_terminal_progress();
      commit_machine_error(json_out, prepared, e, o.selection.inputs);
      throw;
    }
    clear_terminal_progress();
    run.results = s.report.results;
    // A member's trace is judged as an exhaustive check's is: one that leaves an assumption
    // of the scenario (a composition's alphabet) is no counterexample or witness. The
    // summary keeps the member's find but says what became of it.
    qualify_by_assumptions(run);
    for (std::size_t k = 0; k < run.results.size(); ++k) {
      s.report.results[k].verdict = run.results[k].verdict;
      s.report.results[k].limit = run.results[k].limit;
    }
    swarms.push_back(std::move(s));
  }
  prepared.running.reset();
  const auto& runs = prepared.runs;
  out << reports::format_results_table(runs, {o.expect});
  out << reports::format_notes(runs);
  for (const reports::SwarmRun& s : swarms) out << reports::format_swarm_summary(s);
  if (!o.quiet) out << reports::format_all_traces(runs, o.charts, o.width, o.changes);

  json_out.commit_made([&] {
    nlohmann::json json = reports::results_json(runs, o.selection.inputs);
    json["swarm"] = nlohmann::json::array();
    for (const reports::SwarmRun& s : swarms) json["swarm"].push_back(reports::swarm_json(s));
    return reports::json_text(json) + "\n";
  });
  if (junit_out.enabled()) junit_out.commit(reports::junit_xml(runs, o.expect));
  if (report_out.enabled()) {
    std::string summaries;
    for (const reports::SwarmRun& s : swarms) summaries += reports::swarm_html(s);
    report_out.commit(reports::html_report(runs, summaries, o.selection.inputs));
  }

  Outcome outcome;
  outcome.add(runs);
  if (o.expect)
    out << (outcome.unexpected ? "\nsome verdicts are UNEXPECTED\n"
                               : "\nevery verdict is as expected\n");
  return outcome.exit_code(o.expect);
}

}  // namespace synack::cli
