// How one swarm member is biased: its seed, its order of transition groups, its depth
// bound, and whether its order turns at every state. All of it follows from the swarm's
// seed and the member's index, so a member does the same search on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace synack::checker {

struct MemberPlan {
  std::size_t index = 0;
  std::uint64_t seed = 0;
  // The groups in the order this member tries them (member 0: the model's own order, the
  // plain depth-first search; the others: a permutation drawn from their seed).
  std::vector<std::size_t> group_order;
  std::size_t depth_bound = 1;
  // Half the members also start each state's groups at a random place in their order,
  // so that two states do not always favour the same group.
  bool rotates = false;
};

// Members cycle through the depth bounds max_depth, /2, /4, ... /32 (at least 1): some
// search deep, and some search near the initial state, where what they find is short (a
// depth-first search's path is about as long as its bound allows).
inline constexpr std::size_t kDepthLevels = 6;
MemberPlan plan_member(std::uint64_t swarm_seed, std::size_t index, std::size_t groups,
                       std::size_t max_depth);

// splitmix64's step: a well-mixed 64-bit value from any input, the same everywhere.
std::uint64_t mix_seed(std::uint64_t x);

}  // namespace synack::checker
