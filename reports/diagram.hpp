// State diagrams: a machine's from its transition table, a scenario's machines with the
// rows its reachable states actually fire, the reachable global graph of a small
// scenario with a trace highlighted, and two variants in one drawing with the rows that
// only one of them fires coloured.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "checker/machine.hpp"
#include "checker/model.hpp"
#include "checker/result.hpp"

namespace synack::reports {

// Rows fired per machine name, collected by exploring a model (up to max_states).
struct RowCoverage {
  std::map<std::string, std::set<int>> fired;  // machine name -> row indices
  std::size_t states = 0;
  bool complete = true;      // false when max_states (or an interrupt) cut the search short
  bool interrupted = false;  // `interrupted` was set
};
RowCoverage row_coverage(const checker::Model& model, std::size_t max_states,
                         const std::atomic<bool>* interrupted = nullptr);

struct MachineStyle {
  const std::set<int>* fired = nullptr;  // fade the other rows
  // --compare: the rows only the first or only the second variant fires are coloured,
  // the rest of `fired` (what both fire) faded, the rows neither fires left out.
  const std::set<int>* only_first = nullptr;
  const std::set<int>* only_second = nullptr;
  std::string first, second;  // the variants' names, for the legend
  bool detail = false;        // every row's guard and action on its label
};

// A DOT `subgraph cluster_...` (or a whole digraph when `standalone`), laid out by
// reports/diagram_layout: rows that keep the state listed in its box, parallel rows one edge.
std::string machine_dot(const checker::MachineType& machine, const std::string& id,
                        const std::string& title, const MachineStyle& style, bool standalone);

// The reachable global graph as a DOT cluster, or nothing when it has more than
// max_states states. `trace` is drawn red.
std::optional<std::string> global_graph_dot(const checker::Model& model, std::size_t max_states,
                                            const checker::Trace* trace);

// The reachable global graph projected onto the actors' control states (a node per
// distinct summary, "client=SYN-SENT server=LISTEN"; an edge per pair of nodes one step
// apart, labelled with every step that takes it), as a DOT cluster: what stays readable of
// a scenario whose full graph has hundreds of states. Nothing when the scenario has more
// than max_states states. `trace` is drawn red.
struct ControlGraph {
  std::string dot;
  std::size_t states = 0;  // reachable states projected
  std::size_t nodes = 0;   // distinct control states drawn
};
std::optional<ControlGraph> control_state_graph_dot(const checker::Model& model,
                                                    std::size_t max_states,
                                                    const checker::Trace* trace);

}  // namespace synack::reports
