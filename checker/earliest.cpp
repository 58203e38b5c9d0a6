#include "checker/earliest.hpp"

#include <vector>

#include "checker/state_store.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

Earliest earliest(const Model& model, const std::function<bool(const Value*)>& goal, int max_ticks,
                  const Limits& limits) {
  const Layout& layout = model.layout();
  StateStore store(layout, limits.store);
  std::vector<std::uint64_t> packed(layout.words());
  std::vector<Value> state(layout.size()), next(layout.size());
  Earliest result;

  std::vector<std::size_t> untimed, ticks;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    (model.group_role(g).kind == GroupRole::kTick ? ticks : untimed).push_back(g);

  // Inserts `s` with its parent; returns its index when it is new.
  auto add = [&](const Value* s, std::uint32_t parent) -> std::optional<std::uint32_t> {
    layout.pack(s, packed.data());
    auto inserted = store.insert(packed.data(), parent);
    if (!inserted || store.bytes() > limits.max_memory_bytes || store.size() > limits.max_states) {
      result.limit_hit = true;
      return std::nullopt;
    }
    if (!inserted.added()) return std::nullopt;
    return inserted.index();
  };
  auto found = [&](std::uint32_t index, int t) {
    result.ticks = t;
    result.trace = reconstruct_trace(model, store, index);
    verify_by_replay(model, result.trace);
    result.states = store.size();
    return result;
  };

  std::vector<Value> initial = model.initial_state();
  std::vector<std::uint32_t> level;
  if (auto i = add(initial.data(), StateStore::kNoParent)) level.push_back(*i);
  for (int t = 0; t <= max_ticks && !level.empty(); ++t) {
    // Close the level under the steps that take no time; every state met is t ticks away.
    for (std::size_t k = 0; k < level.size(); ++k) {
      store.unpack(level[k], layout, state.data());
      if (goal(state.data())) return found(level[k], t);
      for (std::size_t g : untimed)
        if (model.apply(g, state.data(), next.data()))
          if (auto i = add(next.data(), level[k])) level.push_back(*i);
      if (result.limit_hit) break;
    }
    if (result.limit_hit) break;
    std::vector<std::uint32_t> later;
    for (std::uint32_t index : level) {
      store.unpack(index, layout, state.data());
      for (std::size_t g : ticks)
        if (model.apply(g, state.data(), next.data()))
          if (auto i = add(next.data(), index)) later.push_back(*i);
    }
    level = std::move(later);
    if (t == max_ticks && !level.empty()) result.limit_hit = true;
  }
  result.states = store.size();
  return result;
}

}  // namespace synack::checker
