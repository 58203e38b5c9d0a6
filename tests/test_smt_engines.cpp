// The Z3 engines (bmc, k-induction, spacer) on small hand-written transition systems whose
// shortest paths, induction depths and invariants are known exactly.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "checker/smt/transition_system.hpp"

using namespace synack::checker::smt;

namespace {

using Values = std::vector<std::vector<std::int64_t>>;
using StateFormula = std::function<z3::expr(const z3::expr_vector&)>;
using TransFormula =
    std::function<z3::expr(const z3::expr_vector&, const z3::expr_vector&, const z3::expr_vector&)>;

struct Spec {
  std::vector<SmtVar> state;
  std::vector<SmtVar> input;
  StateFormula init;
  TransFormula trans;
  StateFormula target;
};

class TestSystem final : public TransitionSystem {
 public:
  explicit TestSystem(Spec spec) : spec_(std::move(spec)) {}
  z3::context& context() const override { return ctx_; }
  const std::vector<SmtVar>& state_vars() const override { return spec_.state; }
  const std::vector<SmtVar>& input_vars() const override { return spec_.input; }
  z3::expr init(const z3::expr_vector& s) const override { return spec_.init(s); }
  z3::expr trans(const z3::expr_vector& s, const z3::expr_vector& in,
                 const z3::expr_vector& next) const override {
    return spec_.trans(s, in, next);
  }
  z3::expr target(const z3::expr_vector& s) const override { return spec_.target(s); }

