// The one translation unit that instantiates Boost.MSM for the TLS 1.2 client.
#include "machines/msm_machine.hpp"
#include "machines/tls/tls12_machines.hpp"

namespace synack::machines::tls {

std::shared_ptr<const checker::MachineType> make_tls12_client(const Tls12Params& params) {
  return std::make_shared<MsmMachine<v12::Client_>>("tls12-client", params);
}

}  // namespace synack::machines::tls
