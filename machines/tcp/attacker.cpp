// The one translation unit that instantiates Boost.MSM for the SYN-flood attacker.
#include "machines/msm_machine.hpp"
#include "machines/tcp/flood_machines.hpp"

namespace synack::machines::tcp {

std::shared_ptr<const checker::MachineType> make_attacker(const AttackerParams& params) {
  return std::make_shared<MsmMachine<flood::Attacker_>>("syn-flooder", params);
}

}  // namespace synack::machines::tcp
