#include <string>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/suggest.hpp"

using namespace synack::checker;
using synack::InputError;

namespace {
Layout sample_layout() {
  Layout layout;
  layout.add({"client.state", 2, {"CLOSED", "SYN-SENT", "ESTABLISHED"}, nullptr});
  layout.add({"client.iss", 15, {}, nullptr});
  layout.add({"server.irs", 15, {}, nullptr});
  return layout;
}

// Two-phase commit's resource managers rm[0..2] and their transaction manager, added out of
// index order to show that members are taken by index, not by position in the layout.
Layout commit_layout() {
  Layout layout;
  for (int i : {2, 0, 1}) {
    std::string rm = "rm[" + std::to_string(i) + "]";
    layout.add({rm + ".state", 3, {"WORKING", "PREPARED", "COMMITTED", "ABORTED"}, nullptr});
    layout.add({rm + ".prepared", 1, {}, nullptr});
  }
  layout.add({"tm.state", 2, {"INIT", "COMMIT", "ABORT"}, nullptr});
  return layout;
}

// A state of commit_layout() from each rm's state and prepared flag, in index order.
struct CommitState {
  Value slots[7];
  CommitState(std::initializer_list<Value> states, std::initializer_list<Value> prepared,
              Value tm) {
    const int position[] = {1, 2, 0};  // rm[i]'s place in the layout
    for (int i = 0; i < 3; ++i) {
      slots[2 * position[i]] = states.begin()[i];
      slots[2 * position[i] + 1] = prepared.begin()[i];
    }
    slots[6] = tm;
  }
};

enum : Value { kWorking, kPrepared, kCommitted, kAborted };
enum : Value { kInit, kCommit, kAbort };
}  // namespace

TEST_CASE("expressions compare slots with named values and numbers") {
  Layout layout = sample_layout();
  auto e = Expr::parse("client.state == SYN_SENT && client.iss + 1 == server.irs", layout);
  Value yes[] = {1, 3, 4};
  Value no[] = {1, 3, 5};
  Value other[] = {2, 3, 4};
  CHECK(e.holds(yes));
  CHECK_FALSE(e.holds(no));
  CHECK_FALSE(e.holds(other));
  CHECK(e.slots_read() == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("implication is right-associative and looser than ||") {
  Layout layout = sample_layout();
  auto e = Expr::parse("client.state == ESTABLISHED -> client.iss == 1 || server.irs == 1", layout);
  Value closed[] = {0, 7, 7};
  Value est_ok[] = {2, 7, 1};
  Value est_bad[] = {2, 7, 7};
  CHECK(e.holds(closed));
  CHECK(e.holds(est_ok));
  CHECK_FALSE(e.holds(est_bad));
  auto chain = Expr::parse("false -> false -> false", layout);  // false -> (false -> false)
  CHECK(chain.holds(closed));
}

TEST_CASE("negation, ordering and parentheses") {
  Layout layout = sample_layout();
  Value s[] = {0, 4, 9};
  CHECK(Expr::parse("!(client.iss >= 5) && server.irs > client.iss", layout).holds(s));
  CHECK(Expr::parse("client.iss - server.irs < 0", layout).holds(s));
  CHECK_FALSE(Expr::parse("client.iss <= 3", layout).holds(s));
}

TEST_CASE("every comparison below at and above equality") {
  // client.iss is 4, compared with 3, 4 and 5: each operator's answer at each, so that an
  // off-by-one at equality (< read as <=) changes a pinned answer.
  Layout layout = sample_layout();
  Value s[] = {0, 4, 9};
  struct Row {
    const char* op;
    bool below, at, above;  // 4 OP 3, 4 OP 4, 4 OP 5
  };
  const Row rows[] = {{"==", false, true, false}, {"!=", true, false, true},
                      {"<", false, false, true},  {"<=", false, true, true},
                      {">", true, false, false},  {">=", true, true, false}};
  for (const Row& r : rows) {
    INFO(r.op);
    std::string op = r.op;
    CHECK(Expr::parse("client.iss " + op + " 3", layout).holds(s) == r.below);
    CHECK(Expr::parse("client.iss " + op + " 4", layout).holds(s) == r.at);
    CHECK(Expr::parse("client.iss " + op + " 5", layout).holds(s) == r.above);
  }
}

TEST_CASE("bad expressions name what is wrong and what is valid") {
  Layout layout = sample_layout();
  REQUIRE_THROWS_WITH(Expr::parse("client.stat == CLOSED", layout),
                      "property 'client.stat == CLOSED': unknown slot 'client.stat'; did you mean "
                      "client.state? (slots: client.state, client.iss, server.irs)");
  REQUIRE_THROWS_WITH(Expr::parse("window == 1", layout),
                      "property 'window == 1': unknown slot 'window'; slots: client.state, "
                      "client.iss, server.irs");
  REQUIRE_THROWS_WITH(Expr::parse("client.state == OPEN", layout),
                      "property 'client.state == OPEN': 'OPEN' is not a value of client.state; "
                      "its values: CLOSED, SYN-SENT, ESTABLISHED");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == ", layout),
                      Catch::Contains("expected a slot name, a value, a number or '('"));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 )", layout),
                      Catch::Contains("expected an operator or the end at column 17"));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss = 1", layout),
                      Catch::Contains("unexpected character '=' at column 12"));
  REQUIRE_THROWS_AS(Expr::parse("(client.iss == 1", layout), InputError);
}

