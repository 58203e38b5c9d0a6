// The canonical form: the minimal machine, its states renumbered by a breadth-first walk
// over the sorted inputs, written out transition by transition.
#include "learned/canonical.hpp"

#include <algorithm>
#include <deque>
#include <numeric>

#include <fmt/format.h>

#include "learned/minimise.hpp"

namespace synack::learned {

CanonicalForm canonical_form(const MealyMachine& m) {
  std::vector<std::size_t> by_name(m.inputs.size());
  std::iota(by_name.begin(), by_name.end(), std::size_t{0});
  std::sort(by_name.begin(), by_name.end(),
            [&](std::size_t x, std::size_t y) { return m.inputs[x] < m.inputs[y]; });

  Partition p = minimise(m);
  // One representative state per class: any will do, they answer alike.
  std::vector<std::size_t> representative(p.count, MealyMachine::kNoTransition);
  for (std::size_t s = 0; s < m.states.size(); ++s)
    if (representative[p.class_of[s]] == MealyMachine::kNoTransition)
      representative[p.class_of[s]] = s;

  constexpr std::size_t kUnnumbered = static_cast<std::size_t>(-1);
  std::vector<std::size_t> number(p.count, kUnnumbered);
  std::vector<std::size_t> order;  // classes in canonical order
  std::deque<std::size_t> queue{p.class_of[m.initial]};
  number[p.class_of[m.initial]] = 0;
  order.push_back(p.class_of[m.initial]);
  CanonicalForm form;
  while (!queue.empty()) {
    std::size_t c = queue.front();
    queue.pop_front();
    std::string line = fmt::format("{}:", number[c]);
    for (std::size_t i : by_name) {
      auto t = m.step(representative[c], i);
      if (!t) {
        line += fmt::format("\x1e{}/undefined", m.inputs[i]);
        continue;
      }
      std::size_t target = p.class_of[t->to];
      if (number[target] == kUnnumbered) {
        number[target] = order.size();
        order.push_back(target);
        queue.push_back(target);
      }
      // Control bytes separate the parts: the reader refuses them in names and labels, so
      // no two different machines write the same text. Inputs hold no '/' (labels split
      // on their first one).
      std::string out;
      for (const auto& symbol : m.outputs[t->output].symbols) out += symbol + '\x1f';
      line += fmt::format("\x1e{}/{}->{}", m.inputs[i], out, number[target]);
    }
    form.text += line + '\n';
  }
  form.states = order.size();
  return form;
}

}  // namespace synack::learned
