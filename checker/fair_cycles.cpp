#include "checker/fair_cycles.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace synack::checker {

FairCycles::FairCycles(const StateGraph& graph, const Fairness& fairness, std::size_t group_count,
                       Poll poll)
    : graph_(graph),
      poll_(poll),
      scc_(graph, std::move(poll)),
      weak_mask_(group_count, 0),
      fair_label_(graph.deliveries.size() + 1, false),
      stamp_(graph.states(), 0) {
  for (std::size_t k = 0; k < fairness.weak.size(); ++k) {
    all_weak_ |= std::uint64_t{1} << k;
    for (std::size_t g = 0; g < group_count; ++g)
      if (fairness.weak[k].groups[g]) weak_mask_[g] |= std::uint64_t{1} << k;
  }
  for (std::size_t i = 0; i < graph.deliveries.size(); ++i)
    fair_label_[i + 1] = fairness.fair_channel(graph.deliveries[i].channel);
}

std::uint64_t FairCycles::enabled_weak(std::uint32_t s) const {
  std::uint64_t enabled = 0;
  for (std::uint64_t e = graph_.edges_begin(s); e < graph_.edges_end(s); ++e)
    enabled |= weak_mask_[graph_.group[e]];
  return enabled;
}

FairCycles::Census FairCycles::census(const std::vector<std::uint32_t>& component, StateSet set) {
  Census c;
  std::vector<bool> enabled(fair_label_.size(), false), taken(fair_label_.size(), false);
  for (std::uint32_t s : component) {
    c.enabled_everywhere &= enabled_weak(s);
    for (std::uint64_t e = graph_.edges_begin(s); e < graph_.edges_end(s); ++e) {
      std::uint32_t label = graph_.delivery[e];
      bool inside = set.contains(graph_.target[e]);
      if (inside) c.taken_inside |= weak_mask_[graph_.group[e]];
      if (label == 0 || !fair_label_[label]) continue;
      enabled[label] = true;
      if (inside) taken[label] = true;
    }
  }
  for (std::uint32_t label = 1; label < fair_label_.size(); ++label) {
    if (enabled[label] && !taken[label]) c.unmet_labels.push_back(label);
    if (taken[label]) c.taken_labels.push_back(label);
  }
  return c;
}

std::vector<std::vector<std::uint32_t>> FairCycles::components(
    const std::vector<std::uint32_t>& members, StateSet set) {
  std::vector<std::vector<std::uint32_t>> fair;
  std::vector<std::vector<std::uint32_t>> work = scc_.cyclic_components(members, set);
  while (!work.empty()) {
    if (poll_) poll_();
    std::vector<std::uint32_t> component = std::move(work.back());
    work.pop_back();
    StateSet inside{&stamp_, ++next_mark_};
    for (std::uint32_t s : component) stamp_[s] = inside.mark;
    Census c = census(component, inside);
    // A weak constraint enabled in every state and never taken inside: no fair cycle.
    if ((c.enabled_everywhere & all_weak_ & ~c.taken_inside) != 0) continue;
    if (c.unmet_labels.empty()) {
      fair.push_back(std::move(component));
      continue;
    }
    // Keep only the states where no unmet strongly fair delivery is enabled.
    std::vector<bool> unmet(fair_label_.size(), false);
    for (std::uint32_t label : c.unmet_labels) unmet[label] = true;
    StateSet rest{&stamp_, ++next_mark_};
    std::vector<std::uint32_t> kept;
    for (std::uint32_t s : component) {
      bool drop = false;
      for (std::uint64_t e = graph_.edges_begin(s); !drop && e < graph_.edges_end(s); ++e)
        drop = unmet[graph_.delivery[e]];
      if (drop) continue;
      stamp_[s] = rest.mark;
      kept.push_back(s);
    }
    for (auto& sub : scc_.cyclic_components(kept, rest)) work.push_back(std::move(sub));
  }
  return fair;
}

std::vector<std::uint64_t> FairCycles::cycle(std::uint32_t start,
                                             const std::vector<std::uint32_t>& component,
                                             GraphPaths& paths) {
  StateSet inside{&stamp_, ++next_mark_};
  for (std::uint32_t s : component) stamp_[s] = inside.mark;
  auto in = [&](std::uint32_t s) { return inside.contains(s); };
  Census c = census(component, inside);
  if (!c.unmet_labels.empty()) throw std::logic_error("cycle asked of an unfair component");

  std::vector<std::uint64_t> cycle;
  std::uint32_t at = start;
  auto walk_to = [&](auto goal) {
    auto path = paths.shortest(at, in, goal);
    if (!path) throw std::logic_error("a strongly connected component is not connected");
    cycle.insert(cycle.end(), path->begin(), path->end());
    if (!cycle.empty()) at = graph_.target[cycle.back()];
  };
  // Take one inside edge that satisfies `wanted`: walk to its source, then step.
  auto take_edge = [&](auto wanted) {
    walk_to([&](std::uint32_t s) {
      for (std::uint64_t e = graph_.edges_begin(s); e < graph_.edges_end(s); ++e)
        if (in(graph_.target[e]) && wanted(e)) return true;
      return false;
    });
    for (std::uint64_t e = graph_.edges_begin(at); e < graph_.edges_end(at); ++e)
      if (in(graph_.target[e]) && wanted(e)) {
        cycle.push_back(e);
        at = graph_.target[e];
        return;
      }
  };
  for (std::size_t k = 0; k < 64; ++k) {
    std::uint64_t bit = std::uint64_t{1} << k;
    if ((all_weak_ & bit) == 0) continue;
    if ((c.enabled_everywhere & bit) == 0)
      walk_to([&](std::uint32_t s) { return (enabled_weak(s) & bit) == 0; });
    else
      take_edge([&](std::uint64_t e) { return (weak_mask_[graph_.group[e]] & bit) != 0; });
  }
  for (std::uint32_t label : c.taken_labels)
    take_edge([&](std::uint64_t e) { return graph_.delivery[e] == label; });
  if (cycle.empty()) take_edge([](std::uint64_t) { return true; });
  walk_to([&](std::uint32_t s) { return s == start; });
  return cycle;
}

}  // namespace synack::checker
