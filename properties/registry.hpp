// The bundled scenarios, built on request (no static registration, no globals).
#pragma once

#include <string_view>
#include <vector>

#include "properties/scenario.hpp"

namespace synack::properties {

std::vector<Scenario> bundled_scenarios();

// Throws InputError listing the known scenarios.
const Scenario& find_scenario(const std::vector<Scenario>& scenarios, std::string_view name);

// One function per scenario family; registry.cpp collects them.
void add_tcp_handshake_scenarios(std::vector<Scenario>& out);

}  // namespace synack::properties
