// The CLI's commands as plain functions over option structs, so tests can call them
// without a process. Each returns the exit code:
//   0 every checked property holds (or, with --expect, every verdict is as expected)
//   1 some property is violated (with --expect: some verdict is unexpected)
//   2 usage or input error (one line on stderr)
//   3 inconclusive: a limit was hit before a verdict
//   4 internal error (a trace that does not replay, an engine contradicting itself)
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "checker/limits.hpp"

namespace synack::cli {

struct CheckOptions {
  std::vector<std::string> scenarios;
  bool all = false;
  std::vector<std::string> properties;  // empty: all of each scenario's properties
  std::vector<std::string> sets;        // KEY=VALUE
  std::string json_file;
  bool expect = false;
  bool quiet = false;  // table only, no traces
  checker::Limits limits;
};

struct ListOptions {
  bool json = false;
};

// Throws InputError / InternalError; main() turns them into exit codes 2 / 4.
int run_check(const CheckOptions& options, std::ostream& out);
int run_list(const ListOptions& options, std::ostream& out);

}  // namespace synack::cli
