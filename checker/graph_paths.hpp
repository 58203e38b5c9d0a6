// Shortest paths inside subsets of a StateGraph, as lists of edge indices.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "checker/state_graph.hpp"

namespace synack::checker {

class GraphPaths {
 public:
  explicit GraphPaths(const StateGraph& graph);

  // The shortest path from `from` to a state satisfying `goal`, through states for which
  // `inside` holds (from and the goal included); nothing when there is none. A goal
  // satisfied by `from` itself gives the empty path.
  std::optional<std::vector<std::uint64_t>> shortest(
      std::uint32_t from, const std::function<bool(std::uint32_t)>& inside,
      const std::function<bool(std::uint32_t)>& goal);

  // The breadth-first tree path from the initial state to `to` (the store's parents).
  std::vector<std::uint64_t> from_initial(std::uint32_t to) const;

  // Every state from which some state of `targets` is reachable through `inside`.
  std::vector<bool> can_reach(const std::vector<std::uint32_t>& targets,
                              const std::function<bool(std::uint32_t)>& inside);

 private:
  void build_reverse();

  const StateGraph& graph_;
  std::vector<std::uint32_t> visited_;  // stamps, one per search
  std::uint32_t search_ = 0;
  std::vector<std::uint64_t> parent_edge_;
  std::vector<std::uint64_t> reverse_first_;  // built on first use
  std::vector<std::uint32_t> reverse_source_;
};

}  // namespace synack::checker
