// libFuzzer target for one parser of user input (tests/parser_fuzz_one.hpp), chosen at
// compile time by -DSYNACK_FUZZ_TARGET="expr" | "set" | "baseline". Built and run by
// scripts/fuzz.sh; any exception but InputError, any crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parser_fuzz_one.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    synack::test::fuzz_one(SYNACK_FUZZ_TARGET,
                           std::string(reinterpret_cast<const char*>(data), size));
  } catch (const synack::InputError&) {
    // The expected answer to malformed input.
  }
  return 0;
}
