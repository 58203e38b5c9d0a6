// The command line over a catalog of scenarios (include/synack/cli.hpp): parses
// arguments, calls the cli/ commands, maps errors to exit codes (cli/commands.hpp).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "checker/errors.hpp"
#include "checker/program_name.hpp"
#include "checker/property.hpp"
#include "checker/step_error.hpp"
#include "cli/commands.hpp"
#include "cli/explore_command.hpp"
#include "cli/interrupt.hpp"
#include "cli/learned_commands.hpp"
#include "cli/learned_models.hpp"
#include "cli/run_check_distributed.hpp"
#include "cli/shared_options.hpp"
#include "cli/swarm_options.hpp"
#include "cli/z3_exit_guard.hpp"
#include "reports/printable.hpp"
#include "synack/cli.hpp"

namespace {

constexpr std::array<const char*, 10> kCommands = {"list",    "check",   "simulate", "baseline",
                                                   "explain", "diagram", "learned",  "diff",
                                                   "conform", "explore"};

const CLI::Validator kNonEmpty = synack::cli::non_empty();

}  // namespace

namespace synack {

Catalog& Catalog::add(const Catalog& other) {
  scenarios.insert(scenarios.end(), other.scenarios.begin(), other.scenarios.end());
  for (const auto& [name, factory] : other.machines) machines.try_emplace(name, factory);
  commands.insert(commands.end(), other.commands.begin(), other.commands.end());
  learned_families = learned_families || other.learned_families;
  return *this;
}

namespace {
int run_command(int argc, char** argv, const Catalog& catalog);
}  // namespace

// Standard output is an output like --json's: a table that could not be written (a full
// disk, a closed descriptor) is one line and exit 2, not the verdict's exit code.
int run_cli(int argc, char** argv, const Catalog& catalog) {
  const int code = run_command(argc, argv, catalog);
  errno = 0;
  std::cout.flush();
  if (!std::cout.fail()) return code;
  const int error = errno;
  const std::string program = argc > 0 && argv[0]
                                  ? std::filesystem::path(argv[0]).filename().string()
                                  : std::string("synack");
  std::cerr << fmt::format("{}: cannot write to standard output{}\n", program,
                           error ? ": " + std::string(std::strerror(error)) : std::string());
  return code == 4 ? code : 2;  // synack's own bug stays the first thing said
}

namespace {
// Each error line goes out in one write: std::cerr flushes after every <<, and under mpirun
// the pieces would interleave with other processes' output.
int run_command(int argc, char** argv, const Catalog& catalog) {
  cli::link_z3_exit_guard();
  std::string program = argc > 0 && argv[0] ? std::filesystem::path(argv[0]).filename().string()
                                            : std::string("synack");
  // Every message that names a command to type names this one (checker/program_name.hpp).
  const checker::ProgramNameScope named(program);
  if (std::optional<std::string> problem = cli::check_launch(argc, argv)) {
    std::cerr << fmt::format("{}: {}\n", program, reports::printable_line(*problem));
    return 2;
  }
  // The catalog is the user's input too: a wrong declaration is one line and exit 2.
  std::vector<std::string> commands(kCommands.begin(), kCommands.end());
  {
    std::vector<std::string> names;
    std::string problem;
    for (const Scenario& s : catalog.scenarios) {
      if (!s.error.empty() && problem.empty()) problem = s.error;
      if (std::find(names.begin(), names.end(), s.name) != names.end() && problem.empty())
        problem = fmt::format("two scenarios are named {}; give each its own name", s.name);
      names.push_back(s.name);
    }
    for (const ReportCommand& c : catalog.commands) {
      if (std::find(commands.begin(), commands.end(), c.name) != commands.end() && problem.empty())
        problem = fmt::format("two commands are named {}", c.name);
      commands.push_back(c.name);
    }
    for (const auto& [name, factory] : catalog.machines)
      if (!factory && problem.empty()) problem = "machine " + name + " has no factory";
    if (!problem.empty()) {
      std::cerr << fmt::format("{}: {}\n", program, reports::printable_line(problem));
      return 2;
    }
  }
  CLI::App app{program + ": a formal verifier for protocol state machines", program};
  app.require_subcommand(1);
  app.set_version_flag("--version", SYNACK_VERSION);

  cli::ListOptions list;
  CLI::App* list_cmd =
      app.add_subcommand("list", "show every scenario, its properties and parameters");
  list_cmd->add_flag("--json", list.json, "print as JSON");

  cli::CheckOptions check;
  double check_memory_mb = static_cast<double>(check.limits.max_memory_bytes >> 20);
  CLI::App* check_cmd = app.add_subcommand("check", "check scenarios' properties");
  check_cmd->add_option(
      "scenarios", check.selection.scenarios,
      fmt::format("scenario names, or one learned model family learned/FAMILY (see '{} list')",
                  program));
  check_cmd->add_flag("--all", check.selection.all, "check every scenario");
  cli::add_selection_options(check_cmd, check.selection);
  cli::AdhocOptions adhoc;
  cli::add_adhoc_options(check_cmd, adhoc);
  cli::LearnedCheckOptions learned_check;
  cli::add_learned_options(check_cmd, learned_check);
  check_cmd->add_option("--json", check.json_file, "write results as JSON to FILE")
      ->check(kNonEmpty);
  check_cmd->add_option("--junit", check.junit_file, "write results as JUnit XML to FILE")
      ->check(kNonEmpty);
  check_cmd
      ->add_option("--baseline", check.baseline_file,
                   "compare with a saved baseline; exit 1 on a verdict flip (a result it lacks "
                   "counts by its verdict)")
      ->check(kNonEmpty);
  check_cmd
      ->add_option("--report", check.report_dir,
                   "write a self-contained HTML report to DIR/index.html")
      ->check(kNonEmpty);
  check_cmd->add_flag("--expect", check.expect,
                      "compare verdicts with the expected ones that bundled scenarios and learned "
                      "families state (a user's rule states none); exit 0 iff all match");
  check_cmd->add_flag("--strict", check.strict_baseline,
                      "with --baseline: exit 1 also when the run is not like for like with the "
                      "baseline (an entry missing from it, one not checked, other parameters)");
  CLI::Option* check_quiet =
      check_cmd->add_flag("--quiet", check.quiet, "print the table only, no traces");
  check_cmd->add_flag("--chart", check.charts, "print a message sequence chart after each trace");
  check_cmd->add_flag("--changes", check.changes,
                      "under each step of a trace, the variables it changed (old -> new)");
  cli::add_width_option(check_cmd, check.width);
  cli::quiet_excludes_trace_options(check_cmd, check_quiet);
  check_cmd->add_flag("--symmetry", check.selection.symmetry,
                      "store one state per renaming of the members of the actor array the "
                      "scenario declares symmetric (safety properties, explicit engine)");
  check_cmd->add_flag("--unhandled", check.unhandled,
                      "list the inputs each machine received with no row to take them");
  check_cmd->add_flag("--coverage", check.coverage,
                      "explore every reachable state and print coverage: rows fired, new states "
                      "per group, rows never fired, unhandled inputs (explicit engine)");
  check_cmd
      ->add_option("--max-errors", check.limits.max_errors,
                   "up to N distinct violations per safety property, shortest trace to each "
                   "(explicit engine; default 1)")
      ->transform(cli::whole_between(1, 10000));
  // A sweep prints one table and no trace: what shapes traces would do nothing.
  check_cmd
      ->add_option("--sweep", check.sweep, "KEY=A..B: check once per value, verdicts per value")
      ->check(kNonEmpty)
      ->excludes("--width")
      ->excludes(check_quiet);
  cli::add_limit_options(check_cmd, check.limits, check_memory_mb);
  cli::add_swarm_options(check_cmd, check);
  check_cmd
      ->add_option("--checkpoint", check.checkpoint_dir,
                   "write checkpoints of the search to DIR (safety properties, one scenario)")
      ->check(kNonEmpty);
  check_cmd
      ->add_option("--resume", check.resume_dir,
                   "continue from DIR's checkpoint, writing new ones there; same command line")
      ->check(kNonEmpty);
  CLI::Option* every_opt =
      check_cmd
          ->add_option("--checkpoint-every", check.checkpoint_every,
                       "seconds between checkpoints (default 600; 0: after every round)")
          ->check(cli::finite_between(0, 1e7));
  check_cmd
      ->add_option("--round-states", check.limits.round_states,
                   "states expanded per round before their successors are taken (default "
                   "2048 with one thread, 8192 with several, 16384 under --distributed): by the "
                   "explicit engine's threads, or by each rank between two exchanges under "
                   "--distributed; results do not depend on it")
      ->transform(cli::whole_between(1, std::uint64_t{1} << 24));
  check_cmd->add_flag("--distributed", check.distributed,
                      "run the search across the ranks of an mpirun (explicit engine, safety "
                      "properties; same results as one process); with --swarm, deal the "
                      "members out to the ranks");
  check_cmd
      ->add_option("--engine", check.engine.name,
                   "explicit (default), bmc, kind (k-induction), spacer (Z3's CHC engine) or "
                   "prove (kind and spacer at once on two threads, the first definitive answer "
                   "taken: which engine answers may vary between runs, the verdict cannot)")
      ->check(CLI::IsMember({"explicit", "bmc", "kind", "spacer", "prove"}));
  check_cmd
      ->add_option("--lemmas", check.engine.lemmas,
                   "kind, spacer, prove: mine (strengthening lemmas from reachable states, kept "
                   "only where Z3 proves them inductive), mine+skeletons (mine, then facts per "
                   "skeleton of control states and messages in flight where mine "
                   "leaves a bad state), mine+equalities (mine, and facts under an equality "
                   "between a message's number and its receiver's or two actors' numbers) or "
                   "none; a liveness property takes mine's templates under either mine+ "
                   "(said beside its lemmas)")
      ->check(kNonEmpty);  // empty would read as not given: the default, silently
  check_cmd
      ->add_option("--invariant", check.engine.invariants,
                   "kind, spacer, prove (repeatable): an invariant you claim, as a property "
                   "expression over slots and channel positions (c2s[0].present, c2s[0].seq); "
                   "assumed only once Z3 proves it inductive with the lemmas, else the output "
                   "says why not (an initial state, or a step that breaks it)")
      ->check(kNonEmpty);
  check_cmd
      ->add_option("--invariants", check.engine.invariants_file,
                   "kind, spacer, prove: a file of invariants as --invariant takes them, one "
                   "per line (a line starting with # is a comment); messages name each by "
                   "FILE:LINE")
      ->check(kNonEmpty);
  CLI::Option* depth_opt =
      check_cmd
          ->add_option("--depth", check.engine.depth,
                       "bmc: search K steps (default 20); kind, prove: try k up to K; --swarm: the "
                       "deepest member's depth bound (default 1000)")
          ->transform(cli::whole_between(0, 10000));

  cli::SimulateOptions simulate;
  CLI::App* simulate_cmd = app.add_subcommand(
      "simulate", "random walks checking safety properties on the way (never a proof)");
  simulate_cmd->add_option("scenario", simulate.selection.scenarios, "one scenario")->required();
  cli::add_selection_options(simulate_cmd, simulate.selection);
  cli::AdhocOptions simulate_adhoc;
  cli::add_adhoc_options(simulate_cmd, simulate_adhoc);
  simulate_cmd->add_option("--runs", simulate.runs, "walks to take (default 100)")
      ->transform(cli::whole_between(1, 1'000'000'000));
  simulate_cmd->add_option("--steps", simulate.steps, "steps per walk at most (default 100)")
      ->transform(cli::whole_between(1, 10'000'000));
  simulate_cmd
      ->add_option("--max-trace", simulate.max_trace,
                   "build the trace of a violation or witness only up to N steps (default "
                   "10000): each step of a trace takes memory, under 1 KB in tcp/congestion (9 KB "
                   "with --json); a longer one is counted and its length shown")
      ->transform(cli::whole_between(1, 10'000'000));
  simulate_cmd
      ->add_option("--max-memory", simulate.max_memory_mb,
                   "memory the traces built and their JSON may take, in MB (default 16384); "
                   "a trace that would take more is counted and its length shown, not built")
      ->check(cli::finite_between(1, 1e7));
  std::uint64_t seed = 0;
  CLI::Option* seed_opt =
      simulate_cmd
          ->add_option("--seed", seed,
                       "the walks' seed, 0 to 2^64-1 (default: drawn at random and printed)")
          ->transform(cli::seed_digits());
  simulate_cmd->add_option("--weight", simulate.weights,
                           "GROUP=W: take transition group GROUP (as coverage names it, or "
                           "without [k] for every position) with weight W, 0 to 1000000; "
                           "others weigh 1 (repeatable; default: uniform)");
  simulate_cmd->add_option("--json", simulate.json_file, "write the findings as JSON to FILE")
      ->check(kNonEmpty);
  CLI::Option* simulate_quiet =
      simulate_cmd->add_flag("--quiet", simulate.quiet, "print the table only, no traces");
  simulate_cmd->add_flag("--changes", simulate.changes,
                         "under each step of a trace, the variables it changed (old -> new)");
  cli::add_width_option(simulate_cmd, simulate.width);
  cli::quiet_excludes_trace_options(simulate_cmd, simulate_quiet);

  cli::BaselineSaveOptions save;
  double save_memory_mb = static_cast<double>(save.limits.max_memory_bytes >> 20);
  CLI::App* baseline_cmd = app.add_subcommand("baseline", "record verdicts for regression checks");
  baseline_cmd->require_subcommand(1);
  CLI::App* save_cmd = baseline_cmd->add_subcommand("save", "check and save a baseline to FILE");
  save_cmd->add_option("file", save.file, "the baseline file to write")
      ->required()
      ->check(kNonEmpty);
  save_cmd->add_option("scenarios", save.selection.scenarios, "scenarios (default: all)");
  cli::add_selection_options(save_cmd, save.selection);
  cli::add_limit_options(save_cmd, save.limits, save_memory_mb);
  cli::LearnedCheckOptions learned_save;
  learned_save.adhoc_properties = false;
  cli::add_learned_options(save_cmd, learned_save);

  cli::ExplainOptions explain;
  double explain_memory_mb = static_cast<double>(explain.limits.max_memory_bytes >> 20);
  CLI::App* explain_cmd = app.add_subcommand(
      "explain", "which of a scenario's mechanisms a holding property depends on");
  explain_cmd->add_option("scenario", explain.scenario, "the scenario")->required();
  explain_cmd->add_option("property", explain.property, "the property (or --property)");
  explain_cmd->add_option("--property", explain.property_option,
                          "the property, named as check names it (or as the second argument)");
  explain_cmd->add_option("--set", explain.sets, "set a parameter, KEY=VALUE (repeatable)");
  cli::add_limit_options(explain_cmd, explain.limits, explain_memory_mb);
  cli::add_width_option(explain_cmd, explain.width);

  cli::DiagramOptions diagram;
  CLI::App* diagram_cmd =
      app.add_subcommand("diagram", "draw a machine's or a scenario's state diagram");
  diagram_cmd
      ->add_option("name", diagram.name,
                   fmt::format("a machine (see '{} list') or a scenario", program))
      ->required();
  diagram_cmd->add_option("--compare", diagram.compare,
                          "a second scenario: the rows only one of the two fires, coloured");
  diagram_cmd
      ->add_option("--format", diagram.format,
                   "dot, svg or png (default: -o's extension, else svg)")
      ->check(kNonEmpty);  // empty would read as not given: svg, silently
  diagram_cmd->add_option("-o,--output", diagram.output, "write to FILE instead of stdout")
      ->check(kNonEmpty);
  diagram_cmd->add_option("--property", diagram.property, "highlight this property's trace");
  diagram_cmd->add_option("--set", diagram.sets, "set a parameter, KEY=VALUE (repeatable)");
  diagram_cmd->add_flag("--detail", diagram.detail,
                        "label every row with its guard and action, not only its event");
  CLI::Option* max_graph_opt =
      diagram_cmd
          ->add_option(
              "--max-graph", diagram.max_graph_states,
              "draw the global graph, or a learned model, only up to N states (default 150)")
          ->transform(cli::whole_between(1, cli::kMaxGraphStates));
  CLI::Option* global_opt =
      diagram_cmd
          ->add_option("--global", diagram.global,
                       "a scenario's global graph: auto (every state when at most 40, else "
                       "control), full (every state, up to --max-graph), control (the actors' "
                       "control states), none (default auto)")
          ->check(CLI::IsMember({"auto", "full", "control", "none"}));

  cli::LearnedCommands learned_commands;
  cli::add_learned_commands(app, learned_commands);
  cli::ConformOptions conform;
  CLI::App* conform_cmd = cli::add_conform_command(app, conform);
  cli::ExploreOptions explore;
  explore.program = program;
  CLI::App* explore_cmd = cli::add_explore_command(app, explore);

  // Extra report commands the catalog brings (the bundled `rtt`).
  std::vector<std::pair<CLI::App*, bool>> extra;
  extra.reserve(catalog.commands.size());
  for (const ReportCommand& c : catalog.commands) {
    extra.emplace_back(app.add_subcommand(c.name, c.description), false);
    extra.back().first->add_flag("--json", extra.back().second, "print JSON instead of tables");
  }
  // CLI11 would call an unknown command an "extra argument"; say what it is instead.
  if (argc >= 2 && argv[1][0] != '-' &&
      std::find(commands.begin(), commands.end(), std::string(argv[1])) == commands.end()) {
    std::cerr << fmt::format(
        "{}: {}\n", program,
        reports::printable_line(
            fmt::format("unknown command '{}'; valid: {}", argv[1], fmt::join(commands, ", "))));
    return 2;
  }
  // The same for baseline's own commands: CLI11 said only "A subcommand is required".
  if (argc >= 2 && std::string_view(argv[1]) == "baseline" &&
      (argc == 2 || (argv[2][0] != '-' && std::string_view(argv[2]) != "save"))) {
    std::cerr << fmt::format(
        "{}: {}\n", program,
        reports::printable_line(
            argc == 2 ? std::string("baseline: a command is required; valid: save")
                      : fmt::format("baseline: unknown command '{}'; valid: save", argv[2])));
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Without a command, the commands are what the user needs to see.
    std::string what = app.get_subcommands().empty()
                           ? fmt::format("{}; commands: {}", e.what(), fmt::join(commands, ", "))
                           : std::string(e.what());
    std::cerr << fmt::format("{}: {} (see '{} --help')\n", program, reports::printable_line(what),
                             program);
    return 2;
  }
  try {
    cli::check_flags_given_bare(app);
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}\n", program, reports::printable_line(e.what()));
    return 2;
  }

  try {
    // These never look at the interrupt flag: a signal ends them at once, as any program,
    // rather than being caught and then ignored until they finish (a file they name is
    // replaced only whole, so none is left half written).
    if (*list_cmd) return cli::run_list(catalog, list, std::cout);
    if (int code = cli::run_learned_commands(learned_commands, std::cout); code >= 0) return code;
    if (*conform_cmd) return cli::run_conform(catalog, conform, std::cout);
    for (std::size_t i = 0; i < extra.size(); ++i)
      if (*extra[i].first) return catalog.commands[i].run(extra[i].second, std::cout);
    const std::atomic<bool>* interrupted = cli::install_interrupt_handlers();
    check.limits.interrupted = save.limits.interrupted = explain.limits.interrupted =
        diagram.limits.interrupted = interrupted;
    if (*explore_cmd) return cli::run_explore(catalog, explore, interrupted, std::cout);
    if (*save_cmd) {
      save.limits.max_memory_bytes = static_cast<std::size_t>(save_memory_mb * 1024 * 1024);
      return cli::run_baseline_save(cli::with_learned_models(catalog, learned_save, save.selection),
                                    save, std::cout);
    }
    if (*simulate_cmd) {
      simulate.interrupted = interrupted;
      if (seed_opt->count() > 0) simulate.seed = seed;
      // A walk checks what one state or one run's prefix shows: a liveness property asked
      // for here would be listed as not checked, and the run end in 0 all the same.
      if (!simulate_adhoc.eventually.empty() || !simulate_adhoc.leads_to.empty())
        throw InputError(fmt::format(
            "simulate checks --always and --sometimes; --{} is a liveness property, which "
            "'{} check' decides under fairness",
            simulate_adhoc.eventually.empty() ? "leads-to" : "eventually", program));
      simulate.selection.adhoc = cli::adhoc_properties(simulate_adhoc);
      return cli::run_simulate(catalog, simulate, std::cout);
    }
    if (*diagram_cmd) {
      diagram.max_graph_given = max_graph_opt->count() > 0;
      diagram.global_given = global_opt->count() > 0;
      return cli::run_diagram(catalog, diagram, std::cout, std::cerr);
    }
    if (*explain_cmd) {
      explain.limits.max_memory_bytes = static_cast<std::size_t>(explain_memory_mb * 1024 * 1024);
      return cli::run_explain(catalog, explain, std::cout);
    }
    check.limits.max_memory_bytes = static_cast<std::size_t>(check_memory_mb * 1024 * 1024);
    check.depth_given = depth_opt->count() > 0;
    if (check.strict_baseline && check.baseline_file.empty())
      throw InputError("--strict: applies with --baseline FILE, and none is given");
    // Given alone it would be ignored, and look like checkpoints were being written.
    if (every_opt->count() > 0 && check.checkpoint_dir.empty() && check.resume_dir.empty())
      throw InputError(
          "--checkpoint-every: applies with --checkpoint DIR or --resume DIR, and neither is "
          "given");
    for (const char* name :
         {"--max-states", "--max-memory", "--threads", "--symmetry", "--max-errors", "--coverage",
          "--distributed", "--round-states", "--store"})
      if (check_cmd->count(name) > 0) check.explicit_only.push_back(name);
    check.selection.adhoc = cli::adhoc_properties(adhoc);
    const Catalog checked = cli::with_learned_models(catalog, learned_check, check.selection);
    if (check.swarm > 0) return cli::run_swarm_check(checked, check, std::cout);
    // --distributed refuses --sweep once MPI has told each rank whether it speaks.
    if (!check.sweep.empty() && !check.distributed)
      return cli::run_sweep(checked, check, std::cout);
    return cli::run_check(checked, check, std::cout);
  } catch (const StepError& e) {
    // The user's machine leaves a declared range (or the like): one line that says so, then
    // the run that gets there.
    std::cerr << fmt::format("{}: {}\n{}", program, reports::printable_line(e.what()),
                             checker::format_step_error_run(e));
    return 2;
  } catch (const InputError& e) {
    std::cerr << fmt::format("{}: {}\n", program, reports::printable_line(e.what()));
    return 2;
  } catch (const InternalError& e) {
    std::cerr << fmt::format("{}: internal error: {}\n", program,
                             reports::printable_line(e.what()));
    return 4;
  } catch (const std::bad_alloc&) {
    std::cerr << fmt::format("{}: out of memory; lower --max-states or --max-memory\n", program);
    return 3;
  } catch (const std::filesystem::filesystem_error& e) {
    // A path the user gave that the system refuses (a loop of symbolic links, a name too
    // long): theirs to fix, wherever it was met. Reached only where no reader said so first.
    std::string path = e.path1().string();
    if (path.empty())
      std::cerr << fmt::format("{}: {}\n", program, reports::printable_line(e.what()));
    else
      std::cerr << fmt::format("{}: {}: {}\n", program, reports::printable_line(path),
                               e.code().message());
    return 2;
  } catch (const std::exception& e) {
    std::cerr << fmt::format("{}: internal error: {}\n", program,
                             reports::printable_line(e.what()));
    return 4;
  } catch (...) {
    // Every path that runs a user's code names such a throw as theirs (exit 2) on the way
    // out; one that gets here is synack's, and must not end the process unexplained.
    std::cerr << fmt::format("{}: internal error: an exception that is not a std::exception\n",
                             program);
    return 4;
  }
}
}  // namespace

}  // namespace synack
