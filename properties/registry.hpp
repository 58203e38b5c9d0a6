// The bundled scenarios, built on request (no static registration, no globals).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checker/machine.hpp"
#include "properties/scenario.hpp"

namespace synack::properties {

std::vector<Scenario> bundled_scenarios();

// The bundled machines by name, each built with default parameters (for diagrams).
using MachineFactory = std::function<std::shared_ptr<const checker::MachineType>()>;
std::map<std::string, MachineFactory> bundled_machines();

// One function per scenario family; registry.cpp collects them.
void add_tcp_handshake_scenarios(std::vector<Scenario>& out);
void add_tcp_lifecycle_scenarios(std::vector<Scenario>& out);
void add_tcp_syn_flood_scenario(std::vector<Scenario>& out);
void add_arq_scenarios(std::vector<Scenario>& out);
void add_tcp_flow_scenarios(std::vector<Scenario>& out);
void add_tcp_fast_open_scenarios(std::vector<Scenario>& out);
void add_tls_scenarios(std::vector<Scenario>& out);

}  // namespace synack::properties
