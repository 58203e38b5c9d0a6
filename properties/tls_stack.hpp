// Two hosts, each a TLS machine stacked on a TCP endpoint, joined by a channel each way:
// the composition every TLS and TCP Fast Open scenario (and `synack rtt`) builds.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checker/channel.hpp"
#include "checker/system.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::properties {

struct StackSpec {
  machines::tcp::Params tcp;  // both endpoints; upper_messages name the TLS messages
  // The TLS machines; null: a plain application (upper_messages must then be {"data"}).
  std::shared_ptr<const checker::MachineType> client_tls, server_tls;
  std::vector<std::string> client_tls_events{"start"};  // what the client's application may do
  checker::ChannelPolicy channel;
  bool retransmit = true;  // the endpoints' timers are offered (off: a loss-free timing model)
  std::vector<checker::MonitorSpec> monitors = {};  // over the actors below (tcp_history.hpp)
};

// Actors: client, server (TCP), tls_client, tls_server; channels c2s, s2c.
std::unique_ptr<checker::System> build_stack(const StackSpec& spec);

}  // namespace synack::properties
