#include "reports/diagram.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "checker/check.hpp"
#include "checker/symmetry/symmetric_model.hpp"
#include "checker/system.hpp"
#include "reports/coverage_report.hpp"
#include "reports/diagram_layout.hpp"
#include "reports/graphviz.hpp"
#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {

using State = std::vector<checker::Value>;

// Breadth-first over the model with a bound; calls edge(from, group, to) per transition.
template <class OnEdge>
std::size_t explore(const checker::Model& model, std::size_t max_states,
                    std::map<State, std::size_t>& ids, OnEdge&& edge) {
  std::deque<State> queue{model.initial_state()};
  ids.emplace(queue.front(), 0);
  State next(model.layout().size());
  while (!queue.empty()) {
    State current = std::move(queue.front());
    queue.pop_front();
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      if (!model.apply(g, current.data(), next.data())) continue;
      if (!ids.count(next)) {
        if (ids.size() >= max_states) return ids.size() + 1;  // over the bound
        ids.emplace(next, ids.size());
        queue.push_back(next);
      }
      edge(current, g, next);
    }
  }
  return ids.size();
}

std::string row_label(const checker::RowSpec& r) {
  std::string label = r.event;
  if (!r.guard.empty()) label += " [" + r.guard + "]";
  if (!r.action.empty()) label += " / " + r.action;
  return label;
}

std::string state_node_label(const checker::Model& model, const State& s) {
  std::string label = model.summary(s.data());
  const checker::Layout& layout = model.layout();
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (layout.slot(i).name.find('[') != std::string::npos && s[i] != 0)
      label += "\\n" + layout.slot(i).name + ": " + layout.slot(i).print(s[i]);
  return label;
}

}  // namespace

// The explicit engine's search with its row counts (every row a step fires, layers
// included), not a walk of its own: a million states in a second or two instead of half a
// minute, and an interrupt stops it.
RowCoverage row_coverage(const checker::Model& model, std::size_t max_states,
                         const std::atomic<bool>* interrupted) {
  RowCoverage coverage;
  if (!checker::system_of(model)) return coverage;
  checker::Limits limits;
  // One more than the bound: a space of exactly max_states states is counted whole.
  limits.max_states = max_states + 1;
  limits.explore_all = true;
  limits.interrupted = interrupted;
  checker::PropertySpec every_state;
  every_state.name = "rows fired";
  every_state.kind = checker::PropertyKind::kAlways;
  every_state.expression = "true";
  checker::ExplorationStats stats;
  checker::check_properties(model, {every_state}, limits, {}, &stats);
  for (const MachineCoverage& m : machine_coverage(model, stats.coverage))
    for (std::size_t r = 0; r < m.fired.size(); ++r)
      if (m.fired[r] > 0) coverage.fired[m.machine].insert(static_cast<int>(r));
  coverage.states = stats.coverage.states;
  coverage.complete = stats.coverage.exhaustive;
  coverage.interrupted = limits.interrupt_requested();
  return coverage;
}

