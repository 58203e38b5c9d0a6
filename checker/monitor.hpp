// Spec monitors: variables of their own that watch every step of the system, so that a
// property about history ("a segment of an earlier connection was accepted") needs no
// ghost variable inside a protocol machine. A monitor's rules read the step: every slot
// as it was before (`client.state`) and after (`client.state'`), and set the monitor's
// variables, which are slots like any other (`history.accepted_stale`): properties,
// traces and JSON read them. A monitor that flags an error sets a variable an `always`
// property forbids. Two more names say which step it was: `step.kind` (env, deliver, lose,
// duplicate, tick) and `step.actor` (who acted: the actor of an application call or
// timer, the receiver of a message delivered, lost or duplicated, `clock` for a tick).
// `step.event` names an application call or timer (`timeout`, `abort`; `none` for the
// other kinds), and `step.message.FIELD` reads a field of the message a step delivers,
// loses or duplicates (`step.message.flags`): the fields of every sender's messages, as
// its machine declares them for the Z3 engines; 0 on a step without a message or when
// that message has no such field. With them a monitor tells apart what the machine's
// before and after states alone cannot (a RST from an ACK that both close a connection).
// Every engine runs monitors: the explicit and liveness engines through
// observe(), the Z3 encoding the same rules over terms (SystemEncoding::observe).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/expr.hpp"
#include "checker/layout.hpp"

namespace synack::checker {

struct MonitorSpec {
  struct Var {
    std::string name;  // the slot is MONITOR.NAME
    Value max = 1;
    Value initial = 0;
    std::vector<std::string> value_names = {};
  };
  // After each step, every rule whose `when` holds sets its variables to their
  // expressions' values; all rules read the same before and after states (with the
  // monitor's variables as they were), and a later rule's assignment wins.
  struct Rule {
    std::string when;
    std::vector<std::pair<std::string, std::string>> set;  // VAR, EXPRESSION
  };
  std::string name;
  std::vector<Var> vars;
  std::vector<Rule> rules;
};

class Monitor {
 public:
  explicit Monitor(MonitorSpec spec) : spec_(std::move(spec)) {}

  const MonitorSpec& spec() const { return spec_; }
  // Adds the monitor's slots to the system's layout (before the layout is complete).
  void add_slots(Layout& layout);
  // What a step was, as step.kind, step.actor, step.event and step.message.* read it.
  enum StepKind : Value { kEnv, kDeliver, kLose, kDuplicate, kTick };
  struct StepId {
    Value kind = kEnv;
    Value actor = 0;  // index into StepNames::actors; their count: the clock
    Value event = 0;  // index into StepNames::events (0: none)
    // The message's fields in the order of StepNames::message_fields; empty: all 0.
    std::vector<Value> message = {};
  };
  // The names a step's description ranges over, the same for every monitor of a system.
  struct StepNames {
    std::vector<std::string> actors;
    std::vector<std::string> events;  // events[0] is "none"
    struct Field {
      std::string name;
      Value max = 0;
    };
    std::vector<Field> message_fields;
  };
  // Parses the rules against the complete layout: each slot before and after (primed),
  // then the step's names. Throws InputError naming the monitor and what is wrong.
  void bind(const Layout& layout, const StepNames& names);
  void set_initial(Value* state) const;
  // Updates the monitor's variables in `to` after a step from `from`. A value beyond a
  // variable's range is an input error naming it.
  void observe(const Value* from, Value* to, const StepId& step) const;
  // The same for a step of transition group `group`, trying only the rules that can fire
  // in that group's steps (plan_groups); `step` is what plan_groups got for the group,
  // with the message's fields filled in.
  void observe(std::size_t group, const Value* from, Value* to, const StepId& step) const;
  // observe(group, ...), also writing to assigned[i] the value given to the monitor's
  // variable i (its slot base() + i) by some rule, or -1 when no rule assigned it.
  // `assigned` has var_count() values. The caller may remember these writes beside a
  // step whose result they depend on alone (System, reads_only). Needs the plan's direct
  // forms (not after try_every_rule_for_testing).
  void observe_assigning(std::size_t group, const Value* from, Value* to, const StepId& step,
                         Value* assigned) const;
  // Whether group's rules read no slot outside [first, end), before or after the step,
  // besides what the step was (step.kind, step.actor, step.event, step.message.*). Then
  // its writes in a step are a function of those slots and the group: its own variables,
  // for one, are never read.
  bool reads_only(std::size_t group, std::size_t first, std::size_t end) const;
  std::size_t var_count() const { return vars_; }
  // Works out, once, which rules each transition group's steps can fire: a rule whose
  // `when` is a conjunction with a conjunct that reads only step.kind, step.actor and
  // step.event, and is false for the group's step, never fires in it (monitor_plan.cpp).
  // Most rules name the step they watch, and the engines observe every step they take.
  // `group_writes[g]`, when given and not empty, says which slots group g's steps may
  // change (a lost message changes only its channel's); a comparison of a slot it cannot
  // change with the same slot primed (`sender.cwnd' != sender.cwnd`) is then decided too.
  void plan_groups(const std::vector<StepId>& group_steps,
                   const std::vector<std::vector<bool>>& group_writes = {});
  // Tests only: every group's steps try every rule, as observe() without a group does, so
  // that a test can compare the plan against trying everything on a whole model.
  void try_every_rule_for_testing();
  // Whether group's steps may fire a rule. A step of a group it does not watch leaves the
  // monitor's variables as they were, which the system's step has copied already: the
  // system skips observe() for it.
  bool watches(std::size_t group) const { return !group_rules_[group].empty(); }
  // The rules (indices into rules()) that group's steps try, as plan_groups found them.
  const std::vector<std::uint32_t>& rules_of_group(std::size_t group) const {
    return group_rules_.at(group);
  }
  // Where step.kind and step.actor sit in the step's view (after the primed slots).
  std::size_t step_kind_slot() const { return 2 * size_; }
  std::size_t step_actor_slot() const { return 2 * size_ + 1; }
  std::size_t step_event_slot() const { return 2 * size_ + 2; }
  // step.message.FIELD: field i of StepNames::message_fields.
  std::size_t step_message_slot(std::size_t field) const { return 2 * size_ + 3 + field; }
  bool is_message_slot(std::size_t slot) const { return slot >= 2 * size_ + 3; }
  // Whether a rule reads step.message.*: the system then decodes each step's message.
  bool reads_message() const { return reads_message_; }

