#include "reports/diagram.hpp"

#include <deque>
#include <map>

#include <fmt/format.h>

#include "checker/system.hpp"
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

std::string node_label(const checker::Model& model, const State& s) {
  std::string label = model.summary(s.data());
  const checker::Layout& layout = model.layout();
  for (std::size_t i = 0; i < layout.size(); ++i)
    if (layout.slot(i).name.find('[') != std::string::npos && s[i] != 0)
      label += "\\n" + layout.slot(i).name + ": " + layout.slot(i).print(s[i]);
  return label;
}

}  // namespace

RowCoverage row_coverage(const checker::Model& model, std::size_t max_states) {
  RowCoverage coverage;
  auto* system = dynamic_cast<const checker::System*>(&model);
  if (!system) return coverage;
  std::map<std::string, std::string> machine_of;
  auto names = system->actor_names();
  for (std::size_t a = 0; a < names.size(); ++a)
    machine_of[names[a]] = system->actor_machine(a).machine_name();
  std::map<State, std::size_t> ids;
  std::size_t seen =
      explore(model, max_states, ids, [&](const State& from, std::size_t g, const State&) {
        checker::StepInfo info = model.describe(g, from.data());
        if (info.row >= 0) coverage.fired[machine_of.at(info.actor)].insert(info.row);
      });
  coverage.states = ids.size();
  coverage.complete = seen <= max_states;
  return coverage;
}

std::string machine_dot(const checker::MachineType& m, const std::string& id,
                        const std::string& title, const MachineStyle& style, bool standalone) {
  std::string out = standalone ? fmt::format("digraph {} {{\n", dot_quote(id))
                               : fmt::format("subgraph {} {{\n", dot_quote("cluster_" + id));
  out += fmt::format("  label={}; labelloc=t; fontname=\"Helvetica\";\n", dot_quote(title));
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::vector<checker::Value> initial = m.initial_local();
  out += fmt::format("  {} [shape=point, width=0.15, label=\"\"];\n", dot_quote(id + "/start"));
  for (std::size_t s = 0; s < m.state_names().size(); ++s)
    out += fmt::format("  {} [label={}];\n", dot_quote(id + "/" + m.state_names()[s]),
                       dot_quote(m.state_names()[s]));
  out +=
      fmt::format("  {} -> {};\n", dot_quote(id + "/start"),
                  dot_quote(id + "/" + m.state_names().at(static_cast<std::size_t>(initial[0]))));
  for (std::size_t r = 0; r < m.rows().size(); ++r) {
    const checker::RowSpec& row = m.rows()[r];
    int index = static_cast<int>(r);
    std::string target = row.target.empty() ? row.source : row.target;
    std::string attrs;
    if (style.highlight && style.highlight->count(index))
      attrs = ", color=red, fontcolor=red, penwidth=2";
    else if (style.fired && !style.fired->count(index))
      attrs = ", color=gray80, fontcolor=gray60, style=dashed";
    if (row.target.empty()) attrs += ", arrowhead=empty";  // internal: no exit, no entry
    out += fmt::format("  {} -> {} [label={}{}];\n", dot_quote(id + "/" + row.source),
                       dot_quote(id + "/" + target), dot_quote(row_label(row)), attrs);
  }
  return out + "}\n";
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
    out += fmt::format("  g{} [label={}{}];\n", id, dot_quote(node_label(model, state)),
                       trace_states.count(state) ? ", color=red, penwidth=2" : "");
  return out + edges + "}\n";
}

}  // namespace synack::reports
