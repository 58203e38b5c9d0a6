// The one translation unit that instantiates Boost.MSM for the SYN-flood listener.
#include "machines/msm_machine.hpp"
#include "machines/tcp/flood_machines.hpp"

namespace synack::machines::tcp {

std::shared_ptr<const checker::MachineType> make_listener(const ListenerParams& params) {
  return std::make_shared<MsmMachine<flood::Listener_>>("tcp-listener", params);
}

}  // namespace synack::machines::tcp
