// synack's public entry point: the whole command line (list, check with every engine,
// explain, diagram, baseline, sweep, reports, JSON, JUnit, exit codes) over your own
// scenarios. A user's tool is one line:
//
//   int main(int argc, char** argv) { return synack::run_cli(argc, argv, {my_scenario()}); }
//
// Exit codes: 0 every checked property holds (with --expect: every verdict as expected),
// 1 a property is violated, 2 a usage or input error (one line on stderr), 3
// inconclusive, 4 an internal error of synack's own.
#pragma once

#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "synack/scenario.hpp"

namespace synack {

// An extra subcommand that prints a report, as text or (with --json) as JSON: the
// bundled `rtt` is one.
struct ReportCommand {
  std::string name;
  std::string description;
  std::function<int(bool json, std::ostream& out)> run;
};

// What the CLI offers: scenarios, and machines `synack diagram NAME` draws by name (every
// machine a scenario uses at its defaults is drawable by its name too).
struct Catalog {
  std::vector<Scenario> scenarios;
  std::map<std::string, MachineFactory> machines = {};
  std::vector<ReportCommand> commands = {};
  // synack's own learned-model families (`check learned/tls-servers`: models of real
  // stacks in its source tree and ../shared/data/learned); synack::bundled::catalog()
  // offers them, a user's catalog does not.
  bool learned_families = false;

  Catalog() = default;
  Catalog(std::vector<Scenario> s) : scenarios(std::move(s)) {}  // NOLINT: a list is a catalog
  Catalog(std::initializer_list<Scenario> s) : scenarios(s) {}
  // Adds another catalog's scenarios, machines and commands (e.g. synack::bundled::catalog()).
  Catalog& add(const Catalog& other);
};

int run_cli(int argc, char** argv, const Catalog& catalog);

}  // namespace synack
