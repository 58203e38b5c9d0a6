// A group's plan for its steps (Monitor::GroupPlan): most of what a rule asks of a step is
// a constant, one slot, slots compared with constants, or whether some slots changed, and
// reading those straight from the step's before and after states saves building the step's
// view and running a program on every step the engines take. Anything else stays a program
// over the view, which is then built once, on first need, exactly as the reference path
// (run_rules) builds it: every rule reads the step as it was before any rule assigned.
#include <algorithm>
#include <memory>

#include "checker/monitor.hpp"

namespace synack::checker {

namespace {

// The nodes of a chain of && (or of ||), any nesting, in no particular order. A stack, not
// recursion: a chain may be as deep as the parser allows.
std::vector<const Expr::Node*> chain(const Expr& e, Expr::Op op) {
  std::vector<const Expr::Node*> out;
  std::vector<std::int32_t> pending{e.root()};
  while (!pending.empty()) {
    const Expr::Node& x = e.nodes()[static_cast<std::size_t>(pending.back())];
    pending.pop_back();
    if (x.op == op) {
      pending.push_back(x.lhs);
      pending.push_back(x.rhs);
    } else {
      out.push_back(&x);
    }
  }
  return out;
}

}  // namespace

Monitor::Direct Monitor::direct_form(const Expr& e, GroupPlan& plan) const {
  const auto& nodes = e.nodes();
  // The monitor's own variables after the step read as they were before it: the step
  // starts them so, and every rule reads the step as it was before any rule assigned.
  auto own = [this](std::size_t slot) { return slot >= base_ && slot < base_ + vars_; };
  // A slot of the step's view as a slot of the state before or after the step; false for
  // step.kind and the others, which only the view has.
  auto state_slot = [&](Value view_slot, std::uint32_t& slot, bool& after) {
    const auto v = static_cast<std::size_t>(view_slot);
    if (v >= 2 * size_) return false;
    slot = static_cast<std::uint32_t>(v < size_ ? v : v - size_);
    after = v >= size_ && !own(slot);
    return true;
  };
  const Expr::Node& top = nodes[static_cast<std::size_t>(e.root())];
  std::uint32_t slot = 0;
  bool after = false;
  if (top.op == Expr::Op::kConst) return {Direct::kConst, top.value};
  if (top.op == Expr::Op::kSlot) {
    if (!state_slot(top.value, slot, after)) return {};
    return {after ? Direct::kAfter : Direct::kBefore, slot};
  }
  // Slots compared with constants, all of which must hold.
  std::vector<Test> tests;
  for (const Expr::Node* x : chain(e, Expr::Op::kAnd)) {
    if (x->op != Expr::Op::kEq && x->op != Expr::Op::kNe) break;
    const Expr::Node& l = nodes[static_cast<std::size_t>(x->lhs)];
    const Expr::Node& r = nodes[static_cast<std::size_t>(x->rhs)];
    const Expr::Node* s = l.op == Expr::Op::kSlot ? &l : &r;
    const Expr::Node* c = l.op == Expr::Op::kSlot ? &r : &l;
    if (s->op != Expr::Op::kSlot || c->op != Expr::Op::kConst) break;
    if (!state_slot(s->value, slot, after)) break;
    tests.push_back({slot, after, x->op == Expr::Op::kEq, c->value});
  }
  if (tests.size() == chain(e, Expr::Op::kAnd).size()) {
    Direct d{Direct::kTests, 0, static_cast<std::uint32_t>(plan.tests.size()),
             static_cast<std::uint32_t>(tests.size())};
    plan.tests.insert(plan.tests.end(), tests.begin(), tests.end());
    return d;
  }
  // Any of some slots changed: `x' != x` (or `x != x'`) joined by ||.
  std::vector<std::uint32_t> changed;
  for (const Expr::Node* x : chain(e, Expr::Op::kOr)) {
    if (x->op != Expr::Op::kNe) return {};
    const Expr::Node& l = nodes[static_cast<std::size_t>(x->lhs)];
    const Expr::Node& r = nodes[static_cast<std::size_t>(x->rhs)];
    if (l.op != Expr::Op::kSlot || r.op != Expr::Op::kSlot) return {};
    const auto a = static_cast<std::size_t>(std::min(l.value, r.value));
    const auto b = static_cast<std::size_t>(std::max(l.value, r.value));
    if (a >= size_ || b != a + size_) return {};
    if (!own(a)) changed.push_back(static_cast<std::uint32_t>(a));  // never changed here
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  if (changed.empty()) return {Direct::kConst, 0};
  Direct d{Direct::kChanged, 0, static_cast<std::uint32_t>(plan.ranges.size()), 0};
  for (std::uint32_t s : changed) {
    if (d.count > 0 && plan.ranges.back().second == s) {
      ++plan.ranges.back().second;
    } else {
      plan.ranges.push_back({s, s + 1});
      ++d.count;
    }
  }
  return d;
}

void Monitor::plan_view(std::size_t group) {
  const std::vector<std::uint32_t>& rules = group_rules_[group];
  GroupPlan& plan = group_plan_[group];
  plan = {};
  // What is left to run as a program reads the step's view, and only those slots need
  // filling in.
  std::vector<const Expr*> programs;
  // A program left to run needs the view, unless it reads only the state before the step
  // (the view's first slots as they are).
  auto needs_view = [&](Direct& d, const Expr& e) {
    if (d.kind != Direct::kProgram) return;
    const std::vector<std::size_t> read = e.slots_read();
    if (std::all_of(read.begin(), read.end(), [&](std::size_t s) { return s < size_; })) {
      d.kind = Direct::kProgramBefore;
      return;
    }
    programs.push_back(&e);
  };
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const Expr& when = group_when_[group][k];
    const std::vector<Assign>& set = rules_[rules[k]].set;
    PlannedRule planned{rules[k], direct_form(when, plan),
                        static_cast<std::uint32_t>(plan.sets.size()),
                        static_cast<std::uint32_t>(set.size())};
    needs_view(planned.when, when);
    for (const Assign& a : set) {
      plan.sets.push_back({static_cast<std::uint32_t>(a.slot), spec_.vars[a.slot - base_].max,
                           direct_form(a.value, plan)});
      needs_view(plan.sets.back().value, a.value);
    }
    plan.rules.push_back(planned);
  }
  std::vector<bool> before(size_), after(size_);
  for (const Expr* e : programs)
    for (std::size_t slot : e->slots_read()) {
      if (slot < size_) before[slot] = true;
      if (slot >= size_ && slot < 2 * size_) after[slot - size_] = true;
    }
  ViewSlots& view = plan.view;
  for (std::uint32_t i = 0; i < size_; ++i) {
    if (before[i]) view.before.push_back(i);
    if (after[i]) view.after.push_back(i);
  }
  // Copying the whole state twice (two memcpy) costs about what a loop over eight listed
  // slots does (measured with callgrind on tcp/congestion): longer lists are dropped, and
  // the whole step is copied for the group then.
  constexpr std::size_t kListed = 8;
  if (view.before.size() + view.after.size() > kListed) {
    view = {};
    return;
  }
  view.fill = ViewSlots::kListed;
}

void Monitor::run_plan(std::size_t g, const Value* from, Value* to, const StepId& id,
                       Value* assigned) const {
  // The monitor's own variables after the step start as they were before it (locals: a
  // store to `to` may alias the members as far as the compiler knows).
  const std::size_t base = base_, vars = vars_;
  for (std::size_t i = base; i < base + vars; ++i) to[i] = from[i];
  const GroupPlan& plan = group_plan_[g];
  if (plan.rules.empty()) return;
  // The view, on the stack unless the layout is large, filled in on first need; until a
  // rule has assigned, `to` is what the view would hold, and once one has, its own
  // variables read as they were before the step (direct_form). The heap's copy is made
  // only when needed: even an empty vector cost its set-up and its end on every step.
  constexpr std::size_t kStackView = 512;
  Value on_stack[kStackView];
  std::unique_ptr<Value[]> on_heap;
  Value* step = nullptr;
  auto view = [&]() -> const Value* {
    if (step) return step;
    const std::size_t view_size = 2 * size_ + 3 + fields_;
    if (view_size > kStackView) on_heap = std::make_unique<Value[]>(view_size);
    step = view_size > kStackView ? on_heap.get() : on_stack;
    fill_view(from, to, id, plan.view, step);
    for (std::size_t i = base; i < base + vars; ++i) step[size_ + i] = from[i];
    return step;
  };
  auto value = [&](const Direct& d, const Expr& program) -> Value {
    switch (d.kind) {
      case Direct::kConst:
        return d.value;
      case Direct::kBefore:
        return from[d.value];
      case Direct::kAfter:
        return to[d.value];
      case Direct::kTests:
        for (const Test* t = &plan.tests[d.first]; t != &plan.tests[d.first] + d.count; ++t)
          if (((t->after ? to : from)[t->slot] == t->value) != t->equal) return 0;
        return 1;
      case Direct::kChanged:
        for (const auto* r = &plan.ranges[d.first]; r != &plan.ranges[d.first] + d.count; ++r)
          for (std::uint32_t i = r->first; i < r->second; ++i)
            if (from[i] != to[i]) return 1;
        return 0;
      case Direct::kProgramBefore:
        return program.eval(from);
      case Direct::kProgram:
        break;
    }
    return program.eval(view());
  };
  const Expr* when = group_when_[g].data();
  for (const PlannedRule& rule : plan.rules) {
    if (value(rule.when, *when++)) {
      const Assign* assign = rules_[rule.rule].set.data();
      const PlannedSet* set = plan.sets.data() + rule.first_set;
      for (const PlannedSet* end = set + rule.sets; set != end; ++set, ++assign) {
        const Value v = value(set->value, assign->value);
        if (v < 0 || v > set->max) out_of_range(set->slot, v);
        to[set->slot] = v;
        if (assigned) assigned[set->slot - base] = v;
      }
    }
  }
}

}  // namespace synack::checker
