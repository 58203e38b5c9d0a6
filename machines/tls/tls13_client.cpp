// The one translation unit that instantiates Boost.MSM for the TLS 1.3 client.
#include "machines/msm_machine.hpp"
#include "machines/tls/tls13_machines.hpp"

namespace synack::machines::tls {

std::shared_ptr<const checker::MachineType> make_tls13_client(const Tls13Params& params) {
  return std::make_shared<MsmMachine<v13::Client_>>("tls13-client", params);
}

}  // namespace synack::machines::tls
