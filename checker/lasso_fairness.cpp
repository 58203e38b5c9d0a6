#include "checker/lasso_fairness.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

void verify_lasso_fairness(const Model& model, const Fairness& fairness, const Trace& trace) {
  if (!trace.cycle_start || *trace.cycle_start >= trace.steps.size()) return;
  const std::size_t first = *trace.cycle_start, groups = model.group_count();
  std::vector<GroupRole> roles;
  for (std::size_t g = 0; g < groups; ++g) roles.push_back(model.group_role(g));
  auto before = [&](std::size_t i) -> const std::vector<Value>& {
    return i == 0 ? trace.initial : trace.steps[i - 1].state;
  };
  // A delivery on a fairly lossy channel: the channel and the message it delivers.
  using Delivery = std::pair<std::string, Value>;
  auto fair_delivery = [&](std::size_t g, const std::vector<Value>& state, Delivery& out) {
    const GroupRole& role = roles[g];
    if (role.kind != GroupRole::kDeliver || !fairness.fair_channel(role.channel)) return false;
    out = {role.channel, state[role.message_slot] - 1};
    return true;
  };

  std::vector<bool> taken(groups, false);
  std::set<Delivery> delivered, deliverable;
  std::vector<bool> enabled_everywhere(fairness.weak.size(), true);
  std::vector<Value> next(trace.initial.size());
  for (std::size_t i = first; i < trace.steps.size(); ++i) {
    const std::vector<Value>& state = before(i);
    const std::size_t g_taken = trace.steps[i].group;
    taken[g_taken] = true;
    Delivery d;
    if (fair_delivery(g_taken, state, d)) delivered.insert(d);
    std::vector<bool> enabled(groups, false);
    for (std::size_t g = 0; g < groups; ++g) {
      enabled[g] = model.apply(g, state.data(), next.data()) ||
                   model.liveness_only_step(g, state.data(), next.data());
      if (enabled[g] && fair_delivery(g, state, d)) deliverable.insert(d);
    }
    for (std::size_t k = 0; k < fairness.weak.size(); ++k) {
      const std::vector<bool>& of = fairness.weak[k].groups;
      bool any = false;
      for (std::size_t g = 0; g < groups && !any; ++g) any = of[g] && enabled[g];
      if (!any) enabled_everywhere[k] = false;
    }
  }
  for (std::size_t k = 0; k < fairness.weak.size(); ++k) {
    const std::vector<bool>& of = fairness.weak[k].groups;
    bool stepped = false;
    for (std::size_t g = 0; g < groups && !stepped; ++g) stepped = of[g] && taken[g];
    if (enabled_everywhere[k] && !stepped)
      throw InternalError(fmt::format(
          "liveness: a lasso's cycle (steps {} to {}) is not fair: {} can step in every state "
          "of it and never does",
          first + 1, trace.steps.size(), fairness.weak[k].name));
  }
  for (const Delivery& d : deliverable)
    if (!delivered.count(d))
      throw InternalError(fmt::format(
          "liveness: a lasso's cycle (steps {} to {}) is not fair: fair-loss({}) has message {} "
          "deliverable on it and never delivered",
          first + 1, trace.steps.size(), d.first, d.second));
}

}  // namespace synack::checker
