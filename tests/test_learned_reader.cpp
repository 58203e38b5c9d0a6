// The learned-model DOT reader: what it accepts (tests/data/learned, every real model in
// ../shared) and the one line it gives for each kind of bad input.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "learned/dot_reader.hpp"
#include "learned_data.hpp"

using synack::InputError;
using synack::learned::MealyMachine;
using synack::learned::parse_dot;
using synack::learned::read_dot_file;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_dot(text, "m.dot", "m");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string answer(const MealyMachine& m, std::size_t state, const std::string& input) {
  for (std::size_t i = 0; i < m.inputs.size(); ++i)
    if (m.inputs[i] == input) {
      auto t = m.step(state, i);
      return t ? m.outputs[t->output].text() + " -> " + m.states[t->to] : "(none)";
    }
  return "(no such input)";
}

}  // namespace

TEST_CASE("learned reader: a tlsprint-style model loads with its states inputs and outputs") {
  MealyMachine m = read_dot_file(synack::test::learned_test_file("toy_server.dot"));
  CHECK(m.name == "toy_server");
  CHECK(m.states == std::vector<std::string>{"s0", "s1", "s2"});
  CHECK(m.inputs == std::vector<std::string>{"Hello", "Data", "Close"});
  CHECK(m.transitions.size() == 9);
  CHECK(m.states[m.initial] == "s0");
  REQUIRE(m.outputs.size() == 6);
  CHECK(m.outputs[0].symbols == std::vector<std::string>{"HelloAck", "Ticket"});
  CHECK(m.outputs[0].text() == "HelloAck & Ticket");
  CHECK(m.outputs[2].text() == "-");
  CHECK(m.outputs[2].symbols.empty());
  CHECK(answer(m, 0, "Data") == "Alert & Closed -> s2");
  CHECK(answer(m, 1, "Data") == "Echo -> s1");
  CHECK(m.transitions[3].line == 9);
}

TEST_CASE("learned reader: the automata-wiki style without spaces and with Empty reads the same") {
  MealyMachine m = read_dot_file(synack::test::learned_test_file("toy_server_renumbered.dot"));
  CHECK(m.states[m.initial] == "q7");
  CHECK(m.states.size() == 4);
  CHECK(m.transitions.size() == 12);
  CHECK(answer(m, m.initial, "Close") == "- -> q3");
  CHECK(answer(m, m.initial, "Hello") == "HelloAck & Ticket -> q5");
  CHECK(answer(m, m.initial, "Data") == "Alert & Closed -> q3");
}

TEST_CASE("learned reader: TCP inputs keep their commas and the label splits on the first slash") {
  MealyMachine m = parse_dot(
      "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"ACK+PSH(V,V,1) / "
      "ACK(NEXT,CURRENT,0)/x\"]\n}",
      "t.dot", "t");
  REQUIRE(m.inputs.size() == 1);
  CHECK(m.inputs[0] == "ACK+PSH(V,V,1)");
  CHECK(m.outputs[0].symbols == std::vector<std::string>{"ACK(NEXT,CURRENT,0)/x"});
}

TEST_CASE("learned reader: a nondeterministic and incomplete model loads") {
  MealyMachine m =
      read_dot_file(synack::test::learned_test_file("incomplete_nondeterministic.dot"));
  CHECK(m.transitions.size() == 3);
  CHECK(answer(m, 0, "a") == "x -> s1");  // the first declared of the two
  CHECK(answer(m, 0, "b") == "(none)");
}

