// Reports: JUnit, baselines, sequence charts, diagrams, the HTML page.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "checker/symmetry/symmetric_model.hpp"
#include "checker/system.hpp"
#include "cli/runs.hpp"
#include "machines/tcp/tcp.hpp"
#include "reports/baseline.hpp"
#include "reports/diagram.hpp"
#include "reports/graphviz.hpp"
#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/results_table.hpp"
#include "reports/sequence_chart.hpp"
#include "reports/svg_ids.hpp"
#include "synack/bundled.hpp"

using namespace synack;

namespace {

cli::PreparedRuns run(std::vector<std::string> scenarios, std::vector<std::string> sets = {}) {
  cli::Selection s;
  s.scenarios = std::move(scenarios);
  s.sets = std::move(sets);
  cli::PreparedRuns p = cli::prepare_runs(synack::bundled::catalog(), s);
  cli::execute_runs(p, {}, {});
  return p;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("JUnit: one test case per property, failures for violations or surprises") {
  auto p = run({"tcp/two-way-handshake"});
  std::string plain = reports::junit_xml(p.runs, false);
  CHECK_THAT(plain, Catch::Contains("<testsuite name=\"synack\" tests=\"3\" failures=\"2\""));
  CHECK(count(plain, "<testcase ") == 3);
  CHECK_THAT(plain,
             Catch::Contains("classname=\"tcp/two-way-handshake\" name=\"no-stale-connection\""));
  CHECK_THAT(plain, Catch::Contains("always no-stale-connection is violated (expected violated)"));
  std::string expected = reports::junit_xml(p.runs, true);
  CHECK_THAT(expected, Catch::Contains("tests=\"3\" failures=\"0\""));
  // bmc's bounded answer keeps its bound: "is holds up to depth" read as a pass.
  checker::Result& bounded = p.runs[0].results[0];
  bounded.verdict = checker::Verdict::kBoundedHolds;
  bounded.depth = 3;
  CHECK_THAT(reports::junit_xml(p.runs, true),
             Catch::Contains("always no-stale-connection is holds up to depth 3 (expected "
                             "violated)"));
}

TEST_CASE("baseline: switching the third segment off flips exactly the expected verdicts") {
  auto before = run({"tcp/three-way-handshake"});
  auto baseline = reports::baseline_json(before.runs);
  CHECK(reports::compare_with_baseline(baseline, before.runs).format() ==
        "baseline: no differences\n");

  // The edit: the machine's two-way policy, as a protocol engineer would flip it.
  auto after = run({"tcp/three-way-handshake"}, {"tcp.third_segment=false"});
  auto diff = reports::compare_with_baseline(baseline, after.runs);
  REQUIRE(diff.flips.size() == 2);
  CHECK_THAT(diff.flips[0],
             Catch::StartsWith(
                 "tcp/three-way-handshake no-stale-connection: holds -> violated (4 steps)"));
  CHECK_THAT(diff.flips[0], Catch::Contains("server rcv SYN SYN seq=0"));
  CHECK_THAT(
      diff.flips[1],
      Catch::StartsWith(
          "tcp/three-way-handshake server-knows-client-receives: holds -> violated (3 steps)"));
  // connects still holds; its witness shrank, and the parameter change is reported.
  CHECK(diff.parameters == std::vector<std::string>{
                               "tcp/three-way-handshake: parameters tcp.third_segment \"true\" -> "
                               "\"false\""});
  REQUIRE(diff.changes.size() == 2);
  CHECK(diff.changes[0] == "tcp/three-way-handshake connects: states 148 -> 53 (-64.2%)");
  CHECK(diff.changes[1] == "tcp/three-way-handshake connects: trace length 5 -> 4");
  CHECK_FALSE(diff.like_for_like());
}

// A run compared with a baseline must check what the baseline records, at its parameters;
// what it does not is listed, and makes the comparison unlike (check --strict: exit 1).
TEST_CASE("baseline: entries not checked and other parameters make a run unlike its baseline") {
  auto both = run({"tcp/three-way-handshake", "tcp/two-way-handshake"});
  const auto baseline = reports::baseline_json(both.runs);
  CHECK(reports::compare_with_baseline(baseline, both.runs).like_for_like());

  auto one = run({"tcp/three-way-handshake"});
  auto diff = reports::compare_with_baseline(baseline, one.runs);
  CHECK(diff.not_checked == std::vector<std::string>{"tcp/two-way-handshake (whole scenario)"});
  CHECK(diff.format() ==
        "baseline: not checked: tcp/two-way-handshake (whole scenario)\n"
        "baseline: 0 verdict flip(s), 0 other change(s), 0 not in the baseline, 1 not checked\n");
  CHECK_FALSE(diff.like_for_like());

  cli::Selection connects;
  connects.scenarios = {"tcp/three-way-handshake", "tcp/two-way-handshake"};
  connects.properties = {"connects"};
  cli::PreparedRuns some = cli::prepare_runs(synack::bundled::catalog(), connects);
  cli::execute_runs(some, {}, {});
  CHECK(reports::compare_with_baseline(baseline, some.runs).not_checked ==
        std::vector<std::string>{"tcp/three-way-handshake no-stale-connection",
                                 "tcp/three-way-handshake server-knows-client-receives",
                                 "tcp/two-way-handshake no-stale-connection",
                                 "tcp/two-way-handshake server-knows-client-receives"});

  // Recorded at other parameters, without them, or with one this synack does not have.
  auto other = reports::baseline_json(run({"tcp/two-way-handshake"}, {"tcp.isn_step=1"}).runs);
  auto two = run({"tcp/two-way-handshake"});
  CHECK(reports::compare_with_baseline(other, two.runs).parameters ==
        std::vector<std::string>{"tcp/two-way-handshake: parameters tcp.isn_step \"1\" -> \"2\""});
  auto unrecorded = reports::baseline_json(two.runs);
  unrecorded["scenarios"]["tcp/two-way-handshake"].erase("params");
  CHECK(reports::compare_with_baseline(unrecorded, two.runs).parameters ==
        std::vector<std::string>{"tcp/two-way-handshake: parameters not recorded in the baseline"});
  auto gone = reports::baseline_json(two.runs);
  gone["scenarios"]["tcp/two-way-handshake"]["params"]["tcp.gone"] = "3";
  CHECK(reports::compare_with_baseline(gone, two.runs).parameters ==
        std::vector<std::string>{"tcp/two-way-handshake: parameters tcp.gone \"3\" -> (none)"});
}

TEST_CASE("baseline files are validated") {
  REQUIRE_THROWS_WITH(reports::parse_baseline("[1,2", "b.json"),
                      "--baseline b.json: not valid JSON (byte 5)");
  REQUIRE_THROWS_WITH(
      reports::parse_baseline("{}", "b.json"),
      "--baseline b.json: not a synack baseline (make one with 'synack baseline save FILE')");
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(
          R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p":{"verdict":"holds"}}}}})",
          "b.json"),
      "--baseline b.json: s p: needs verdict (string), states and trace_length (counts)");
}

// A baseline's names and verdicts are printed in the comparison: a verdict synack never
// reports was a "flip", and a control character in a name went to the terminal as it was
// (an escape sequence in a scenario listed as not checked).
TEST_CASE("baseline files with verdicts or names synack never writes are refused") {
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p":)"
                              R"({"verdict":"maybe","states":1,"trace_length":0}}}}})",
                              "b.json"),
      "--baseline b.json: s p: verdict \"maybe\" is not one a baseline records; valid: holds, "
      "violated (baseline save writes decided verdicts only: save it again)");
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(
          R"({"synack_baseline":1,"scenarios":{"a\u001b[2Jb":{"properties":{}}}})", "b.json"),
      "--baseline b.json: scenario \"a\\u001b[2Jb\": a control character in a name; "
      "synack's names have none");
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p\u0000":)"
                              R"({"verdict":"holds","states":1,"trace_length":0}}}}})",
                              "b.json"),
      "--baseline b.json: property \"p\\u0000\": a control character in a name; synack's "
      "names have none");
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(
          R"({"synack_baseline":1,"scenarios":{"s":{"params":{"k\n":"1"},"properties":{}}}})",
          "b.json"),
      "--baseline b.json: parameter \"k\\n\": a control character in a name; synack's names "
      "have none");
  // Every verdict baseline save writes reads back; the undecided ones it never writes do not.
  auto with_verdict = [](const std::string& v) {
    return reports::parse_baseline(
        std::string(R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p":)") +
            R"({"verdict":")" + v + R"(","states":1,"trace_length":0}}}}})",
        "b.json");
  };
  for (const char* v : {"holds", "violated"}) CHECK(with_verdict(v).is_object());
  for (const char* v : {"inconclusive", "holds up to depth", "unsupported"})
    CHECK_THROWS_WITH(with_verdict(v),
                      Catch::StartsWith(std::string("--baseline b.json: s p: verdict \"") + v +
                                        "\" is not one a baseline records"));
}

