// The one translation unit that instantiates Boost.MSM for the stop-and-wait sender.
#include "machines/arq/arq_machines.hpp"
#include "machines/msm_machine.hpp"

namespace synack::machines::arq {

std::shared_ptr<const checker::MachineType> make_sender(const Params& params) {
  return std::make_shared<MsmMachine<Sender_>>("arq-sender", params);
}

}  // namespace synack::machines::arq
