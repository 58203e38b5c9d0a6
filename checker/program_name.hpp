// The name the running command line goes by. A user's own tool built on run_cli
// (include/synack/cli.hpp) is not called synack: every message that tells the user what
// to type ('mytool list') or starts an error line spells the tool's own name.
#pragma once

#include <string>

namespace synack::checker {

// argv[0]'s file name while run_cli runs; "synack" otherwise.
const std::string& program_name();

// Names the program for as long as it lives (run_cli's call), then puts the previous
// name back: a test that calls run_cli as "mytool" leaves the next caller's name alone.
class ProgramNameScope {
 public:
  explicit ProgramNameScope(std::string name);
  ~ProgramNameScope();
  ProgramNameScope(const ProgramNameScope&) = delete;
  ProgramNameScope& operator=(const ProgramNameScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace synack::checker
