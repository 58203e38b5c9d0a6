// The one translation unit that instantiates Boost.MSM for the TCP endpoint.
#include "machines/msm_machine.hpp"
#include "machines/tcp/endpoint_machine.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::machines::tcp {

std::shared_ptr<const checker::MachineType> make_endpoint(const std::string& name,
                                                          const Params& params) {
  return std::make_shared<MsmMachine<Endpoint_>>(name, params);
}

}  // namespace synack::machines::tcp
