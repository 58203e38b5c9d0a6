#include "checker/monitor.hpp"

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::checker {

void Monitor::add_slots(Layout& layout) {
  if (spec_.name.empty()) throw InputError("a monitor needs a name");
  if (spec_.vars.empty()) throw InputError("monitor " + spec_.name + " has no variables");
  base_ = layout.size();
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

void Monitor::observe(const Value* from, Value* to, StepId id) const {
  std::vector<Value> step(2 * size_ + 3 + fields_, 0);
  std::copy(from, from + size_, step.begin());
  std::copy(to, to + size_, step.begin() + static_cast<std::ptrdiff_t>(size_));
  step[step_kind_slot()] = id.kind;
  step[step_actor_slot()] = id.actor;
  step[step_event_slot()] = id.event;
  for (std::size_t i = 0; i < id.message.size() && i < fields_; ++i)
    step[step_message_slot(i)] = id.message[i];
  // The monitor's own variables after the step start as they were before it.
  for (std::size_t i = 0; i < spec_.vars.size(); ++i) step[size_ + base_ + i] = from[base_ + i];
  for (std::size_t i = 0; i < spec_.vars.size(); ++i) to[base_ + i] = from[base_ + i];
  for (const CompiledRule& rule : rules_) {
    if (!rule.when.holds(step.data())) continue;
    for (const Assign& a : rule.set) {
      Value v = a.value.eval(step.data());
      const auto& var = spec_.vars[a.slot - base_];
      if (v < 0 || v > var.max)
        throw InputError(fmt::format("monitor {}: variable {} = {} outside its range 0..{}",
                                     spec_.name, var.name, v, var.max));
      to[a.slot] = v;
    }
  }
}

}  // namespace synack::checker
