// Parameters shared by the TCP scenarios, and the endpoint parameters they describe.
#pragma once

#include <vector>

#include "machines/tcp/tcp.hpp"
#include "properties/scenario.hpp"

namespace synack::properties {

struct TcpDefaults {
  bool third_segment = true;
  int seq_space = 16;
  int isn_step = 2;
  int max_retries = 1;
  int incarnations = 2;
  int capacity = 2;
  int duplicates = 1;
  bool lossy = true;
  bool ordered = false;
};

std::vector<ParamSpec> tcp_param_specs(const TcpDefaults& defaults);

// Throws InputError when the values contradict each other.
machines::tcp::Params tcp_params(const ParamValues& values);

}  // namespace synack::properties
