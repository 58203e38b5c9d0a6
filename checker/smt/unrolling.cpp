#include "checker/smt/unrolling.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace synack::checker::smt {

z3::expr in_ranges(const z3::expr_vector& v, const std::vector<SmtVar>& vars) {
  z3::context& ctx = v.ctx();
  z3::expr_vector bounds(ctx);
  for (unsigned i = 0; i < v.size(); ++i) {
    bounds.push_back(v[i] >= ctx.int_val(vars[i].lo));
    bounds.push_back(v[i] <= ctx.int_val(vars[i].hi));
  }
  return z3::mk_and(bounds);
}

std::optional<std::size_t> out_of_range(const std::vector<std::int64_t>& values,
                                        const std::vector<SmtVar>& vars) {
  for (std::size_t i = 0; i < vars.size(); ++i)
    if (values.at(i) < vars[i].lo || values.at(i) > vars[i].hi) return i;
  return std::nullopt;
}

std::vector<std::int64_t> model_values(const z3::model& model, const z3::expr_vector& v) {
  std::vector<std::int64_t> out;
  out.reserve(v.size());
  // Model completion: a variable no constraint mentions still needs a concrete value.
  for (unsigned i = 0; i < v.size(); ++i) out.push_back(model.eval(v[i], true).get_numeral_int64());
  return out;
}

Unrolling::Unrolling(const TransitionSystem& ts) : ts_(ts) {}

z3::expr_vector Unrolling::copies(const std::vector<SmtVar>& vars, const char* tag,
                                  std::size_t step) const {
  // Appended piecewise: g++ 12 warns falsely (-Wrestrict) about "literal" + std::string.
  std::string suffix(tag);
  suffix += std::to_string(step);
  z3::expr_vector v(ts_.context());
  for (const auto& var : vars) v.push_back(ts_.context().int_const((var.name + suffix).c_str()));
  return v;
}

z3::expr_vector Unrolling::state(std::size_t step) {
  while (states_.size() <= step) states_.push_back(copies(ts_.state_vars(), "@", states_.size()));
  return states_[step];
}

z3::expr_vector Unrolling::input(std::size_t step) {
  while (inputs_.size() <= step) inputs_.push_back(copies(ts_.input_vars(), "@in", inputs_.size()));
  return inputs_[step];
}

z3::expr Unrolling::state_ranges(std::size_t step) {
  return in_ranges(state(step), ts_.state_vars());
}

z3::expr Unrolling::initial() {
  return ts_.init(state(0)) && state_ranges(0);
}

z3::expr Unrolling::fixed_ranges(std::size_t step) {
  z3::expr_vector v = state(step);
  z3::expr_vector bounds(ts_.context());
  const std::vector<SmtVar>& vars = ts_.state_vars();
  for (unsigned i = 0; i < v.size(); ++i)
    if (!vars[i].may_leave) {
      bounds.push_back(v[i] >= ts_.context().int_val(vars[i].lo));
      bounds.push_back(v[i] <= ts_.context().int_val(vars[i].hi));
    }
  return z3::mk_and(bounds);
}

z3::expr Unrolling::transition(std::size_t step) {
  return ts_.trans(state(step), input(step), state(step + 1)) &&
         in_ranges(input(step), ts_.input_vars()) && fixed_ranges(step + 1);
}

z3::expr Unrolling::target(std::size_t step) {
  return ts_.target(state(step));
}

z3::expr Unrolling::bad(std::size_t step) {
  // Only the variables a step may take out of range: the others stay in range as long as
  // every state before did, which "not bad" says of them (SmtVar::may_leave).
  z3::expr_vector s = state(step);
  z3::expr_vector out(ts_.context());
  const std::vector<SmtVar>& vars = ts_.state_vars();
  for (unsigned i = 0; i < s.size(); ++i)
    if (vars[i].may_leave) {
      out.push_back(s[i] < ts_.context().int_val(vars[i].lo));
      out.push_back(s[i] > ts_.context().int_val(vars[i].hi));
    }
  return out.empty() ? target(step) : target(step) || z3::mk_or(out);
}

z3::expr Unrolling::differ(std::size_t a, std::size_t b) {
  z3::expr_vector x = state(a);
  z3::expr_vector y = state(b);
  z3::expr_vector ne(ts_.context());
  for (unsigned i = 0; i < x.size(); ++i) ne.push_back(x[i] != y[i]);
  // With no state variables there is one state: no two steps can differ.
  return ne.empty() ? ts_.context().bool_val(false) : z3::mk_or(ne);
}

SmtPath Unrolling::path(const z3::model& model, std::size_t steps) {
  SmtPath p;
  for (std::size_t i = 0; i <= steps; ++i) p.states.push_back(model_values(model, state(i)));
  for (std::size_t i = 0; i < steps; ++i) p.inputs.push_back(model_values(model, input(i)));
  return p;
}

Answer check_goal(z3::solver& solver, const z3::expr& goal, const Deadline& deadline) {
  Answer answer;
  if (deadline.expired()) {
    answer.reason = deadline.why();
    return answer;
  }
  deadline.apply(solver);
  solver.push();
  solver.add(goal);
  answer.result = solver.check();
  // The model and the reason belong to this check: take them before pop discards them.
  if (answer.result == z3::sat) answer.model = solver.get_model();
  if (answer.result == z3::unknown) {
    answer.reason = deadline.reason(solver.reason_unknown());
  }
  solver.pop();
  return answer;
}

BmcSearch::BmcSearch(const TransitionSystem& ts, const Deadline& deadline)
    : unrolling_(ts), solver_(ts.context()), deadline_(deadline) {}

z3::check_result BmcSearch::reach(std::size_t depth) {
  if (depth != next_depth_) throw std::logic_error("BmcSearch: depths must come in order");
  solver_.add(depth == 0 ? unrolling_.initial() : unrolling_.transition(depth - 1));
  Answer answer = check_goal(solver_, unrolling_.bad(depth), deadline_);
  ++next_depth_;
  if (answer.result == z3::sat) trace_ = unrolling_.path(*answer.model, depth);
  if (answer.result == z3::unknown) reason_ = answer.reason;
  // Implied by the unsat answer, but stating it prunes the deeper searches.
  if (answer.result == z3::unsat) solver_.add(!unrolling_.bad(depth));
  return answer.result;
}

SmtOutcome outcome_reached(const TransitionSystem& ts, std::size_t depth, SmtPath trace) {
  SmtOutcome out;
  out.kind = out_of_range(trace.states.back(), ts.state_vars()) ? SmtOutcome::kOutOfRange
                                                                : SmtOutcome::kReached;
  out.depth = depth;
  out.trace = std::move(trace);
  return out;
}

SmtOutcome outcome_unknown(std::size_t depth, std::string reason) {
  SmtOutcome out;
  out.kind = SmtOutcome::kUnknown;
  out.depth = depth;
  out.reason = std::move(reason);
  return out;
}

}  // namespace synack::checker::smt