TEST_CASE("a baseline with a key given twice is refused and not read as its last value") {
  // The property recorded as violated and then as holds was compared as holds only.
  const std::string property = R"({"verdict":"violated","states":1,"trace_length":4})";
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p":)" +
                                  property + R"(,"p":)" + property + "}}}}",
                              "b.json"),
      "--baseline b.json: the key \"p\" appears twice in one object; a baseline names each "
      "scenario, property and field once");
  REQUIRE_THROWS_WITH(reports::parse_baseline(
                          R"({"synack_baseline":1,"synack_baseline":1,"scenarios":{}})", "b.json"),
                      Catch::Contains("the key \"synack_baseline\" appears twice"));
  REQUIRE_THROWS_WITH(
      reports::parse_baseline(
          R"({"synack_baseline":1,"scenarios":{"s":{"properties":{}},"s":{"properties":{}}}})",
          "b.json"),
      Catch::Contains("the key \"s\" appears twice"));
  // The same key in two objects is no duplicate.
  CHECK(reports::parse_baseline(R"({"synack_baseline":1,"scenarios":{"s":{"properties":{"p":)" +
                                    property + R"(}},"t":{"properties":{"p":)" + property + "}}}}",
                                "b.json")
            .is_object());
}

TEST_CASE("sequence chart of the stale SYN: the SYN crosses the client's close") {
  auto p = run({"tcp/two-way-handshake"});
  const auto& trace = *p.runs[0].results[0].trace;
  auto chart = reports::build_chart(*p.runs[0].model, trace);
  CHECK(chart.actors == std::vector<std::string>{"client", "server"});
  REQUIRE(chart.arrows.size() == 2);
  CHECK(chart.arrows[0].label == "SYN seq=0");
  CHECK(chart.arrows[0].sent == 1);
  CHECK(chart.arrows[0].ended == 4);
  CHECK(chart.arrows[0].end == reports::Chart::Arrow::kDelivered);
  CHECK(chart.arrows[1].label == "SYN-ACK seq=0 ack=1");
  CHECK(chart.arrows[1].end == reports::Chart::Arrow::kInFlight);
  std::string text = reports::chart_text(chart);
  CHECK_THAT(text, Catch::Contains("     2  abort -> CLOSED"));
  // The arrow's head lands on the server's lifeline, 30 columns to the right.
  CHECK_THAT(text, Catch::Contains("\n        |-- SYN seq=0 (sent at 1) ---->\n"));
  CHECK_THAT(text, Catch::Contains(
                       "still in flight: SYN-ACK seq=0 ack=1 from server to client (sent at 4)"));
  std::string svg = reports::chart_svg(chart);
  CHECK_THAT(svg, Catch::StartsWith("<svg"));
  CHECK(count(svg, "<line") == 2 + 2 + 1);  // two lifelines, two messages, the legend's
  // The SYN-ACK still in flight is red and dashed, and a line under the chart says so.
  CHECK(count(svg, "stroke-dasharray=\"5,4\" marker-end=\"url(#arrow-red)\"") == 2);
  CHECK_THAT(svg, Catch::Contains("<line class=\"legend\" x1=\"70\" y1=\"292\" x2=\"110\" "
                                  "y2=\"292\" stroke=\"#b00\" stroke-dasharray=\"5,4\" "
                                  "marker-end=\"url(#arrow-red)\"/><text x=\"118\" y=\"296\" "
                                  "fill=\"#b00\">still in flight when the trace ends</text>"));
}

