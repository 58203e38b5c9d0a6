// Which state variables a property can depend on, before any engine sees the system.
//
// A composition carries many variables a given question never reads: ghost flags for
// other properties, TCP Fast Open state in a scenario without it, counters only written.
// Two classic reductions, both exact for safety properties:
//  - constants: a variable every path leaves unchanged or sets back to its initial value
//    holds that value in every reachable state; it is replaced by the number;
//  - cone of influence: the variables the target reads or any path condition reads (a
//    condition decides whether a step is enabled at all), or whose declared range a path
//    was derived under, closed under "the new value of a kept variable is computed from".
//    Every other variable is write-only for this question and dropped with its updates.
// The engines check that every kept variable stays in its declared range (a state outside
// one is a target of its own, checker/smt/transition_system.hpp); a dropped variable's
// range is neither checked nor relied on.
// Spacer and k-induction see a fraction of the variables (tcp/three-way-handshake's
// no-stale-connection keeps 23 of 74), which is what lets them converge.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <z3++.h>

namespace synack::checker::smt {

// One way a transition group can fire: its condition, and every state variable's new value
// (an expression over the current state; the variable itself when unchanged).
struct GuardedUpdate {
  z3::expr condition;
  std::vector<z3::expr> next;
};

struct Reduction {
  std::vector<std::optional<std::int64_t>> constant;  // per variable: its only value, if any
  std::vector<bool> kept;                             // per variable: in the cone, not constant
};

// `vars` are the current-state variables the paths are written over, `initial` their
// initial values (none: left open, so never a constant), `groups` the paths of each
// transition group, `relied` the terms whose variables' declared ranges the paths were
// derived under (Paths::rely): those are kept too, so that the engines' bound check
// covers every range the relation depends on.
Reduction reduce(const z3::expr_vector& vars,
                 const std::vector<std::optional<std::int64_t>>& initial,
                 const std::vector<std::vector<GuardedUpdate>>& groups, const z3::expr& target,
                 const z3::expr_vector* relied = nullptr);

// `e` with every constant variable replaced by its value, simplified.
z3::expr substitute_constants(const z3::expr& e, const z3::expr_vector& vars, const Reduction& r);

}  // namespace synack::checker::smt
