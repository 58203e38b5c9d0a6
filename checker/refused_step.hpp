// A step the composition refuses because the state it starts from cannot occur: an upper
// layer writing a message its lower layer has no way to carry (a TLS machine sending what
// its socket cannot). No run of the model reaches such a state, so from the explicit
// engines it is synack's own bug (a logic_error, exit 4); the Z3 engines, which expand
// states Z3 made up (a counterexample to induction), catch this type alone and propose no
// successor there. Every other logic_error still ends their run as a bug.
#pragma once

#include <stdexcept>

namespace synack::checker {

struct RefusedStep : std::logic_error {
  using std::logic_error::logic_error;
};

}  // namespace synack::checker
