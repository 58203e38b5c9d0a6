// A symbolic transition system over bounded integer variables: the form in which every
// Z3 engine (bmc, kind, spacer) sees a model. checker/smt/encoding derives one from a
// composition of protocol machines; the engines know nothing about protocols.
//
// States are vectors of Int-sorted variables, each with a declared range lo..hi. The
// range is a claim, not an assumption: trans need only be right from in-range states (the
// encoder folds comparisons by the ranges), and every engine checks that no reachable
// state leaves one, as a target of its own (Unrolling::bad): a run out of range is
// reported (kOutOfRange), and a proof covers the ranges too. A step may also read inputs:
// fresh variables of that step only (which transition group fired, a nondeterministic
// choice such as an ISN), always within their ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

namespace synack::checker::smt {

struct SmtVar {
  std::string name;  // "client.snd_nxt", "c2s[0].seq"
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  // Whether a step from an in-range state may take the variable out of its range. False
  // only where the encoder has shown it cannot (every new value's range lies within
  // lo..hi): the engines then need not check it, which keeps their targets small.
  bool may_leave = true;
};

class TransitionSystem {
 public:
  virtual ~TransitionSystem() = default;
  virtual z3::context& context() const = 0;
  virtual const std::vector<SmtVar>& state_vars() const = 0;
  virtual const std::vector<SmtVar>& input_vars() const = 0;
  // Formulas over the given variables (one expression per state_vars()/input_vars() entry,
  // in order). They need not restate the ranges: the engines add them to the initial
  // state, the inputs and the state a step starts from, and check them on the state after.
  virtual z3::expr init(const z3::expr_vector& s) const = 0;
  virtual z3::expr trans(const z3::expr_vector& s, const z3::expr_vector& in,
                         const z3::expr_vector& next) const = 0;
  // The states sought: those violating an `always` property, or satisfying a `sometimes`.
  virtual z3::expr target(const z3::expr_vector& s) const = 0;
};

// A path as concrete values taken from a Z3 model: states[0] .. states[n], and inputs[i]
// for the step from states[i] to states[i + 1].
struct SmtPath {
  std::vector<std::vector<std::int64_t>> states;
  std::vector<std::vector<std::int64_t>> inputs;
};

struct SmtOutcome {
  enum Kind {
    kReached,     // a path from an initial state to a target state (trace)
    kOutOfRange,  // a shortest path to a state with a variable outside its range (trace)
    kBoundHolds,  // bmc: no target state within `depth` steps
    kProved,      // kind / spacer: no reachable target state, for runs of any length
    kUnknown,     // kind: not k-inductive up to `depth` (cti); spacer/z3 gave up (reason)
  } kind = kUnknown;
  std::size_t depth = 0;         // bmc: steps searched; kind: the k tried; reached: path length
  std::optional<SmtPath> trace;  // kReached, kOutOfRange: the shortest path there
  // kind, kUnknown: a counterexample to induction: depth + 1 states, the last a target or
  // out of range, each a successor of the one before, pairwise distinct, none before the
  // last a target or out of range.
  std::optional<SmtPath> cti;
  // A liveness engine's kReached: the trace is a lasso whose last state equals state
  // `loop_start` (the same explicit state), or, when loop_start is the number of steps, a
  // run that ends in a state with nothing enabled (checker/smt/lasso_bmc.hpp).
  std::optional<std::size_t> loop_start;
  std::string invariant;  // spacer, kProved: the inductive invariant, over state_vars() names
  std::string reason;     // kUnknown: why (z3's reason_unknown, "timeout", ...)
};

struct SmtLimits {
  std::size_t max_depth = 20;  // bmc: the depth K; kind: the largest k tried
  unsigned timeout_ms = 0;     // the whole run, encoding included; 0 = none
};

struct Lemmas;  // checker/smt/houdini.hpp

// kind and spacer may be given lemmas proved inductive by Houdini: facts that hold on every
// state of a shortest path to a bad state, which they assume on every state they consider.
SmtOutcome run_bmc(const TransitionSystem& ts, const SmtLimits& limits);
SmtOutcome run_k_induction(const TransitionSystem& ts, const SmtLimits& limits,
                           const Lemmas* lemmas = nullptr);
SmtOutcome run_spacer(const TransitionSystem& ts, const SmtLimits& limits,
                      const Lemmas* lemmas = nullptr);

}  // namespace synack::checker::smt
