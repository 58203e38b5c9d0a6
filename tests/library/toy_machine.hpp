// A small user machine for the library tests, built like a user's (include/synack/ only),
// with switches that make the mistakes users make.
#pragma once

#include <memory>

#include "synack/scenario.hpp"

namespace toy {

struct Params {
  int peers = 1;             // outgoing channels the machine expects (its ports)
  int bound = 2;             // var_bounds of `count`
  int port_offset = 0;       // added to each message's port: out of range when > 0
  bool send_on_call = true;  // `call` sends a message
  int phase_bound = 1;       // var_bounds of `phase`: above 1, its two names are too few
};

// A machine that counts its calls up to 2, flipping `phase` (OFF, ON) each time, and
// sends Ping{to = count % peers} per call; a received Ping counts too and is answered
// with a Pong to port 0.
std::shared_ptr<const synack::Machine> make_toy(const Params& p);

}  // namespace toy
