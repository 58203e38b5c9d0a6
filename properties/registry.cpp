#include "properties/registry.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::properties {

std::vector<Scenario> bundled_scenarios() {
  std::vector<Scenario> all;
  add_tcp_handshake_scenarios(all);
  add_tcp_lifecycle_scenarios(all);
  add_tcp_syn_flood_scenario(all);
  return all;
}

std::map<std::string, MachineFactory> bundled_machines() {
  return {{"tcp-endpoint",
           [] { return machines::tcp::make_endpoint("tcp-endpoint", machines::tcp::Params{}); }},
          {"tcp-listener", [] { return machines::tcp::make_listener({}); }},
          {"syn-flooder", [] { return machines::tcp::make_attacker({}); }}};
}

const Scenario& find_scenario(const std::vector<Scenario>& scenarios, std::string_view name) {
  for (const Scenario& s : scenarios)
    if (s.name == name) return s;
  std::string known;
  for (const Scenario& s : scenarios) known += (known.empty() ? "" : ", ") + s.name;
  throw InputError(fmt::format("unknown scenario '{}'; known: {}", name, known));
}

}  // namespace synack::properties
