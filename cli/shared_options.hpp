// The options several commands share (cli/run_cli.cpp builds the commands): limits, the
// width of traces, which properties and parameters, properties asked on the command line;
// and the validators CLI11 lacks.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "checker/limits.hpp"
#include "checker/property.hpp"
#include "cli/commands.hpp"

namespace synack::cli {

// A finite number from lo to hi.
CLI::Validator finite_between(double lo, double hi);
// Any value but the empty one.
CLI::Validator non_empty();
// A seed: digits only, 0 to 2^64 - 1 (CLI11 would wrap "-1" round to 2^64 - 1 and saturate
// a larger number into 2^64 - 1: another seed than the one typed).
CLI::Validator seed_digits();

// --max-states, --max-seconds, --max-memory (into max_memory_mb), --threads.
void add_limit_options(CLI::App* cmd, checker::Limits& limits, double& max_memory_mb);
void add_width_option(CLI::App* cmd, std::size_t& width);
// --property, --set.
void add_selection_options(CLI::App* cmd, Selection& s);

// Properties asked on the command line, without recompiling.
struct AdhocOptions {
  std::vector<std::string> always, sometimes, eventually, leads_to, fairness;
};
void add_adhoc_options(CLI::App* cmd, AdhocOptions& a);
std::vector<checker::PropertySpec> adhoc_properties(const AdhocOptions& a);

}  // namespace synack::cli
