#pragma once

#include <vector>

#include "synack/scenario.hpp"

namespace two_phase {

std::vector<synack::Scenario> scenarios();

}  // namespace two_phase
