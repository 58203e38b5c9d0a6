// What the Z3 engines share: named per-step copies of a system's variables, the ranges
// the engines promise to add, incremental bounded search, and solver calls within the run's
// budget (checker/smt/deadline.hpp). Private to checker/smt; the encoder never needs it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

#include "checker/smt/deadline.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

// lo <= v[i] <= hi for every variable: TransitionSystem formulas leave ranges to the engines.
z3::expr in_ranges(const z3::expr_vector& v, const std::vector<SmtVar>& vars);
// The first variable whose value lies outside its declared range, if any.
std::optional<std::size_t> out_of_range(const std::vector<std::int64_t>& values,
                                        const std::vector<SmtVar>& vars);

// The values of `v` in `model`; variables the model leaves free still get a value.
std::vector<std::int64_t> model_values(const z3::model& model, const z3::expr_vector& v);

// Named copies of the system's variables for each step of a path: "client.iss@3" for
// state variables, "choice@in3" for inputs (so a state and an input of the same name never
// become one Z3 constant). Copies are made on demand.
class Unrolling {
 public:
  explicit Unrolling(const TransitionSystem& ts);

  const TransitionSystem& system() const { return ts_; }
  z3::expr_vector state(std::size_t step);
  z3::expr_vector input(std::size_t step);
  // Step `step`'s state copies within their ranges.
  z3::expr state_ranges(std::size_t step);
  // The ranges of the variables no step can take out of them (SmtVar::may_leave false):
  // on every state of a path whose states before are in range, so stated, not checked.
  z3::expr fixed_ranges(std::size_t step);
  // init and ranges over state 0.
  z3::expr initial();
  // From state `step` to state `step + 1` by input `step`, within its ranges, and the new
  // state within its fixed ranges; the others are what `bad` checks. The relation is exact
  // only from an in-range state: callers take it from states known not to be bad (in
  // range, given the fixed ranges), or, for Spacer, let a bad state end the search.
  z3::expr transition(std::size_t step);
  z3::expr target(std::size_t step);
  // What every engine seeks: a target state, or a state outside the declared ranges (the
  // relation holds only from in-range states, so a path's first such state ends it).
  z3::expr bad(std::size_t step);
  // The states at steps a and b differ in some variable.
  z3::expr differ(std::size_t a, std::size_t b);
  // States 0..steps and inputs 0..steps-1 as the model assigns them.
  SmtPath path(const z3::model& model, std::size_t steps);

 private:
  z3::expr_vector copies(const std::vector<SmtVar>& vars, const char* tag, std::size_t step) const;

  const TransitionSystem& ts_;
  std::vector<z3::expr_vector> states_;
  std::vector<z3::expr_vector> inputs_;
};

// Bounded model checking on one incremental solver, asked depth 0, 1, 2, ... in order:
// each depth reuses the unrolling (and the learnt clauses) of the depths before it, and
// the first path found is a shortest one.
class BmcSearch {
 public:
  BmcSearch(const TransitionSystem& ts, const Deadline& deadline);
  // Does a path of exactly `depth` steps end in a bad state? Depths must come in order.
  z3::check_result reach(std::size_t depth);
  // After reach(depth) answered sat: that path.
  SmtPath trace() const { return trace_.value(); }
  // After reach answered unknown: Z3's reason.
  const std::string& reason() const { return reason_; }

 private:
  Unrolling unrolling_;
  z3::solver solver_;
  const Deadline& deadline_;
  std::size_t next_depth_ = 0;
  std::optional<SmtPath> trace_;
  std::string reason_;
};

// One solver call's answer, with what the engines need of it.
struct Answer {
  z3::check_result result = z3::unknown;
  std::optional<z3::model> model;  // sat
  std::string reason;              // unknown: Z3's reason_unknown, or "timeout"
};

// Checks `solver` with `goal` asserted for this call only (push/pop), within the deadline.
Answer check_goal(z3::solver& solver, const z3::expr& goal, const Deadline& deadline);

// A path to a bad state: kReached, or kOutOfRange if its last state leaves a range.
SmtOutcome outcome_reached(const TransitionSystem& ts, std::size_t depth, SmtPath trace);
SmtOutcome outcome_unknown(std::size_t depth, std::string reason);

// The engines (checker/smt/transition_system.hpp) within a run's `deadline`, its time
// budget and interrupt, shared with what came before them; limits.timeout_ms is not read.
SmtOutcome run_bmc(const TransitionSystem& ts, const SmtLimits& limits, const Deadline& deadline);
SmtOutcome run_k_induction(const TransitionSystem& ts, const SmtLimits& limits,
                           const Deadline& deadline, const Lemmas* lemmas = nullptr);
SmtOutcome run_spacer(const TransitionSystem& ts, const SmtLimits& limits, const Deadline& deadline,
                      const Lemmas* lemmas = nullptr);

}  // namespace synack::checker::smt
