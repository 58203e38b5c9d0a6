// libFuzzer target for the learned-model reader and everything that uses a model it
// accepts (tests/learned_fuzz_one.hpp). Built and run by scripts/fuzz_learned.sh; any
// exception but InputError, any crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "learned_fuzz_one.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    synack::test::fuzz_one(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const synack::InputError&) {
    // The expected answer to a malformed file.
  }
  return 0;
}
