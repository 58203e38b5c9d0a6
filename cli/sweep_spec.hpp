// `--sweep KEY=A..B`: the parameter and the values to try. Its own file so that the fuzzer
// (tests/fuzz/) reaches it without the CLI.
#pragma once

#include <string>

namespace synack::cli {

struct Sweep {
  std::string key;
  int from = 0, to = 0;
  int count() const { return static_cast<int>(static_cast<long long>(to) - from + 1); }
};

// Throws InputError naming the text and the form expected; at most 65 values.
Sweep parse_sweep(const std::string& text);

}  // namespace synack::cli
