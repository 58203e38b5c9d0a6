#include "checker/swarm/member_plan.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <utility>

namespace synack::checker {

std::uint64_t mix_seed(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

MemberPlan plan_member(std::uint64_t swarm_seed, std::size_t index, std::size_t groups,
                       std::size_t max_depth) {
  MemberPlan plan;
  plan.index = index;
  // Two rounds of mixing: members of seeds S and S+1 share no seed.
  plan.seed = mix_seed(mix_seed(swarm_seed) ^ static_cast<std::uint64_t>(index));
  plan.group_order.resize(groups);
  std::iota(plan.group_order.begin(), plan.group_order.end(), std::size_t{0});
  // The generator's output reduced with `%`, never a std:: distribution, whose algorithm
  // the standard leaves to the library: the same seed gives the same order everywhere.
  std::mt19937_64 rng(plan.seed);
  if (index > 0)
    for (std::size_t i = groups; i > 1; --i)
      std::swap(plan.group_order[i - 1], plan.group_order[rng() % i]);
  plan.depth_bound = std::max<std::size_t>(1, max_depth >> (index % kDepthLevels));
  // Every other member, and the other half in the next round of depth bounds.
  plan.rotates = index % 2 != (index / kDepthLevels) % 2;
  return plan;
}

}  // namespace synack::checker
