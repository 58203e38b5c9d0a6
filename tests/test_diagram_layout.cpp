// How a machine's diagram is laid out (reports/diagram_layout): rows that keep the state
// folded into its box, parallel rows one edge labelled by event, the main path heavy,
// TCP's CLOSED drawn again beside the states that enter it, --detail, --compare's colours
// and legend, and the wrapping of long text.
#include <catch2/catch.hpp>

#include <atomic>
#include <sstream>

#include "cli/commands.hpp"
#include "machines/tcp/tcp.hpp"
#include "reports/diagram.hpp"
#include "reports/diagram_layout.hpp"
#include "reports/graphviz.hpp"
#include "synack/bundled.hpp"

using namespace synack;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("machine diagram: rows that keep the state are listed in its box and not drawn") {
  auto m = machines::tcp::make_endpoint("tcp-endpoint", {});
  std::string dot = reports::machine_dot(*m, "ep", "tcp-endpoint", {}, true);
  // CLOSED answers six segments with a RST and buffers a write: one list, no loop.
  CHECK_THAT(dot, Catch::Contains("<b>CLOSED</b></td></tr><tr><td align=\"left\" "
                                  "balign=\"left\"><font point-size=\"9\" color=\"#505050\">"
                                  "\u21ba write, rcv SYN,<br/>rcv segment without ACK,<br/>"
                                  "rcv SYN-ACK, rcv ACK,<br/>rcv data, rcv FIN</font>"));
  for (const auto& s : m->state_names())
    CHECK(dot.find("\"ep/" + s + "\" -> \"ep/" + s + "\"") == std::string::npos);
  // Every state once, the start point, and one edge per pair of states: 119 rows, 27 edges.
  CHECK(m->rows().size() == 119);
  CHECK(count_of(dot, " -> ") == 27 + 1);
  // Parallel rows are one edge labelled with their events; the rows are its tooltip.
  CHECK_THAT(dot, Catch::Contains("\"ep/SYN-SENT\" -> \"ep/copy2\" [label=<abort, timeout, rcv "
                                  "RST>, tooltip=\"abort / delete TCB\\n"));
  // The main path is heavy (drawn straight); edges back up the drawing do not rank it.
  CHECK_THAT(dot, Catch::Contains("\"ep/CLOSED\" -> \"ep/SYN-SENT\" [label=<connect>"));
  CHECK_THAT(dot, Catch::Contains(
                      "\"ep/SYN-RECEIVED\" -> \"ep/LISTEN\" [label=<timeout, rcv SYN, rcv RST>"));
  CHECK_THAT(dot, Catch::Contains("fontcolor=\"#222222\", constraint=false];"));
  // CLOSED, entered from nine states, is drawn again beside each of them.
  CHECK(count_of(dot, "style=\"rounded,dashed\", color=\"#888888\", fontsize=10") == 9);
  CHECK_THAT(dot, Catch::Contains("Dashed: a state drawn again beside each state that enters it."));
  std::string svg = reports::render_dot(dot, "svg");
  CHECK_THAT(svg, Catch::Contains("SYN&#45;RECEIVED"));
  CHECK_THAT(reports::render_dot(dot, "png"), Catch::StartsWith("\x89PNG"));
  REQUIRE_THROWS_WITH(reports::render_dot(dot, "gif"),
                      "--format gif: unknown; valid: dot, svg, png");
}

TEST_CASE("machine diagram --detail: every row with its guard and action") {
  auto m = machines::tcp::make_endpoint("tcp-endpoint", {});
  reports::MachineStyle style;
  style.detail = true;
  std::string dot = reports::machine_dot(*m, "ep", "tcp-endpoint", style, true);
  CHECK_THAT(dot, Catch::Contains("\"ep/LISTEN\" -> \"ep/ESTABLISHED\" [label=<rcv SYN [two-way] / "
                                  "send SYN-ACK>"));
  CHECK_THAT(dot, Catch::Contains("\u21ba write / buffer (internal)<br/>"));
}

