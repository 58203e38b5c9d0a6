// Which of a monitor's rules each transition group's steps can fire, worked out once.
//
// A rule usually names the step it watches ("step.kind == env && step.actor == sender &&
// step.event == RTO && ..."), and every group's steps share their kind, actor and event
// (only step.message.* varies from step to step). A conjunct of the rule's `when` that
// reads nothing else is decided for the whole group here; when it is false the rule cannot
// fire in that group, and observe() for the group never evaluates it. Anything this does
// not decide (a state slot, arithmetic, a message field) keeps the rule: skipping is only
// ever done on a conjunct proven false, so the rules' effect is unchanged.
#include "checker/monitor.hpp"

namespace synack::checker {

std::optional<Value> Monitor::step_constant(const Expr& e, std::int32_t n, const StepId& step,
                                            int depth) const {
  // A step's name is a shallow test; deeper trees are left undecided (and the stack small).
  if (depth > 32) return std::nullopt;
  const Expr::Node& x = e.nodes()[static_cast<std::size_t>(n)];
  auto both = [&]() -> std::optional<std::pair<Value, Value>> {
    std::optional<Value> l = step_constant(e, x.lhs, step, depth + 1);
    std::optional<Value> r = l ? step_constant(e, x.rhs, step, depth + 1) : std::nullopt;
    if (!r) return std::nullopt;
    return std::pair{*l, *r};
  };
  switch (x.op) {
    case Expr::Op::kConst:
      return x.value;
    case Expr::Op::kSlot:
      if (static_cast<std::size_t>(x.value) == step_kind_slot()) return step.kind;
      if (static_cast<std::size_t>(x.value) == step_actor_slot()) return step.actor;
      if (static_cast<std::size_t>(x.value) == step_event_slot()) return step.event;
      return std::nullopt;
    case Expr::Op::kNot: {
      std::optional<Value> v = step_constant(e, x.lhs, step, depth + 1);
      if (!v) return std::nullopt;
      return Value{*v == 0};
    }
    case Expr::Op::kEq:
    case Expr::Op::kNe:
    case Expr::Op::kAnd:
    case Expr::Op::kOr: {
      auto v = both();
      if (!v) return std::nullopt;
      auto [l, r] = *v;
      if (x.op == Expr::Op::kEq) return Value{l == r};
      if (x.op == Expr::Op::kNe) return Value{l != r};
      if (x.op == Expr::Op::kAnd) return Value{l != 0 && r != 0};
      return Value{l != 0 || r != 0};
    }
    default:
      return std::nullopt;
  }
}

void Monitor::plan_groups(const std::vector<StepId>& group_steps) {
  group_rules_.assign(group_steps.size(), {});
  for (std::size_t g = 0; g < group_steps.size(); ++g) {
    for (std::uint32_t r = 0; r < rules_.size(); ++r) {
      const Expr& when = rules_[r].when;
      // The conjuncts of a chain of &&, any nesting: a false one rules the rule out.
      bool may_fire = true;
      std::vector<std::int32_t> pending{when.root()};
      while (may_fire && !pending.empty()) {
        const std::int32_t n = pending.back();
        pending.pop_back();
        const Expr::Node& x = when.nodes()[static_cast<std::size_t>(n)];
        if (x.op == Expr::Op::kAnd) {
          pending.push_back(x.lhs);
          pending.push_back(x.rhs);
          continue;
        }
        std::optional<Value> v = step_constant(when, n, group_steps[g], 0);
        may_fire = !v || *v != 0;
      }
      if (may_fire) group_rules_[g].push_back(r);
    }
  }
}

void Monitor::try_every_rule_for_testing() {
  for (std::vector<std::uint32_t>& rules : group_rules_) {
    rules.resize(rules_.size());
    for (std::uint32_t r = 0; r < rules.size(); ++r) rules[r] = r;
  }
}

}  // namespace synack::checker
