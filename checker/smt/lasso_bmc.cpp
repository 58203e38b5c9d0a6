#include "checker/smt/lasso_bmc.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {
namespace {

// The violation of the question with its last state at step k (the header's formula).
z3::expr lasso_at(const LassoFormulas& f, Unrolling& u, std::size_t k, const z3::expr& pending_k,
                  const z3::expr& dead_k, std::vector<z3::expr>& loops) {
  z3::context& ctx = f.ctx();
  loops.clear();
  if (k == 0) return pending_k && dead_k;
  z3::expr_vector closes(ctx), any_loop(ctx);
  std::vector<z3::expr> in_loop;
  z3::expr inside = ctx.bool_val(false);
  for (std::size_t l = 0; l < k; ++l) {
    loops.push_back(ctx.bool_const(fmt::format("loop{}@{}", l, k).c_str()));
    closes.push_back(z3::implies(loops[l], f.encoding().same_state(u.state(l), u.state(k))));
    any_loop.push_back(loops[l]);
    inside = inside || loops[l];
    in_loop.push_back(inside);
  }
  z3::expr_vector loop(ctx);
  loop.push_back(z3::mk_or(any_loop));
  loop.push_back(z3::mk_and(closes));
  for (std::size_t i = 0; i < k; ++i) loop.push_back(z3::implies(in_loop[i], f.avoids(u.state(i))));
  for (std::size_t w = 0; w < f.weak_count(); ++w) {
    z3::expr_vector met(ctx);
    for (std::size_t i = 0; i < k; ++i)
      met.push_back(in_loop[i] && (f.weak_taken(w, u.input(i)) || !f.weak_enabled(w, u.state(i))));
    loop.push_back(z3::mk_or(met));
  }
  for (std::size_t link : f.fair_links())
    for (int p = 0; p < f.capacity(link); ++p)
      for (std::size_t i = 0; i < k; ++i) {
        z3::expr_vector delivered(ctx);
        for (std::size_t j = 0; j < k; ++j)
          delivered.push_back(in_loop[j] &&
                              f.delivers_message(link, u.input(j), u.state(j), p, u.state(i)));
        loop.push_back(
            z3::implies(in_loop[i] && f.deliverable(link, p, u.state(i)), z3::mk_or(delivered)));
      }
  return pending_k && (dead_k || z3::mk_and(loop));
}

}  // namespace

SmtOutcome run_lasso_bmc(const LassoFormulas& f, const SmtLimits& limits) {
  return run_lasso_bmc(f, limits, Deadline(limits.timeout_ms));
}

SmtOutcome run_lasso_bmc(const LassoFormulas& f, const SmtLimits& limits,
                         const Deadline& deadline) {
  const TransitionSystem& ts = f.encoding();
  z3::context& ctx = f.ctx();
  Unrolling u(ts);
  z3::solver solver(ctx);
  bool ranges_to_check = false;
  for (const SmtVar& v : ts.state_vars()) ranges_to_check |= v.may_leave;
  std::vector<z3::expr> loops;
  z3::expr pending = ctx.bool_val(false);
  for (std::size_t k = 0; k <= limits.max_depth; ++k) {
    solver.add(k == 0 ? u.initial() : u.transition(k - 1));
    // The obligation as a literal of its own per state, defined once on the solver.
    z3::expr next = k == 0 ? f.pending_initial(u.state(0)) : f.pending_next(pending, u.state(k));
    pending = ctx.bool_const(fmt::format("pending@{}", k).c_str());
    solver.add(pending == next);
    if (ranges_to_check) {  // a liveness encoding has no target: bad is out of range
      Answer a = check_goal(solver, u.bad(k), deadline);
      if (a.result == z3::sat) return outcome_reached(ts, k, u.path(*a.model, k));
      if (a.result == z3::unknown)
        return outcome_unknown(k, fmt::format("z3 gave up at depth {}: {}", k, a.reason));
      solver.add(!u.bad(k));
    }
    z3::expr dead = f.dead(u.state(k));
    Answer a = check_goal(solver, lasso_at(f, u, k, pending, dead, loops), deadline);
    if (a.result == z3::unknown)
      return outcome_unknown(k, fmt::format("z3 gave up at depth {}: {}", k, a.reason));
    if (a.result == z3::unsat) continue;
    SmtOutcome out;
    out.kind = SmtOutcome::kReached;
    out.depth = k;
    out.trace = u.path(*a.model, k);
    // Nothing enabled in the last state; else the first loop literal set (the loop
    // literals mean nothing when the run ends dead, so that case is read first).
    out.loop_start = k;
    bool ends_dead = a.model->eval(dead, true).is_true();
    for (std::size_t l = 0; l < loops.size() && !ends_dead; ++l)
      if (a.model->eval(loops[l], true).is_true()) {
        out.loop_start = l;
        break;
      }
    return out;
  }
  SmtOutcome out;
  out.kind = SmtOutcome::kBoundHolds;
  out.depth = limits.max_depth;
  return out;
}

}  // namespace synack::checker::smt
