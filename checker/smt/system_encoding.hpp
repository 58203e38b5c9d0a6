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
#include <string>
#include <utility>
#include <vector>

#include "checker/property.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/system.hpp"

namespace synack::checker::smt {

class SystemEncoding final : public TransitionSystem {
 public:
  // Throws Unsupported naming what cannot be encoded (a machine that is not value
  // generic, layered hosts, a property reading channel slots).
  SystemEncoding(z3::context& ctx, const System& system, const PropertySpec& property);

  z3::context& context() const override { return ctx_; }
  const std::vector<SmtVar>& state_vars() const override { return state_vars_; }
  const std::vector<SmtVar>& input_vars() const override { return input_vars_; }
  z3::expr init(const z3::expr_vector& s) const override;
  z3::expr trans(const z3::expr_vector& s, const z3::expr_vector& in,
                 const z3::expr_vector& next) const override;
  z3::expr target(const z3::expr_vector& s) const override;

  // Feasible paths through all groups, summed: a measure of the encoding's size.
  std::size_t paths() const { return paths_; }

  // A concrete state of this encoding as the explicit engine's state (messages encoded
  // by their codec, unordered channels sorted), and the explicit group that takes the
  // step `group` from `state` (a channel position moves with the sorting).
  std::vector<Value> explicit_state(const std::vector<std::int64_t>& state) const;
  std::size_t explicit_group(std::size_t group, const std::vector<std::int64_t>& state) const;

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

  void declare_state();
  void encode_groups();
  z3::expr relation(const std::vector<std::pair<z3::expr, std::vector<z3::expr>>>& enabled) const;

  z3::context& ctx_;
  const System& sys_;
  std::vector<SmtVar> state_vars_;
  std::vector<SmtVar> input_vars_;
  std::vector<ChannelVars> channels_;
  std::vector<std::size_t> actor_base_;  // first state variable of each actor
  z3::expr_vector cur_, next_, in_;      // the variables the formulas are written over
  std::vector<std::int64_t> initial_;
  z3::expr trans_;
  z3::expr target_;
  std::size_t paths_ = 0;
};

}  // namespace synack::checker::smt