 private:
  // The interface hands out a mutable context from a const system, as the encoder's does.
  mutable z3::context ctx_;
  Spec spec_;
};

z3::expr num(const z3::expr& like, int v) {
  return like.ctx().int_val(v);
}

// x in 0..7 counts up (wrapping 7 -> 0) when input go is 1, else stays. Input noise (3..5)
// is read by nothing: its values come from the engines' ranges alone.
TestSystem counter(int start, int goal) {
  return TestSystem(
      {{{"x", 0, 7}},
       {{"go", 0, 1}, {"noise", 3, 5}},
       [=](const z3::expr_vector& s) { return s[0] == start; },
       [](const z3::expr_vector& s, const z3::expr_vector& in, const z3::expr_vector& n) {
         z3::expr up = z3::ite(s[0] == 7, num(s[0], 0), s[0] + 1);
         return n[0] == z3::ite(in[0] == 1, up, s[0]);
       },
       [=](const z3::expr_vector& s) { return s[0] == goal; }});
}

// client.retries in 0..7 starts at 0 and grows by one per retry, up to 2.
TestSystem retries(int goal) {
  return TestSystem(
      {{{"client.retries", 0, 7}},
       {{"retry", 0, 1}},
       [](const z3::expr_vector& s) { return s[0] == 0; },
       [](const z3::expr_vector& s, const z3::expr_vector& in, const z3::expr_vector& n) {
         return n[0] == z3::ite(in[0] == 1 && s[0] < 2, s[0] + 1, s[0]);
       },
       [=](const z3::expr_vector& s) { return s[0] == goal; }});
}

// Reachable: the cycle 0 -> 1 -> 2 -> 0. Unreachable: 4 loops on itself or (input c = 1)
// moves to the target 6; every other state goes to 0. Without simple-path constraints the
// lasso 4, 4, ..., 4, 6 defeats induction at every k; with them, 4 occurs once on a path,
// has no other predecessor, and induction succeeds at k = 2.
TestSystem lasso() {
  return TestSystem(
      {{{"x", 0, 7}},
       {{"c", 0, 1}},
       [](const z3::expr_vector& s) { return s[0] == 0; },
       [](const z3::expr_vector& s, const z3::expr_vector& in, const z3::expr_vector& n) {
         z3::expr x = s[0];
         z3::expr cycle = z3::ite(x == 2, num(x, 0), x + 1);
         z3::expr loop = z3::ite(in[0] == 1, num(x, 6), num(x, 4));
         z3::expr rest = z3::ite(x == 4, loop, z3::ite(x == 6, num(x, 6), num(x, 0)));
         return n[0] == z3::ite(x <= 2, cycle, rest);
       },
       [](const z3::expr_vector& s) { return s[0] == 6; }});
}

// x in 0..15 stays at 0 forever; the unreachable chain 1 -> 2 -> ... -> 15 (a target, which
// stays) gives a counterexample to induction for every k <= 14, and none at k = 15.
TestSystem chain() {
  return TestSystem(
      {{{"x", 0, 15}},
       {},
       [](const z3::expr_vector& s) { return s[0] == 0; },
       [](const z3::expr_vector& s, const z3::expr_vector&, const z3::expr_vector& n) {
         z3::expr x = s[0];
         return n[0] == z3::ite(x == 0 || x == 15, x, x + 1);
       },
       [](const z3::expr_vector& s) { return s[0] == 15; }});
}

// Pigeonhole: n variables in 0..n-2, the target all of them distinct. Unsatisfiable, and
// exponentially hard for Z3 (n = 8 takes seconds, n = 9 minutes): a dependable timeout.
TestSystem pigeonhole(int pigeons) {
  std::vector<SmtVar> vars;
  for (int i = 0; i < pigeons; ++i) {
    // Appended piecewise: g++ 12 warns falsely (-Wrestrict) about "literal" + std::string.
    std::string name = "p";
    name += std::to_string(i);
    vars.push_back({name, 0, pigeons - 2});
  }
  return TestSystem(
      {vars,
       {},
       [](const z3::expr_vector& s) { return s.ctx().bool_val(true); },
       [](const z3::expr_vector& s, const z3::expr_vector&, const z3::expr_vector& n) {
         z3::expr_vector same(s.ctx());
         for (unsigned i = 0; i < s.size(); ++i) same.push_back(n[i] == s[i]);
         return z3::mk_and(same);
       },
       [](const z3::expr_vector& s) { return z3::distinct(s); }});
}

SmtLimits depth(std::size_t max_depth) {
  return SmtLimits{max_depth, 0};
}

z3::expr_vector fresh(z3::context& ctx, const std::vector<SmtVar>& vars, const std::string& tag) {
  z3::expr_vector v(ctx);
  for (const auto& var : vars) v.push_back(ctx.int_const((var.name + tag).c_str()));
  return v;
}

z3::expr ranges(const z3::expr_vector& v, const std::vector<SmtVar>& vars) {
  z3::expr all = v.ctx().bool_val(true);
  for (unsigned i = 0; i < v.size(); ++i)
    all = all && v[i] >= v.ctx().int_val(vars[i].lo) && v[i] <= v.ctx().int_val(vars[i].hi);
  return all;
}

// Spacer's invariant text, parsed back and instantiated over `at`: checks that the names
// in it really are the state variables'.
z3::expr parse_invariant(const TestSystem& ts, const std::string& text, const z3::expr_vector& at) {
  z3::context& ctx = ts.context();
  std::string smt;
  for (const auto& v : ts.state_vars()) smt += "(declare-const |" + v.name + "| Int)";
  smt += "(assert " + text + ")";
  z3::expr_vector names = fresh(ctx, ts.state_vars(), "");
  return ctx.parse_string(smt.c_str())[0].substitute(names, at);
}

bool unsat(z3::context& ctx, const z3::expr& f) {
  z3::solver solver(ctx);
  solver.add(f);
  return solver.check() == z3::unsat;
}

// The invariant holds initially, is preserved by every in-range step, and excludes targets.
void require_inductive_invariant(const TestSystem& ts, const std::string& text) {
  z3::context& ctx = ts.context();
  z3::expr_vector s = fresh(ctx, ts.state_vars(), "#s");
  z3::expr_vector in = fresh(ctx, ts.input_vars(), "#in");
  z3::expr_vector t = fresh(ctx, ts.state_vars(), "#t");
  z3::expr inv_s = parse_invariant(ts, text, s);
  z3::expr inv_t = parse_invariant(ts, text, t);
  z3::expr step = ts.trans(s, in, t) && ranges(in, ts.input_vars()) && ranges(t, ts.state_vars());
  CHECK(unsat(ctx, ts.init(s) && ranges(s, ts.state_vars()) && !inv_s));
  CHECK(unsat(ctx, inv_s && step && !inv_t));
  CHECK(unsat(ctx, inv_s && ts.target(s)));
}

const Values kCountToFive = {{0}, {1}, {2}, {3}, {4}, {5}};

void require_count_to_five(const SmtOutcome& out) {
  REQUIRE(out.kind == SmtOutcome::kReached);
  CHECK(out.depth == 5);
  REQUIRE(out.trace.has_value());
  CHECK(out.trace->states == kCountToFive);
  REQUIRE(out.trace->inputs.size() == 5);
  for (const auto& in : out.trace->inputs) {
    CHECK(in[0] == 1);  // every step must count
    CHECK(in[1] >= 3);  // unconstrained but for its range
    CHECK(in[1] <= 5);
  }
}

}  // namespace