// The two-way handshake's witness as its chart: the SYN-ACK's label (33 characters) is
// wider than the default 30-character column. The columns widen for it, so that the arrow
// drawn right to left starts on the server's lifeline; where --width leaves no room, the
// label follows an arrow that still runs from lifeline to lifeline.
TEST_CASE("a text chart's arrows end on both lifelines, whatever the label's length") {
  reports::Chart chart;
  chart.actors = {"client", "server"};
  chart.states = {{"CLOSED", "CLOSED"},
                  {"SYN-SENT", "CLOSED"},
                  {"SYN-SENT", "ESTABLISHED"},
                  {"ESTABLISHED", "ESTABLISHED"}};
  chart.steps = 3;
  chart.marks = {{1, 0, "connect", false}, {2, 1, "rcv SYN", false}, {3, 0, "rcv SYN-ACK", false}};
  chart.arrows = {{reports::Chart::Arrow::kDelivered, 0, 1, 1, 2, "SYN seq=0"},
                  {reports::Chart::Arrow::kDelivered, 1, 0, 2, 3, "SYN-ACK seq=0 ack=1"}};
  CHECK(reports::chart_text(chart) ==
        "  step  client                                server\n"
        "     0  CLOSED                                CLOSED\n"
        "     1  connect -> SYN-SENT                   |\n"
        "     2  |                                     rcv SYN -> ESTABLISHED\n"
        "        |-- SYN seq=0 (sent at 1) ------------>\n"
        "     3  rcv SYN-ACK -> ESTABLISHED            |\n"
        "        <-- SYN-ACK seq=0 ack=1 (sent at 2) --|\n");
  CHECK(reports::chart_text(chart, 60) ==
        "  step  client                        server\n"
        "     0  CLOSED                        CLOSED\n"
        "     1  connect -> SYN-SENT           |\n"
        "     2  |                             rcv SYN -> ESTABLISHED\n"
        "        |-- SYN seq=0 (sent at 1) ---->\n"
        "     3  rcv SYN-ACK -> ESTABLISHED    |\n"
        "        <-----------------------------| SYN-ACK seq=0 ack=1 (sent at 2)\n");
  // A message an actor sends itself starts and ends on its own lifeline.
  chart.arrows = {{reports::Chart::Arrow::kDelivered, 1, 1, 1, 2, "loop"}};
  CHECK_THAT(reports::chart_text(chart),
             Catch::Contains("\n                                      <-| loop (sent at 1)\n"));
}

