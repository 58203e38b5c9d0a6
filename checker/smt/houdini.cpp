#include "checker/smt/houdini.hpp"

#include <string>
#include <utility>

namespace synack::checker::smt {
namespace {

z3::expr conjunction(z3::context& ctx, const std::vector<Candidate>& facts,
                     const z3::expr_vector& s) {
  z3::expr_vector all(ctx);
  for (const Candidate& c : facts) all.push_back(c.at(s));
  return all.empty() ? ctx.bool_val(true) : z3::mk_and(all);
}

// Drops, round by round, every candidate a model of "all remaining at `before` (when
// given), some remaining false at `after`" falsifies at `after`, until there is no such
// model. Each candidate is put to the solver once, behind two literals: `assumed_i ->
// C_i(before)` and `broken_i -> not C_i(after)`; a round only changes which are in play,
// so the solver keeps what it learnt from one round to the next.
HoudiniAnswer fixpoint(z3::solver& solver, std::vector<Candidate> kept,
                       const z3::expr_vector* before, const z3::expr_vector& after,
                       const Deadline& deadline) {
  z3::context& ctx = solver.ctx();
  std::vector<z3::expr> assumed, broken, at_after;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    std::string n = std::to_string(i);
    assumed.push_back(ctx.bool_const(("houdini.assumed." + n).c_str()));
    broken.push_back(ctx.bool_const(("houdini.broken." + n).c_str()));
    at_after.push_back(kept[i].at(after));
    if (before) solver.add(z3::implies(assumed.back(), kept[i].at(*before)));
    solver.add(z3::implies(broken.back(), !at_after.back()));
  }
  std::vector<bool> alive(kept.size(), true);
  HoudiniAnswer out;
  for (;;) {
    z3::expr_vector in_play(ctx), some_broken(ctx);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (!alive[i]) continue;
      in_play.push_back(assumed[i]);
      some_broken.push_back(broken[i]);
    }
    if (some_broken.empty()) break;
    if (deadline.expired()) {
      out.reason = "timeout";
      return out;
    }
    deadline.apply(solver);
    solver.push();
    solver.add(z3::mk_or(some_broken));
    z3::check_result r = solver.check(in_play);
    if (r == z3::unsat) {
      solver.pop();
      break;
    }
    if (r == z3::unknown) {
      out.reason = solver.reason_unknown();
      if (out.reason == "canceled" && deadline.remaining_ms() != 0) out.reason = "timeout";
      solver.pop();
      return out;
    }
    z3::model m = solver.get_model();
    solver.pop();
    ++out.rounds;
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (alive[i] && !m.eval(at_after[i], true).is_true()) alive[i] = false;
  }
  std::vector<Candidate> still;
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (alive[i]) still.push_back(std::move(kept[i]));
  out.kept = std::move(still);
  return out;
}

}  // namespace

z3::expr Lemmas::at(const z3::expr_vector& s) const {
  return conjunction(s.ctx(), facts, s);
}

HoudiniAnswer houdini(const TransitionSystem& ts, std::vector<Candidate> candidates,
                      const Deadline& deadline, const Lemmas* assumed) {
  z3::context& ctx = ts.context();
  Unrolling u(ts);
  // Initially: no premise but the initial states.
  z3::solver initial(ctx);
  initial.add(u.initial());
  HoudiniAnswer first = fixpoint(initial, std::move(candidates), nullptr, u.state(0), deadline);
  if (!first.kept) return first;
  // One step from a state that is not bad, within the fixed ranges, satisfying them all.
  z3::solver step(ctx);
  step.add(u.fixed_ranges(0));
  step.add(!u.bad(0));
  step.add(u.transition(0));
  z3::expr_vector before = u.state(0);
  if (assumed) step.add(assumed->at(before));
  HoudiniAnswer out = fixpoint(step, std::move(*first.kept), &before, u.state(1), deadline);
  out.rounds += first.rounds;
  return out;
}

std::optional<std::string> recheck_lemmas(const TransitionSystem& ts, const Lemmas& lemmas,
                                          const Deadline& deadline) {
  Unrolling u(ts);
  z3::solver solver(ts.context());
  const std::pair<const char*, z3::expr> obligations[] = {
      {"an initial state outside them", u.initial() && !lemmas.at(u.state(0))},
      {"a step from a state that is not bad leaving them",
       u.fixed_ranges(0) && !u.bad(0) && lemmas.at(u.state(0)) && u.transition(0) &&
           !lemmas.at(u.state(1))},
  };
  for (const auto& [what, goal] : obligations) {
    Answer a = check_goal(solver, goal, deadline);
    if (a.result == z3::unsat) continue;
    return std::string("the mined lemmas did not check again: ") +
           (a.result == z3::sat ? what : "z3 gave up (" + a.reason + ")");
  }
  return std::nullopt;
}

}  // namespace synack::checker::smt
