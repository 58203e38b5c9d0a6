// The whole reachable state graph, for liveness: every state (in a StateStore, in
// breadth-first order, so index order is distance order and BFS parents give shortest
// paths) and every transition, with the group that takes it.
//
// Out-edges are kept in compressed rows: the edges of state i are
// [first_edge[i], first_edge[i + 1]). A state's out-edges are exactly the groups enabled
// there, which is what fairness needs to know. Each delivery edge also names which
// message it delivers on which channel (fair loss is per message); a delivery the
// receiver discards on a lossy channel, which the model folds into a loss, is recorded
// as a delivery edge too, since for fairness the message did reach the receiver.
// Per state: the packed state and its parent (StateStore), 8 bytes of row offset and
// 10 bytes per edge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/coverage.hpp"
#include "checker/explicit_bfs.hpp"
#include "checker/expr.hpp"
#include "checker/limits.hpp"
#include "checker/model.hpp"
#include "checker/state_store.hpp"

namespace synack::checker {

struct StateGraph {
  StateGraph(const Layout& layout, StoreKind kind) : store(layout, kind) {}

  struct Delivery {
    std::string channel;
    Value message = 0;
  };

  StateStore store;
  std::vector<std::uint64_t> first_edge;
  std::vector<std::uint32_t> target;
  std::vector<std::uint16_t> group;
  std::vector<std::uint32_t> delivery;  // 0: not a delivery, else 1 + index into deliveries
  std::vector<Delivery> deliveries;
  std::vector<std::vector<bool>> truth;  // truth[k][state]: the k-th predicate there

  std::uint64_t transitions = 0;
  std::size_t depth = 0;
  double seconds = 0;
  std::string limit;  // the limit that cut exploration short; empty: the graph is complete
  // Rows fired, transitions and new states per group, as the breadth-first engine counts
  // them over the same states (checker/coverage.hpp).
  Coverage coverage;

  std::size_t states() const { return store.size(); }
  std::uint64_t edges_begin(std::uint32_t s) const { return first_edge[s]; }
  std::uint64_t edges_end(std::uint32_t s) const { return first_edge[s + 1]; }
  bool dead_end(std::uint32_t s) const { return edges_begin(s) == edges_end(s); }
  std::size_t bytes() const;
};

// Explores every reachable state and records every edge, evaluating `predicates` on
// each state. Stops at a limit (graph.limit says which) rather than throwing.
StateGraph explore_graph(const Model& model, const std::vector<const Expr*>& predicates,
                         const Limits& limits, const ProgressFn& progress);

}  // namespace synack::checker