TEST_CASE("bmc finds the shortest path to a target", "[smt-engines]") {
  TestSystem ts = counter(0, 5);
  require_count_to_five(run_bmc(ts, depth(10)));
}

TEST_CASE("bmc reports a target in an initial state as a path of length 0", "[smt-engines]") {
  TestSystem ts = counter(5, 5);
  SmtOutcome out = run_bmc(ts, depth(10));
  REQUIRE(out.kind == SmtOutcome::kReached);
  CHECK(out.depth == 0);
  CHECK(out.trace->states == Values{{5}});
  CHECK(out.trace->inputs.empty());
}

TEST_CASE("bmc holds up to its bound when the target is further away", "[smt-engines]") {
  TestSystem ts = counter(0, 5);
  SmtOutcome out = run_bmc(ts, depth(4));
  CHECK(out.kind == SmtOutcome::kBoundHolds);
  CHECK(out.depth == 4);
  CHECK_FALSE(out.trace.has_value());
}

TEST_CASE("k-induction proves an ordinary inductive invariant at k = 1", "[smt-engines]") {
  TestSystem ts = retries(5);
  SmtOutcome out = run_k_induction(ts, depth(10));
  CHECK(out.kind == SmtOutcome::kProved);
  CHECK(out.depth == 1);
}

TEST_CASE("k-induction proves an out-of-range target unreachable with the ranges, at k = 1",
          "[smt-engines]") {
  // At k = 0 some state is out of range (the ranges are checked, not assumed); at k = 1 the
  // ranges are inductive, and the target lies outside them.
  TestSystem ts = retries(9);
  SmtOutcome out = run_k_induction(ts, depth(10));
  CHECK(out.kind == SmtOutcome::kProved);
  CHECK(out.depth == 1);
}

// x in 0..3 counts up by one per step, with no wrap-around: it leaves its range at step 4.
TestSystem overflowing() {
  return TestSystem({{{"x", 0, 3}},
                     {},
                     [](const z3::expr_vector& s) { return s[0] == 0; },
                     [](const z3::expr_vector& s, const z3::expr_vector&,
                        const z3::expr_vector& n) { return n[0] == s[0] + 1; },
                     [](const z3::expr_vector& s) { return s[0] == 9; }});
}

TEST_CASE("every engine reports the shortest path out of a declared range", "[smt-engines]") {
  // With the range assumed, bmc found nothing and k-induction and spacer proved x != 9.
  TestSystem ts = overflowing();
  for (const SmtOutcome& out :
       {run_bmc(ts, depth(10)), run_k_induction(ts, depth(10)), run_spacer(ts, depth(10))}) {
    REQUIRE(out.kind == SmtOutcome::kOutOfRange);
    CHECK(out.depth == 4);
    CHECK(out.trace->states == Values{{0}, {1}, {2}, {3}, {4}});
  }
}

