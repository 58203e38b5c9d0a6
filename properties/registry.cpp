#include "properties/registry.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "machines/arq/arq.hpp"
#include "machines/tcp/flow/flow.hpp"
#include "machines/tcp/tcp.hpp"
#include "machines/tls/tls.hpp"

namespace synack::properties {

std::vector<Scenario> bundled_scenarios() {
  std::vector<Scenario> all;
  add_tcp_handshake_scenarios(all);
  add_tcp_lifecycle_scenarios(all);
  add_tcp_syn_flood_scenario(all);
  add_tcp_flow_scenarios(all);
  add_arq_scenarios(all);
  add_tcp_fast_open_scenarios(all);
  add_tls_scenarios(all);
  return all;
}

std::map<std::string, MachineFactory> bundled_machines() {
  return {
      {"tcp-endpoint",
       [] { return machines::tcp::make_endpoint("tcp-endpoint", machines::tcp::Params{}); }},
      {"tcp-listener", [] { return machines::tcp::make_listener({}); }},
      {"syn-flooder", [] { return machines::tcp::make_attacker({}); }},
      {"tcp-window-sender", [] { return machines::tcp::flow::make_window_sender({}); }},
      {"tcp-window-receiver", [] { return machines::tcp::flow::make_window_receiver({}); }},
      {"tcp-congestion-sender", [] { return machines::tcp::flow::make_congestion_sender({}); }},
      {"tcp-cumulative-receiver", [] { return machines::tcp::flow::make_cumulative_receiver({}); }},
      {"arq-sender", [] { return machines::arq::make_sender({}); }},
      {"arq-receiver", [] { return machines::arq::make_receiver({}); }},
      {"tls12-client", [] { return machines::tls::make_tls12_client({}); }},
      {"tls12-server", [] { return machines::tls::make_tls12_server({}); }},
      // RSA key exchange (no ServerKeyExchange), as the learned OpenSSL servers were set
      // up: `synack conform` compares them with this one (learned/maps/tls12-server.map).
      {"tls12-server-rsa",
       [] {
         machines::tls::Tls12Params p;
         p.key_exchange = machines::tls::Tls12Params::KeyExchange::kRsa;
         return machines::tls::make_tls12_server(p);
       }},
      {"tls13-client", [] { return machines::tls::make_tls13_client({}); }},
      {"tls13-server", [] { return machines::tls::make_tls13_server({}); }}};
}

}  // namespace synack::properties