TEST_CASE("learned reader: each kind of bad input gets one line with file and line") {
  const std::string head = "digraph g {\n__start0 -> s0;\n";
  CHECK(error_of("") == "m.dot:1: no 'digraph {' (a learned model is a DOT digraph)");
  CHECK(error_of("graph g {\n}") ==
        "m.dot:1: expected 'digraph NAME {' first (a learned model is a DOT digraph)");
  CHECK(error_of(head + "s0 -> s1 [label=\"a / b\"]\n") ==
        "m.dot:3: the digraph is not closed (a '}' ends it)");
  CHECK(error_of("digraph g {\ns0 -> s1 [label=\"a / b\"]\n}\n") ==
        "m.dot: no initial state (a line '__start0 -> s0;' marks it; learned models from "
        "LearnLib, AALpy and StateLearner write one)");
  CHECK(error_of(head + "}\n") ==
        "m.dot:3: no transitions (edges read: s0 -> s1 [label=\"INPUT / OUTPUT\"])");
  CHECK(error_of(head + "s0 -> s1 [label=\"a b\"]\n}") ==
        "m.dot:3: label \"a b\" has no '/' (learned edges read label=\"INPUT / OUTPUT\")");
  CHECK(error_of(head + "s0 -> s1 [label=\" / b\"]\n}") ==
        "m.dot:3: label \" / b\" has no input before '/' (label=\"INPUT / OUTPUT\")");
  CHECK(error_of(head + "s0 -> s1 [label=\"a /  \"]\n}") ==
        "m.dot:3: label \"a /  \" has no output after '/' (write - or Empty for none)");
  CHECK(error_of(head + "s0 -> s1 [label=\"a / x||y\"]\n}") ==
        "m.dot:3: empty symbol in output \"x||y\" (symbols are joined with | or &; - or Empty "
        "is no output)");
  CHECK(error_of(head + "s0 -> s1\n}") ==
        "m.dot:3: edge without a label (learned edges read s0 -> s1 [label=\"INPUT / OUTPUT\"])");
  CHECK(error_of(head + "s0 -> s1 [label=\"a / b\"]\n\ns0->s1[label=\"a/b\"];\n}") ==
        "m.dot:5: the same transition as line 3 (s0 -> s1 on a; once is enough)");
  CHECK(error_of(head + "__start0 -> s1;\n}") ==
        "m.dot:3: a second initial state s1 (line 2 marked s0; one '__start0 -> sN')");
  CHECK(error_of(head + "s0 -> s1 [label=\"a / b\n}") ==
        "m.dot:3: unterminated string (a quoted string ends on its own line)");
  CHECK(error_of(head + "s0 -> s1 -> s2 [label=\"a / b\"]\n}") ==
        "m.dot:3: chained edge (one edge per line: a -> b [label=\"IN / OUT\"])");
  CHECK(error_of(head + "s0 -> s1 [label=\"a / b\"\n}") ==
        "m.dot:3: attribute list without ']' (attributes read [key=\"value\" ...])");
  CHECK(error_of(head + "s0 -> s1 [label]\n}") ==
        "m.dot:3: malformed attribute list (attributes read [key=\"value\" ...])");
  CHECK(error_of(head + "subgraph x {\n}") ==
        "m.dot:3: a subgraph (learned models are flat: one node or edge per line)");
  CHECK(error_of(head + "s0 [label=\"x\"] s1\n}") ==
        "m.dot:3: unexpected 's1' (statements read: s0; or s0 -> s1 [label=\"IN / OUT\"])");
  CHECK(error_of(head + "s0 -> s1 [label=<a / b>]\n}") ==
        "m.dot:3: an HTML-like label '<...>' at column 17 (not supported: write the label as a "
        "quoted string, label=\"INPUT / OUTPUT\")");
  CHECK(error_of(head + "s0 <- s1\n}") ==
        "m.dot:3: unexpected '<' at column 4 (a line holds names, \"strings\", ->, [ ], =, ;)");
  CHECK(error_of(head + "s0 -> s1 [label=\"a / b\"]\n}\ns2\n") ==
        "m.dot:5: text after the closing '}' (the digraph ends the file)");
  CHECK(
      error_of(head + std::string("s0\x01\n}")) ==
      "m.dot:3: unexpected byte 0x01 at column 3 (a line holds names, \"strings\", ->, [ ], =, ;)");
  CHECK(error_of(head + std::string("s0\0\n}", 5)) ==
        "m.dot:3: a NUL byte (a learned model is a DOT text file)");
  CHECK(error_of(head + "s0 -> __start0 [label=\"a / b\"]\n}") ==
        "m.dot:3: edge into the start marker (it reads __start0 -> s0)");
}

