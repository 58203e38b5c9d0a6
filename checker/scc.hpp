// Strongly connected components of a subgraph of a StateGraph, iteratively (Tarjan's
// algorithm with an explicit stack: state graphs are far deeper than the call stack).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "checker/state_graph.hpp"

namespace synack::checker {

// A set of states as stamps: s is a member when stamp[s] == mark. Sets are made and
// dropped often during fairness analysis; stamping avoids clearing whole arrays.
struct StateSet {
  std::vector<std::uint32_t>* stamp;
  std::uint32_t mark;
  bool contains(std::uint32_t s) const { return (*stamp)[s] == mark; }
};

// Called now and then during a long search (every 65,536 states visited): throws to stop
// it, at a limit (checker/liveness.cpp).
using Poll = std::function<void()>;

class SccFinder {
 public:
  explicit SccFinder(const StateGraph& graph, Poll poll = {});

  // The components of the subgraph induced by `members` (every element is in `set`,
  // and only they are) that contain a cycle: more than one state, or a self-loop.
  std::vector<std::vector<std::uint32_t>> cyclic_components(
      const std::vector<std::uint32_t>& members, StateSet set);

 private:
  static constexpr std::uint32_t kUnvisited = 0xffffffffu;
  const StateGraph& graph_;
  Poll poll_;
  std::vector<std::uint32_t> index_, low_;
  std::vector<bool> on_stack_;
};

}  // namespace synack::checker
