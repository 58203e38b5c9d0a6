// The liveness-to-safety reduction (Biere, Artho, Schuppan 2002): a liveness question as an
// `always` question about a larger transition system, so that k-induction and Spacer prove
// it for runs of any length, with the same invariant printing and independent re-check as
// the safety proofs.
//
// The product's state is the system's state, then
//   pending          the property's obligation (checker/smt/lasso_formulas.hpp)
//   saved            a state has been saved (an input, `save`, chooses when, once)
//   avoid            the goal was false on every state since the save
//   saved.<var>      the saved state (before the save: the current state)
//   fair.*           per fairness constraint, whether the steps since the save met it
// and its target is "the loop closes": saved, the state is the saved one
// (SystemEncoding::same_state), pending, avoid, and every fairness flag met; or pending in
// a state with nothing enabled. A fair violating lasso reaches the target (save at its
// loop's start), so a proof that no target is reachable proves the property.
//
// Fairness on the loop, as flags: wf(A) is met once a step of A is taken or a state with A
// disabled is left. Fair loss is strong fairness per message, over unboundedly many
// messages, which flags cannot follow; the product tracks two consequences of it instead:
// each message deliverable in the saved state is delivered on the loop, and if any delivery
// on the channel is enabled on the loop, one is taken. These are weaker than fair loss, so
// the product has at least every fair lasso as a path to its target: a proof stays sound,
// but a path to the target may be a lasso that fair loss excludes. So a counterexample is
// never read off the product: it is searched for by run_lasso_bmc, with exact fairness.
#pragma once

#include <cstddef>
#include <vector>

#include "checker/smt/lasso_formulas.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

class LivenessToSafety final : public TransitionSystem {
 public:
  explicit LivenessToSafety(const LassoFormulas& formulas);

  z3::context& context() const override { return f_.ctx(); }
  const std::vector<SmtVar>& state_vars() const override { return vars_; }
  const std::vector<SmtVar>& input_vars() const override { return inputs_; }
  z3::expr init(const z3::expr_vector& s) const override;
  z3::expr trans(const z3::expr_vector& s, const z3::expr_vector& in,
                 const z3::expr_vector& next) const override;
  z3::expr target(const z3::expr_vector& s) const override;

  const SystemEncoding& encoding() const { return f_.encoding(); }
  std::ptrdiff_t system_state_count() const { return static_cast<std::ptrdiff_t>(n_); }
  // The system's own part of a product state or input vector.
  z3::expr_vector system_part(const z3::expr_vector& v, bool input) const;
  // Where the parts are among state_vars(): the system's variable i is at i, its saved copy
  // at copy_index(i); the flags (pending, saved, avoid, fair.*) are every other index.
  std::size_t copy_index(std::size_t i) const { return copy_ + i; }
  std::size_t saved_index() const { return saved_; }
  std::vector<std::size_t> flag_indices() const;

 private:
  z3::expr_vector saved_part(const z3::expr_vector& s) const;
  z3::expr flag(const z3::expr_vector& s, std::size_t i) const;

  const LassoFormulas& f_;
  std::size_t n_;  // the system's state variables
  std::vector<SmtVar> vars_, inputs_;
  std::size_t pending_, saved_, avoid_, copy_, weak_;  // first index of each part
  std::size_t channels_;  // per fair link: enabled, delivered, then one per position
};

}  // namespace synack::checker::smt
