#include "checker/smt/system_encoding.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "checker/expr.hpp"
#include "checker/smt/property_encoding.hpp"
#include "checker/smt/symbolic_machine.hpp"

namespace synack::checker::smt {

SystemEncoding::SystemEncoding(z3::context& ctx, const System& system, bool liveness_steps,
                               const Deadline* deadline)
    : ctx_(ctx),
      sys_(system),
      cur_(ctx),
      next_(ctx),
      in_(ctx),
      relied_(ctx),
      trans_(ctx.bool_val(false)),
      target_(ctx.bool_val(false)),
      liveness_steps_(liveness_steps),
      premise_(ctx.bool_val(true)),
      goal_(ctx.bool_val(true)) {
  for (const System::Actor& a : sys_.actors_)
    if (!a.machine->symbolic()) throw Unsupported(a.machine->why_not_symbolic());
  declare_state();
  explore_groups(deadline);
}

SystemEncoding::SystemEncoding(const SystemEncoding& explored, const PropertySpec& property,
                               const Deadline* deadline)
    : ctx_(explored.ctx_),
      sys_(explored.sys_),
      all_vars_(explored.all_vars_),
      input_vars_(explored.input_vars_),
      channels_(explored.channels_),
      actor_base_(explored.actor_base_),
      monitor_base_(explored.monitor_base_),
      cur_(explored.cur_),
      next_(explored.next_),
      in_(explored.in_),
      initial_(explored.initial_),
      choice_(explored.choice_),
      groups_(explored.groups_),
      relied_(explored.relied_),
      trans_(ctx_.bool_val(false)),
      target_(ctx_.bool_val(false)),
      paths_(explored.paths_),
      liveness_steps_(explored.liveness_steps_),
      premise_(ctx_.bool_val(true)),
      goal_(ctx_.bool_val(true)) {
  auto encode = [&](const std::string& text) {
    Expr expr = Expr::parse(text, sys_.layout());
    return encode_property(expr, ctx_, [&](std::size_t slot) {
      std::size_t v = var_of_slot(slot, "the property");
      return SlotTerm{cur_[static_cast<unsigned>(v)], all_vars_[v].lo, all_vars_[v].hi};
    });
  };
  if (is_liveness(property.kind)) {
    if (!liveness_steps_)
      throw std::logic_error("a liveness property needs an exploration with liveness steps");
    if (property.kind == PropertyKind::kLeadsTo) {
      premise_ = encode(property.expression);
      goal_ = encode(property.consequence);
    } else {
      goal_ = encode(property.expression);
    }
    reduce_and_relate(true, deadline);
    return;
  }
  if (property.kind != PropertyKind::kAlways && property.kind != PropertyKind::kSometimes)
    throw Unsupported(
        fmt::format("{} properties: the SMT engines decide always, sometimes, "
                    "eventually, leads-to and always-eventually",
                    to_string(property.kind)));
  z3::expr holds = encode(property.expression);
  target_ = property.kind == PropertyKind::kAlways ? !holds : holds;
  reduce_and_relate(false, deadline);
}

SystemEncoding::SystemEncoding(z3::context& ctx, const System& system, const PropertySpec& property)
    : SystemEncoding(SystemEncoding(ctx, system), property) {}

std::size_t SystemEncoding::var_of_slot(std::size_t slot, const std::string& reader) const {
  for (std::size_t i = 0; i < all_vars_.size(); ++i)
    if (all_vars_[i].name == sys_.layout().slot(slot).name) return i;
  throw Unsupported(reader + " reads " + sys_.layout().slot(slot).name +
                    ", a channel slot (the SMT engines see messages as fields)");
}

void SystemEncoding::observe(std::vector<z3::expr>& successor, std::size_t group) const {
  const std::size_t n = sys_.layout().size();
  // Which step it is: a constant of the group (the encoding has a relation per group).
  Monitor::StepId id = sys_.step_id(group);
  for (std::size_t m = 0; m < sys_.monitors_.size(); ++m) {
    const Monitor& monitor = sys_.monitors_[m];
    // Monitors run in order, as in System::apply_with: each rule of this one reads the
    // step as it stands when the monitor starts, with the earlier monitors' new values.
    const std::vector<z3::expr> after = successor;
    std::string reader = "monitor " + monitor.spec().name;
    // A value after the step is in its declared range: one that leaves it ends the run
    // there as `bound exceeded`, whatever the monitor makes of it.
    auto slot_var = [&](std::size_t slot) -> SlotTerm {
      auto constant = [&](std::int64_t c) { return SlotTerm{ctx_.int_val(c), c, c}; };
      if (slot == monitor.step_kind_slot()) return constant(id.kind);
      if (slot == monitor.step_actor_slot()) return constant(id.actor);
      if (slot == monitor.step_event_slot()) return constant(id.event);
      if (monitor.is_message_slot(slot))
        return message_field(group, slot - monitor.step_message_slot(0));
      std::size_t v = var_of_slot(slot < n ? slot : slot - n, reader);
      return SlotTerm{slot < n ? cur_[static_cast<unsigned>(v)] : after[v], all_vars_[v].lo,
                      all_vars_[v].hi};
    };
    // The explicit engine stops at the first write out of range (Monitor::out_of_range),
    // even one a later rule of the step would overwrite: a later rule keeps such a value,
    // so that the successor leaves the range as the explicit step does. Only a variable
    // some earlier rule of this monitor may have set needs the guard.
    std::vector<bool> set_before(all_vars_.size(), false);
    for (const Monitor::CompiledRule& rule : monitor.rules()) {
      z3::expr when = encode_property(rule.when, ctx_, slot_var);
      for (const Monitor::Assign& a : rule.set) {
        std::size_t v = monitor_base_[m] + (a.slot - monitor.base());
        z3::expr fires = when;
        if (set_before[v])
          fires = fires && successor[v] >= ctx_.int_val(all_vars_[v].lo) &&
                  successor[v] <= ctx_.int_val(all_vars_[v].hi);
        successor[v] = z3::ite(fires, encode_value(a.value, ctx_, slot_var), successor[v]);
        set_before[v] = true;
      }
    }
  }
}

// step.message.FIELD on group g's paths: the field of the channel position the group
// takes, as the state before the step holds it; 0 for a step without a message or a
// message without the field, as the explicit engine has it (System::step_id).
SlotTerm SystemEncoding::message_field(std::size_t group, std::size_t field) const {
  const SlotTerm none{ctx_.int_val(0), 0, 0};
  const System::Group& g = sys_.groups_[group];
  if (g.kind != System::Group::kDeliver && g.kind != System::Group::kLose &&
      g.kind != System::Group::kDuplicate)
    return none;
  const ChannelVars& cv = channels_[g.owner];
  const std::vector<std::size_t>& where = sys_.link_fields_[g.owner];
  for (std::size_t i = 0; i < where.size() && i < cv.fields; ++i)
    if (where[i] == field) {
      std::size_t v = cv.base + g.index * cv.stride() + 1 + i;
      return SlotTerm{cur_[static_cast<unsigned>(v)], all_vars_[v].lo, all_vars_[v].hi};
    }
  return none;
}

void SystemEncoding::reduce_and_relate(bool whole_state, const Deadline* deadline) {
  check_budget(deadline, "reducing the encoding to the property's cone of influence");
  reduction_ = reduce(cur_, initial_, groups_, whole_state ? premise_ && goal_ : target_, &relied_);
  // A lasso closes on the whole state: nothing but the constants may be dropped.
  if (whole_state)
    for (std::size_t i = 0; i < all_vars_.size(); ++i) reduction_.kept[i] = !reduction_.constant[i];
  for (std::size_t i = 0; i < all_vars_.size(); ++i)
    if (reduction_.kept[i]) {
      kept_.push_back(i);
      state_vars_.push_back(all_vars_[i]);
    }
  target_ = substitute_constants(target_, cur_, reduction_);
  z3::expr_vector cases(ctx_);
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    check_budget(deadline, "encoding the transition relation");
    if (!groups_[g].empty())
      cases.push_back(in_[0] == ctx_.int_val(static_cast<std::int64_t>(g)) && relation(groups_[g]));
  }
  trans_ = z3::mk_or(cases);
  if (!whole_state) return;
  premise_ = substitute_constants(premise_, cur_, reduction_);
  goal_ = substitute_constants(goal_, cur_, reduction_);
  for (const std::vector<GuardedUpdate>& paths : groups_) {
    check_budget(deadline, "encoding when each group is enabled");
    z3::expr_vector conditions(ctx_);
    for (const GuardedUpdate& p : paths)
      conditions.push_back(substitute_constants(p.condition, cur_, reduction_));
    enabled_.push_back(z3::mk_or(conditions).simplify());
  }
  deliver_groups_.assign(channels_.size(), {});
  for (std::size_t l = 0; l < channels_.size(); ++l)
    deliver_groups_[l].assign(static_cast<std::size_t>(sys_.links_[l].channel.policy().capacity),
                              0);
  for (std::size_t g = 0; g < sys_.groups_.size(); ++g)
    if (sys_.groups_[g].kind == System::Group::kDeliver)
      deliver_groups_[sys_.groups_[g].owner][sys_.groups_[g].index] = g;
}

