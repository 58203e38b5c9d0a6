// The command-line options of `check --swarm` (cli/run_swarm.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace synack::cli {

// --swarm N and --seed S on the check command; --seed only with --swarm.
void add_swarm_options(CLI::App* check, CheckOptions& options);

}  // namespace synack::cli
