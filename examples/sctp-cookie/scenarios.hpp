#pragma once

#include <vector>

#include "synack/scenario.hpp"

namespace sctp {

std::vector<synack::Scenario> scenarios();

}  // namespace sctp
