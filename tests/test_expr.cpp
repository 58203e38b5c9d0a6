#include <string>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "checker/expr.hpp"
#include "checker/suggest.hpp"
#include "expr_layouts.hpp"

using namespace synack::checker;
using synack::InputError;

using namespace expr_test;

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
                      "its values: CLOSED, SYN_SENT, ESTABLISHED");
  // A name beside a slot that looks like a slot of the same owner is an unknown slot, not
  // a value (a monitor's `step.message.payload` when the message does not describe it).
  REQUIRE_THROWS_WITH(Expr::parse("server.irs == client.ssn", layout),
                      "property 'server.irs == client.ssn': unknown slot 'client.ssn'; did you "
                      "mean client.iss? (slots: client.state, client.iss, server.irs)");
  // A value with a dash reads as a subtraction: the message says how to write it.
  REQUIRE_THROWS_WITH(Expr::parse("client.state == SYN-SENT", layout),
                      "property 'client.state == SYN-SENT': SYN-SENT reads as SYN minus SENT; "
                      "write the value SYN-SENT of client.state as SYN_SENT or \"SYN-SENT\"");
  Value syn_sent[] = {1, 0, 0};
  CHECK(Expr::parse("client.state == SYN_SENT", layout).holds(syn_sent));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == ", layout),
                      Catch::Contains("expected a slot name, a value, a number or '('"));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 )", layout),
                      Catch::Contains("expected an operator or the end at column 17"));
  REQUIRE_THROWS_WITH(Expr::parse("client.iss = 1", layout),
                      Catch::Contains("unexpected character '=' at column 12"));
  REQUIRE_THROWS_AS(Expr::parse("(client.iss == 1", layout), InputError);
}

// A suggestion is typed as it is offered: SYN-SENT offered as such read as SYN minus SENT.
TEST_CASE("value names are offered as they are typed, and what is offered parses") {
  Layout layout = sample_layout();
  REQUIRE_THROWS_WITH(Expr::parse("client.state == SYN_SEND", layout),
                      "property 'client.state == SYN_SEND': 'SYN_SEND' is not a value of "
                      "client.state; did you mean SYN_SENT? (its values: CLOSED, SYN_SENT, "
                      "ESTABLISHED)");
  Value syn_sent[] = {1, 0, 0};
  CHECK(Expr::parse("client.state == SYN_SENT", layout).holds(syn_sent));

  // A name no identifier spells, or one that would read as something else (a constant, a
  // quantifier, a slot), is offered in quotes; every form offered names its value.
  Layout odd;
  odd.add({"impl.in", 4, {"ClientHello", "ACK+PSH(V,V,1)", "true", "count", "impl.in"}, nullptr});
  REQUIRE_THROWS_WITH(Expr::parse("impl.in == ClientHelo", odd),
                      "property 'impl.in == ClientHelo': 'ClientHelo' is not a value of "
                      "impl.in; did you mean ClientHello? (its values: ClientHello, "
                      "\"ACK+PSH(V,V,1)\", \"true\", \"count\", \"impl.in\")");
  const char* offered[] = {"ClientHello", "\"ACK+PSH(V,V,1)\"", "\"true\"", "\"count\"",
                           "\"impl.in\""};
  for (Value v = 0; v < 5; ++v) {
    INFO(offered[v]);
    Value state[] = {v};
    CHECK(Expr::parse(std::string("impl.in == ") + offered[v], odd).holds(state));
  }
  // In a string the user is writing quotes already: the names are offered in quotes too,
  // which also keeps a learned model's names with commas apart in the list.
  REQUIRE_THROWS_WITH(Expr::parse("impl.in == \"ClientHelo\"", odd),
                      "property 'impl.in == \"ClientHelo\"': no value of impl.in matches "
                      "\"ClientHelo\"; did you mean \"ClientHello\"? (its values: "
                      "\"ClientHello\", \"ACK+PSH(V,V,1)\", \"true\", \"count\", "
                      "\"impl.in\")");
}