// The marks a chart draws itself are in Latin-1, which DejaVu and Liberation (the fonts
// Debian's browsers fall back on) both have: U+29C9, the duplicate's mark, was in neither
// and drew as an empty box.
TEST_CASE("a sequence chart's duplicate mark is one the common fonts have") {
  auto p = run({"tcp/three-way-handshake"}, {"tcp.seq_space=4", "tcp.isn_step=1"});
  const auto& trace = *p.runs[0].results[0].trace;
  auto chart = reports::build_chart(*p.runs[0].model, trace);
  std::string svg = reports::chart_svg(chart);
  CHECK_THAT(svg, Catch::Contains(">\u00D72 duplicate SYN seq=0</text>"));
  // A UTF-8 lead byte above 0xC3 starts a character past U+00FF.
  const auto past_latin1 = std::find_if(
      svg.begin(), svg.end(), [](char c) { return static_cast<unsigned char>(c) > 0xC3; });
  INFO(svg.substr(static_cast<std::size_t>(past_latin1 - svg.begin()), 40));
  CHECK(past_latin1 == svg.end());
  // No step left in flight: no legend for it.
  CHECK(svg.find("still in flight") == std::string::npos);
}

TEST_CASE("an SVG's ids and the references to them are put under a scope") {
  CHECK(reports::scoped_svg_ids(
            "<svg><defs><marker id=\"arrow\"/></defs><g id=\"node1\" class=\"node\">"
            "<line marker-end=\"url(#arrow)\"/><use xlink:href=\"#node1\"/>"
            "<use href=\"#elsewhere\"/><text data-id=\"x\">id=\"arrow\"</text></g></svg>",
            "trace-2") ==
        "<svg><defs><marker id=\"trace-2_arrow\"/></defs><g id=\"trace-2_node1\" "
        "class=\"node\"><line marker-end=\"url(#trace-2_arrow)\"/><use "
        "xlink:href=\"#trace-2_node1\"/><use href=\"#elsewhere\"/><text data-id=\"x\">"
        "id=\"arrow\"</text></g></svg>");
}

TEST_CASE("sequence chart marks losses and duplicates") {
  auto p = run({"tcp/three-way-handshake"}, {"tcp.seq_space=4", "tcp.isn_step=1"});
  const auto& trace = *p.runs[0].results[0].trace;  // no-stale-connection, 21 steps
  auto chart = reports::build_chart(*p.runs[0].model, trace);
  std::size_t lost = 0, dups = 0;
  for (const auto& a : chart.arrows) lost += a.end == reports::Chart::Arrow::kLost;
  for (const auto& m : chart.marks) dups += m.duplicate;
  CHECK(lost == 4);
  CHECK(dups == 1);
  CHECK_THAT(reports::chart_text(chart), Catch::Contains("(network) duplicate SYN seq=0"));
}

