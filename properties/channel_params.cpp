#include "properties/channel_params.hpp"

namespace synack::properties {

std::vector<ParamSpec> channel_params(int default_capacity, int default_duplicates) {
  return {
      {"channel.capacity", default_capacity, 1, 6, false,
       "messages each direction can hold in flight"},
      {"channel.duplicates", default_duplicates, 0, 4, false,
       "duplications each direction may make over a run"},
      {"channel.lossy", 1, 0, 1, true, "messages may be lost"},
      {"channel.ordered", 0, 0, 1, true, "FIFO delivery (otherwise any order)"},
  };
}

checker::ChannelPolicy channel_policy(const ParamValues& v) {
  checker::ChannelPolicy p;
  p.capacity = v.at("channel.capacity");
  p.max_duplicates = v.at("channel.duplicates");
  p.lossy = v.at("channel.lossy") != 0;
  p.ordered = v.at("channel.ordered") != 0;
  return p;
}

}  // namespace synack::properties
