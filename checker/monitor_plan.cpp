// Which of a monitor's rules each transition group's steps can fire, worked out once.
//
// A rule usually names the step it watches ("step.kind == env && step.actor == sender &&
// step.event == RTO && ..."), and every group's steps share their kind, actor and event
// (only step.message.* varies from step to step). A conjunct of the rule's `when` that
// reads nothing else is decided for the whole group here; when it is false the rule cannot
// fire in that group, and observe() for the group never evaluates it. Anything this does
// not decide (a state slot, arithmetic, a message field) keeps the rule: skipping is only
// ever done on a conjunct proven false, so the rules' effect is unchanged. The one state
// slot it decides is one a group's steps cannot change, compared with itself primed
// (System::finalize says which slots each group may change).
#include <algorithm>
#include <stdexcept>

#include "checker/monitor.hpp"

namespace synack::checker {

namespace {

// Whether `x` (an == or !=) compares a slot with the same slot primed when the group's
// steps cannot change that slot (`writes`, one entry per slot of the layout): the step's
// view then holds the same value in both. The rule "did the sender change" lists every
// slot of the sender's, and a message to the sender lost or duplicated changes none.
bool compares_unchanged_slot(const Expr& e, const Expr::Node& x, const std::vector<bool>& writes) {
  const Expr::Node& l = e.nodes()[static_cast<std::size_t>(x.lhs)];
  const Expr::Node& r = e.nodes()[static_cast<std::size_t>(x.rhs)];
  if (writes.empty() || l.op != Expr::Op::kSlot || r.op != Expr::Op::kSlot) return false;
  const auto a = static_cast<std::size_t>(std::min(l.value, r.value));
  const auto b = static_cast<std::size_t>(std::max(l.value, r.value));
  return a < writes.size() && b == a + writes.size() && !writes[a];
}

}  // namespace

std::optional<Value> Monitor::step_constant(const Expr& e, std::int32_t n, const StepId& step,
                                            const std::vector<bool>& writes, int depth) const {
  // A step's name is a shallow test; deeper trees are left undecided (and the stack small).
  if (depth > 32) return std::nullopt;
  const Expr::Node& x = e.nodes()[static_cast<std::size_t>(n)];
  auto both = [&]() -> std::optional<std::pair<Value, Value>> {
    std::optional<Value> l = step_constant(e, x.lhs, step, writes, depth + 1);
    std::optional<Value> r = l ? step_constant(e, x.rhs, step, writes, depth + 1) : std::nullopt;
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
      std::optional<Value> v = step_constant(e, x.lhs, step, writes, depth + 1);
      if (!v) return std::nullopt;
      return Value{*v == 0};
    }
    case Expr::Op::kEq:
    case Expr::Op::kNe:
      if (compares_unchanged_slot(e, x, writes)) return Value{x.op == Expr::Op::kEq};
      [[fallthrough]];
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

void Monitor::plan_groups(const std::vector<StepId>& group_steps,
                          const std::vector<std::vector<bool>>& group_writes) {
  group_rules_.assign(group_steps.size(), {});
  group_when_.assign(group_steps.size(), {});
  group_plan_.assign(group_steps.size(), {});
  const std::vector<bool> any_slot;
  for (std::size_t g = 0; g < group_steps.size(); ++g) {
    const std::vector<bool>& writes = g < group_writes.size() ? group_writes[g] : any_slot;
    if (!writes.empty() && writes.size() != size_)
      throw std::logic_error("plan_groups: a group's writable slots do not match the layout");
    for (std::uint32_t r = 0; r < rules_.size(); ++r) {
      const Expr& when = rules_[r].when;
      // The conjuncts of a chain of &&, any nesting: a false one rules the rule out.
      bool may_fire = true;
      std::vector<std::int32_t> known_true;
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
        std::optional<Value> v = step_constant(when, n, group_steps[g], writes, 0);
        may_fire = !v || *v != 0;
        if (v && *v != 0) known_true.push_back(n);
      }
      if (!may_fire) continue;
      group_rules_[g].push_back(r);
      group_when_[g].push_back(known_true.empty() ? when : when.without_conjuncts(known_true));
    }
    plan_view(g);
  }
}

void Monitor::try_every_rule_for_testing() {
  direct_forms_ = false;  // and every rule a program over the whole step's view (run_rules)
  for (std::size_t g = 0; g < group_rules_.size(); ++g) {
    group_rules_[g].resize(rules_.size());
    group_when_[g].clear();
    for (std::uint32_t r = 0; r < rules_.size(); ++r) {
      group_rules_[g][r] = r;
      group_when_[g].push_back(rules_[r].when);
    }
    plan_view(g);
  }
}

}  // namespace synack::checker
