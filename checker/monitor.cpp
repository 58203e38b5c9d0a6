#include "checker/monitor.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

void Monitor::add_slots(Layout& layout) {
  if (spec_.name.empty()) throw InputError("a monitor needs a name");
  if (spec_.vars.empty()) throw InputError("monitor " + spec_.name + " has no variables");
  base_ = layout.size();
  vars_ = spec_.vars.size();
  for (const auto& v : spec_.vars) {
    if (v.initial < 0 || v.initial > v.max)
      throw InputError(fmt::format("monitor {}: variable {} starts at {}, outside 0..{}",
                                   spec_.name, v.name, v.initial, v.max));
    layout.add({spec_.name + "." + v.name, v.max, v.value_names, nullptr});
  }
}

void Monitor::bind(const Layout& layout, const StepNames& names) {
  size_ = layout.size();
  fields_ = names.message_fields.size();
  // The step's view: every slot before, then every slot after, primed, then what it was.
  Layout step;
  for (const Slot& s : layout.slots()) step.add(s);
  for (const Slot& s : layout.slots()) step.add({s.name + "'", s.max, s.value_names, s.printer});
  step.add({"step.kind", kTick, {"env", "deliver", "lose", "duplicate", "tick"}, nullptr});
  std::vector<std::string> who = names.actors;
  who.push_back("clock");
  step.add({"step.actor", static_cast<Value>(names.actors.size()), who, nullptr});
  step.add({"step.event", static_cast<Value>(names.events.size()) - 1, names.events, nullptr});
  for (const StepNames::Field& f : names.message_fields)
    step.add({"step.message." + f.name, f.max, {}, nullptr});
  auto parse = [&](const std::string& text) {
    try {
      return Expr::parse(text, step);
    } catch (const InputError& e) {
      throw InputError(fmt::format("monitor {}: {}", spec_.name, e.what()));
    }
  };
  for (const auto& rule : spec_.rules) {
    CompiledRule compiled{parse(rule.when), {}};
    for (const auto& [var, value] : rule.set) {
      std::optional<std::size_t> slot = layout.find(spec_.name + "." + var);
      if (!slot || *slot < base_ || *slot >= base_ + spec_.vars.size()) {
        std::vector<std::string> var_names;
        for (const auto& v : spec_.vars) var_names.push_back(v.name);
        throw InputError(
            fmt::format("monitor {}: a rule sets '{}', which is not one of its "
                        "variables: {}",
                        spec_.name, var, fmt::join(var_names, ", ")));
      }
      compiled.set.push_back({*slot, parse(value)});
    }
    rules_.push_back(std::move(compiled));
  }
  for (const CompiledRule& rule : rules_) {
    std::vector<const Expr*> exprs{&rule.when};
    for (const Assign& a : rule.set) exprs.push_back(&a.value);
    for (const Expr* e : exprs)
      for (std::size_t slot : e->slots_read())
        if (is_message_slot(slot)) reads_message_ = true;
  }
}

void Monitor::set_initial(Value* state) const {
  for (std::size_t i = 0; i < spec_.vars.size(); ++i) state[base_ + i] = spec_.vars[i].initial;
}

namespace {

// Most of a monitor's expressions are a constant (`last = 0`, a `when` the group's plan
// decided) or one slot (`prev_ssthresh = sender.ssthresh`): read those without running
// the expression's program, which costs several times more on every step.
Value value_of(const Expr& e, const Value* step) {
  const Expr::Node& top = e.nodes()[static_cast<std::size_t>(e.root())];
  if (top.op == Expr::Op::kConst) return top.value;
  if (top.op == Expr::Op::kSlot) return step[top.value];
  return e.eval(step);
}

}  // namespace

void Monitor::observe(const Value* from, Value* to, const StepId& id) const {
  std::vector<std::uint32_t> all(rules_.size());
  for (std::uint32_t r = 0; r < all.size(); ++r) all[r] = r;
  run_rules(from, to, id, all.data(), nullptr, all.size(), nullptr);
}

