// Selecting scenarios and properties, resolving parameters, building models and running
// the engine: what `check` and `baseline save` share.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checker/check.hpp"
#include "checker/errors.hpp"
#include "checker/smt/smt_check.hpp"
#include "cli/output_file.hpp"
#include "learned/provenance.hpp"
#include "properties/scenario.hpp"
#include "reports/scenario_run.hpp"
#include "synack/cli.hpp"

namespace synack::checker::distributed {
class Session;
}

namespace synack::cli {

struct Selection {
  std::vector<std::string> scenarios;
  bool all = false;
  std::vector<std::string> properties;  // empty: every property
  std::vector<std::string> sets;        // KEY=VALUE
  // Properties asked on the command line (--always EXPR, ...): checked on every chosen
  // scenario, alone or beside the --property ones.
  std::vector<checker::PropertySpec> adhoc;
  // --symmetry: each model reduced over the actor array its scenario declares symmetric
  // (checker/symmetry/), once the reduction is shown sound for it and these properties.
  bool symmetry = false;
  // Per scenario name: the properties its other verdicts rest on (cli/assumptions.hpp).
  // They are checked whenever any property of that scenario is.
  std::map<std::string, std::vector<std::string>> assumptions;
  // Per scenario name: the files it was made from (a learned model, its property file, a
  // composition map), for the JSON and HTML reports' provenance. Bundled scenarios have
  // none.
  learned::InputsByScenario inputs;
};

// Owns the scenario list the runs point into; movable, not copyable.
struct PreparedRuns {
  std::vector<properties::Scenario> scenarios;  // the catalog's, and ad-hoc properties' copies
  std::vector<reports::ScenarioRun> runs;
  // The run being checked (execute_runs, a swarm's loop): after an error, the one it stopped.
  std::optional<std::size_t> running;
  PreparedRuns() = default;
  PreparedRuns(PreparedRuns&&) = default;
  PreparedRuns(const PreparedRuns&) = delete;
};

// Validates everything and builds every model before any is checked, so bad input fails
// fast. Throws InputError.
PreparedRuns prepare_runs(const Catalog& catalog, const Selection& selection);

// Which engine answers: the explicit one, or a Z3 engine with its depth bound.
struct EngineChoice {
  std::string name = "explicit";  // explicit, bmc, kind, spacer
  std::size_t depth = 20;         // bmc: the depth K; kind: the largest k tried
  // kind, spacer: where strengthening lemmas come from ("mine", "none"); empty: not given,
  // the engine's default.
  std::string lemmas;
  // kind, spacer, prove: invariants the user states (--invariant, and one per line of
  // --invariants FILE), proved before assumed.
  std::vector<std::string> invariants;
  std::string invariants_file;
  // The explicit engine's search across MPI ranks (--distributed), when set.
  checker::distributed::Session* distributed = nullptr;
};

// What a set of results says, for the exit code: the same contract for every command.
struct Outcome {
  bool violated = false;
  // Not decided: a limit, bmc's "holds up to depth K", an engine that cannot encode it.
  bool inconclusive = false;
  bool unexpected = false;  // some verdict differs from the scenario's expected one
  void add(const std::vector<reports::ScenarioRun>& runs);
  void add_result(const checker::Result& r);  // violated and inconclusive only
  // 1 violated, else 3 inconclusive, else 0 (with `expect`: 1 unexpected, else 0).
  int exit_code(bool expect) const;
};

// --expect compares verdicts with stated ones: a property that states none (a user's rule)
// is refused rather than compared with a verdict nobody claimed. Throws InputError.
void require_stated_verdicts(const PreparedRuns& prepared);

// The engine options that apply whatever the command: --depth only with bmc or kind,
// --lemmas only with kind or spacer and only mine or none.
// Throws InputError.
// The invariants stated with --invariant, then those of --invariants FILE (one expression
// per line; blank lines and lines starting with # are skipped), each with where it came
// from. Throws InputError for a file that cannot be read or states none.
std::vector<checker::smt::StatedText> stated_invariants(const EngineChoice& engine);

void check_engine_options(const EngineChoice& engine, bool depth_given,
                          const std::vector<std::string>& explicit_only = {});

void execute_runs(PreparedRuns& prepared, const checker::Limits& limits,
                  const checker::ProgressFn& progress, const EngineChoice& engine = {});

// `error` stopped the check of prepared.running: when it is a user's machine that
// misbehaved (a StepError, a MachineCodeError), --json (`json`) is written with it
// (reports/machine_error_json.hpp) before the error goes on to the user, exit 2.
void commit_machine_error(const OutputFile& json, const PreparedRuns& prepared,
                          const InputError& error, const learned::InputsByScenario& inputs);

// A progress line on stderr, rewritten in place, when stderr is a terminal; else none.
checker::ProgressFn terminal_progress();
void clear_terminal_progress();

}  // namespace synack::cli