TEST_CASE(
    "learned reader: a byte order mark and DOT comments are read, a one-line graph is "
    "refused with the rule") {
  const std::string body =
      "__start0 -> s0;\ns0 -> s1 [label=\"a / b\"]\ns1 -> s1 [label=\"a / -\"]\n}\n";
  // A UTF-8 byte order mark (some Windows editors write one) is skipped.
  MealyMachine bom = parse_dot(
      "\xEF\xBB\xBF"
      "digraph g {\n" +
          body,
      "m.dot", "m");
  CHECK(bom.states == std::vector<std::string>{"s0", "s1"});
  // Comments: // to the end of a line, /* */ within a line or across lines; a label keeps
  // its slashes ("a / //x" is an input and an output).
  MealyMachine commented = parse_dot(
      "// learned by hand\ndigraph g { /* the model */\n__start0 -> s0; // start\n"
      "/* two\nlines */ s0 -> s1 [label=\"a / //x\"]\ns1 -> s1 [label=\"a / -\"] /* loop */\n}\n",
      "m.dot", "m");
  REQUIRE(commented.transitions.size() == 2);
  CHECK(answer(commented, 0, "a") == "//x -> s1");
  CHECK(commented.transitions[0].line == 5);  // lines are counted as written
  CHECK(error_of("digraph g {\n/* never closed\n" + body) ==
        "m.dot:2: a '/*' comment that is never closed (a '*/' ends it)");
  // A graph on one line, or a statement beside another or beside the closing brace.
  const std::string one_statement_per_line =
      "several statements on one line (a learned model has one statement per line: 'digraph "
      "NAME {', then each node or edge on a line of its own, then '}')";
  CHECK(error_of("digraph g { __start0 -> s0; s0 -> s1 [label=\"a / b\"]; }") ==
        "m.dot:1: " + one_statement_per_line);
  CHECK(error_of("digraph g {\n__start0 -> s0; s0 -> s1 [label=\"a / b\"]\n}") ==
        "m.dot:2: " + one_statement_per_line);
  CHECK(error_of("digraph g {\n__start0 -> s0\ns0 -> s1 [label=\"a / b\"] }") ==
        "m.dot:3: " + one_statement_per_line);
  // A ';' between attributes is one statement still.
  CHECK(parse_dot("digraph g {\n__start0 -> s0\ns0 -> s1 [label=\"a / b\"; color=red]\n}", "m.dot",
                  "m")
            .transitions.size() == 1);
}

TEST_CASE("learned reader: absurd sizes are refused before they are built") {
  synack::learned::DotLimits small;
  small.max_file_bytes = 40;
  CHECK_THROWS_WITH(parse_dot(std::string(41, ' '), "m.dot", "m", small),
                    "m.dot: 41 bytes is too large for a learned model (at most 40)");
  small = {};
  small.max_line_chars = 11;
  CHECK_THROWS_WITH(parse_dot("digraph g {\n" + std::string(12, ' ') + "\n}", "m.dot", "m", small),
                    "m.dot:2: line of 12 characters (at most 11)");
  small = {};
  small.max_state_input_pairs = 5;
  CHECK_THROWS_WITH(
      read_dot_file(synack::test::learned_test_file("toy_server.dot"), small),
      Catch::Contains("toy_server.dot: 3 states x 3 inputs is too large (at most 5 pairs)"));
}

TEST_CASE("learned reader: missing files and directories get one line") {
  CHECK_THROWS_WITH(read_dot_file("/nonexistent/x.dot"),
                    "/nonexistent/x.dot: no such file (give a learned model in DOT)");
  std::string dir = synack::test::learned_test_file("");
  CHECK_THROWS_WITH(read_dot_file(dir),
                    dir + ": is a directory (give a learned model's .dot file)");
}

TEST_CASE("learned reader: every real learned model in ../shared loads") {
  SYNACK_REQUIRE_SHARED_LEARNED(dir);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".dot") continue;
    INFO(entry.path().string());
    MealyMachine m = read_dot_file(entry.path().string());
    CHECK(!m.transitions.empty());
    ++files;
  }
  CHECK(files == 293);
  MealyMachine linux_server = read_dot_file(dir + "/automata-wiki/TCP/TCP_Linux_Server.dot");
  CHECK(linux_server.states.size() == 57);
  CHECK(linux_server.inputs.size() == 12);
  CHECK(linux_server.transitions.size() == 684);
  MealyMachine openssl = read_dot_file(dir + "/tlsprint-openssl/1.0.1g/TLS12.dot");
  CHECK(openssl.states.size() == 14);
  CHECK(openssl.inputs.size() == 11);
  CHECK(openssl.transitions.size() == 154);
}

TEST_CASE("learned mealy: a machine built by hand steps only after build_step_index") {
  MealyMachine m;
  m.source = "by hand";
  m.states = {"s0", "s1"};
  m.inputs = {"a"};
  m.outputs = {synack::learned::Output{{"x"}}};
  m.transitions = {{0, 0, 1, 0, 1}};
  CHECK_THROWS_WITH(m.step(0, 0), "by hand: MealyMachine::step before build_step_index()");
  m.build_step_index();
  REQUIRE(m.step(0, 0));
  CHECK(m.step(0, 0)->to == 1);
  CHECK(!m.step(1, 0));
  CHECK_THROWS_WITH(m.step(2, 0), "by hand: step(2, 0) outside 2 states x 1 inputs");
  m.transitions.push_back({1, 0, 7, 0, 2});
  CHECK_THROWS_WITH(m.build_step_index(),
                    "by hand: transition 1 names a state, input or output that does not exist");
}
