// The one translation unit that instantiates Boost.MSM for the cumulative-ACK receiver.
#include "machines/msm_machine.hpp"
#include "machines/tcp/flow/congestion_machines.hpp"

namespace synack::machines::tcp::flow {

std::shared_ptr<const checker::MachineType> make_cumulative_receiver(
    const CongestionParams& params) {
  return std::make_shared<MsmMachine<congestion::Receiver_>>("tcp-cumulative-receiver", params);
}

}  // namespace synack::machines::tcp::flow
