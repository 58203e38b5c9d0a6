// The one translation unit that instantiates Boost.MSM for the TLS 1.3 server.
#include "machines/msm_machine.hpp"
#include "machines/tls/tls13_machines.hpp"

namespace synack::machines::tls {

std::shared_ptr<const checker::MachineType> make_tls13_server(const Tls13Params& params) {
  return std::make_shared<MsmMachine<v13::Server_>>("tls13-server", params);
}

}  // namespace synack::machines::tls
