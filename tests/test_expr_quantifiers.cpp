// Quantifiers in property expressions: forall, exists and count over an array of actors,
// expanded when the property is parsed.
#include <string>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "expr_layouts.hpp"

using namespace synack::checker;
using namespace expr_test;
using synack::InputError;

TEST_CASE("forall and exists and count range over the members of an array") {
  Layout layout = commit_layout();
  auto all_prepared = Expr::parse("forall r in rm: r.state == PREPARED", layout);
  auto any_aborted = Expr::parse("exists r in rm: r.state == ABORTED", layout);
  auto prepared = Expr::parse("count r in rm: r.state == PREPARED", layout);
  auto flags = Expr::parse("count r in rm: r.prepared", layout);

  CommitState none({kWorking, kWorking, kWorking}, {0, 0, 0}, kInit);
  CommitState two({kPrepared, kWorking, kPrepared}, {1, 0, 1}, kInit);
  CommitState three({kPrepared, kPrepared, kPrepared}, {1, 1, 1}, kInit);
  CommitState aborted({kWorking, kWorking, kAborted}, {0, 1, 0}, kAbort);

  CHECK_FALSE(all_prepared.holds(none.slots));
  CHECK_FALSE(all_prepared.holds(two.slots));
  CHECK(all_prepared.holds(three.slots));
  CHECK_FALSE(any_aborted.holds(three.slots));
  CHECK(any_aborted.holds(aborted.slots));
  CHECK(prepared.eval(none.slots) == 0);
  CHECK(prepared.eval(two.slots) == 2);
  CHECK(prepared.eval(three.slots) == 3);
  CHECK(flags.eval(aborted.slots) == 1);  // counts nonzero values, not their sum

  // The body reads every member's slot and nothing else; the tree is of ordinary nodes.
  CHECK(prepared.slots_read() == std::vector<std::size_t>{0, 2, 4});
  CHECK(prepared.nodes()[static_cast<std::size_t>(prepared.root())].op == Expr::Op::kAdd);

  // A count is an integer like any other.
  auto quorum =
      Expr::parse("(count r in rm: r.state == PREPARED) >= 2 && tm.state == INIT", layout);
  CHECK_FALSE(quorum.holds(none.slots));
  CHECK(quorum.holds(two.slots));
  CHECK(Expr::parse("2 * (count r in rm: r.prepared) + 1 == 5", layout).holds(two.slots));
  CHECK(Expr::parse("max(count r in rm: r.prepared, 1) == 2", layout).holds(two.slots));
}

TEST_CASE("a quantifier's body reaches as far right as it can") {
  Layout layout = commit_layout();
  CommitState one({kPrepared, kWorking, kWorking}, {1, 0, 0}, kInit);
  // forall r: (r.prepared == 1 -> tm.state == COMMIT), not (forall r: ...) -> ...
  CHECK_FALSE(Expr::parse("forall r in rm: r.prepared == 1 -> tm.state == COMMIT", layout)
                  .holds(one.slots));
  CHECK(Expr::parse("(forall r in rm: r.prepared == 1) -> tm.state == COMMIT", layout)
            .holds(one.slots));
  // count r: (r.prepared + 1), which is nonzero for every member
  CHECK(Expr::parse("count r in rm: r.prepared + 1", layout).eval(one.slots) == 3);
  CHECK(Expr::parse("(count r in rm: r.prepared) + 1", layout).eval(one.slots) == 2);
  CHECK(Expr::parse("tm.state == INIT && exists r in rm: r.prepared == 1 || tm.state == ABORT",
                    layout)
            .holds(one.slots));
}

