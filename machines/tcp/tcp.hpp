// The TCP endpoint machine, as the rest of synack sees it (no Boost.MSM here).
#pragma once

#include <memory>
#include <string>

#include "checker/machine.hpp"

namespace synack::machines::tcp {

enum class Handshake {
  kThreeWay,  // RFC 9293: SYN, SYN-ACK, ACK
  kTwoWay,    // the ablation: the server is ESTABLISHED on the SYN, the client on the SYN-ACK
};

struct Params {
  Handshake handshake = Handshake::kThreeWay;
  // Sequence numbers live modulo seq_space. A real TCP has 2^32; the explicit engine
  // shrinks it, and a small space lets initial sequence numbers repeat.
  int seq_space = 16;
  // Each new connection takes its ISS from a clock that advances by isn_step (RFC 9293
  // section 3.4.1's ISN generator, abstracted to one tick per connection).
  int isn_step = 2;
  int max_retries = 1;  // SYN and SYN-ACK retransmissions before giving up
  // Answer unacceptable segments with a RST (RFC 9293 3.10.7). Off: the ablation in
  // which such segments are silently dropped.
  bool send_rst = true;
  int incarnations = 2;  // how many times an endpoint may actively open
};

std::shared_ptr<const checker::MachineType> make_endpoint(const std::string& name,
                                                          const Params& params);

}  // namespace synack::machines::tcp
