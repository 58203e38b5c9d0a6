// Running a user's tool, synack::run_cli over the user's own catalog, inside the test
// process as "mytool": its exit code and what it wrote to stdout and stderr.
#pragma once

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "synack/cli.hpp"

namespace synack::testing {

struct ToolRun {
  int code;
  std::string out, err;
};

inline ToolRun run_tool(const synack::Catalog& catalog, std::vector<const char*> args) {
  args.insert(args.begin(), "mytool");
  std::ostringstream o, e;
  auto* old_out = std::cout.rdbuf(o.rdbuf());
  auto* old_err = std::cerr.rdbuf(e.rdbuf());
  const int code =
      synack::run_cli(static_cast<int>(args.size()), const_cast<char**>(args.data()), catalog);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, o.str(), e.str()};
}

}  // namespace synack::testing
