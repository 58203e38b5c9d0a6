#include "checker/smt/paths.hpp"

#include <algorithm>

#include "checker/smt/deadline.hpp"

namespace synack::checker::smt {

Paths::Paths(z3::context& ctx)
    : ctx_(ctx), solver_(ctx), taken_(ctx), pinned_vars_(ctx), pinned_values_(ctx), relied_(ctx) {
  leave_signals_to_synack(solver_);
}

void Paths::rely(const z3::expr& e) {
  if (e.is_numeral()) return;
  // The vector keeps the term alive, so its id is not reused while the set holds it.
  if (relied_ids_.insert(e.id()).second) relied_.push_back(e);
}

void Paths::sync_solver(std::size_t depth) {
  if (asserted_ > depth) {
    solver_.pop(static_cast<unsigned>(asserted_ - depth));
    asserted_ = depth;
  }
  while (asserted_ < depth) {
    solver_.push();
    solver_.add(taken_[static_cast<unsigned>(asserted_++)]);
  }
}

bool Paths::feasible(const z3::expr& literal) {
  sync_solver(taken_.size());
  solver_.push();
  solver_.add(literal);
  z3::check_result r = solver_.check();
  solver_.pop();
  // `unknown` keeps the branch: a spurious path only adds an unsatisfiable disjunct.
  return r != z3::unsat;
}

z3::expr Paths::pinned(const z3::expr& cond) const {
  if (pinned_vars_.empty()) return cond.simplify();
  z3::expr c = cond;
  return c.substitute(pinned_vars_, pinned_values_).simplify();
}

void Paths::pin(const z3::expr& literal) {
  if (!literal.is_app() || literal.decl().decl_kind() != Z3_OP_EQ) return;
  z3::expr a = literal.arg(0), b = literal.arg(1);
  if (b.is_numeral() && a.is_const() && !a.is_numeral()) {
    pinned_vars_.push_back(a);
    pinned_values_.push_back(b);
  } else if (a.is_numeral() && b.is_const() && !b.is_numeral()) {
    pinned_vars_.push_back(b);
    pinned_values_.push_back(a);
  }
}

bool Paths::decide(const z3::expr& cond) {
  z3::expr c = pinned(cond);
  if (c.is_true()) return true;
  if (c.is_false()) return false;
  bool value;
  if (pos_ < script_.size()) {
    value = script_[pos_].value;
  } else {
    bool yes = feasible(c);
    bool no = feasible(!c);
    if (!yes && !no) throw DeadPath{};
    value = yes;
    script_.push_back({value, yes && no});
  }
  ++pos_;
  taken_.push_back(value ? c : !c);
  if (value) pin(c);
  return value;
}

std::int64_t Paths::enumerate(const z3::expr& value, std::int64_t lo, std::int64_t hi) {
  if (hi - lo > 1024)
    throw Unsupported("a value with " + std::to_string(hi - lo + 1) +
                      " possibilities is used where the code needs it concrete");
  for (std::int64_t v = lo; v < hi; ++v)
    if (decide(value == ctx_.int_val(v))) return v;
  return hi;
}

void Paths::explore(const z3::expr& assumptions, const std::function<void()>& run,
                    const std::function<void(const z3::expr&)>& done) {
  solver_.push();
  solver_.add(assumptions);
  script_.clear();
  for (;;) {
    pos_ = 0;
    taken_ = z3::expr_vector(ctx_);
    pinned_vars_ = z3::expr_vector(ctx_);
    pinned_values_ = z3::expr_vector(ctx_);
    bool complete = true;
    try {
      run();
    } catch (const DeadPath&) {
      complete = false;
    }
    if (complete) {
      ++paths_;
      done(taken_.empty() ? ctx_.bool_val(true) : z3::mk_and(taken_));
    }
    // Depth first: flip the deepest decision that still has its other branch to try.
    while (!script_.empty() && !script_.back().alternative_left) script_.pop_back();
    if (script_.empty()) break;
    script_.back() = {!script_.back().value, false};
    // The next run agrees with this one before the flipped decision.
    sync_solver(std::min(asserted_, script_.size() - 1));
  }
  sync_solver(0);
  solver_.pop();
}

}  // namespace synack::checker::smt
