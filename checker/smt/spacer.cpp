// Z3's Spacer (IC3/PDR for constrained Horn clauses): an inductive invariant Inv over the
// state variables with init => Inv, Inv /\ trans => Inv', and no bad state inside Inv: no
// target, and none outside the declared ranges. The relation is exact only from in-range
// states, yet the step rule needs no ranges on Inv: Inv's least model grows from in-range
// initial states, and the first state out of range it would reach is bad already.
// Lemmas (checker/smt/houdini.hpp) restrict the step rule to states satisfying them: they
// hold on every state of a shortest path to a bad state, so no such path is cut.
#include <optional>
#include <string>
#include <utility>

#include "checker/smt/houdini.hpp"
#include "checker/smt/transition_system.hpp"
#include "checker/smt/unrolling.hpp"
#include "checker/smt/z3_exit.hpp"
#include "checker/smt/z3_watchdog.hpp"

namespace synack::checker::smt {
namespace {

z3::params spacer_params(z3::context& ctx, const Deadline& deadline) {
  z3::params p(ctx);
  p.set("engine", "spacer");
  // Slicing and inlining would rewrite Inv's arguments; kept off so that the invariant
  // read back is over exactly the state variables, in order.
  p.set("xform.slice", false);
  p.set("xform.inline_linear", false);
  p.set("xform.inline_eager", false);
  // Equality propagation off: with it, Z3 4.8.12 ends the process on an internal check
  // after some proofs (ENSURE(found) in the lemma simplification that follows a proof:
  // tls12/handshake at capacity 1 and tls12/early-ccs, checker/smt/z3_exit.hpp), and
  // without it both are proved. Measured on scripts/bench_engines.sh's proofs, CPU s,
  // with and without, interleaved on a loaded machine: the three-way claim at its smallest
  // 17, 24, 22, 41 against 8, 12, 10, 13; grown together with lemmas 58, 75, 82 against 20,
  // 19, 29; arq/stop-and-wait in-order-exactly-once without lemmas 6, 7, 8, 8 against 17,
  // 23, 26, 23 (with lemmas 1 s either way), docs/architecture-z3.md.
  p.set("spacer.eq_prop", false);
  if (unsigned ms = deadline.remaining_ms(); ms != 0) p.set("timeout", ms);
  return p;
}

// Horn rules quantify over their variables; Z3 rejects a quantifier binding nothing.
z3::expr for_all(const z3::expr_vector& vars, const z3::expr& body) {
  return vars.empty() ? body : z3::forall(vars, body);
}

z3::expr_vector joined(const z3::expr_vector& a, const z3::expr_vector& b,
                       const z3::expr_vector& c) {
  z3::expr_vector all(a.ctx());
  for (const auto* v : {&a, &b, &c})
    for (unsigned i = 0; i < v->size(); ++i) all.push_back((*v)[i]);
  return all;
}

// The clauses, over the step-0 and step-1 copies of the unrolling as bound variables.
void add_rules(z3::fixedpoint& fp, Unrolling& u, z3::func_decl& inv, z3::func_decl& err,
               const Lemmas* lemmas) {
  z3::context& ctx = u.system().context();
  z3::expr_vector s = u.state(0);
  z3::expr_vector t = u.state(1);
  z3::expr init = for_all(s, z3::implies(u.initial(), inv(s)));
  // One rule for the whole relation: measured faster than a rule per transition group
  // (tcp/three-way-handshake at capacity 1: proved in 21 s; not within 60 s with a rule per group).
  z3::expr from = lemmas ? inv(s) && lemmas->at(s) : inv(s);
  z3::expr step = for_all(joined(s, u.input(0), t), z3::implies(from && u.transition(0), inv(t)));
  fp.add_rule(step, ctx.str_symbol("step"));
  z3::expr bad = for_all(s, z3::implies(inv(s) && u.bad(0), err()));
  fp.add_rule(init, ctx.str_symbol("init"));
  fp.add_rule(bad, ctx.str_symbol("target"));
}

// Z3 prints a term across lines at 80 columns (and names big shared subterms with `let`,
// which printing conjunct by conjunct mostly avoids): one line per conjunct reads better.
std::string one_line(const z3::expr& e) {
  std::string out;
  for (char c : e.to_string()) {
    bool space = c == ' ' || c == '\n' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// SMT-LIB that parses back, one conjunct per line: "(and (<= x 1)\n  (>= y 0))".
std::string conjuncts_text(const z3::expr& e) {
  if (!e.is_app() || e.decl().decl_kind() != Z3_OP_AND) return one_line(e);
  std::string out = "(and";
  for (unsigned i = 0; i < e.num_args(); ++i) out += (i == 0 ? " " : "\n  ") + one_line(e.arg(i));
  return out + ")";
}

// Inv's interpretation with the state variables' names in place of its bound variables
// (Z3's (:var i) is Inv's i-th argument).
std::string invariant_text(z3::fixedpoint& fp, z3::func_decl& inv, const TransitionSystem& ts) {
  // Level -1 is "infinity": the lemmas that hold at every depth, the inductive invariant.
  z3::expr cover = fp.get_cover_delta(-1, inv);
  z3::expr_vector names(ts.context());
  for (const auto& v : ts.state_vars()) names.push_back(ts.context().int_const(v.name.c_str()));
  return conjuncts_text(cover.substitute(names).simplify());
}

// A verdict is a promise: Spacer's invariant is checked again, outside the fixedpoint
// engine, before `holds` is reported. Inv holds initially, is preserved by every step
// from its in-range states, and has no bad state within the fixed ranges: by induction,
// every reachable state is in range, in Inv, and not bad. Returns what failed, if anything.
// With lemmas, the invariant is Inv and the lemmas, and the lemmas are checked on their own.
std::optional<std::string> recheck_invariant(const TransitionSystem& ts, z3::fixedpoint& fp,
                                             z3::func_decl& inv, const Deadline& deadline,
                                             const Lemmas* lemmas) {
  if (lemmas)
    if (auto failed = recheck_lemmas(ts, *lemmas, deadline)) return failed;
  z3::context& ctx = ts.context();
  z3::expr cover = fp.get_cover_delta(-1, inv);
  Unrolling u(ts);
  auto at = [&](std::size_t step) {
    z3::expr e = cover;
    e = e.substitute(u.state(step));  // (:var i) is Inv's i-th argument
    return lemmas ? e && lemmas->at(u.state(step)) : e;
  };
  z3::solver solver(ctx);
  const std::pair<const char*, z3::expr> obligations[] = {
      {"an initial state outside it", u.initial() && !at(0)},
      {"a step leaving it", u.state_ranges(0) && at(0) && u.transition(0) && !at(1)},
      {"a bad state inside it (a target, or out of range)", u.fixed_ranges(0) && at(0) && u.bad(0)},
  };
  for (const auto& [what, goal] : obligations) {
    Answer a = check_goal(solver, goal, deadline);
    if (a.result == z3::unsat) continue;
    return std::string("spacer's invariant did not check again: ") +
           (a.result == z3::sat ? what : "z3 gave up (" + a.reason + ")");
  }
  return std::nullopt;
}

SmtOutcome proved_by_spacer(std::string invariant) {
  SmtOutcome out;
  out.kind = SmtOutcome::kProved;
  out.invariant = std::move(invariant);
  return out;
}

// Spacer knows a bad state is reachable but its derivation is not a concrete trace; BMC
// finds a shortest one, if it is short enough.
SmtOutcome shortest_trace(const TransitionSystem& ts, const SmtLimits& limits,
                          const Deadline& deadline) {
  SmtOutcome out = run_bmc(ts, limits, deadline);
  if (out.kind == SmtOutcome::kBoundHolds)
    return outcome_unknown(
        limits.max_depth,
        "spacer: a target state or one out of range is reachable, but no path of at most " +
            std::to_string(limits.max_depth) + " steps reaches one");
  if (out.kind == SmtOutcome::kUnknown)
    out.reason =
        "spacer: a target state or one out of range is reachable; the bmc run for its trace: " +
        out.reason;
  return out;
}

// The query and what follows from its answer, with `fp` made in the system's context.
SmtOutcome query_spacer(z3::fixedpoint& fp, const TransitionSystem& ts, const SmtLimits& limits,
                        const Deadline& deadline, const Lemmas* lemmas) {
  z3::context& ctx = ts.context();
  fp.set(spacer_params(ctx, deadline));
  z3::sort_vector sorts(ctx);
  for (std::size_t i = 0; i < ts.state_vars().size(); ++i) sorts.push_back(ctx.int_sort());
  z3::func_decl inv = ctx.function("Inv", sorts, ctx.bool_sort());
  z3::func_decl err = ctx.function("Err", z3::sort_vector(ctx), ctx.bool_sort());
  fp.register_relation(inv);
  fp.register_relation(err);
  Unrolling unrolling(ts);
  add_rules(fp, unrolling, inv, err, lemmas);
  z3::func_decl_vector query(ctx);
  query.push_back(err);
  z3::check_result r = z3::unknown;
  try {
    Z3ExitNotice notice("spacer");
    r = fp.query(query);
  } catch (const z3::exception& e) {
    // Spacer reports its timeout (and an interrupt) by cancelling the query: an exception,
    // not unknown.
    return outcome_unknown(0, "spacer: " + deadline.reason(e.msg()));
  }
  if (r == z3::unsat) {
    if (auto failed = recheck_invariant(ts, fp, inv, deadline, lemmas))
      return outcome_unknown(0, *failed);
    return proved_by_spacer(invariant_text(fp, inv, ts));
  }
  if (r == z3::sat) return shortest_trace(ts, limits, deadline);
  return outcome_unknown(0, "spacer: " + deadline.reason(fp.reason_unknown()));
}

}  // namespace

SmtOutcome run_spacer(const TransitionSystem& ts, const SmtLimits& limits, const Lemmas* lemmas) {
  return run_spacer(ts, limits, Deadline(limits.timeout_ms), lemmas);
}

SmtOutcome run_spacer(const TransitionSystem& ts, const SmtLimits& limits, const Deadline& deadline,
                      const Lemmas* lemmas) {
  // Made before the fixedpoint, so that it ends after it: the fixedpoint is torn down in a
  // quiet spell (an interrupt there aborted the process: Z3Quiet).
  std::optional<Z3Quiet> quiet;
  z3::fixedpoint fp(ts.context());
  try {
    SmtOutcome out = query_spacer(fp, ts, limits, deadline, lemmas);
    quiet.emplace(deadline, ts.context());
    return out;
  } catch (...) {
    quiet.emplace(deadline, ts.context());
    throw;
  }
}

}  // namespace synack::checker::smt
