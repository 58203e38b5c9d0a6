// synack: the command line. Thin: parses arguments, calls cli/ commands, maps errors to
// exit codes (see cli/commands.hpp).
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "checker/errors.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace synack;
  CLI::App app{"synack: a formal verifier for protocol state machines", "synack"};
  app.require_subcommand(1);
  app.set_version_flag("--version", SYNACK_VERSION);

  cli::ListOptions list;
  CLI::App* list_cmd =
      app.add_subcommand("list", "show every scenario, its properties and parameters");
  list_cmd->add_flag("--json", list.json, "print as JSON");

  cli::CheckOptions check;
  double max_memory_mb = static_cast<double>(check.limits.max_memory_bytes >> 20);
  CLI::App* check_cmd = app.add_subcommand("check", "check scenarios' properties");
  check_cmd->add_option("scenarios", check.scenarios, "scenario names (see 'synack list')");
  check_cmd->add_flag("--all", check.all, "check every bundled scenario");
  check_cmd->add_option("--property", check.properties, "check only this property (repeatable)");
  check_cmd->add_option("--set", check.sets, "set a parameter, KEY=VALUE (repeatable)");
  check_cmd->add_option("--json", check.json_file, "write results as JSON to FILE");
  check_cmd->add_flag("--expect", check.expect,
                      "compare verdicts with the scenarios' expected ones; exit 0 iff all match");
  check_cmd->add_flag("--quiet", check.quiet, "print the table only, no traces");
  check_cmd
      ->add_option("--max-states", check.limits.max_states, "stop after N states (inconclusive)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4'000'000'000}));
  check_cmd
      ->add_option("--max-seconds", check.limits.max_seconds, "stop after S seconds (inconclusive)")
      ->check(CLI::Range(0.001, 1e7));
  check_cmd
      ->add_option("--max-memory", max_memory_mb,
                   "stop when the state store exceeds MB (inconclusive)")
      ->check(CLI::Range(1.0, 1e7));

  // CLI11 would call an unknown command an "extra argument"; say what it is instead.
  if (argc >= 2 && argv[1][0] != '-' && std::string(argv[1]) != "list" &&
      std::string(argv[1]) != "check") {
    std::cerr << "synack: unknown command '" << argv[1] << "'; valid: list, check\n";
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
    std::cerr << "synack: " << e.what() << " (see 'synack --help')\n";
    return 2;
  }

  try {
    if (*list_cmd) return cli::run_list(list, std::cout);
    check.limits.max_memory_bytes = static_cast<std::size_t>(max_memory_mb * 1024 * 1024);
    return cli::run_check(check, std::cout);
  } catch (const InputError& e) {
    std::cerr << "synack: " << e.what() << "\n";
    return 2;
  } catch (const InternalError& e) {
    std::cerr << "synack: internal error: " << e.what() << "\n";
    return 4;
  } catch (const std::bad_alloc&) {
    std::cerr << "synack: out of memory; lower --max-states or --max-memory\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "synack: internal error: " << e.what() << "\n";
    return 4;
  }
}
