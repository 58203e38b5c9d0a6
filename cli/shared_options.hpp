// The options several commands share (cli/run_cli.cpp builds the commands): limits, the
// width of traces, which properties and parameters, properties asked on the command line;
// and the validators CLI11 lacks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "checker/limits.hpp"
#include "checker/property.hpp"
#include "cli/commands.hpp"

namespace synack::cli {

// Numbers are written in decimal digits, the one form every option reads alike:
// "0x10", "010" as octal, "1e3", "+5", " 5" and "5s" are refused, not read as another number.
// A number from lo to hi: digits, optionally '.' and more digits.
CLI::Validator finite_between(double lo, double hi);
// A whole number from lo to hi, digits only (leading zeros are decimal: "010" is 10). Give it
// with ->transform, not ->check: CLI11 keeps the digits it rewrites only from a transform.
CLI::Validator whole_between(std::uint64_t lo, std::uint64_t hi);
// Any value but the empty one.
CLI::Validator non_empty();
// A seed: digits only, 0 to 2^64 - 1 (CLI11 would wrap "-1" round to 2^64 - 1 and saturate
// a larger number into 2^64 - 1: another seed than the one typed).
CLI::Validator seed_digits();  // ->transform, as whole_between

// --max-states, --max-seconds, --max-memory (into max_memory_mb), --threads.
void add_limit_options(CLI::App* cmd, checker::Limits& limits, double& max_memory_mb);
// --threads alone, default every core (add_limit_options adds it too).
void add_threads_option(CLI::App* cmd, unsigned& threads);
void add_width_option(CLI::App* cmd, std::size_t& width);
// --quiet prints no trace, so the options that shape one (--chart, --changes, --width, those
// of them `cmd` has) are refused beside it rather than silently doing nothing.
void quiet_excludes_trace_options(CLI::App* cmd, CLI::Option* quiet);
// --property, --set.
void add_selection_options(CLI::App* cmd, Selection& s);

// After parsing: a flag given twice (`--quiet --quiet`) or with a value (`--quiet=-1`,
// which CLI11 reads as "not quiet", `--changes=false`, which the options that exclude
// --changes still count as given) is the user's mistake; throws InputError naming it.
// Walks `app` and the commands parsed under it.
void check_flags_given_bare(const CLI::App& app);

// Properties asked on the command line, without recompiling.
struct AdhocOptions {
  std::vector<std::string> always, sometimes, eventually, leads_to, fairness;
};
void add_adhoc_options(CLI::App* cmd, AdhocOptions& a);
std::vector<checker::PropertySpec> adhoc_properties(const AdhocOptions& a);

}  // namespace synack::cli
