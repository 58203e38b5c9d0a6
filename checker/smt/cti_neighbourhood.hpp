// The states reached from a counterexample to induction through states that are not bad:
// where Houdini looks for more candidates to drop before its next solver call
// (checker/smt/houdini.hpp, CtiExpansion, says why that is sound and changes nothing).
#pragma once

#include <cstdint>
#include <vector>

#include <z3++.h>

#include "checker/smt/houdini.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

class CtiNeighbourhood {
 public:
  // `bad`: Unrolling::bad over the state variables `s`.
  CtiNeighbourhood(const TransitionSystem& ts, const z3::expr& bad, const z3::expr_vector& s,
                   const CtiExpansion& expansion)
      : ts_(ts), bad_(bad), s_(s), expansion_(expansion) {}

  // A state found, and the one it was found from: an index into the same list, or
  // kFromStart. The explicit interpreter is not trusted to follow the encoding exactly on
  // unreachable states (a codec may alias a field past its range), so whoever drops a
  // candidate on a state confirms every step of its path with Z3 first.
  static constexpr std::size_t kFromStart = static_cast<std::size_t>(-1);
  struct Reached {
    std::vector<std::int64_t> state;
    std::size_t parent;
  };

  // Breadth first from `start` (a state that is not bad), up to expansion.depth steps and
  // expansion.max_states states, expanding only states within every declared range and
  // not bad; `start` itself is not among them.
  std::vector<Reached> around(const std::vector<std::int64_t>& start) const;

 private:
  bool expandable(const std::vector<std::int64_t>& state) const;
  // The successors the expansion proposes, or none where the interpreter refuses the state:
  // an InputError (a variable leaving its range) or a RefusedStep (the composition refusing
  // a state no run reaches, checker/refused_step.hpp). The state is only a counterexample to
  // induction, and proposing nothing drops nothing, which is always safe. Anything else
  // (InternalError, another logic_error: synack's own bug) ends the run (exit 4).
  std::vector<std::vector<std::int64_t>> proposed(const std::vector<std::int64_t>& state) const;

  const TransitionSystem& ts_;
  z3::expr bad_;
  z3::expr_vector s_;
  const CtiExpansion& expansion_;
};

}  // namespace synack::checker::smt