// Operators as other languages write them are answered with synack's, and LTL's with where
// a property's kind is chosen; each in one line.
TEST_CASE("operators from other languages name the operator to write") {
  Layout layout = sample_layout();
  REQUIRE_THROWS_WITH(Expr::parse("client.state = ESTABLISHED", layout),
                      "property 'client.state = ESTABLISHED': unexpected character '=' at "
                      "column 14 (did you mean '=='?)");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 => server.irs == 1", layout),
                      "property 'client.iss == 1 => server.irs == 1': unexpected character '=' "
                      "at column 17 (did you mean '->'?)");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 & server.irs == 1", layout),
                      "property 'client.iss == 1 & server.irs == 1': unexpected character '&' "
                      "at column 17 (did you mean '&&'?)");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 | server.irs == 1", layout),
                      "property 'client.iss == 1 | server.irs == 1': unexpected character '|' "
                      "at column 17 (did you mean '||'?)");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 and server.irs == 1", layout),
                      "property 'client.iss == 1 and server.irs == 1': unexpected 'and' at "
                      "column 17 (did you mean '&&'? and, or, not are written &&, ||, !)");
  REQUIRE_THROWS_WITH(Expr::parse("(client.iss == 1 OR server.irs == 1)", layout),
                      "property '(client.iss == 1 OR server.irs == 1)': unexpected 'OR' at "
                      "column 18 (did you mean '||'? and, or, not are written &&, ||, !)");
  REQUIRE_THROWS_WITH(Expr::parse("not client.state == CLOSED", layout),
                      "property 'not client.state == CLOSED': unexpected 'not' at column 1 (did "
                      "you mean '!'? and, or, not are written &&, ||, !)");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss == 1 && not (server.irs == 1)", layout),
                      "property 'client.iss == 1 && not (server.irs == 1)': unexpected 'not' at "
                      "column 20 (did you mean '!'? and, or, not are written &&, ||, !)");
  REQUIRE_THROWS_WITH(Expr::parse("client.iss <> 1", layout),
                      "property 'client.iss <> 1': unexpected '<>' at column 12 (did you mean "
                      "'!='?)");
  const std::string temporal =
      "(a temporal operator: an expression is a condition on one state, and the property's "
      "kind is chosen by the option, --always, --sometimes, --eventually or --leads-to 'P => "
      "Q', not inside the expression)";
  REQUIRE_THROWS_WITH(
      Expr::parse("G(client.state == ESTABLISHED)", layout),
      "property 'G(client.state == ESTABLISHED)': unexpected 'G' at column 1 " + temporal);
  REQUIRE_THROWS_WITH(
      Expr::parse("client.iss == 1 -> F server.irs == 1", layout),
      "property 'client.iss == 1 -> F server.irs == 1': unexpected 'F' at column 20 " + temporal);
  REQUIRE_THROWS_WITH(Expr::parse("[] client.iss == 1", layout),
                      "property '[] client.iss == 1': unexpected '[]' at column 1 " + temporal);
  REQUIRE_THROWS_WITH(
      Expr::parse("<>(client.state == ESTABLISHED)", layout),
      "property '<>(client.state == ESTABLISHED)': unexpected '<>' at column 1 " + temporal);
  // The words keep their meaning where they are names: a value where no operand follows,
  // a slot of that name anywhere.
  Layout words;
  words.add({"phase", 2, {"G", "F", "not"}, nullptr});
  words.add({"and", 1, {}, nullptr});
  Value f[] = {1, 0}, not_and[] = {2, 1};
  CHECK(Expr::parse("phase == F", words).holds(f));
  CHECK(Expr::parse("phase == not && and == 1", words).holds(not_and));
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

TEST_CASE("nearest_names finds a name typed as some of a longer name's words") {
  const std::vector<std::string> scenarios = {"tcp/two-way-handshake", "tcp/three-way-handshake",
                                              "tcp/time-wait", "tcp/handshake-loss"};
  // "tree-way" is 4 edits from time-wait and 11 from three-way-handshake as whole names; by
  // words (tcp, three with one edit, way) it is one edit away, so it comes first.
  CHECK(nearest_names("tcp/tree-way", scenarios) ==
        std::vector<std::string>{"tcp/three-way-handshake", "tcp/time-wait"});
  // Words may be left out of the candidate, and a word may be the start of one.
  CHECK(nearest_names("tcp/handshake", scenarios) ==
        std::vector<std::string>{"tcp/two-way-handshake", "tcp/three-way-handshake",
                                 "tcp/handshake-loss"});
  CHECK(nearest_names("stale-conn", {"no-stale-connection", "connects"}) ==
        std::vector<std::string>{"no-stale-connection"});
  // One word alone matches nothing by words (every TCP scenario has "tcp"), nor does a
  // word that is in no candidate.
  CHECK(nearest_names("tcp", scenarios).empty());
  CHECK(nearest_names("tcp/bogus-way", {"tcp/three-way-handshake"}).empty());
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
                      "\"Finished\"; its values: \"(none)\", \"ClientHello\", "
                      "\"ChangeCipherSpec\", \"ACK+PSH(V,V,1)\"");
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
