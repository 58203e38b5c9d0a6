// Running the synack binary as a user's shell would, for the CLI tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace synack::testing {

struct Run {
  int exit_code;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Run run_synack(const std::string& args) {
  // Test cases run as parallel processes: every run gets files of its own.
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  std::string stem = "synack_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  auto out = dir / (stem + ".out"), err = dir / (stem + ".err");
  std::string cmd =
      std::string(SYNACK_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  int status = std::system(cmd.c_str());
  Run run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return run;
}

}  // namespace synack::testing
