// The drawing of a learned model (reports/learned_diagram, laid out by
// reports/diagram_layout): parallel edges folded into one, self-loops listed in their
// state, inputs with one answer written once, a sink entered from many states drawn
// beside each of them.
#include <unistd.h>

#include <atomic>
#include <filesystem>
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
  // Laid out as the machines are: self-loops a list in the state's box, wrapped.
  CHECK_THAT(dot, Catch::Contains("<b>s0</b></td></tr><tr><td align=\"left\" balign=\"left\">"
                                  "<font point-size=\"9\" color=\"#505050\">\u21ba SYN(V,V,0),"
                                  "<br/>SYN+ACK(V,V,0) / RST(ZERO,ZERO,0)</font>"));
  CHECK_THAT(dot,
             Catch::Contains(
                 "\"learned/s1\" -> \"learned/s3\" [label=<SYN+ACK(V,V,0) / ACK(NEXT,NEXT,0)>"));
  CHECK_THAT(dot, Catch::Contains("<b>s4 (unreachable)</b>"));
  CHECK_THAT(dot, Catch::Contains("style=\"rounded,dashed\", color=\"#888888\"];"));
  CHECK_THAT(dot, Catch::Contains("\"learned/start\" -> \"learned/s0\" [weight=4];"));
  // Each pair of states has one edge.
  std::string s1_s3 = "\"learned/s1\" -> \"learned/s3\"";
  CHECK(dot.find(s1_s3, dot.find(s1_s3) + 1) == std::string::npos);
  // Graphviz lays it out.
  CHECK_THAT(synack::reports::render_dot(dot, "svg"), Catch::Contains("<svg"));
}

TEST_CASE("learned diagram: two transitions between one pair of states are one edge") {
  auto m = parse_dot(
      "digraph g {\n__start0 -> s0;\ns0 -> s1 [label=\"a / x\"]\n"
      "s0 -> s1 [label=\"b / x\"]\ns0 -> s1 [label=\"c / y\"]\n}",
      "m.dot", "m");
  std::string dot = learned_dot(m);
  CHECK_THAT(dot, Catch::Contains("\"learned/s0\" -> \"learned/s1\" [label=<a, b / x<br/>c / y>"));
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
  CHECK_THAT(dot, Catch::Contains("\"learned/s2\" -> \"learned/copy4\" [label=<b / closed>"));
  CHECK_THAT(dot, Catch::Contains("Dashed: a state drawn again beside each state that enters it."));
  CHECK(dot.find("-> \"learned/s3\"") == std::string::npos);
  // Drawn once more with its answers.
  CHECK_THAT(dot, Catch::Contains("<b>s3</b>"));
}

TEST_CASE("learned diagram command: an svg, and a model over --max-graph refused") {
  synack::Catalog catalog;
  synack::cli::DiagramOptions o;
  o.name = synack::test::learned_test_file("toy_tcp_client.dot");
  std::ostringstream out, notes;
  CHECK(synack::cli::run_diagram(catalog, o, out, notes) == 0);
  CHECK_THAT(out.str(), Catch::Contains("<svg"));
  o.max_graph_states = 4;
  CHECK_THROWS_WITH(
      synack::cli::run_diagram(catalog, o, out, notes),
      "diagram " + o.name +
          ": 5 states is more than --max-graph 4 (raise it up to 5000 to draw a larger "
          "model)");
}

TEST_CASE("learned diagram command: --global and --detail are refused and not ignored") {
  synack::Catalog catalog;
  synack::cli::DiagramOptions o;
  o.name = synack::test::learned_test_file("toy_tcp_client.dot");
  std::ostringstream out, notes;
  o.global_given = true;
  CHECK_THROWS_WITH(synack::cli::run_diagram(catalog, o, out, notes),
                    "diagram " + o.name +
                        ": --global applies to a scenario; a learned model is drawn whole, up "
                        "to --max-graph states");
  o.global_given = false;
  o.detail = true;
  CHECK_THROWS_WITH(synack::cli::run_diagram(catalog, o, out, notes),
                    "diagram " + o.name +
                        ": --detail applies to a machine's rows; a learned model's edges have "
                        "no guards or actions to add");
  CHECK(out.str().empty());
}

TEST_CASE("learned diagram command: an interrupt during the layout draws nothing, exit 3") {
  // Graphviz's layout cannot be stopped; a learned model's drawing went on to be written,
  // exit 0, after a Ctrl-C or SIGTERM. Here the signal has come before the layout ends.
  synack::Catalog catalog;
  std::atomic<bool> interrupted{true};
  synack::cli::DiagramOptions o;
  o.name = synack::test::learned_test_file("toy_tcp_client.dot");
  o.limits.interrupted = &interrupted;
  const auto file = std::filesystem::temp_directory_path() /
                    ("synack_interrupted_" + std::to_string(::getpid()) + ".svg");
  o.output = file.string();
  std::ostringstream out, notes;
  CHECK(synack::cli::run_diagram(catalog, o, out, notes) == 3);
  CHECK(out.str().empty());
  CHECK(notes.str() == "synack: diagram " + o.name + ": interrupted; nothing drawn\n");
  CHECK_FALSE(std::filesystem::exists(file));
}