// The group's paths over the kept variables, as one formula. Variables no path changes
// (the other actors, the other channel) are stated once, outside the disjunction, rather
// than once per path.
z3::expr SystemEncoding::relation(const std::vector<GuardedUpdate>& paths) const {
  std::vector<bool> changed(all_vars_.size(), false);
  for (const GuardedUpdate& p : paths)
    for (std::size_t i : kept_)
      if (!z3::eq(p.next[i], cur_[static_cast<unsigned>(i)])) changed[i] = true;
  z3::expr_vector frame(ctx_), alternatives(ctx_);
  for (std::size_t i : kept_)
    if (!changed[i])
      frame.push_back(next_[static_cast<unsigned>(i)] == cur_[static_cast<unsigned>(i)]);
  // Paths with the same effect on the kept variables differ only in what the property
  // cannot see: one disjunct, their conditions joined.
  std::vector<std::pair<z3::expr_vector, z3::expr_vector>> effects;  // updates, conditions
  for (const GuardedUpdate& p : paths) {
    z3::expr_vector updates(ctx_);
    for (std::size_t i : kept_)
      if (changed[i])
        updates.push_back(next_[static_cast<unsigned>(i)] ==
                          substitute_constants(p.next[i], cur_, reduction_));
    z3::expr condition = substitute_constants(p.condition, cur_, reduction_);
    auto same = std::find_if(effects.begin(), effects.end(), [&](const auto& e) {
      for (unsigned j = 0; j < updates.size(); ++j)
        if (!z3::eq(e.first[j], updates[j])) return false;
      return true;
    });
    if (same == effects.end()) {
      effects.emplace_back(updates, z3::expr_vector(ctx_));
      same = effects.end() - 1;
    }
    same->second.push_back(condition);
  }
  for (auto& [updates, conditions] : effects) {
    updates.push_back(z3::mk_or(conditions));
    alternatives.push_back(z3::mk_and(updates));
  }
  frame.push_back(z3::mk_or(alternatives));
  return z3::mk_and(frame);
}

