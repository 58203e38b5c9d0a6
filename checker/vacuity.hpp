// Invariants that hold vacuously: `always P -> Q` holds after an exhaustive search in
// which no reachable state satisfies P. The verdict is true, but the implication asked
// nothing of any state, which is what a mistyped premise (a state name that is never
// reached, a counter compared with a value it never takes) looks like; the result says so
// beside the verdict (Result::vacuous), as the liveness engine does for a leads-to. So it
// does when one conjunct of the invariant is such an implication, (P -> Q) && R: that
// part asked nothing (Expr::premises says which implications count).
//
// Decided after the search, over the states stored, and only for invariants that hold: the
// scan stops once each premise asked about has been met by some state, which for a premise
// that means something is usually among the first few hundred states, and reads every
// state only when one is vacuous. It takes no time during the search and needs
// nothing from the checkpoints: a resumed store holds the same states.
//
// Under --symmetry the store holds one state per class; a premise is asked about only
// when no renaming of the members changes its value (then some state of a class
// satisfies it exactly when the class's representative does), else the result is left
// unmarked. The distributed search scans each rank's states and sums the answers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "checker/expr.hpp"
#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/state_store.hpp"

namespace synack::checker {

class PremiseScan {
 public:
  // The premises of the invariants among `specs` (Expr::premises) that can be asked about
  // in `model`'s states: one question each.
  PremiseScan(const Model& model, const std::vector<PropertySpec>& specs);

  // Whether asking is needed at all; the same answer on every rank of a distributed search.
  bool empty() const { return questions_.empty(); }

  // One word per question, 1 when some state of `store` satisfies its premise. Only the
  // questions whose result (`results`, one per spec, in order) holds are asked; the
  // others answer 1.
  std::vector<std::uint64_t> reached(const StateStore& store,
                                     const std::vector<Result>& results) const;

  // Marks the holding invariants with a premise no state reached (`reached`: the sum of
  // every store's answers); Result::premise is the first such premise.
  void mark(std::vector<Result>& results, const std::vector<std::uint64_t>& reached) const;

  // reached() over `store`, the answers summed by `sum` (the distributed search's ranks;
  // none in one process), then mark(). Does nothing, on every rank alike, when empty().
  void mark_over(const StateStore& store, std::vector<Result>& results,
                 const std::function<void(std::vector<std::uint64_t>&)>& sum = {}) const;

 private:
  struct Question {
    std::size_t result;  // index of its spec and result; a spec may have several
    Expr premise;
  };
  static bool asked(const Result& r);

  const Layout& layout_;
  std::vector<Question> questions_;
};

}  // namespace synack::checker
