// Where fair runs can stay forever inside a set of states: the fair strongly connected
// components of its subgraph, and a cycle through one of them that meets every
// fairness constraint.
//
// Weak fairness of A fails on a component when A is enabled in every one of its states
// and no A-step stays inside it: no cycle there can be fair, nor in any part of it.
// Strong fairness of a delivery L fails when L is enabled somewhere in the component but
// no L-step stays inside it: a fair cycle there must avoid the states where L is
// enabled, so those are removed and the rest decomposed again (Emerson-Lei).
#pragma once

#include <cstdint>
#include <vector>

#include "checker/fairness.hpp"
#include "checker/graph_paths.hpp"
#include "checker/scc.hpp"
#include "checker/state_graph.hpp"

namespace synack::checker {

class FairCycles {
 public:
  // `poll` is called between components and during each decomposition (SccFinder).
  FairCycles(const StateGraph& graph, const Fairness& fairness, std::size_t group_count,
             Poll poll = {});

  // The fair components of the subgraph induced by `members` (all in `set`).
  std::vector<std::vector<std::uint32_t>> components(const std::vector<std::uint32_t>& members,
                                                     StateSet set);

  // A cycle from `start` back to it inside the fair component `component` that takes a
  // step of, or passes a state disabling, every weakly fair group set, and takes every
  // strongly fair delivery enabled in the component. Edge indices, at least one.
  std::vector<std::uint64_t> cycle(std::uint32_t start, const std::vector<std::uint32_t>& component,
                                   GraphPaths& paths);

 private:
  struct Census {
    std::uint64_t enabled_everywhere = ~std::uint64_t{0};  // weak constraints
    std::uint64_t taken_inside = 0;
    std::vector<std::uint32_t> unmet_labels;  // strongly fair, enabled, never taken inside
    std::vector<std::uint32_t> taken_labels;
  };
  Census census(const std::vector<std::uint32_t>& component, StateSet set);
  std::uint64_t enabled_weak(std::uint32_t s) const;

  const StateGraph& graph_;
  Poll poll_;
  SccFinder scc_;
  std::vector<std::uint64_t> weak_mask_;  // per group: the weak constraints it belongs to
  std::uint64_t all_weak_ = 0;
  std::vector<bool> fair_label_;      // per delivery label
  std::vector<std::uint32_t> stamp_;  // component membership
  std::uint32_t next_mark_ = 0;
};

}  // namespace synack::checker
