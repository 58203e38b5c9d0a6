// Symbolic execution of ordinary C++ by re-running it once per path.
//
// The guards and actions of a protocol machine are plain C++ with `if`s. Run over
// symbolic values (checker/smt/sym.hpp), every branch on a symbolic condition asks
// Paths::decide which way to go; Paths explores the paths depth first, re-running the
// code from the start with a script of earlier decisions, and prunes branches whose
// condition contradicts the path so far. Each complete path yields its path condition,
// and whatever the code computed along it: together they are the code's transition
// relation, derived from the code itself.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include <z3++.h>

namespace synack::checker::smt {

// The code does something the symbolic executor cannot follow (a value too wide to
// enumerate, a product of two unknowns): the engine reports the model as unsupported.
class Unsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown through the code under execution when a path turns out infeasible: not an error,
// Paths::explore abandons the run (and code that catches what a machine throws lets it by).
struct DeadPath {};

class Paths {
 public:
  explicit Paths(z3::context& ctx);

  z3::context& ctx() const { return ctx_; }

  // Runs `run` once per feasible path under `assumptions` (the ranges of the inputs);
  // after each complete run calls `done` with that path's condition.
  void explore(const z3::expr& assumptions, const std::function<void()>& run,
               const std::function<void(const z3::expr& condition)>& done);

  // At a branch on `cond`: which way this run goes.
  bool decide(const z3::expr& cond);
  // The value of an integer expression known to lie in lo..hi, one path per value.
  std::int64_t enumerate(const z3::expr& value, std::int64_t lo, std::int64_t hi);

  std::size_t paths_explored() const { return paths_; }

  // A decision was taken from the declared ranges of the variables in `e` rather than by a
  // branch (a comparison folded because the ranges cannot meet, a value that can take only
  // one): `e` drops out of the terms, but the result is right only while those variables
  // stay in range. The encoding keeps them in the engines' view, whose bound check then
  // covers them (checker/smt/cone_of_influence.hpp).
  void rely(const z3::expr& e);
  // Everything relied on so far, each term once.
  const z3::expr_vector& relied() const { return relied_; }

 private:
  struct Decision {
    bool value;
    bool alternative_left;
  };
  bool feasible(const z3::expr& literal);

  // Keeps the solver holding exactly the first `depth` literals of this run.
  void sync_solver(std::size_t depth);
  // The condition with the variables this run has pinned (x == 3) replaced by their values,
  // so that later branches on them fold without asking the solver.
  z3::expr pinned(const z3::expr& cond) const;
  void pin(const z3::expr& literal);

  z3::context& ctx_;
  z3::solver solver_;
  std::vector<Decision> script_;
  std::size_t pos_ = 0;
  z3::expr_vector taken_;     // the literals decided on this run, in order
  std::size_t asserted_ = 0;  // literals of taken_ held by the solver, one scope each
  z3::expr_vector pinned_vars_, pinned_values_;
  std::size_t paths_ = 0;
  z3::expr_vector relied_;
  std::unordered_set<unsigned> relied_ids_;
};

}  // namespace synack::checker::smt