TEST_CASE("row coverage tells the variants apart") {
  auto three = run({"tcp/three-way-handshake"}, {"channel.capacity=1", "tcp.incarnations=1"});
  auto two = run({"tcp/two-way-handshake"}, {"channel.capacity=1", "tcp.incarnations=1"});
  auto c3 = reports::row_coverage(*three.runs[0].model, 1'000'000);
  auto c2 = reports::row_coverage(*two.runs[0].model, 1'000'000);
  CHECK(c3.complete);
  auto m = machines::tcp::make_endpoint("tcp-endpoint", {});
  auto row_of = [&](const std::string& source, const std::string& event, const std::string& guard) {
    for (std::size_t i = 0; i < m->rows().size(); ++i)
      if (m->rows()[i].source == source && m->rows()[i].event == event &&
          m->rows()[i].guard == guard)
        return static_cast<int>(i);
    return -1;
  };
  int two_way_accept = row_of("LISTEN", "rcv SYN", "two-way");
  int three_way_accept = row_of("LISTEN", "rcv SYN", "three-way");
  REQUIRE(two_way_accept >= 0);
  CHECK(c2.fired["tcp-endpoint"].count(two_way_accept));
  CHECK_FALSE(c3.fired["tcp-endpoint"].count(two_way_accept));
  CHECK(c3.fired["tcp-endpoint"].count(three_way_accept));
  CHECK_FALSE(c2.fired["tcp-endpoint"].count(three_way_accept));
}

TEST_CASE("row coverage counts the rows an upper layer fires within a step") {
  // TLS over TCP: the TLS machines' rows fire when a TCP endpoint hands a record up, inside
  // the endpoint's delivery step. Counting one row per step (the endpoint's) drew the whole
  // TLS 1.3 handshake as never fired.
  auto tls = run({"tls13/handshake"}, {});
  auto c = reports::row_coverage(*tls.runs[0].model, 1'000'000);
  CHECK(c.complete);
  // As check --coverage counts them (the same search).
  CHECK(c.fired["tls13-client"].size() == 13);
  CHECK(c.fired["tls13-server"].size() == 8);
  auto fired = [&](const std::string& machine, const std::string& source, const std::string& event,
                   const std::string& target) {
    const auto* system = checker::system_of(*tls.runs[0].model);
    for (std::size_t a = 0; a < system->actor_names().size(); ++a) {
      const auto& m = system->actor_machine(a);
      if (m.machine_name() != machine) continue;
      for (std::size_t r = 0; r < m.rows().size(); ++r)
        if (m.rows()[r].source == source && m.rows()[r].event == event &&
            m.rows()[r].target == target)
          return c.fired[machine].count(static_cast<int>(r)) > 0;
    }
    return false;
  };
  CHECK(fired("tls13-client", "WAIT_SH", "rcv ServerHello", "WAIT_EE"));
  CHECK(fired("tls13-client", "WAIT_FINISHED", "rcv Finished", "CONNECTED"));
  CHECK(fired("tls13-server", "START", "rcv ClientHello", "WAIT_FINISHED"));
}

TEST_CASE("the global graph is drawn only when small") {
  auto small = run({"tcp/three-way-handshake"}, {"channel.capacity=1", "channel.duplicates=0",
                                                 "tcp.incarnations=1", "tcp.max_retries=0"});
  const auto& witness = *small.runs[0].results[2].trace;  // connects
  auto dot = reports::global_graph_dot(*small.runs[0].model, 150, &witness);
  REQUIRE(dot);
  CHECK(count(*dot, "color=red, fontcolor=red") == witness.steps.size());
  CHECK_FALSE(reports::global_graph_dot(*small.runs[0].model, 10, nullptr));
}

TEST_CASE("the control-state graph projects every reachable state onto the actors' states") {
  auto p = run({"tcp/simultaneous-open"});
  const auto& model = *p.runs[0].model;
  const auto& witness = *p.runs[0].results[0].trace;  // connects: every step moves an endpoint
  REQUIRE(witness.steps.size() == 5);
  auto graph = reports::control_state_graph_dot(model, 1000, &witness);
  REQUIRE(graph);
  CHECK(graph->states == 119);
  CHECK(graph->nodes == 14);
  CHECK(count(graph->dot, " -> ") > graph->nodes);
  CHECK(count(graph->dot, "color=red, fontcolor=red") == witness.steps.size());
  CHECK(count(graph->dot, ", color=red, penwidth=2];") == witness.steps.size() + 1);
  // A step that changes no control state is not an edge: no node goes to itself.
  for (std::size_t n = 0; n < graph->nodes; ++n)
    CHECK_THAT(graph->dot, !Catch::Contains(fmt::format("c{} -> c{} ", n, n)));
  CHECK_FALSE(reports::control_state_graph_dot(model, 100, nullptr));
}