TEST_CASE("k-induction needs its simple-path constraints to escape a lasso", "[smt-engines]") {
  TestSystem ts = lasso();
  SmtOutcome out = run_k_induction(ts, depth(10));
  CHECK(out.kind == SmtOutcome::kProved);
  CHECK(out.depth == 2);
}

TEST_CASE("k-induction returns the last counterexample to induction", "[smt-engines]") {
  TestSystem ts = chain();
  SmtOutcome out = run_k_induction(ts, depth(3));
  REQUIRE(out.kind == SmtOutcome::kUnknown);
  CHECK(out.depth == 3);
  CHECK_FALSE(out.trace.has_value());
  REQUIRE(out.cti.has_value());
  // depth + 1 pairwise distinct states, only the last a target (x == 15).
  CHECK(out.cti->states == Values{{12}, {13}, {14}, {15}});
  CHECK(out.cti->inputs == Values{{}, {}, {}});
  CHECK(out.reason.find("not k-inductive") != std::string::npos);
}

TEST_CASE("k-induction proves the chain once k exceeds it", "[smt-engines]") {
  TestSystem ts = chain();
  SmtOutcome out = run_k_induction(ts, depth(20));
  CHECK(out.kind == SmtOutcome::kProved);
  CHECK(out.depth == 15);
}

TEST_CASE("k-induction's base case gives the shortest trace", "[smt-engines]") {
  TestSystem ts = counter(0, 5);
  require_count_to_five(run_k_induction(ts, depth(10)));
}

TEST_CASE("spacer proves an invariant over the state variables' names", "[smt-engines]") {
  TestSystem ts = retries(5);
  SmtOutcome out = run_spacer(ts, depth(10));
  REQUIRE(out.kind == SmtOutcome::kProved);
  CHECK(out.invariant.find("client.retries") != std::string::npos);
  CHECK(out.invariant.find(":var") == std::string::npos);
  require_inductive_invariant(ts, out.invariant);
}

TEST_CASE("spacer proves what k-induction needs simple paths for", "[smt-engines]") {
  SECTION("the lasso") {
    TestSystem ts = lasso();
    SmtOutcome out = run_spacer(ts, depth(10));
    REQUIRE(out.kind == SmtOutcome::kProved);
    require_inductive_invariant(ts, out.invariant);
  }
  SECTION("the chain") {
    TestSystem ts = chain();
    SmtOutcome out = run_spacer(ts, depth(10));
    REQUIRE(out.kind == SmtOutcome::kProved);
    require_inductive_invariant(ts, out.invariant);
  }
}

TEST_CASE("spacer on a reachable target gives bmc's shortest trace", "[smt-engines]") {
  TestSystem ts = counter(0, 5);
  require_count_to_five(run_spacer(ts, depth(10)));
}

TEST_CASE("spacer reports a reachable target beyond max_depth as unknown", "[smt-engines]") {
  TestSystem ts = counter(0, 5);
  SmtOutcome out = run_spacer(ts, depth(4));
  CHECK(out.kind == SmtOutcome::kUnknown);
  CHECK_FALSE(out.trace.has_value());
  CHECK(out.reason.find("no path of at most 4 steps") != std::string::npos);
}

TEST_CASE("every engine gives up at its time limit with reason timeout", "[smt-engines]") {
  TestSystem ts = pigeonhole(12);
  SmtLimits limits{5, 100};
  SmtOutcome bmc = run_bmc(ts, limits);
  CHECK(bmc.kind == SmtOutcome::kUnknown);
  CHECK(bmc.depth == 0);
  CHECK(bmc.reason == "z3 gave up at depth 0: timeout");
  SmtOutcome kind = run_k_induction(ts, limits);
  CHECK(kind.kind == SmtOutcome::kUnknown);
  CHECK(kind.reason == "z3 gave up on the base case at k = 0: timeout");
  CHECK_FALSE(kind.cti.has_value());
  SmtOutcome spacer = run_spacer(ts, limits);
  CHECK(spacer.kind == SmtOutcome::kUnknown);
  CHECK(spacer.reason == "spacer: timeout");
}