std::string machine_dot(const checker::MachineType& m, const std::string& id,
                        const std::string& title, const MachineStyle& style, bool standalone) {
  using Mark = GraphItem::Mark;
  bool compare = style.only_first || style.only_second;
  auto mark_of = [&](int row) -> std::optional<Mark> {
    bool fired = !style.fired || style.fired->count(row);
    if (!compare) return fired ? Mark::kPlain : Mark::kFaded;
    if (!fired) return std::nullopt;  // neither variant fires it: nothing to compare
    if (style.only_first && style.only_first->count(row)) return Mark::kFirst;
    if (style.only_second && style.only_second->count(row)) return Mark::kSecond;
    return Mark::kFaded;
  };
  // The states drawn: all of them, or for a comparison those a compared row touches.
  const auto& names = m.state_names();
  std::size_t initial = static_cast<std::size_t>(m.initial_local().at(0));
  std::set<std::string> used{names.at(initial)};
  for (std::size_t r = 0; r < m.rows().size(); ++r) {
    if (!mark_of(static_cast<int>(r))) continue;
    used.insert(m.rows()[r].source);
    if (!m.rows()[r].target.empty()) used.insert(m.rows()[r].target);
  }
  DiagramGraph g;
  g.title = title;
  std::map<std::string, std::size_t> index;
  for (const std::string& name : names)
    if (!compare || used.count(name)) {
      index[name] = g.nodes.size();
      g.nodes.push_back({name, {}, false});
    }
  g.initial = index.at(names.at(initial));
  std::set<Mark> marks;
  for (std::size_t r = 0; r < m.rows().size(); ++r) {
    const checker::RowSpec& row = m.rows()[r];
    auto mark = mark_of(static_cast<int>(r));
    if (!mark) continue;
    marks.insert(*mark);
    std::string detail = row_label(row) + (row.target.empty() ? " (internal)" : "");
    g.add(index.at(row.source), index.at(row.target.empty() ? row.source : row.target),
          {row.event, detail, *mark});
  }
  if (compare) {
    if (marks.count(Mark::kFirst)) g.legend.push_back({Mark::kFirst, "only in " + style.first});
    if (marks.count(Mark::kSecond)) g.legend.push_back({Mark::kSecond, "only in " + style.second});
    if (marks.count(Mark::kFaded)) g.legend.push_back({Mark::kFaded, "the same in both"});
    if (marks.count(Mark::kFirst) + marks.count(Mark::kSecond) == 0)
      g.legend.push_back({Mark::kPlain, "no row differs"});
  } else if (marks.count(Mark::kFaded)) {
    g.legend.push_back({Mark::kFaded, "never fired in this scenario"});
  }
  return diagram_dot(g, {id, standalone, style.detail});
}

std::optional<std::string> global_graph_dot(const checker::Model& model, std::size_t max_states,
                                            const checker::Trace* trace) {
  std::set<std::pair<State, State>> on_trace;
  std::set<State> trace_states;
  if (trace) {
    const State* prev = &trace->initial;
    trace_states.insert(*prev);
    for (const auto& step : trace->steps) {
      on_trace.insert({*prev, step.state});
      trace_states.insert(step.state);
      prev = &step.state;
    }
  }
  std::map<State, std::size_t> ids;
  std::string edges;
  std::size_t seen =
      explore(model, max_states, ids, [&](const State& from, std::size_t g, const State& to) {
        checker::StepInfo info = model.describe(g, from.data());
        std::string label = info.actor + " " + info.event;
        bool red = on_trace.count({from, to}) > 0;
        edges += fmt::format("  g{} -> g{} [label={}{}];\n", ids.at(from), ids.at(to),
                             dot_quote(label), red ? ", color=red, fontcolor=red, penwidth=2" : "");
      });
  if (seen > max_states) return std::nullopt;
  std::string out = "subgraph cluster_global {\n  label=\"reachable states\";\n";
  out += "  node [shape=box, fontname=\"Helvetica\", fontsize=9];\n  edge [fontsize=8];\n";
  for (const auto& [state, id] : ids)
    out += fmt::format("  g{} [label={}{}];\n", id, dot_quote(state_node_label(model, state)),
                       trace_states.count(state) ? ", color=red, penwidth=2" : "");
  return out + edges + "}\n";
}

