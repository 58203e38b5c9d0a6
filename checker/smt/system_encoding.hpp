// A composition (checker::System) as a symbolic transition system, derived by running
// the System's own transition groups over symbolic states: each actor's step is its
// machine's rows run under Paths (checker/smt/symbolic_machine.hpp), and channels are
// bounded arrays of structured messages with the same policies as the explicit engine's
// (order, loss, duplication within a budget, capacity, age and MSL).
//
// State variables: every actor slot of the explicit layout, by the same name, then for
// each channel and position k a presence flag and the message's fields
// ("c2s[0].present", "c2s[0].seq"), the ages of a timed channel ("c2s.age[0]") and its
// duplication count ("c2s.dups"). The one input is the transition group taken
// ("group", numbered as System numbers them).
//
// Differences from the explicit state, none of which changes what is reachable or how
// soon: an unordered channel is not kept sorted (any position may be delivered), and
// positions holding equal messages are not skipped.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/property.hpp"
#include "checker/smt/cone_of_influence.hpp"
#include "checker/smt/deadline.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/system.hpp"

namespace synack::checker::smt {

struct SlotTerm;  // checker/smt/property_encoding.hpp

class SystemEncoding final : public TransitionSystem {
 public:
  // Throws Unsupported naming what cannot be encoded (a machine that is not value
  // generic, layered hosts, a property reading channel slots).
  SystemEncoding(z3::context& ctx, const System& system, const PropertySpec& property);
  // The two halves of that. Exploring the composition's transition groups (most of the
  // work) does not depend on the property: one exploration serves every property of a
  // scenario, and the encoding of each adds only its target, reduction and relation.
  // `liveness_steps`: the steps of the liveness graph (Model::liveness_only_step) too: a
  // delivery the receiver discards on a lossy channel is a delivery, and a tick that
  // changes nothing a step back to the same state. Only such an exploration takes
  // liveness properties. Both check `deadline`, if given, between paths and groups, and
  // throw OutOfBudget once it has expired (the exploration can take most of a budget).
  SystemEncoding(z3::context& ctx, const System& system, bool liveness_steps = false,
                 const Deadline* deadline = nullptr);
  // A liveness property (eventually, leads-to, always-eventually) has no target: it keeps
  // every variable that is not a constant (a lasso closes on the whole state) and gives
  // its predicates and the groups' enabledness below (checker/smt/lasso_formulas.hpp).
  SystemEncoding(const SystemEncoding& explored, const PropertySpec& property,
                 const Deadline* deadline = nullptr);

  z3::context& context() const override { return ctx_; }
  const std::vector<SmtVar>& state_vars() const override { return state_vars_; }
  const std::vector<SmtVar>& input_vars() const override { return input_vars_; }
  z3::expr init(const z3::expr_vector& s) const override;
  z3::expr trans(const z3::expr_vector& s, const z3::expr_vector& in,
                 const z3::expr_vector& next) const override;
  z3::expr target(const z3::expr_vector& s) const override;

  const System& system() const { return sys_; }
  // Whether its steps include the liveness graph's own (Model::liveness_only_step).
  bool has_liveness_steps() const { return liveness_steps_; }
  // Feasible paths through all groups, summed: a measure of the encoding's size.
  std::size_t paths() const { return paths_; }

  // Back to the explicit model, for traces. The engines see only the kept variables
  // (checker/smt/cone_of_influence.hpp), so a Z3 path is followed, not translated: the
  // explicit group that takes this encoding's step `group` from `state`, explicit state
  // `from` (a channel position moves with the explicit engine's sorting); none if no
  // position agrees. Then whether explicit state `ex` agrees with `state` on every kept
  // variable (channels compared as multisets).
  std::optional<std::size_t> explicit_group(std::size_t group,
                                            const std::vector<std::int64_t>& state,
                                            const std::vector<Value>& from) const;
  bool agrees(const std::vector<std::int64_t>& state, const std::vector<Value>& ex) const;
  // The explicit initial state a Z3 path starts from: the model's, with the initial values
  // the engine chose for open variables (VariableSpec::Initial) taken from `state`.
  std::vector<Value> explicit_initial(const std::vector<std::int64_t>& state) const;
  // An explicit state as this encoding's state (the kept variables, channels in the explicit
  // order): what invariant mining reads reachable states as.
  std::vector<std::int64_t> kept_values(const std::vector<Value>& ex) const;
  // The other way (checker/smt/system_encoding_state.cpp), for any state of this encoding,
  // reachable or not (Houdini's counterexamples to induction): the explicit state that
  // agrees with `state` on every kept variable (variables outside the cone take their
  // initial values, which the kept ones never read); none where the explicit model cannot
  // hold it (a gap in a channel, a field left in an empty position, a message no codec has).
  std::optional<std::vector<Value>> explicit_state(const std::vector<std::int64_t>& state) const;
  // Successors of `state` by the explicit interpreter that are, exactly, successors of this
  // encoding: every one returned is one, but not all are returned. An explicit successor
  // is dropped where the two orders of a channel may differ (an unordered channel holding
  // two different messages: the explicit engine sorts it, this encoding does not), and
  // where the interpreter refuses the step.
  std::vector<std::vector<std::int64_t>> explicit_successors(
      const std::vector<std::int64_t>& state) const;
  // "client.state=2 server.iss=3 ...": a state of this encoding, for error messages.
  std::string print(const std::vector<std::int64_t>& state) const;
  // How many of the composition's variables the engines see.
  std::size_t all_variables() const { return all_vars_.size(); }
  // Every variable of the composition, as a user's invariant names it
  // (checker/smt/user_invariants): its name and range, and which state variable the engines
  // see it as, or its value where it never changes; neither: outside the cone (or, on the
  // exploration before any property's reduction, not yet known).
  struct Variable {
    const SmtVar* var = nullptr;
    std::optional<std::size_t> kept;  // index into state_vars()
    std::optional<std::int64_t> constant;
  };
  std::vector<Variable> variables() const;

