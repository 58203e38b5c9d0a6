// Readability as a tested property: every machine `diagram` knows, the learned example
// models, the --compare drawing of the two handshakes, the control-state graphs of three
// scenarios too large to draw state by state, and every sequence chart of the
// HTML report, measured in headless chromium by tests/data/measure_readability.js. Each
// must fit 1600 x 1200 with no text under 8 px, and no two labels may overlap (nor a
// chart's label a state box). One browser launch for all of them.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/runs.hpp"
#include "cli_run.hpp"
#include "learned/dot_reader.hpp"
#include "reports/diagram.hpp"
#include "reports/graphviz.hpp"
#include "reports/learned_diagram.hpp"
#include "reports/xml_escape.hpp"
#include "synack/bundled.hpp"

namespace {

namespace fs = std::filesystem;
using synack::testing::slurp;

struct Measured {
  std::string name;
  double width = 0, height = 0, font = 0;
  int overlaps = 0;
  std::string first;
};

std::string svg_element(const std::string& svg) {
  auto at = svg.find("<svg");
  return at == std::string::npos ? svg : svg.substr(at);
}

// The sequence charts of a report: each trace section's heading and <svg>.
std::vector<std::pair<std::string, std::string>> report_charts(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> charts;
  for (std::size_t at = 0; (at = html.find("class=\"trace\"><h3>", at)) != std::string::npos;) {
    std::size_t title = at + 18, title_end = html.find("</h3>", title);
    std::size_t svg = html.find("<svg", title_end), svg_end = html.find("</svg>", svg);
    REQUIRE(svg_end != std::string::npos);
    charts.push_back({html.substr(title, title_end - title), html.substr(svg, svg_end + 6 - svg)});
    at = svg_end;
  }
  return charts;
}

std::vector<Measured> parse_measured(const std::string& dom) {
  std::size_t start = dom.find("<pre id=\"measured\">");
  REQUIRE(start != std::string::npos);
  start += 19;
  std::istringstream lines(dom.substr(start, dom.find("</pre>", start) - start));
  std::vector<Measured> out;
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    f.resize(6);
    out.push_back({f[0], std::stod(f[1]), std::stod(f[2]), std::stod(f[3]), std::stoi(f[4]), f[5]});
  }
  return out;
}

}  // namespace

TEST_CASE("every diagram and sequence chart fits 1600 x 1200 readably in chromium") {
  const char* browser = "/usr/bin/chromium";
  if (access(browser, X_OK) != 0) {
    WARN("chromium is not installed (apt-get install chromium): readability test skipped");
    return;
  }
  fs::path dir = fs::temp_directory_path() / ("synack_readability_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
  std::vector<std::string> names;
  auto add = [&](const std::string& kind, const std::string& name, const std::string& svg) {
    page += fmt::format("<div class=\"case\" data-kind=\"{}\" data-name=\"{}\">{}</div>\n", kind,
                        synack::reports::xml_escape(name), svg_element(svg));
    names.push_back(name);
  };

  synack::Catalog catalog = synack::bundled::catalog();
  for (const auto& [name, factory] : synack::cli::known_machines(catalog))
    add("diagram", name,
        synack::reports::render_dot(synack::reports::machine_dot(*factory(), "m", name, {}, true),
                                    "svg"));
  std::vector<fs::path> learned;
  for (const auto& f : fs::directory_iterator(fs::path(SYNACK_SOURCE_DIR) / "tests/data/learned"))
    if (f.path().extension() == ".dot") learned.push_back(f.path());
  std::sort(learned.begin(), learned.end());
  for (const fs::path& f : learned)
    add("diagram", f.filename().string(),
        synack::reports::render_dot(
            synack::reports::learned_dot(synack::learned::read_dot_file(f.string())), "svg"));
  synack::cli::DiagramOptions compare;
  compare.name = "tcp/two-way-handshake";
  compare.compare = "tcp/three-way-handshake";
  std::ostringstream compared, notes;
  REQUIRE(synack::cli::run_diagram(catalog, compare, compared, notes) == 0);
  add("diagram", "two-way vs three-way", compared.str());

  // The control states of scenarios too large to draw state by state (diagram --global).
  for (const char* scenario : {"tcp/simultaneous-open", "tls13/handshake", "tls12/handshake"}) {
    synack::cli::Selection selection;
    selection.scenarios = {scenario};
    auto runs = synack::cli::prepare_runs(catalog, selection);
    auto graph =
        synack::reports::control_state_graph_dot(*runs.runs.at(0).model, 1'000'000, nullptr);
    REQUIRE(graph);
    add("diagram", std::string(scenario) + " control states",
        synack::reports::render_dot("digraph g {\n" + graph->dot + "}\n", "svg"));
  }

  std::string report = (dir / "report").string();
  int rc = std::system(
      (std::string(SYNACK_BINARY) + " check --all --quiet --report " + report + " > /dev/null")
          .c_str());
  REQUIRE(WEXITSTATUS(rc) == 1);  // some bundled properties are violated on purpose
  auto charts = report_charts(slurp(fs::path(report) / "index.html"));
  CHECK(charts.size() >= 20);
  for (const auto& [title, svg] : charts) add("chart", title, svg);

  page += "<pre id=\"measured\"></pre>\n<script>\n" +
          slurp(fs::path(SYNACK_SOURCE_DIR) / "tests/data/measure_readability.js") +
          "</script>\n</body></html>\n";
  std::ofstream(dir / "page.html") << page;
  std::string cmd = std::string("timeout 180 ") + browser +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --user-data-dir=" +
                    (dir / "profile").string() + " --dump-dom file://" +
                    (dir / "page.html").string() + " > " + (dir / "dom.html").string() +
                    " 2> /dev/null";
  rc = std::system(cmd.c_str());
  REQUIRE(WEXITSTATUS(rc) == 0);
  std::vector<Measured> measured = parse_measured(slurp(dir / "dom.html"));
  REQUIRE(measured.size() == names.size());
  for (const Measured& m : measured) {
    INFO(
        fmt::format("{}: {:.0f} x {:.0f} px, smallest text {:.1f} px after fitting, {} overlaps "
                    "(first: {})",
                    m.name, m.width, m.height, m.font, m.overlaps, m.first));
    CHECK(m.font >= 8.0);
    CHECK(m.overlaps == 0);
  }
  // The TCP endpoint, the largest machine, fits without being scaled down at all.
  auto endpoint = std::find_if(measured.begin(), measured.end(),
                               [](const Measured& m) { return m.name == "tcp-endpoint"; });
  REQUIRE(endpoint != measured.end());
  CHECK(endpoint->width <= 1600);
  CHECK(endpoint->height <= 1200);
  fs::remove_all(dir);
}