TEST_CASE("diagram --compare: one drawing with what differs coloured under a legend") {
  cli::DiagramOptions o;
  o.name = "tcp/two-way-handshake";
  o.compare = "tcp/three-way-handshake";
  o.format = "dot";
  std::ostringstream out, notes;
  REQUIRE(cli::run_diagram(bundled::catalog(), o, out, notes) == 0);
  std::string dot = out.str();
  CHECK_THAT(dot,
             Catch::Contains("tcp-endpoint: tcp/two-way-handshake vs tcp/three-way-handshake"));
  CHECK_THAT(dot, Catch::Contains("\u2014 only in tcp/two-way-handshake"));
  CHECK_THAT(dot, Catch::Contains("\u2014 only in tcp/three-way-handshake"));
  CHECK_THAT(dot, Catch::Contains("- - the same in both"));
  // Only the five states some compared row touches; the rest of the endpoint left out.
  CHECK(count_of(dot, "<b>") == 5 + 1);  // and the title
  for (const char* absent : {"FIN-WAIT-1", "TIME-WAIT", "CLOSE-WAIT"})
    CHECK(dot.find(absent) == std::string::npos);
  // The two ways into ESTABLISHED from LISTEN and SYN-RECEIVED, each in its variant's colour.
  CHECK_THAT(dot, Catch::Contains(
                      "\"tcp_endpoint/LISTEN\" -> "
                      "\"tcp_endpoint/ESTABLISHED\"\t[arrowsize=0.7,\n\t\t\tcolor=\"#c2410c\""));
  CHECK_THAT(dot, Catch::Contains(
                      "\"tcp_endpoint/SYN-RECEIVED\" -> "
                      "\"tcp_endpoint/ESTABLISHED\"\t[arrowsize=0.7,\n\t\t\tcolor=\"#1d4ed8\""));
}

TEST_CASE("diagram text wraps at list separators then spaces") {
  using reports::wrap_text;
  CHECK(wrap_text("rcv SYN, rcv ACK, rcv FIN", 16) ==
        std::vector<std::string>{"rcv SYN,", "rcv ACK, rcv FIN"});
  CHECK(wrap_text("short", 30) == std::vector<std::string>{"short"});
  CHECK(wrap_text("a b c d", 3) == std::vector<std::string>{"a b", "c d"});
  CHECK(wrap_text("abcdefgh", 3) == std::vector<std::string>{"abc", "def", "gh"});
  CHECK(wrap_text("", 3) == std::vector<std::string>{""});
}

TEST_CASE("diagram stops at an interrupt: nothing drawn, exit 3") {
  // It went on counting rows fired for half a minute past the first Ctrl-C or SIGTERM,
  // then drew and exited 0; here the interrupt has come before the search starts.
  std::atomic<bool> interrupted{true};
  cli::DiagramOptions o;
  o.name = "tcp/three-way-handshake";
  o.format = "dot";
  o.limits.interrupted = &interrupted;
  std::ostringstream out, notes;
  CHECK(cli::run_diagram(bundled::catalog(), o, out, notes) == 3);
  CHECK(out.str().empty());
  CHECK(notes.str() == "synack: diagram tcp/three-way-handshake: interrupted; nothing drawn\n");
}

// Debian 12's Graphviz (2.42) grows a rank's node list for the labels of edges inside the
// rank and frees the old list again when the layout is freed: glibc aborted `synack
// diagram` (exit 134) on 15 of the learned models (TCP_Windows8_Client, OpenSSL 1.0.1h's
// TLS12, ...), and --report on three learned families. The smallest graph found that
// does it: four labelled constraint=false edges among the nodes of one rank. Under the
// sanitizer build the old code fails here as a double free; in a release build, glibc's
// abort ends the test run.
TEST_CASE("graphviz: labelled edges inside one rank are laid out and freed once") {
  const std::string dot =
      "digraph g {\n  r -> a; r -> b; r -> c; r -> d;\n"
      "  a -> b [label=\"l0\", constraint=false];\n  b -> c [label=\"l1\", constraint=false];\n"
      "  c -> d [label=\"l2\", constraint=false];\n  d -> a [label=\"l3\", constraint=false];\n}\n";
  for (const char* format : {"svg", "dot"}) {
    std::string out = reports::render_dot(dot, format);
    CHECK_THAT(out, Catch::Contains("l3"));
  }
}
