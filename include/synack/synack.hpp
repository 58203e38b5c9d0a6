// Everything a scenario file needs: the scenario builder and the CLI entry point.
// Machines are written against synack/machine.hpp, one per .cpp file.
#pragma once

#include "synack/cli.hpp"
#include "synack/scenario.hpp"
