// The one translation unit that instantiates Boost.MSM for the RFC 5681 sender.
#include "machines/msm_machine.hpp"
#include "machines/tcp/flow/congestion_machines.hpp"

namespace synack::machines::tcp::flow {

std::shared_ptr<const checker::MachineType> make_congestion_sender(const CongestionParams& params) {
  return std::make_shared<MsmMachine<congestion::Sender_>>("tcp-congestion-sender", params);
}

}  // namespace synack::machines::tcp::flow