TEST_CASE("quantifiers nest and an inner variable shadows an outer one") {
  Layout layout = commit_layout();
  auto consistent = Expr::parse(
      "forall r in rm: forall s in rm: !(r.state == COMMITTED && s.state == ABORTED)", layout);
  CommitState committed({kCommitted, kPrepared, kCommitted}, {1, 1, 1}, kCommit);
  CommitState mixed({kCommitted, kAborted, kWorking}, {1, 0, 0}, kCommit);
  CHECK(consistent.holds(committed.slots));
  CHECK_FALSE(consistent.holds(mixed.slots));

  // The inner body reads both variables; a count of counts is a count of nonzero counts.
  CHECK(Expr::parse("count r in rm: count s in rm: r.state == s.state", layout)
            .eval(committed.slots) == 3);  // each r finds at least itself

  // The inner r is the inner member: this is "exists r: forall r: ...", i.e. "forall".
  auto shadowed = Expr::parse("exists r in rm: forall r in rm: r.prepared == 1", layout);
  CHECK_FALSE(shadowed.holds(mixed.slots));
  CHECK(shadowed.holds(committed.slots));
}

TEST_CASE("value names in a body resolve against the member's slot") {
  Layout layout;
  // The two arrays name their values differently; each r.state finds its own.
  layout.add({"a[0].state", 1, {"OFF", "ON"}, nullptr});
  layout.add({"a[1].state", 1, {"OFF", "ON"}, nullptr});
  layout.add({"b[0].state", 2, {"IDLE", "ON", "OFF"}, nullptr});
  Value s[] = {1, 1, 1};  // a[0]=ON, a[1]=ON, b[0]=ON
  CHECK(Expr::parse("forall x in a: x.state == ON", layout).holds(s));
  CHECK(Expr::parse("forall x in b: ON == x.state", layout).holds(s));
  CHECK(
      Expr::parse("forall x in a: exists y in b: x.state == ON && y.state == ON", layout).holds(s));
  Value t[] = {1, 1, 2};  // b[0]=OFF, which is 2 in b but would be 0 in a
  CHECK_FALSE(Expr::parse("exists y in b: y.state == ON", layout).holds(t));
  CHECK(Expr::parse("exists y in b: y.state == OFF", layout).holds(t));
}

TEST_CASE("arrays come from NAME[i].state slots by ascending index") {
  Layout layout;
  layout.add({"p[10].state", 1, {}, nullptr});
  layout.add({"p[2].state", 1, {}, nullptr});
  layout.add({"p[2].x", 1, {}, nullptr});
  layout.add({"q.state", 1, {}, nullptr});  // no index: not an array
  layout.add({"c2s[0]", 1, {}, nullptr});   // a channel slot, not an actor's state
  layout.add({"h[0].state", 1, {}, nullptr});
  layout.add({"h[0].conn[0].state", 1, {}, nullptr});
  layout.add({"h[0].conn[1].state", 1, {}, nullptr});
  layout.add({"h[1].state", 1, {}, nullptr});
  layout.add({"h[1].conn[0].state", 1, {}, nullptr});
  // p[2] comes before p[10] (numeric order, not text or layout order), so its x is found
  // and p[10]'s missing x is the one reported.
  REQUIRE_THROWS_WITH(Expr::parse("forall r in p: r.x == 0", layout),
                      Catch::StartsWith("property 'forall r in p: r.x == 0': unknown slot "
                                        "'p[10].x' (from r.x); did you mean p[2].x? (slots: "));
  REQUIRE_THROWS_WITH(Expr::parse("exists r in q: 1", layout),
                      "property 'exists r in q: 1': unknown array 'q'; did you mean p or h? "
                      "(arrays: p, h, h[0].conn, h[1].conn)");
  // An enclosing variable may name a nested array.
  Value s[] = {0, 0, 0, 0, 0, 0, 1, 0, 1, 1};
  CHECK(Expr::parse("count x in h: count c in x.conn: c.state == 1", layout).eval(s) == 2);
  CHECK(Expr::parse("count x in h: count c in x.conn: c.state == 1", layout).slots_read() ==
        std::vector<std::size_t>{6, 7, 9});
}

TEST_CASE("quantifier words keep their meaning as slot names") {
  Layout layout;
  layout.add({"count", 3, {}, nullptr});
  Value s[] = {2};
  CHECK(Expr::parse("count == 2", layout).holds(s));
}