TEST_CASE("the HTML report is self-contained and shows every result") {
  auto p = run({"tcp/three-way-handshake", "tcp/two-way-handshake"});
  std::string page = reports::html_report(p.runs);
  CHECK(count(page, "<tr class=\"result") == 6);
  CHECK_THAT(page, Catch::Contains("6 results, 6 as expected, 0 unexpected"));
  CHECK(count(page, "<section id=\"trace-") == 4);  // three violations/witnesses + one witness
  CHECK(page.find("http://") == page.find("http://www.w3.org"));  // only SVG namespaces
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
}

TEST_CASE("the HTML report shows a bounded search's depth and does not colour it as a proof") {
  // Its cell was class="holds up to depth" (so .holds, bold green) and its text lost the
  // depth the table, the JSON and JUnit keep.
  auto p = run({"arq/stop-and-wait"});
  p.runs.front().results.resize(1);
  p.runs.front().properties.resize(1);
  checker::Result& r = p.runs.front().results.front();
  r.verdict = checker::Verdict::kBoundedHolds;
  r.depth = 3;
  r.engine = "bmc";
  std::string page = reports::html_report(p.runs);
  CHECK_THAT(page, Catch::Contains("<td class=\"bounded\">holds up to depth 3</td>"));
  CHECK_THAT(page, Catch::Contains("1 result, 0 as expected, 1 unexpected"));
  CHECK(page.find("class=\"holds up to depth") == std::string::npos);
  r.verdict = checker::Verdict::kUnsupported;
  page = reports::html_report(p.runs);
  CHECK_THAT(page, Catch::Contains("<td class=\"unsupported\">unsupported by bmc</td>"));
}

// Every chart named its arrowhead id="arrow" and every Graphviz drawing its groups graph0,
// node1, ...: a page of several had duplicate ids, and url(#arrow) could take another
// chart's marker.
TEST_CASE("the HTML report's drawings share no id, and each refers to its own") {
  auto p = run({"tcp/three-way-handshake", "tcp/two-way-handshake"});
  std::string page = reports::html_report(p.runs);
  REQUIRE(count(page, "<svg") == 4 + 2);  // four traces' charts, one machine per scenario
  std::map<std::string, int> ids;
  for (std::size_t at = page.find(" id=\""); at != std::string::npos;
       at = page.find(" id=\"", at + 1)) {
    const std::size_t begin = at + 5;
    ++ids[page.substr(begin, page.find('"', begin) - begin)];
  }
  for (const auto& [id, times] : ids) {
    INFO(id);
    CHECK(times == 1);
  }
  std::size_t references = 0;
  for (std::size_t at = page.find("url(#"); at != std::string::npos;
       at = page.find("url(#", at + 1), ++references) {
    const std::size_t begin = at + 5;
    const std::string id = page.substr(begin, page.find(')', begin) - begin);
    INFO(id);
    CHECK(ids.count(id) == 1);
  }
  CHECK(references > 0);
  // The first chart is trace-3's: the three-way handshake's first two properties hold.
  CHECK(ids.count("trace-3_arrow") == 1);
  const std::size_t section = page.find("<section id=\"trace-3\"");
  REQUIRE(section != std::string::npos);
  CHECK(page.find("marker-end=\"url(#trace-3_arrow)\"", section) <
        page.find("</section>", section));
  CHECK(ids.count("diagram-2_graph0") == 1);
}

TEST_CASE("a proof's invariant says what the control states' numbers stand for") {
  // Z3 prints a control state as its number; the proof is followed by their names for
  // every control state it mentions, and only those.
  auto p = run({"arq/stop-and-wait"});
  checker::Result& r = p.runs[0].results[0];
  r.trace.reset();
  r.traces.clear();
  r.engine = "spacer";
  r.invariant = "(or (<= |s2r[0].present| 0) (not (<= sender.state 1)))";
  std::string text = reports::format_all_traces(p.runs);
  CHECK_THAT(text, Catch::Contains("(or (<= |s2r[0].present| 0) (not (<= sender.state 1)))\n"
                                   "    where sender.state: 0 READY, 1 WAIT-ACK, 2 DONE\n"));
  CHECK(text.find("where receiver.state") == std::string::npos);
}
