// Two liveness graphs (checker/state_graph) built with different thread counts or round
// sizes must be the same graph: the states in the same order with the same parents, every
// edge, label and predicate bit, the counts, and so the same strongly connected components.
#pragma once

#include <numeric>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/scc.hpp"
#include "checker/state_graph.hpp"

namespace synack::testing {

// The components with a cycle over the whole graph, as the liveness analysis first finds
// them.
inline std::vector<std::vector<std::uint32_t>> cyclic_components(const checker::StateGraph& g) {
  std::vector<std::uint32_t> members(g.states());
  std::iota(members.begin(), members.end(), 0u);
  std::vector<std::uint32_t> stamp(g.states(), 1);
  checker::SccFinder finder(g);
  return finder.cyclic_components(members, {&stamp, 1});
}

inline void require_same_graph(const checker::StateGraph& one, const checker::StateGraph& many) {
  REQUIRE(many.states() == one.states());
  const std::size_t words = one.store.words();
  std::vector<std::uint64_t> a(words), b(words);
  for (std::uint32_t s = 0; s < one.states(); ++s) {
    one.store.state(s, a.data());
    many.store.state(s, b.data());
    REQUIRE(a == b);
    REQUIRE(many.store.parent(s) == one.store.parent(s));
  }
  CHECK(many.first_edge == one.first_edge);
  CHECK(many.target == one.target);
  CHECK(many.group == one.group);
  CHECK(many.delivery == one.delivery);
  REQUIRE(many.deliveries.size() == one.deliveries.size());
  for (std::size_t d = 0; d < one.deliveries.size(); ++d) {
    CHECK(many.deliveries[d].channel == one.deliveries[d].channel);
    CHECK(many.deliveries[d].message == one.deliveries[d].message);
  }
  CHECK(many.truth == one.truth);
  CHECK(many.transitions == one.transitions);
  CHECK(many.depth == one.depth);
  CHECK(many.limit == one.limit);
  CHECK(many.coverage.row_fired == one.coverage.row_fired);
  CHECK(many.coverage.group_transitions == one.coverage.group_transitions);
  CHECK(many.coverage.group_new_states == one.coverage.group_new_states);
  CHECK(many.coverage.liveness_only_transitions == one.coverage.liveness_only_transitions);
  CHECK(many.coverage.transitions == one.coverage.transitions);
  CHECK(many.coverage.exhaustive == one.coverage.exhaustive);
  // A graph cut by a limit is never analysed (its last states have no edges yet).
  if (one.limit.empty()) CHECK(cyclic_components(many) == cyclic_components(one));
}

}  // namespace synack::testing