TEST_CASE("arithmetic binds tighter than comparison; max, min, / and % are integer") {
  Layout layout = sample_layout();
  Value s[] = {0, 7, 4};  // client.iss = 7, server.irs = 4
  CHECK(Expr::parse("client.iss / 2 == 3 && client.iss % 4 == 3", layout).holds(s));
  CHECK(Expr::parse("1 + client.iss * 2 == 15", layout).holds(s));
  CHECK(Expr::parse("max(client.iss / 2, 2) == 3 && max(server.irs / 4, 2) == 2", layout).holds(s));
  CHECK(Expr::parse("min(client.iss, server.irs) + 1 == 5", layout).holds(s));
  Value zero[] = {0, 7, 0};
  CHECK(Expr::parse("client.iss / server.irs == 0 && client.iss % server.irs == 0", layout)
            .holds(zero));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss / 0 == 1", layout),
                      Catch::Contains("division by zero at column 14 (near '0')"));
  REQUIRE_THROWS_WITH(Expr::parse("max(client.iss) == 1", layout), Catch::Contains("expected ','"));
}

TEST_CASE("forall, exists and count range over the members of an array") {
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

TEST_CASE("quantifiers nest, and an inner variable shadows an outer one") {
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

TEST_CASE("arrays come from NAME[i].state slots, by ascending index") {
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

TEST_CASE("an unknown name's message suggests the nearest and lists a few") {
  Layout layout;
  for (int i = 0; i < 20; ++i)
    layout.add({std::string("v").append(std::to_string(i)), 1, {}, nullptr});
  REQUIRE_THROWS_WITH(Expr::parse("vv19 == 1", layout),
                      "property 'vv19 == 1': unknown slot 'vv19'; did you mean v19, v1 or v9? "
                      "(slots: v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, ... (8 more))");
  REQUIRE_THROWS_WITH(Expr::parse("window == 1", layout),
                      "property 'window == 1': unknown slot 'window'; slots: v0, v1, v2, v3, v4, "
                      "v5, v6, v7, v8, v9, v10, v11, ... (8 more)");
}

TEST_CASE("nearest_names ranks by edit distance and drops distant names") {
  std::vector<std::string> states = {"CLOSED",      "LISTEN",     "SYN-SENT",   "SYN-RECEIVED",
                                     "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"};
  // Case and '-' against '_' do not count.
  CHECK(nearest_names("syn_sent", states) == std::vector<std::string>{"SYN-SENT"});
  CHECK(nearest_names("ESTABLISED", states) == std::vector<std::string>{"ESTABLISHED"});
  // Equally close names keep the candidates' order; "TIME-WAIT" is 3 edits away, past
  // max(2, 8 / 3).
  CHECK(nearest_names("FIN-WAIT", states) == std::vector<std::string>{"FIN-WAIT-1", "FIN-WAIT-2"});
  // At most `max` of them.
  CHECK(nearest_names("ab", {"abc", "abd", "abe", "abf"}) ==
        std::vector<std::string>{"abc", "abd", "abe"});
  CHECK(nearest_names("ab", {"abc", "abd", "abe", "abf"}, 1) == std::vector<std::string>{"abc"});
  // Within max(2, length / 3): "LISTN" is 1 away; "OPEN" is 4 from CLOSED, too far.
  CHECK(nearest_names("LISTN", states) == std::vector<std::string>{"LISTEN"});
  CHECK(nearest_names("OPEN", states).empty());
  // A name differing only in case is the best suggestion; one listed twice is offered once.
  CHECK(nearest_names("SYN-sent", states) == std::vector<std::string>{"SYN-SENT"});
  CHECK(nearest_names("x", {"y", "xyz", "abc", "x", "x"}) ==
        std::vector<std::string>{"x", "y", "xyz"});
  CHECK(nearest_names("anything", {}).empty());
}

TEST_CASE("list_names shows a few names and counts the rest") {
  CHECK(list_names({}, 3) == "");
  CHECK(list_names({"a", "b"}, 3) == "a, b");
  CHECK(list_names({"a", "b", "c"}, 3) == "a, b, c");
  CHECK(list_names({"a", "b", "c", "d", "e"}, 3) == "a, b, c, ... (2 more)");
  CHECK(list_names({"a", "b"}, 0) == "... (2 more)");
  CHECK(one_of({"a"}) == "a");
  CHECK(one_of({"a", "b"}) == "a or b");
  CHECK(one_of({"a", "b", "c"}) == "a, b or c");
}

// Learned models name their symbols with spaces, parentheses and commas: a string names a
// slot's values, `*` stands for any characters, and case is ignored.
TEST_CASE("strings name values and patterns of values") {
  Layout layout;
  layout.add(
      {"impl.in", 3, {"(none)", "ClientHello", "ChangeCipherSpec", "ACK+PSH(V,V,1)"}, nullptr});
  layout.add({"impl.out",
              2,
              {"(none)", "Alert Fatal (Unexpected message) & ConnectionClosed",
               "ALERT_FATAL_DECRYPT_ERROR & ConnectionClosed"},
              nullptr});
  Value hello[] = {1, 0}, ccs[] = {2, 1}, data[] = {3, 2};
  auto exact = Expr::parse("impl.in == \"ChangeCipherSpec\"", layout);
  CHECK_FALSE(exact.holds(hello));
  CHECK(exact.holds(ccs));
  auto commas = Expr::parse("\"ACK+PSH(V,V,1)\" == impl.in", layout);
  CHECK(commas.holds(data));
  // One pattern, two values: == is "one of them", != "none of them".
  auto alert = Expr::parse("impl.out == \"*alert*fatal*\"", layout);
  CHECK_FALSE(alert.holds(hello));
  CHECK(alert.holds(ccs));
  CHECK(alert.holds(data));
  auto no_alert = Expr::parse("impl.out != \"*alert*fatal*\"", layout);
  CHECK(no_alert.holds(hello));
  CHECK_FALSE(no_alert.holds(data));
  CHECK(Expr::parse("impl.in == \"c*\" -> impl.out == \"*(unexpected message)*\"", layout)
            .holds(ccs));
  // A single match orders like a value name.
  CHECK(Expr::parse("impl.in < \"ChangeCipherSpec\"", layout).holds(hello));

  REQUIRE_THROWS_WITH(Expr::parse("impl.in == \"Finished\"", layout),
                      "property 'impl.in == \"Finished\"': no value of impl.in matches "
                      "\"Finished\"; its values: (none), ClientHello, ChangeCipherSpec, "
                      "ACK+PSH(V,V,1)");
  // A pattern that matches nothing is false (one property file serves several alphabets);
  // a name without `*` must exist.
  CHECK_FALSE(Expr::parse("impl.out == \"*closed notify*\"", layout).holds(ccs));
  CHECK(Expr::parse("impl.out != \"*closed notify*\"", layout).holds(ccs));
  REQUIRE_THROWS_WITH(Expr::parse("impl.out < \"*alert*\"", layout),
                      "property 'impl.out < \"*alert*\"': \"*alert*\" matches 2 values of "
                      "impl.out; compare it with == or != only at column 12 (near '*alert*')");
  REQUIRE_THROWS_WITH(Expr::parse("\"ClientHello\"", layout),
                      "property '\"ClientHello\"': a string names values of a slot; compare it "
                      "with a slot at column 1 (near 'ClientHello')");
  REQUIRE_THROWS_WITH(Expr::parse("impl.in + 1 == \"ClientHello\"", layout),
                      Catch::Contains("compare it with a slot, as in impl.in == \"X\""));
  REQUIRE_THROWS_WITH(Expr::parse("impl.in == \"ClientHello", layout),
                      "property 'impl.in == \"ClientHello': the string at column 12 has no "
                      "closing '\"'");
}

// A pattern compared with a slot of numbers matched no name and became a constant, so
// `client.iss != "*"` held on every model; it is refused like any string there.
TEST_CASE("a string or pattern compared with a slot of numbers is refused") {
  Layout layout = sample_layout();
  for (const char* text : {"client.iss != \"*\"", "client.iss == \"X*\"", "client.iss == \"X\""})
    REQUIRE_THROWS_WITH(Expr::parse(text, layout),
                        Catch::Contains("client.iss holds numbers, not named values"));
}

// Parsing and evaluation recurse; a property nested deeper than any written by hand (as a
// hostile `synack explore` search can send) must be refused in one line, not overflow the
// stack (it crashed with a segfault at 20,000 parentheses).
TEST_CASE("nesting beyond the parser's depth is refused in one line") {
  Layout layout = sample_layout();
  const std::size_t deep = 200'000;
  std::string parens = std::string(deep, '(') + "client.iss == 1" + std::string(deep, ')');
  REQUIRE_THROWS_WITH(Expr::parse(parens, layout),
                      Catch::Contains("nested more than 1000 deep at column 1001"));
  std::string nots = std::string(deep, '!') + "client.iss == 1";
  REQUIRE_THROWS_WITH(Expr::parse(nots, layout),
                      Catch::Contains("nested more than 1000 deep at column 1001"));
  std::string chain = "client.iss == 1";
  for (int i = 0; i < 100'000; ++i) chain += " -> client.iss == 1";
  REQUIRE_THROWS_WITH(Expr::parse(chain, layout), Catch::Contains("nested more than 1000 deep"));
  // A left-leaning chain parses without recursion, but evaluating it would recurse.
  std::string conjunction = "client.iss == 1";
  for (int i = 0; i < 100'000; ++i) conjunction += " && client.iss == 1";
  REQUIRE_THROWS_WITH(Expr::parse(conjunction, layout),
                      Catch::Contains("more than 10000 operators deep"));
  // Depths people write still parse, and mean what they say.
  std::string fine = std::string(999, '(') + "client.iss == 1" + std::string(999, ')');
  Value state[] = {0, 1, 0};
  REQUIRE(Expr::parse(fine, layout).holds(state));
  std::string long_and = "client.iss == 1";
  for (int i = 0; i < 5'000; ++i) long_and += " && client.iss == 1";
  REQUIRE(Expr::parse(long_and, layout).holds(state));
}

TEST_CASE("evaluation keeps the tree's short circuits and truth values at any depth") {
  Layout layout = sample_layout();
  Value s[] = {2, 7, 0};  // ESTABLISHED, client.iss = 7, server.irs = 0
  auto value = [&](const char* text) { return Expr::parse(text, layout).eval(s); };
  // &&, || and -> give 0 or 1 whatever their operands are, and ! too.
  CHECK(value("client.iss && 3") == 1);
  CHECK(value("server.irs && client.iss") == 0);
  CHECK(value("server.irs || client.iss") == 1);
  CHECK(value("client.iss || server.irs / server.irs") == 1);
  CHECK(value("server.irs -> client.iss / server.irs") == 1);
  CHECK(value("client.iss -> server.irs") == 0);
  CHECK(value("(!client.iss) + (!server.irs)") == 1);
  CHECK(value("(client.iss == 7) + (7 == client.iss) + (client.state == ESTABLISHED)") == 3);
  CHECK(value("(client.iss -> 5) + (server.irs || 0) * 10") == 1);
  // Division by zero and by -1 as everywhere else: 0, and a negation.
  CHECK(value("client.iss / server.irs + client.iss % server.irs") == 0);
  CHECK(value("client.iss / (0 - 1) + client.iss % (0 - 1)") == -7);
  // Nested deeper than the evaluator's stack of 64 values: the same sums.
  std::string sum = "client.iss", parens;
  for (int i = 0; i < 100; ++i) sum = "1 + (" + sum + ")";
  CHECK(value(sum.c_str()) == 107);
  CHECK(Expr::parse(sum + " == 107 && client.iss + 100 == " + sum, layout).holds(s));
}
