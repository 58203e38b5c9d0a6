// A liveness property under fairness as formulas over states and steps of an encoding
// explored with liveness steps: what both Z3 liveness engines ask of a lasso
// s0 .. sl .. sk = sl (or a run ending in sk with nothing enabled).
//
// The property's obligation is a flag carried along the run, `pending`:
//   eventually P        pending_0 = not P(s0),          pending_i = pending_i-1 and not P(si)
//   P leads-to Q        pending_0 = P(s0) and not Q(s0), pending_i = (pending_i-1 or P(si)) and not
//   Q(si) always-eventually P pending_i = not P(si)
// A violation is a lasso with pending in sk and the goal (P, or Q) false on every state of
// the loop, or a run ending in a state with nothing enabled and pending there; either with
// every fairness constraint met on the loop (checker/fairness.hpp):
//   wf(A)         some loop state has no step of A enabled, or a loop step is one of A;
//   fair-loss(CH) every message deliverable on CH in some loop state is delivered on CH by
//                 some loop step (strong fairness per message, compared field by field; a
//                 delivery the receiver discards counts, as in the explicit engine).
#pragma once

#include <cstddef>
#include <vector>

#include <z3++.h>

#include "checker/fairness.hpp"
#include "checker/property.hpp"
#include "checker/smt/system_encoding.hpp"

namespace synack::checker::smt {

class LassoFormulas {
 public:
  LassoFormulas(const SystemEncoding& enc, PropertyKind kind, const Fairness& fairness);

  const SystemEncoding& encoding() const { return enc_; }
  z3::context& ctx() const { return enc_.context(); }

  z3::expr pending_initial(const z3::expr_vector& s) const;
  z3::expr pending_next(const z3::expr& pending, const z3::expr_vector& t) const;
  // The goal is false in s: what every loop state must satisfy.
  z3::expr avoids(const z3::expr_vector& s) const { return !enc_.goal(s); }
  // No group can take a step from s: the run stays there forever.
  z3::expr dead(const z3::expr_vector& s) const;

  std::size_t weak_count() const { return weak_.size(); }
  const std::string& weak_name(std::size_t i) const { return weak_[i].name; }
  // Step `in` is one of weak constraint i's groups; some of them is enabled in s.
  z3::expr weak_taken(std::size_t i, const z3::expr_vector& in) const;
  z3::expr weak_enabled(std::size_t i, const z3::expr_vector& s) const;

  // The channels under fair-loss, as link indices of the encoding.
  const std::vector<std::size_t>& fair_links() const { return fair_links_; }
  int capacity(std::size_t link) const;
  // Position p of `link` can be delivered from s.
  z3::expr deliverable(std::size_t link, int p, const z3::expr_vector& s) const;
  // Step `in` from s delivers on `link` (any position).
  z3::expr delivers(std::size_t link, const z3::expr_vector& in) const;
  // Step `in` from s delivers on `link` the message that position p holds in `holder`.
  z3::expr delivers_message(std::size_t link, const z3::expr_vector& in, const z3::expr_vector& s,
                            int p, const z3::expr_vector& holder) const;

 private:
  const SystemEncoding& enc_;
  PropertyKind kind_;
  std::vector<Fairness::Weak> weak_;
  std::vector<std::size_t> fair_links_;
};

}  // namespace synack::checker::smt