std::optional<ControlGraph> control_state_graph_dot(const checker::Model& model,
                                                    std::size_t max_states,
                                                    const checker::Trace* trace) {
  // Each reachable state's control states (its summary), numbered as first met.
  std::map<std::string, std::size_t> node_of;
  std::vector<std::string> nodes;
  auto node_of_summary = [&](const State& s) {
    auto [it, added] = node_of.try_emplace(model.summary(s.data()), nodes.size());
    if (added) nodes.push_back(it->first);
    return it->second;
  };
  std::vector<std::size_t> node_by_id;  // a state's node, by its number in `ids`
  std::map<State, std::size_t> ids;
  auto node = [&](const State& s) {
    const std::size_t id = ids.at(s);
    while (node_by_id.size() <= id) node_by_id.push_back(SIZE_MAX);
    if (node_by_id[id] == SIZE_MAX) node_by_id[id] = node_of_summary(s);
    return node_by_id[id];
  };
  std::set<std::pair<std::size_t, std::size_t>> on_trace;
  std::set<std::size_t> trace_nodes;
  // Edges between different nodes, each with the distinct steps that take it; the steps
  // that change no control state (a loss, a duplicate, a tick) are what the projection
  // leaves out. Describing a step is what costs, so it is done once per pair of nodes and
  // group, and for a delivery per message too; a tick (whose actor and event depend on the
  // state) every time.
  std::map<std::pair<std::size_t, std::size_t>, std::set<std::string>> edges;
  std::set<std::tuple<std::size_t, std::size_t, std::size_t, checker::Value>> described;
  std::vector<checker::GroupRole> roles;
  for (std::size_t g = 0; g < model.group_count(); ++g) roles.push_back(model.group_role(g));
  const std::size_t seen =
      explore(model, max_states, ids, [&](const State& from, std::size_t g, const State& to) {
        const std::size_t a = node(from), b = node(to);
        if (a == b) return;
        const checker::GroupRole& role = roles[g];
        if (role.kind != checker::GroupRole::kTick) {
          const checker::Value message =
              role.kind == checker::GroupRole::kDeliver ? from[role.message_slot] : 0;
          if (!described.insert({a, b, g, message}).second) return;
        }
        checker::StepInfo info = model.describe(g, from.data());
        edges[{a, b}].insert(info.actor + " " + info.event);
      });
  if (seen > max_states) return std::nullopt;
  node(model.initial_state());
  if (trace) {
    std::size_t prev = node(trace->initial);
    trace_nodes.insert(prev);
    for (const auto& step : trace->steps) {
      const std::size_t next = node(step.state);
      if (next != prev) on_trace.insert({prev, next});
      trace_nodes.insert(next);
      prev = next;
    }
  }
  ControlGraph graph;
  graph.states = ids.size();
  graph.nodes = nodes.size();
  std::string& out = graph.dot;
  out = fmt::format(
      "subgraph cluster_global {{\n  label={};\n  fontname=\"Helvetica\";\n",
      dot_quote(fmt::format("control states of the {} reachable states\n(steps that change "
                            "none, such as losses and duplicates, are not drawn)",
                            ids.size())));
  out +=
      // Closer ranks than dot's default: measured, the TLS handshakes' 34 and 37 control
      // states fit a 1600 x 1200 page with them and not without (tests/test_readability).
      "  ranksep=0.3;\n"
      "  node [shape=box, fontname=\"Helvetica\", fontsize=9];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    // Two actors a line: the graph is read top to bottom, so its height is what a page
    // runs out of first (TLS over TCP's four actors on four lines were 1,922 pt tall).
    std::string label = nodes[n];
    for (std::size_t at = 0, spaces = 0; (at = label.find(' ', at)) != std::string::npos; ++at)
      if (++spaces % 2 == 0) label[at] = '\n';
    out += fmt::format("  c{} [label={}{}];\n", n, dot_quote(label),
                       trace_nodes.count(n) ? ", color=red, penwidth=2" : "");
  }
  for (const auto& [ends, steps] : edges) {
    std::string label;
    for (const std::string& step : steps) label += (label.empty() ? "" : "\n") + step;
    const bool red = on_trace.count(ends) > 0;
    out += fmt::format("  c{} -> c{} [label={}{}];\n", ends.first, ends.second, dot_quote(label),
                       red ? ", color=red, fontcolor=red, penwidth=2" : "");
  }
  out += "}\n";
  return graph;
}

}  // namespace synack::reports
