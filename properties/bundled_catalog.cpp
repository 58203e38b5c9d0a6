// synack::bundled::catalog(): the bundled scenarios, machines and the `rtt` command.
#include "cli/commands.hpp"
#include "properties/registry.hpp"
#include "synack/bundled.hpp"

namespace synack::bundled {

Catalog catalog() {
  Catalog c{properties::bundled_scenarios()};
  c.machines = properties::bundled_machines();
  c.learned_families = true;
  c.commands.push_back(
      {"rtt", "round trips of TCP/TFO + TLS 1.2/1.3 handshakes, and when they overlap (seed 000)",
       [](bool json, std::ostream& out) {
         cli::RttOptions options;
         options.json = json;
         return cli::run_rtt(options, out);
       }});
  return c;
}

}  // namespace synack::bundled
