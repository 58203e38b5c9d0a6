// The product search of learned/equivalence.hpp, and the replay of its witness.
#include "learned/equivalence.hpp"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "learned/analysis.hpp"

namespace synack::learned {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// A's input with no counterpart in B (left out under Alphabet::kCommon).
constexpr std::size_t kNoInput = static_cast<std::size_t>(-1);

// For each of A's inputs, B's index of the same input after renaming, or kNoInput; the
// inputs only one side has go to `result`'s left_out_a and left_out_b.
std::vector<std::size_t> match_alphabets(const MealyMachine& a, const MealyMachine& b,
                                         const InputRenaming& renaming, Alphabet alphabet,
                                         Comparison& result) {
  std::set<std::string> a_inputs(a.inputs.begin(), a.inputs.end());
  for (const auto& [from, to] : renaming)
    if (!a_inputs.count(from))
      throw InputError(fmt::format("renaming {}={}: {} has no input {} (its inputs: {})", from, to,
                                   a.source, from, join(a.inputs)));
  std::unordered_map<std::string, std::size_t> b_index;
  for (std::size_t i = 0; i < b.inputs.size(); ++i) b_index[b.inputs[i]] = i;
  std::vector<std::size_t> to_b(a.inputs.size(), kNoInput);
  std::vector<std::string> only_a, only_b;
  std::vector<bool> b_matched(b.inputs.size(), false);
  for (std::size_t i = 0; i < a.inputs.size(); ++i) {
    auto r = renaming.find(a.inputs[i]);
    const std::string& name = r == renaming.end() ? a.inputs[i] : r->second;
    auto it = b_index.find(name);
    if (it == b_index.end()) {
      only_a.push_back(a.inputs[i]);
    } else {
      to_b[i] = it->second;
      b_matched[it->second] = true;
    }
  }
  for (std::size_t i = 0; i < b.inputs.size(); ++i)
    if (!b_matched[i]) only_b.push_back(b.inputs[i]);
  std::sort(only_a.begin(), only_a.end());
  std::sort(only_b.begin(), only_b.end());
  result.compared_inputs = a.inputs.size() - only_a.size();
  if (alphabet == Alphabet::kCommon) {
    if (result.compared_inputs == 0)
      throw InputError(
          fmt::format("{} and {} have no input in common (the first's: {}; the second's: {}): "
                      "--common-alphabet leaves nothing to compare",
                      a.source, b.source, join(a.inputs), join(b.inputs)));
    result.left_out_a = std::move(only_a);
    result.left_out_b = std::move(only_b);
    return to_b;
  }
  if (!only_a.empty() || !only_b.empty()) {
    // Only the sides that have something are named: "the first has none" reads as an input
    // called "none".
    std::string sides;
    if (!only_a.empty()) sides = "the first has inputs the second lacks: " + join(only_a);
    if (!only_b.empty())
      sides += (sides.empty() ? "" : "; ") +
               std::string("the second has inputs the first lacks: ") + join(only_b);
    throw InputError(
        fmt::format("{} and {} have different inputs: {} (compare models over one alphabet, rename "
                    "inputs: --rename A_INPUT=B_INPUT, or compare the inputs both have: "
                    "--common-alphabet)",
                    a.source, b.source, sides));
  }
  return to_b;
}

std::optional<Output> answer(const MealyMachine& m,
                             const std::optional<MealyMachine::Transition>& t) {
  if (!t) return std::nullopt;
  return m.outputs[t->output];
}

// Runs the witness on both models: every step but the last alike, the last different,
// each as recorded. Anything else is synack's bug.
void replay(const MealyMachine& a, const MealyMachine& b, const std::vector<std::size_t>& to_b,
            const std::vector<std::size_t>& inputs, const std::vector<WitnessStep>& witness) {
  std::size_t sa = a.initial, sb = b.initial;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    auto ta = a.step(sa, inputs[k]);
    auto tb = b.step(sb, to_b[inputs[k]]);
    bool last = k + 1 == inputs.size();
    bool recorded = answer(a, ta) == witness[k].a && answer(b, tb) == witness[k].b;
    bool differs = answer(a, ta) != answer(b, tb);
    if (!recorded || differs != last || (!last && (!ta || !tb)))
      throw InternalError(
          fmt::format("the distinguishing sequence of {} and {} does not replay at step {}",
                      a.source, b.source, k + 1));
    if (!last) sa = ta->to, sb = tb->to;
  }
}

}  // namespace

Comparison compare(const MealyMachine& a, const MealyMachine& b, const InputRenaming& renaming,
                   std::size_t max_pairs, Alphabet alphabet) {
  require_deterministic(a, "diff");
  require_deterministic(b, "diff");
  Comparison result;
  std::vector<std::size_t> to_b = match_alphabets(a, b, renaming, alphabet, result);
  // The inputs compared, in name order, so that of several shortest witnesses the same
  // one is reported.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < a.inputs.size(); ++i)
    if (to_b[i] != kNoInput) order.push_back(i);
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return a.inputs[x] < a.inputs[y]; });

  struct Visit {
    std::size_t parent, input;  // how the search first reached this pair
  };
  const std::size_t nb = b.states.size();
  std::unordered_map<std::size_t, Visit> visited;
  std::deque<std::size_t> queue;
  std::size_t start = a.initial * nb + b.initial;
  visited.emplace(start, Visit{start, 0});
  queue.push_back(start);
  std::optional<std::pair<std::size_t, std::size_t>> first_difference;  // (pair, input)
  while (!queue.empty()) {
    std::size_t pair = queue.front();
    queue.pop_front();
    ++result.product_pairs;
    for (std::size_t i : order) {
      auto ta = a.step(pair / nb, i);
      auto tb = b.step(pair % nb, to_b[i]);
      if (answer(a, ta) != answer(b, tb)) {
        ++result.differing_transitions;
        if (!first_difference) first_difference.emplace(pair, i);
      }
      if (!ta || !tb) continue;
      std::size_t next = ta->to * nb + tb->to;
      if (!visited.emplace(next, Visit{pair, i}).second) continue;
      if (visited.size() > max_pairs)
        throw InputError(
            fmt::format("{} and {}: more than {} pairs of states reachable together; "
                        "too large to compare",
                        a.source, b.source, max_pairs));
      queue.push_back(next);
    }
  }
  if (!first_difference) return result;

  std::vector<std::size_t> inputs{first_difference->second};
  for (std::size_t p = first_difference->first; p != start; p = visited.at(p).parent)
    inputs.push_back(visited.at(p).input);
  std::reverse(inputs.begin(), inputs.end());
  std::size_t sa = a.initial, sb = b.initial;
  for (std::size_t i : inputs) {
    auto ta = a.step(sa, i);
    auto tb = b.step(sb, to_b[i]);
    result.witness.push_back({a.inputs[i], answer(a, ta), answer(b, tb)});
    if (ta && tb) sa = ta->to, sb = tb->to;
  }
  replay(a, b, to_b, inputs, result.witness);
  return result;
}

}  // namespace synack::learned