  struct Assign {
    std::size_t slot;  // the monitor variable's slot in the system's layout
    Expr value;        // over the step layout: slot i before, slot size() + i after
  };
  struct CompiledRule {
    Expr when;
    std::vector<Assign> set;
  };
  // For the Z3 encoding, which runs the same rules over terms.
  const std::vector<CompiledRule>& rules() const { return rules_; }
  std::size_t base() const { return base_; }

 private:
  MonitorSpec spec_;
  std::size_t base_ = 0;
  std::size_t size_ = 0;    // slots of the whole layout
  std::size_t fields_ = 0;  // message fields in the step's view
  bool reads_message_ = false;
  std::vector<CompiledRule> rules_;
  std::vector<std::vector<std::uint32_t>> group_rules_;  // per group: rules that may fire
  // Per group, beside group_rules_: each rule's `when` less the conjuncts the group's step
  // makes true (step.kind == deliver in a delivery), which every step would test again.
  std::vector<std::vector<Expr>> group_when_;
  // The slots a view holds (run_rules): listed ones only, or the whole step.
  struct ViewSlots {
    enum Fill : std::uint8_t { kListed, kAll } fill = kAll;
    std::vector<std::uint32_t> before, after;
  };
  // How a group's steps run its rules (monitor_direct.cpp). Most of a rule's `when` and
  // values are a constant, one slot, a conjunction of slots compared with constants
  // (`sender.state != FAST_RECOVERY && sender.state' == FAST_RECOVERY`), or "did any of
  // these slots change" (the rule "did the sender change" lists every slot of the
  // sender's), and are read straight from the step's before and after states; the rest
  // run their program over the step's view, built only when one needs it.
  struct Test {
    std::uint32_t slot;
    bool after;  // reads the state after the step
    bool equal;  // slot == value, else slot != value
    Value value;
  };
  struct Direct {
    // kProgramBefore: a program that reads only slots of the state before the step, which
    // are the view's first slots as they are: it runs on that state, with no view built.
    enum Kind : std::uint8_t {
      kProgram,
      kProgramBefore,
      kConst,
      kBefore,
      kAfter,
      kTests,
      kChanged
    } kind = kProgram;
    Value value = 0;  // kConst: the value; kBefore, kAfter: the slot
    // kTests: GroupPlan::tests[first, first + count), all must hold; kChanged: any slot of
    // GroupPlan::ranges[first, first + count) differs.
    std::uint32_t first = 0, count = 0;
  };
  struct PlannedSet {
    std::uint32_t slot;  // the monitor variable's
    Value max;
    Direct value;  // kProgram: rules_[rule].set[k].value
  };
  struct PlannedRule {
    std::uint32_t rule;
    Direct when;  // kProgram: group_when_[group][k]
    std::uint32_t first_set, sets;
  };
  struct GroupPlan {
    std::vector<PlannedRule> rules;
    std::vector<PlannedSet> sets;
    std::vector<Test> tests;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;  // [first, last) slots
    ViewSlots view;                                               // what the programs read
  };
  std::vector<GroupPlan> group_plan_;
  bool direct_forms_ = true;  // false: try_every_rule_for_testing's reference path
  std::size_t vars_ = 0;      // spec_.vars.size()

  // Runs rules[0..count) (indices into rules_) over the step, each with its `when`, or
  // with whens[k] when given. `view`, when given, names every slot the rules read: the
  // step's view is filled in only there.
  void run_rules(const Value* from, Value* to, const StepId& step, const std::uint32_t* rules,
                 const Expr* whens, std::size_t count, const ViewSlots* view) const;
  // Group g's plan (monitor_direct.cpp): what observe(g, ...) runs.
  // `assigned`, when given: observe_assigning's.
  void run_plan(std::size_t g, const Value* from, Value* to, const StepId& step,
                Value* assigned = nullptr) const;
  // The step's view: `view`'s slots, or the whole step, and what the step was.
  void fill_view(const Value* from, const Value* to, const StepId& id, const ViewSlots& view,
                 Value* step) const;
  // group_plan_[group], from the rules group_rules_ and group_when_ give the group.
  void plan_view(std::size_t group);
  // The direct form of `e` (kProgram when it has none), its tests and ranges added to `plan`.
  Direct direct_form(const Expr& e, GroupPlan& plan) const;
  [[noreturn]] void out_of_range(std::size_t slot, Value v) const;
  // The value of node n of `e` when it reads step.kind, step.actor and step.event only,
  // through the operators that name a step (== != && || !), or compares a slot `writes`
  // excludes with itself primed; nothing otherwise. Empty `writes`: any slot may change.
  std::optional<Value> step_constant(const Expr& e, std::int32_t n, const StepId& step,
                                     const std::vector<bool>& writes, int depth) const;
};

}  // namespace synack::checker