z3::expr SystemEncoding::init(const z3::expr_vector& s) const {
  z3::expr_vector eqs(ctx_);
  for (std::size_t i = 0; i < kept_.size(); ++i) {
    z3::expr x = s[static_cast<unsigned>(i)];
    std::size_t v = kept_[i];
    switch (choice_[v]) {
      case VariableSpec::Initial::kFixed:
        eqs.push_back(x == ctx_.int_val(*initial_[v]));
        break;
      case VariableSpec::Initial::kAny:  // its range, which the engines add
        break;
      case VariableSpec::Initial::kCoprime: {
        // Coprime with a power of two is odd; a small space lists its units.
        std::int64_t values = all_vars_[v].hi + 1;
        if (values > kCoprimeByValue) {
          eqs.push_back(z3::mod(x, ctx_.int_val(2)) == 1);
          break;
        }
        z3::expr_vector units(ctx_);
        for (std::int64_t u = 1; u < values; ++u)
          if (std::gcd(u, values) == 1) units.push_back(x == ctx_.int_val(u));
        eqs.push_back(z3::mk_or(units));
        break;
      }
    }
  }
  return z3::mk_and(eqs);
}

// Substitution pairs from the kept variables' current and next copies (and the inputs)
// to the engines' copies.
std::pair<z3::expr_vector, z3::expr_vector> SystemEncoding::renaming(
    const z3::expr_vector& s, const z3::expr_vector& in, const z3::expr_vector& next) const {
  z3::expr_vector from(ctx_), to(ctx_);
  for (std::size_t i = 0; i < kept_.size(); ++i) {
    from.push_back(cur_[static_cast<unsigned>(kept_[i])]);
    to.push_back(s[static_cast<unsigned>(i)]);
    from.push_back(next_[static_cast<unsigned>(kept_[i])]);
    to.push_back(next[static_cast<unsigned>(i)]);
  }
  for (unsigned i = 0; i < in_.size(); ++i) {
    from.push_back(in_[i]);
    to.push_back(in[i]);
  }
  return {from, to};
}

z3::expr SystemEncoding::trans(const z3::expr_vector& s, const z3::expr_vector& in,
                               const z3::expr_vector& next) const {
  auto [from, to] = renaming(s, in, next);
  z3::expr t = trans_;
  return t.substitute(from, to);
}

z3::expr SystemEncoding::target(const z3::expr_vector& s) const {
  z3::expr_vector from(ctx_);
  for (std::size_t i : kept_) from.push_back(cur_[static_cast<unsigned>(i)]);
  z3::expr t = target_;
  return t.substitute(from, s);
}

}  // namespace synack::checker::smt
