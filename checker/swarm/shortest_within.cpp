#include "checker/swarm/shortest_within.hpp"

#include <algorithm>

#include "checker/errors.hpp"

namespace synack::checker {

namespace {

constexpr std::uint32_t kUnseen = 0xffffffffu;

std::vector<std::size_t> path_to(std::uint32_t index, const std::vector<std::uint32_t>& parent,
                                 const std::vector<std::uint32_t>& via) {
  std::vector<std::size_t> path;
  for (std::uint32_t i = index; i != 0; i = parent[i]) path.push_back(via[i]);
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace

FoundPaths shortest_within(const Model& model, const Targets& targets, const StateStore& visited,
                           const FoundPaths& found, const std::function<bool()>& stop) {
  const Layout& layout = model.layout();
  FoundPaths shortest(found.size());
  std::size_t wanted = 0;
  for (const auto& f : found) wanted += f.has_value();
  if (wanted == 0 || visited.size() == 0) return shortest;

  std::vector<std::uint32_t> parent(visited.size(), kUnseen), via(visited.size(), 0);
  std::vector<std::uint32_t> queue{0};
  parent[0] = 0;
  std::vector<Value> current(layout.size()), next(layout.size());
  std::vector<std::uint64_t> packed(layout.words());
  for (std::size_t head = 0; head < queue.size() && wanted > 0; ++head) {
    if ((head & 1023) == 0 && stop()) break;
    const std::uint32_t index = queue[head];
    visited.unpack(index, layout, current.data());
    for (std::size_t k = 0; k < found.size(); ++k)
      if (found[k] && !shortest[k] && targets.state_decides(k, current.data())) {
        shortest[k] = path_to(index, parent, via);
        --wanted;
      }
    bool any_enabled = false;
    for (std::size_t g = 0; g < model.group_count(); ++g) {
      bool enabled = true;
      try {
        enabled = model.apply(g, current.data(), next.data());
      } catch (const InputError&) {
        // A step the member did not take (it stopped at its bound): not a dead end, and
        // nothing to shorten through.
        any_enabled = true;
        continue;
      }
      if (!enabled) continue;
      any_enabled = true;
      layout.pack(next.data(), packed.data());
      auto known = visited.find(packed.data(), visited.hash(packed.data()));
      if (!known || parent[*known] != kUnseen) continue;
      parent[*known] = index;
      via[*known] = static_cast<std::uint32_t>(g);
      queue.push_back(*known);
    }
    if (any_enabled) continue;
    for (std::size_t k = 0; k < found.size(); ++k)
      if (found[k] && !shortest[k] && targets.dead_end_decides(k, current.data())) {
        shortest[k] = path_to(index, parent, via);
        --wanted;
      }
  }
  return shortest;
}

}  // namespace synack::checker
