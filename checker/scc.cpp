#include "checker/scc.hpp"

#include <algorithm>
#include <utility>

namespace synack::checker {

SccFinder::SccFinder(const StateGraph& graph, Poll poll)
    : graph_(graph),
      poll_(std::move(poll)),
      index_(graph.states(), kUnvisited),
      low_(graph.states(), 0),
      on_stack_(graph.states(), false) {}

std::vector<std::vector<std::uint32_t>> SccFinder::cyclic_components(
    const std::vector<std::uint32_t>& members, StateSet set) {
  struct Frame {
    std::uint32_t state;
    std::uint64_t next_edge;
  };
  std::vector<std::vector<std::uint32_t>> components;
  std::vector<std::uint32_t> stack;
  std::vector<Frame> calls;
  std::uint32_t counter = 0;
  auto visit = [&](std::uint32_t s) {
    if (poll_ && (counter & 0xffff) == 0) poll_();
    index_[s] = low_[s] = counter++;
    stack.push_back(s);
    on_stack_[s] = true;
    calls.push_back({s, graph_.edges_begin(s)});
  };
  for (std::uint32_t root : members) {
    if (index_[root] != kUnvisited) continue;
    visit(root);
    while (!calls.empty()) {
      Frame& f = calls.back();
      std::uint32_t v = f.state;
      if (f.next_edge < graph_.edges_end(v)) {
        std::uint32_t w = graph_.target[f.next_edge++];
        if (!set.contains(w)) continue;
        if (index_[w] == kUnvisited)
          visit(w);
        else if (on_stack_[w])
          low_[v] = std::min(low_[v], index_[w]);
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low_[calls.back().state] = std::min(low_[calls.back().state], low_[v]);
      if (low_[v] != index_[v]) continue;
      std::vector<std::uint32_t> component;
      std::uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack_[w] = false;
        component.push_back(w);
      } while (w != v);
      bool cyclic = component.size() > 1;
      for (std::uint64_t e = graph_.edges_begin(v); !cyclic && e < graph_.edges_end(v); ++e)
        cyclic = graph_.target[e] == v;
      if (cyclic) components.push_back(std::move(component));
    }
  }
  for (std::uint32_t s : members) index_[s] = kUnvisited;
  return components;
}

}  // namespace synack::checker
