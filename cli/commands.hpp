// The CLI's commands as plain functions over option structs, so tests can call them
// without a process. Each returns the exit code:
//   0 every checked property holds (with --expect: every verdict is as expected;
//     with --baseline: no verdict flipped)
//   1 some property is violated (with --expect: some verdict is unexpected;
//     with --baseline: some verdict flipped; with --strict too: the run is not like for
//     like with the baseline)
//   2 usage or input error (one line on stderr)
//   3 inconclusive: a limit was hit before a verdict
//   4 internal error (a trace that does not replay, an engine contradicting itself)
#pragma once

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "checker/limits.hpp"
#include "checker/machine.hpp"
#include "cli/runs.hpp"
#include "reports/text_wrap.hpp"
#include "synack/cli.hpp"

namespace synack::cli {

struct CheckOptions {
  Selection selection;
  std::string json_file;
  std::string junit_file;
  std::string baseline_file;
  std::string report_dir;
  std::string sweep;  // KEY=A..B: check once per value
  bool expect = false;
  // With a baseline: exit 1 also when the run is not like for like with it (an entry
  // missing from it, one it records not checked, other parameters).
  bool strict_baseline = false;
  bool quiet = false;                          // table only, no traces
  bool charts = false;                         // a message sequence chart after each trace
  bool changes = false;                        // each trace step's changed variables
  std::size_t width = reports::kDefaultWidth;  // columns the traces fit
  bool unhandled = false;                      // list the inputs received with no row to take them
  // Print coverage (rows fired, states per group, rows never fired, unhandled inputs),
  // exploring every reachable state after the properties are decided.
  bool coverage = false;
  std::string checkpoint_dir;     // write checkpoints of the search there
  std::string resume_dir;         // continue the search from the checkpoint there
  double checkpoint_every = 600;  // seconds between checkpoints; 0: every round
  checker::Limits limits;
  EngineChoice engine;
  // Run the explicit search across the MPI ranks of an `mpirun` (cli/run_check_distributed).
  bool distributed = false;
  bool depth_given = false;  // --depth was on the command line
  // Options given on the command line that only the explicit engine honours.
  std::vector<std::string> explicit_only;
  // --swarm N: N bounded, differently biased searches instead of the exhaustive one
  // (checker/swarm/); 0: none. --seed draws their biases (none: drawn at random, printed).
  std::size_t swarm = 0;
  std::optional<std::uint64_t> swarm_seed;
};

struct BaselineSaveOptions {
  std::string file;
  Selection selection;  // all scenarios when none is named
  checker::Limits limits;
};

struct ExplainOptions {
  std::string scenario;
  // The property, given either way: `explain SCENARIO PROPERTY` or, as check, simulate and
  // diagram name one, `explain SCENARIO --property PROPERTY`.
  std::string property;
  std::string property_option;
  std::vector<std::string> sets;
  checker::Limits limits;
  std::size_t width = reports::kDefaultWidth;  // columns the traces fit
};

// --max-graph's largest value: Graphviz takes minutes on more, and nobody reads the drawing.
inline constexpr std::size_t kMaxGraphStates = 5000;

// The most states `diagram --global auto` draws one by one: past it a breadth-first layer
// is wider than a page (tcp/simultaneous-open's 119 states had a row 13,813 pt wide).
inline constexpr std::size_t kReadableGlobalStates = 40;

struct DiagramOptions {
  std::string name;      // a machine or a scenario
  std::string compare;   // a second scenario, drawn beside the first
  std::string format;    // dot, svg or png; empty: from -o's extension, else svg
  std::string output;    // empty: stdout
  std::string property;  // whose trace to highlight in the global graph
  std::vector<std::string> sets;
  std::size_t max_graph_states = 150;  // at most kMaxGraphStates
  // A scenario's global graph: "full" (every reachable state, up to max_graph_states),
  // "control" (projected onto the actors' control states), "auto" (full when it has at
  // most kReadableGlobalStates states, else control) or "none".
  std::string global = "auto";
  // Whether --max-graph and --global were given: a drawing they do not shape refuses them
  // rather than ignore them silently.
  bool max_graph_given = false;
  bool global_given = false;
  std::size_t max_coverage_states = 1'000'000;
  bool detail = false;  // every row's guard and action on the labels
  checker::Limits limits;
};

// `simulate`: random walks over one scenario (checker/simulate.hpp). Exit 1 when a
// safety property was violated on some walk, 0 when none was (never a proof), 3 when
// interrupted before the runs asked for were done and nothing was found.
struct SimulateOptions {
  Selection selection;  // exactly one scenario
  std::string json_file;
  std::uint64_t runs = 100;
  std::uint64_t steps = 100;          // per run
  std::uint64_t max_trace = 10'000;   // steps of a trace built at most
  double max_memory_mb = 16384;       // the traces built and their JSON, at most
  std::optional<std::uint64_t> seed;  // none: drawn at random and printed
  std::vector<std::string> weights;   // "GROUP=W" (checker/group_weights.hpp); none: uniform
  bool quiet = false;                 // the table only, no traces
  bool changes = false;               // each trace step's changed variables
  std::size_t width = reports::kDefaultWidth;  // columns the traces fit
  const std::atomic<bool>* interrupted = nullptr;
};

struct ListOptions {
  bool json = false;
};

struct RttOptions {
  bool json = false;
  checker::Limits limits;
};

// Throw InputError / InternalError; main() turns them into exit codes 2 / 4.
int run_check(const Catalog& catalog, const CheckOptions& options, std::ostream& out);
// --swarm: the check above by a swarm of bounded searches; never `holds` for an always or
// deadlock-free property (checker/swarm/swarm.hpp). Exit codes as for a check.
int run_swarm_check(const Catalog& catalog, const CheckOptions& options, std::ostream& out);
// --sweep: one check per value of the key; a table of verdicts per value. Exit codes as
// for a check, over all values (1 if any value violates a property).
int run_sweep(const Catalog& catalog, const CheckOptions& options, std::ostream& out);
int run_baseline_save(const Catalog& catalog, const BaselineSaveOptions& options,
                      std::ostream& out);
int run_simulate(const Catalog& catalog, const SimulateOptions& options, std::ostream& out);
int run_list(const Catalog& catalog, const ListOptions& options, std::ostream& out);
// Notes (graphs too big to draw, rows only one variant fires) go to `notes`.
int run_diagram(const Catalog& catalog, const DiagramOptions& options, std::ostream& out,
                std::ostream& notes);
std::string describe_row(const checker::RowSpec& row);
// The machines `diagram NAME` draws: the catalog's and those its scenarios use.
std::map<std::string, MachineFactory> known_machines(const Catalog& catalog);
// 0 when the property holds (whatever it depends on), 1 violated, 3 inconclusive.
int run_explain(const Catalog& catalog, const ExplainOptions& options, std::ostream& out);
// The round-trip table and the overlap table of seed 000 (always 0 unless an error).
int run_rtt(const RttOptions& options, std::ostream& out);

}  // namespace synack::cli