  // ---- liveness (system_encoding_liveness.cpp), over one state's kept variables ----
  // The property's two predicates: leads-to's premise and consequence; for eventually and
  // always-eventually the premise is true and the goal the expression.
  z3::expr premise(const z3::expr_vector& s) const;
  z3::expr goal(const z3::expr_vector& s) const;
  // Group g can take a step from s (some path's condition holds).
  z3::expr enabled(std::size_t g, const z3::expr_vector& s) const;
  // The channels as fairness sees them: a name, and the group delivering each position.
  std::size_t channel_count() const { return channels_.size(); }
  std::string channel_name(std::size_t link) const;
  // Whether `link` delivers in sending order (its head only): mining's order templates.
  bool channel_ordered(std::size_t link) const;
  const std::vector<std::size_t>& deliver_groups(std::size_t link) const;
  // Position k of `link` in s holds the same message (every field) as position j in t.
  z3::expr same_message(std::size_t link, int k, const z3::expr_vector& s, int j,
                        const z3::expr_vector& t) const;
  // s and t are the same explicit state: equal variables, an unordered channel's positions
  // compared as a multiset (every order up to capacity 3; beyond, each position counted
  // in both).
  z3::expr same_state(const z3::expr_vector& s, const z3::expr_vector& t) const;

 private:
  struct ChannelVars {
    std::size_t link = 0;
    std::size_t fields = 0;  // message fields per position
    std::size_t base = 0;    // first state variable: position 0's presence flag
    std::size_t ages = 0;    // first age variable (timed channels)
    std::size_t dups = 0;    // the duplication count (duplicating channels)
    std::size_t stride() const { return 1 + fields; }
  };
  class Step;
  friend class Step;
  // A coprime initial value over at most this many values is listed value by value.
  static constexpr std::int64_t kCoprimeByValue = 1024;

  void declare_state();
  void explore_groups(const Deadline* deadline);
  // The state variable of a layout slot (actors' and monitors' slots; a channel slot has
  // none: its messages are fields), or Unsupported naming what reads it.
  std::size_t var_of_slot(std::size_t slot, const std::string& reader) const;
  // A path's successor after the monitors' rules ran on (cur_, successor): the same
  // rules as checker/monitor, over terms.
  void observe(std::vector<z3::expr>& successor, std::size_t group) const;
  SlotTerm message_field(std::size_t group, std::size_t field) const;
  void reduce_and_relate(bool whole_state, const Deadline* deadline);
  z3::expr relation(const std::vector<GuardedUpdate>& paths) const;
  std::pair<z3::expr_vector, z3::expr_vector> renaming(const z3::expr_vector& s,
                                                       const z3::expr_vector& in,
                                                       const z3::expr_vector& next) const;
  // An explicit state as values of all_vars_ (channels in the explicit order).
  std::vector<std::int64_t> project(const std::vector<Value>& ex) const;
  // Channel position k's kept variables, in `state` (all_vars_ when `full`, else kept).
  std::vector<std::int64_t> position(const ChannelVars& cv, int k,
                                     const std::vector<std::int64_t>& state, bool full) const;

  z3::context& ctx_;
  const System& sys_;
  std::vector<SmtVar> all_vars_;    // every slot of the composition, channels as fields
  Reduction reduction_;             // which of them the engines need
  std::vector<std::size_t> kept_;   // indices into all_vars_ of state_vars_
  std::vector<SmtVar> state_vars_;  // what the engines see
  std::vector<SmtVar> input_vars_;
  std::vector<ChannelVars> channels_;
  std::vector<std::size_t> actor_base_;               // first state variable of each actor
  std::vector<std::size_t> monitor_base_;             // first state variable of each monitor
  z3::expr_vector cur_, next_, in_;                   // the variables the formulas are written over
  std::vector<std::optional<std::int64_t>> initial_;  // none: left open
  std::vector<VariableSpec::Initial> choice_;         // per variable of all_vars_
  std::vector<std::vector<GuardedUpdate>> groups_;    // each group's paths, over all_vars_
  z3::expr_vector relied_;  // terms whose variables' ranges the paths assume (Paths::rely)
  // Variable v of all_vars_ in s: its kept copy, or its constant value.
  z3::expr var_in(std::size_t v, const z3::expr_vector& s) const;
  z3::expr over(const z3::expr& e, const z3::expr_vector& s) const;  // cur_ renamed to s

  z3::expr trans_;
  z3::expr target_;
  std::size_t paths_ = 0;
  bool liveness_steps_ = false;
  z3::expr premise_, goal_;        // liveness, over cur_
  std::vector<z3::expr> enabled_;  // per group, over cur_ (constants substituted)
  std::vector<std::vector<std::size_t>> deliver_groups_;  // per link, per position
};

}  // namespace synack::checker::smt
