// The drawing of a learned model (reports/learned_diagram): parallel edges folded into
// one, self-loops listed in their state, inputs with one answer written once, a sink
// entered from many states drawn beside each of them.
#include <string>

#include <catch2/catch.hpp>

#include <sstream>
#include "cli/commands.hpp"
#include "learned/dot_reader.hpp"
#include "learned_data.hpp"
#include "reports/graphviz.hpp"
#include "reports/learned_diagram.hpp"
#include "synack/cli.hpp"

using synack::learned::parse_dot;
using synack::learned::read_dot_file;
using synack::reports::learned_dot;

TEST_CASE("learned diagram: folded edges and self-loop lists") {
  std::string dot =
      learned_dot(read_dot_file(synack::test::learned_test_file("toy_tcp_client.dot")));
  CHECK_THAT(dot, Catch::Contains("  n0 [label=\"s0 (initial)\\n\u21ba SYN(V,V,0), "
                                  "SYN+ACK(V,V,0) / RST(ZERO,ZERO,0)\\l\"];\n"));
  CHECK_THAT(dot,
             Catch::Contains("  n1 -> n3 [label=\"SYN+ACK(V,V,0) / ACK(NEXT,NEXT,0)\\l\"];\n"));
  CHECK_THAT(dot, Catch::Contains("n4 [label=\"s4 (unreachable)\\n"));
  CHECK_THAT(dot, Catch::Contains("  __start -> n0;\n"));
  // Two transitions from s1 to s3 would be one edge: here each pair of states has one.
  CHECK(dot.find("n1 -> n3", dot.find("n1 -> n3") + 1) == std::string::npos);
  // Graphviz lays it out.
  CHECK_THAT(synack::reports::render_dot(dot, "svg"), Catch::Contains("<svg"));
}

TEST_CASE("learned diagram: two transitions between one pair of states are one edge") {
  auto m = parse_dot(
      "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"a / x\"]\n"
      "s0 -> s1 [label=\"b / x\"]\ns0 -> s1 [label=\"c / y\"]\n}",
      "m.dot", "m");
  std::string dot = learned_dot(m);
  CHECK_THAT(dot, Catch::Contains("  n0 -> n1 [label=\"a, b / x\\lc / y\\l\"];\n"));
}

TEST_CASE("learned diagram: a sink entered from three states is drawn beside each") {
  auto m = parse_dot(
      "digraph g {\n__start0 -> s0;\ns1\ns2\ns3\n"
      "s0 -> s1 [label=\"a / x\"]\ns0 -> s3 [label=\"b / closed\"]\n"
      "s1 -> s2 [label=\"a / x\"]\ns1 -> s3 [label=\"b / closed\"]\n"
      "s2 -> s2 [label=\"a / x\"]\ns2 -> s3 [label=\"b / closed\"]\n"
      "s3 -> s3 [label=\"a / closed\"]\ns3 -> s3 [label=\"b / closed\"]\n}",
      "m.dot", "m");
  std::string dot = learned_dot(m);
  CHECK_THAT(dot, Catch::Contains("  n2 -> c2_3 [label=\"b / closed\\l\"];\n"));
  CHECK_THAT(dot, Catch::Contains("(drawn again, dashed, beside each state that enters it)"));
  CHECK(dot.find("-> n3") == std::string::npos);
}

TEST_CASE("learned diagram command: an svg, and a model over --max-graph refused") {
  synack::Catalog catalog;
  synack::cli::DiagramOptions o;
  o.name = synack::test::learned_test_file("toy_tcp_client.dot");
  std::ostringstream out, notes;
  CHECK(synack::cli::run_diagram(catalog, o, out, notes) == 0);
  CHECK_THAT(out.str(), Catch::Contains("<svg"));
  o.max_graph_states = 4;
  CHECK_THROWS_WITH(synack::cli::run_diagram(catalog, o, out, notes),
                    "diagram " + o.name +
                        ": 5 states is more than --max-graph 4 (raise it to draw a larger model)");
}
