// Stop-and-wait ARQ, the alternating-bit protocol (seed 002 section 12): a sender that
// sends one frame, waits for its acknowledgment and retransmits on timeout, and a
// receiver that delivers each new frame to its application once.
#pragma once

#include <memory>
#include <string>

#include "checker/machine.hpp"

namespace synack::machines::arq {

struct Params {
  int messages = 3;     // payloads the sender's application hands over, 0..messages-1
  bool seq_bit = true;  // frames and ACKs carry the alternating bit; false: no sequence
};

std::shared_ptr<const checker::MachineType> make_sender(const Params& params);
std::shared_ptr<const checker::MachineType> make_receiver(const Params& params);

}  // namespace synack::machines::arq
