#include "properties/tls_stack.hpp"

namespace synack::properties {

std::unique_ptr<checker::System> build_stack(const StackSpec& spec) {
  namespace tcp = machines::tcp;
  auto sys = std::make_unique<checker::System>();
  tcp::Params server_tcp = spec.tcp;
  server_tcp.initial_cookie = tcp::Params::Cookie::kNone;  // a client's cache, not a server's
  server_tcp.write_before_connect = false;
  std::vector<std::string> client_events{"connect", "send"}, server_events{"listen", "send"};
  if (spec.retransmit) {
    client_events.push_back("timeout");
    server_events.push_back("timeout");
  }
  std::size_t client =
      sys->add_actor("client", tcp::make_endpoint("tcp-client", spec.tcp), client_events);
  std::size_t server =
      sys->add_actor("server", tcp::make_endpoint("tcp-server", server_tcp), server_events);
  if (spec.client_tls)
    sys->stack(sys->add_actor("tls_client", spec.client_tls, spec.client_tls_events), client);
  if (spec.server_tls) sys->stack(sys->add_actor("tls_server", spec.server_tls, {}), server);
  sys->add_channel("c2s", client, server, spec.channel);
  sys->add_channel("s2c", server, client, spec.channel);
  for (const checker::MonitorSpec& m : spec.monitors) sys->add_monitor(m);
  sys->finalize();
  return sys;
}

}  // namespace synack::properties
