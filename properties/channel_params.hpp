// The channel parameters every scenario shares, and the policy they describe.
#pragma once

#include <vector>

#include "checker/channel.hpp"
#include "properties/scenario.hpp"

namespace synack::properties {

std::vector<ParamSpec> channel_params(int default_capacity, int default_duplicates);
checker::ChannelPolicy channel_policy(const ParamValues& values);

}  // namespace synack::properties
