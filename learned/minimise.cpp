// Moore's partition refinement: split classes by (class, output and target class of each
// input) until nothing splits. O(rounds x states x inputs); the real models (up to 1000
// states x 12 inputs) minimise in milliseconds.
#include "learned/minimise.hpp"

#include <deque>
#include <map>

namespace synack::learned {

std::vector<bool> reachable_states(const MealyMachine& machine) {
  std::vector<bool> seen(machine.states.size(), false);
  std::deque<std::size_t> queue{machine.initial};
  seen[machine.initial] = true;
  while (!queue.empty()) {
    std::size_t s = queue.front();
    queue.pop_front();
    for (std::size_t i = 0; i < machine.inputs.size(); ++i)
      if (auto t = machine.step(s, i); t && !seen[t->to]) {
        seen[t->to] = true;
        queue.push_back(t->to);
      }
  }
  return seen;
}

Partition minimise(const MealyMachine& machine) {
  constexpr std::size_t kUndefined = static_cast<std::size_t>(-1);
  const std::size_t n = machine.states.size(), k = machine.inputs.size();
  Partition p;
  p.class_of.assign(n, 0);
  p.count = n == 0 ? 0 : 1;
  // Round 0 splits by outputs alone; each later round by the targets' classes as well.
  for (bool first = true;; first = false) {
    std::map<std::vector<std::size_t>, std::size_t> classes;
    std::vector<std::size_t> next(n);
    for (std::size_t s = 0; s < n; ++s) {
      std::vector<std::size_t> signature{p.class_of[s]};
      signature.reserve(1 + 2 * k);
      for (std::size_t i = 0; i < k; ++i) {
        auto t = machine.step(s, i);
        signature.push_back(t ? t->output : kUndefined);
        signature.push_back(!t ? kUndefined : first ? 0 : p.class_of[t->to]);
      }
      next[s] = classes.try_emplace(std::move(signature), classes.size()).first->second;
    }
    // Refinement only splits classes: as many as before means nothing split.
    std::size_t before = p.count;
    p.class_of = std::move(next);
    p.count = classes.size();
    if (!first && p.count == before) break;
  }
  return p;
}

}  // namespace synack::learned
