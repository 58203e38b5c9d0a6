#include "checker/graph_paths.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace synack::checker {

GraphPaths::GraphPaths(const StateGraph& graph)
    : graph_(graph), visited_(graph.states(), 0), parent_edge_(graph.states(), 0) {}

std::optional<std::vector<std::uint64_t>> GraphPaths::shortest(
    std::uint32_t from, const std::function<bool(std::uint32_t)>& inside,
    const std::function<bool(std::uint32_t)>& goal) {
  const std::uint32_t mark = ++search_;
  std::deque<std::uint32_t> queue{from};
  visited_[from] = mark;
  while (!queue.empty()) {
    std::uint32_t s = queue.front();
    queue.pop_front();
    if (goal(s)) {
      std::vector<std::uint64_t> path;
      for (std::uint32_t v = s; v != from;) {
        std::uint64_t e = parent_edge_[v];
        path.push_back(e);
        // The edge's source: the state whose edge range holds e.
        v = static_cast<std::uint32_t>(
            std::upper_bound(graph_.first_edge.begin(), graph_.first_edge.end(), e) -
            graph_.first_edge.begin() - 1);
      }
      std::reverse(path.begin(), path.end());
      return path;
    }
    for (std::uint64_t e = graph_.edges_begin(s); e < graph_.edges_end(s); ++e) {
      std::uint32_t t = graph_.target[e];
      if (visited_[t] == mark || !inside(t)) continue;
      visited_[t] = mark;
      parent_edge_[t] = e;
      queue.push_back(t);
    }
  }
  return std::nullopt;
}

std::vector<std::uint64_t> GraphPaths::from_initial(std::uint32_t to) const {
  std::vector<std::uint64_t> path;
  for (std::uint32_t child = to; child != 0;) {
    std::uint32_t parent = graph_.store.parent(child);
    std::uint64_t e = graph_.edges_begin(parent);
    while (e < graph_.edges_end(parent) && graph_.target[e] != child) ++e;
    if (e == graph_.edges_end(parent))
      throw std::logic_error("a state's breadth-first parent has no edge to it");
    path.push_back(e);
    child = parent;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

void GraphPaths::build_reverse() {
  const std::size_t n = graph_.states();
  reverse_first_.assign(n + 1, 0);
  for (std::uint32_t t : graph_.target) ++reverse_first_[t + 1];
  for (std::size_t s = 0; s < n; ++s) reverse_first_[s + 1] += reverse_first_[s];
  reverse_source_.resize(graph_.target.size());
  std::vector<std::uint64_t> fill(reverse_first_.begin(), reverse_first_.end() - 1);
  for (std::uint32_t s = 0; s < n; ++s)
    for (std::uint64_t e = graph_.edges_begin(s); e < graph_.edges_end(s); ++e)
      reverse_source_[fill[graph_.target[e]]++] = s;
}

std::vector<bool> GraphPaths::can_reach(const std::vector<std::uint32_t>& targets,
                                        const std::function<bool(std::uint32_t)>& inside) {
  if (reverse_first_.empty()) build_reverse();
  std::vector<bool> reached(graph_.states(), false);
  std::vector<std::uint32_t> work;
  for (std::uint32_t t : targets)
    if (!reached[t]) {
      reached[t] = true;
      work.push_back(t);
    }
  while (!work.empty()) {
    std::uint32_t t = work.back();
    work.pop_back();
    for (std::uint64_t i = reverse_first_[t]; i < reverse_first_[t + 1]; ++i) {
      std::uint32_t s = reverse_source_[i];
      if (reached[s] || !inside(s)) continue;
      reached[s] = true;
      work.push_back(s);
    }
  }
  return reached;
}

}  // namespace synack::checker
