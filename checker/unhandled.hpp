// Inputs a machine received but no row handled: for every reachable state, each message
// a channel can deliver to an actor whose table has no row that takes it there. A
// protocol machine ignores such a message (as a real stack drops a segment it has no use
// for), which is right for most and hides a bug for some: a missing row looks exactly
// like a message that was meant to be ignored. This lists them, so a user can tell.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "checker/limits.hpp"
#include "checker/model.hpp"

namespace synack::checker {

struct UnhandledInput {
  std::string actor;       // "server"
  std::string state;       // its control state: "SYN-RECEIVED"
  std::string input;       // the event the message became ("rcv ACK"), or "rcv" when none
  std::string example;     // one such message: "ACK seq=1 ack=1"
  std::size_t states = 0;  // reachable states in which it can happen
};

struct UnhandledReport {
  std::vector<UnhandledInput> inputs;  // by actor, state and input
  std::size_t states = 0;              // states explored
  bool complete = true;                // false: a limit ended the exploration first
  bool representatives = false;        // a --symmetry search: states stand for classes
};

// Explores every reachable state (within `limits`: max_states, max_memory_bytes,
// max_seconds from its own start, and an interrupt). A model with an initial value left
// open (for the Z3 engines) is refused: an InputError.
// Messages passed between the layers of one host are not deliveries and not listed here;
// traces show them as `drops` or `(discarded)`.
UnhandledReport unhandled_inputs(const Model& model, const Limits& limits);
// What unhandled_inputs refuses, for a caller to refuse before its other work.
void require_one_initial_state(const Model& model);

}  // namespace synack::checker