TEST_CASE("bad quantifiers name what is wrong and what is valid") {
  Layout layout = commit_layout();
  REQUIRE_THROWS_WITH(Expr::parse("forall r in foo: r.state == WORKING", layout),
                      "property 'forall r in foo: r.state == WORKING': unknown array 'foo'; "
                      "arrays: rm");
  REQUIRE_THROWS_WITH(Expr::parse("forall r in rms: r.state == WORKING", layout),
                      "property 'forall r in rms: r.state == WORKING': unknown array 'rms'; did "
                      "you mean rm? (arrays: rm)");
  REQUIRE_THROWS_WITH(Expr::parse("forall r in client: true", sample_layout()),
                      "property 'forall r in client: true': unknown array 'client'; the model has "
                      "no arrays (an array is actors NAME[0], NAME[1], ... with slots "
                      "NAME[0].state, NAME[1].state, ...)");
  REQUIRE_THROWS_WITH(Expr::parse("forall r of rm: true", layout),
                      "property 'forall r of rm: true': expected 'in' after 'forall r' at column "
                      "10 (near 'of')");
  REQUIRE_THROWS_WITH(Expr::parse("exists r in rm r.prepared == 1", layout),
                      "property 'exists r in rm r.prepared == 1': expected ':' after 'exists r "
                      "in rm' at column 16 (near 'r.prepared')");
  REQUIRE_THROWS_WITH(Expr::parse("count in rm: true", layout),
                      "property 'count in rm: true': expected 'in' after 'count in' at column 10 "
                      "(near 'rm')");
  REQUIRE_THROWS_WITH(Expr::parse("forall rm[0] in rm: true", layout),
                      "property 'forall rm[0] in rm: true': expected a variable name after "
                      "'forall' at column 8 (near 'rm[0]')");
  REQUIRE_THROWS_WITH(Expr::parse("forall r in : true", layout),
                      "property 'forall r in : true': expected an array name after 'forall r in' "
                      "at column 13 (near ':')");
  REQUIRE_THROWS_WITH(Expr::parse("exists r in rm: r == 1", layout),
                      "property 'exists r in rm: r == 1': 'r' at column 17 alone is not a slot; "
                      "write r.FIELD, as in r.state");
  REQUIRE_THROWS_WITH(Expr::parse("forall r in rm: r.stat == WORKING", layout),
                      "property 'forall r in rm: r.stat == WORKING': unknown slot 'rm[0].stat' "
                      "(from r.stat); did you mean rm[0].state, rm[2].state or rm[1].state? "
                      "(slots: rm[2].state, rm[2].prepared, rm[0].state, rm[0].prepared, "
                      "rm[1].state, rm[1].prepared, tm.state)");
  REQUIRE_THROWS_WITH(Expr::parse("forall r in rm: r.state == COMMITED", layout),
                      "property 'forall r in rm: r.state == COMMITED': 'COMMITED' is not a value "
                      "of rm[0].state; did you mean COMMITTED? (its values: WORKING, PREPARED, "
                      "COMMITTED, ABORTED)");
  REQUIRE_THROWS_WITH(Expr::parse("count r in rm: r.state == PREPARED >= 2", layout),
                      "property 'count r in rm: r.state == PREPARED >= 2': the body of 'count r "
                      "in rm:' has its comparison already; to compare the quantifier's value, put "
                      "it in parentheses at column 36 (near '>=')");
  // ':' is a token of its own, but only a quantifier takes it.
  REQUIRE_THROWS_WITH(Expr::parse("tm.state : 1", layout),
                      Catch::Contains("expected an operator or the end at column 10 (near ':')"));
}

TEST_CASE("an expansion past a million nodes is refused") {
  Layout layout;
  for (int i = 0; i < 100; ++i) layout.add({"n[" + std::to_string(i) + "].state", 3, {}, nullptr});
  // 100 * 100 pairs of 3 nodes each, and the joins: about 40,000 nodes.
  CHECK(Expr::parse("forall a in n: forall b in n: a.state <= b.state", layout).nodes().size() <
        50'000);
  // A third level makes 3,000,000 and more.
  REQUIRE_THROWS_WITH(
      Expr::parse("forall a in n: forall b in n: forall c in n: a.state == c.state", layout),
      "property 'forall a in n: forall b in n: forall c in n: a.state == c.state': more than "
      "1000000 nodes after expanding quantifiers; quantify over fewer members or split the "
      "property");
}