void Monitor::observe(std::size_t group, const Value* from, Value* to, const StepId& id) const {
  if (direct_forms_) return run_plan(group, from, to, id);
  const std::vector<std::uint32_t>& rules = group_rules_[group];
  run_rules(from, to, id, rules.data(), group_when_[group].data(), rules.size(), nullptr);
}

void Monitor::observe_assigning(std::size_t group, const Value* from, Value* to, const StepId& id,
                                Value* assigned) const {
  if (!direct_forms_) throw std::logic_error("observe_assigning: the plan has no direct forms");
  std::fill_n(assigned, vars_, Value{-1});
  run_plan(group, from, to, id, assigned);
}

bool Monitor::reads_only(std::size_t group, std::size_t first, std::size_t end) const {
  // What runs is the group's `when`s (less the conjuncts its step decides) and the values
  // of its rules' assignments; a view slot below 2 * size_ is a state slot, before or
  // after (primed), and the rest say what the step was.
  auto inside = [&](const Expr& e) {
    for (std::size_t slot : e.slots_read()) {
      if (slot >= 2 * size_) continue;
      const std::size_t s = slot < size_ ? slot : slot - size_;
      if (s < first || s >= end) return false;
    }
    return true;
  };
  const std::vector<std::uint32_t>& rules = group_rules_.at(group);
  for (std::size_t k = 0; k < rules.size(); ++k) {
    if (!inside(group_when_[group][k])) return false;
    for (const Assign& a : rules_[rules[k]].set)
      if (!inside(a.value)) return false;
  }
  return true;
}

void Monitor::out_of_range(std::size_t slot, Value v) const {
  const auto& var = spec_.vars[slot - base_];
  throw InputError(fmt::format("monitor {}: variable {} = {} outside its range 0..{}", spec_.name,
                               var.name, v, var.max));
}

void Monitor::fill_view(const Value* from, const Value* to, const StepId& id, const ViewSlots& view,
                        Value* step) const {
  if (view.fill == ViewSlots::kListed) {
    for (std::uint32_t i : view.before) step[i] = from[i];
    Value* primed = step + size_;
    for (std::uint32_t i : view.after) primed[i] = to[i];
  } else {
    std::copy(from, from + size_, step);
    std::copy(to, to + size_, step + size_);
  }
  step[step_kind_slot()] = id.kind;
  step[step_actor_slot()] = id.actor;
  step[step_event_slot()] = id.event;
  if (reads_message_)
    for (std::size_t i = 0; i < fields_; ++i)
      step[step_message_slot(i)] = i < id.message.size() ? id.message[i] : 0;
}

// The reference path: every rule's program over the whole step's view (observe() without a
// group, and try_every_rule_for_testing).
void Monitor::run_rules(const Value* from, Value* to, const StepId& id, const std::uint32_t* rules,
                        const Expr* whens, std::size_t count, const ViewSlots* view) const {
  // The monitor's own variables after the step start as they were before it.
  for (std::size_t i = 0; i < spec_.vars.size(); ++i) to[base_ + i] = from[base_ + i];
  if (count == 0) return;
  // The step's view, on the stack unless the layout is large: the engines observe every
  // step they take, and an allocation per step cost more than the rules themselves.
  constexpr std::size_t kStackView = 512;
  const std::size_t view_size = 2 * size_ + 3 + fields_;
  Value on_stack[kStackView];
  std::vector<Value> on_heap;
  if (view_size > kStackView) on_heap.resize(view_size);
  Value* step = view_size > kStackView ? on_heap.data() : on_stack;
  fill_view(from, to, id, view ? *view : ViewSlots{}, step);
  for (std::size_t k = 0; k < count; ++k) {
    const CompiledRule& rule = rules_[rules[k]];
    if (!value_of(whens ? whens[k] : rule.when, step)) continue;
    for (const Assign& a : rule.set) {
      const Value v = value_of(a.value, step);
      if (v < 0 || v > spec_.vars[a.slot - base_].max) out_of_range(a.slot, v);
      to[a.slot] = v;
    }
  }
}

}  // namespace synack::checker
