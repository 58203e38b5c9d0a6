// Two kinds of failure, kept apart because they mean different things to a user.
#pragma once

#include <stdexcept>
#include <string>

namespace synack {

// The user asked for something that does not exist or is out of range: one line that
// names what is wrong and what is valid. The CLI prints it and exits with code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// synack itself is wrong: a counterexample that does not replay through the real
// machines, an engine that contradicts itself. Never swallowed; exit code 4.
struct InternalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace synack
