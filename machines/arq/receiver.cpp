// The one translation unit that instantiates Boost.MSM for the stop-and-wait receiver.
#include "machines/arq/arq_machines.hpp"
#include "machines/msm_machine.hpp"

namespace synack::machines::arq {

std::shared_ptr<const checker::MachineType> make_receiver(const Params& params) {
  return std::make_shared<MsmMachine<Receiver_>>("arq-receiver", params);
}

}  // namespace synack::machines::arq
