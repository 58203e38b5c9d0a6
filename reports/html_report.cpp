#include "reports/html_report.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "reports/xml_escape.hpp"

#include "checker/symmetry/symmetric_model.hpp"
#include "checker/system.hpp"
#include "reports/coverage_report.hpp"
#include "reports/diagram.hpp"
#include "reports/graphviz.hpp"
#include "reports/sequence_chart.hpp"
#include "reports/svg_ids.hpp"
#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {

// --max-errors on a scenario with assumptions: the traces found but not shown.
std::string dropped_text(const ScenarioRun& run, std::size_t i) {
  if (run.dropped.empty() || run.dropped.at(i).count == 0) return "";
  return fmt::format(" ({} more found, not shown: {} an assumption)", run.dropped[i].count,
                     run.dropped[i].count == 1 ? "it leaves" : "they leave");
}

// Graphviz's SVG starts with an XML prolog and a DOCTYPE, which do not belong inline.
std::string inline_svg(const std::string& svg) {
  auto at = svg.find("<svg");
  return at == std::string::npos ? svg : svg.substr(at);
}

constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.holds { color: #176a17; font-weight: bold; }
.violated { color: #b00; font-weight: bold; }
.inconclusive { color: #a60; font-weight: bold; }
.bounded, .unsupported, .vacuous { color: #a60; }
.unexpected { background: #fdd; }
pre { background: #f8f8f8; padding: 8px; overflow-x: auto; font-size: 12px; }
section { margin: 2em 0; }
.diagram { overflow-x: auto; border: 1px solid #eee; }
tr.never-fired td { color: #a60; }
)";

// A trace's section: its sequence chart, and its steps under a fold.
std::string trace_section(const ScenarioRun& run, std::size_t i, const checker::Trace& trace,
                          const std::string& anchor, const std::string& which) {
  const checker::Result& r = run.results[i];
  return fmt::format(
      "<section id=\"{}\" class=\"trace\"><h3>{} {}: {}{} ({})</h3>\n<p><code>{}</code></p>\n"
      "<div "
      "class=\"diagram\">{}</div>\n<details><summary>steps</summary><pre>{}</pre></details>"
      "</section>\n",
      anchor, xml_escape(run.scenario->name), xml_escape(r.property), trace_role(r.kind), which,
      trace_shape(trace), xml_escape(checker::formula(run.properties[i])),
      scoped_svg_ids(chart_svg(build_chart(*run.model, trace)), anchor),
      xml_escape(format_trace(*run.model, run.properties[i], trace)));
}

// `--unhandled`: one table of the inputs no row took.
std::string unhandled_html(const std::string& scenario, const checker::UnhandledReport& u) {
  std::string rows;
  for (const auto& in : u.inputs)
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        xml_escape(in.actor), xml_escape(in.state), xml_escape(in.input), in.states,
        xml_escape(in.example));
  return fmt::format(
      "<section class=\"unhandled\"><h3>{}: inputs no row took</h3>\n<p>{} {}; "
      "{} (actor, state, input) pairs.</p>\n<table><thead><tr><th>actor</th><th>state</th>"
      "<th>input</th><th>states</th><th>example</th></tr></thead><tbody>\n{}</tbody></table>"
      "</section>\n",
      xml_escape(scenario), u.states,
      u.complete ? "reachable states"
                 : "states explored (a limit ended the exploration: the list may be incomplete)",
      u.inputs.size(), rows);
}

// "Inputs: model a.dot (sha256 ...), props p.props (sha256 ...)": each file the runs'
// scenarios were made from, once (a property file shared by many models is named once),
// or "" when they were made from none (bundled scenarios).
std::string inputs_html(const std::vector<ScenarioRun>& runs,
                        const learned::InputsByScenario& inputs) {
  std::vector<const learned::InputFile*> listed;
  for (const ScenarioRun& run : runs)
    if (auto found = inputs.find(run.scenario->name); found != inputs.end())
      for (const learned::InputFile& f : found->second) {
        auto same = [&](const learned::InputFile* g) {
          return g->role == f.role && g->path == f.path && g->sha256 == f.sha256;
        };
        if (std::none_of(listed.begin(), listed.end(), same)) listed.push_back(&f);
      }
  if (listed.empty()) return "";
  std::string items;
  for (const learned::InputFile* f : listed)
    items += fmt::format("{}{} <code>{}</code> (sha256 <code>{}</code>)", items.empty() ? "" : ", ",
                         xml_escape(f->role), xml_escape(f->path), f->sha256);
  return fmt::format("<p id=\"inputs\">Inputs: {}</p>\n", items);
}

}  // namespace

std::string html_report(const std::vector<ScenarioRun>& runs, const std::string& coverage_extra,
                        const learned::InputsByScenario& inputs) {
  std::string rows, traces, diagrams, coverage = coverage_extra;
  std::size_t total = 0, unexpected = 0, diagram_count = 0;
  // A user's rules state no expected verdict: counted by their own verdicts instead.
  std::size_t unstated = 0, unstated_holds = 0, unstated_violated = 0;
  for (const ScenarioRun& run : runs) {
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const checker::Result& r = run.results[i];
      const std::optional<checker::Verdict>& expected = run.properties[i].expected;
      const bool as_expected = expected && *expected == r.verdict;
      ++total;
      unexpected += expected && !as_expected;
      if (!expected) {
        ++unstated;
        unstated_holds += r.verdict == checker::Verdict::kHolds;
        unstated_violated += r.verdict == checker::Verdict::kViolated;
      }
      std::string anchor = fmt::format("trace-{}", total);
      // A bounded search's "holds up to depth N" is no proof: its own class, not .holds
      // (the words of the verdict as classes coloured it as one), and its depth shown.
      // A vacuous hold is true but asked nothing of any state: coloured as a warning.
      const char* verdict_class = r.verdict == checker::Verdict::kBoundedHolds  ? "bounded"
                                  : r.verdict == checker::Verdict::kUnsupported ? "unsupported"
                                  : r.vacuous                                   ? "vacuous"
                                                                                : nullptr;
      std::string verdict = checker::to_string(r.verdict);
      rows += fmt::format(
          "<tr class=\"result{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}{}</td>"
          "<td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td class=\"num\">{:.3f}</td><td>{}</td></tr>\n",
          expected && !as_expected ? " unexpected" : "", xml_escape(run.scenario->name),
          xml_escape(r.property), checker::to_string(r.kind),
          verdict_class ? verdict_class : verdict, xml_escape(checker::verdict_text(r)),
          (r.limit.empty() ? "" : " (" + xml_escape(r.limit) + ")") +
              (r.vacuous ? " (vacuous: the premise holds in no reachable state)" : ""),
          expected ? checker::to_string(*expected) : "none stated",
          !expected     ? ""
          : as_expected ? "as expected"
                        : "UNEXPECTED",
          r.engine, r.states, r.transitions, r.depth, r.seconds,
          (r.trace ? fmt::format("<a href=\"#{}\">{}</a>", anchor, trace_shape(*r.trace)) : "") +
              dropped_text(run, i));
      if (!r.trace) continue;
      // --max-errors: every distinct violation found, shortest first (the first is r.trace).
      if (r.traces.size() > 1)
        for (std::size_t t = 0; t < r.traces.size(); ++t)
          traces +=
              trace_section(run, i, r.traces[t], t ? fmt::format("{}-{}", anchor, t + 1) : anchor,
                            fmt::format(" {} of {}", t + 1, r.traces.size()));
      else
        traces += trace_section(run, i, *r.trace, anchor, "");
    }
    if (run.coverage) coverage += coverage_html(run.scenario->name, *run.model, *run.coverage);
    if (run.unhandled) coverage += unhandled_html(run.scenario->name, *run.unhandled);
    if (auto* system = checker::system_of(*run.model)) {
      std::set<std::string> drawn;
      for (std::size_t a = 0; a < system->actor_names().size(); ++a) {
        const checker::MachineType& m = system->actor_machine(a);
        if (!drawn.insert(m.machine_name()).second) continue;
        std::string dot =
            machine_dot(m, "machine", run.scenario->name + ": " + m.machine_name(), {}, true);
        const std::string scope = fmt::format("diagram-{}", ++diagram_count);
        diagrams +=
            fmt::format("<section><h3>{}: {}</h3><div class=\"diagram\">{}</div></section>\n",
                        xml_escape(run.scenario->name), xml_escape(m.machine_name()),
                        scoped_svg_ids(inline_svg(render_dot(dot, "svg")), scope));
      }
    }
  }
  // What the verdicts cannot speak for (a learned model's gaps), under the summary.
  std::string notes;
  for (const ScenarioRun& run : runs)
    for (const std::string& note : run.scenario->notes)
      notes += fmt::format("<p class=\"note\">note: {}: {}</p>\n", xml_escape(run.scenario->name),
                           xml_escape(note));
  // "3 results, 3 as expected, 0 unexpected" for stated verdicts; a user's rules are
  // counted by verdict, with no expectation invented for them.
  std::string summary = fmt::format("{} result{}", total, total == 1 ? "" : "s");
  if (total > unstated)
    summary +=
        fmt::format(", {} as expected, {} unexpected", total - unstated - unexpected, unexpected);
  if (unstated > 0)
    summary += fmt::format(
        "{}: holds {}, violated {}, not decided {}",
        total > unstated
            ? fmt::format("; {} of the user's rules, which state no expected verdict", unstated)
            : std::string(" (the user's rules, which state no expected verdict)"),
        unstated_holds, unstated_violated, unstated - unstated_holds - unstated_violated);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>synack report</title><style>{}</style></head>\n<body>\n"
      "<h1>synack report</h1>\n<p id=\"summary\">{} (synack {})</p>\n{}{}"
      "<table id=\"results\"><thead><tr><th>scenario</th><th>property</th><th>kind</th>"
      "<th>verdict</th><th>expected</th><th>check</th><th>engine</th><th>states</th>"
      "<th>transitions</th><th>depth</th><th>seconds</th><th>trace</th></tr></thead>\n"
      "<tbody>\n{}</tbody></table>\n<h2>Traces</h2>\n{}\n<h2>Coverage</h2>\n{}\n"
      "<h2>Machines</h2>\n{}\n"
      "<script>document.body.dataset.results = "
      "String(document.querySelectorAll('#results tr.result').length);\n"
      // What a reader sees of the coverage and the traces (laid out, not hidden), for the
      // browser test.
      "const shown = (q) => String([...document.querySelectorAll(q)]"
      ".filter((e) => e.offsetHeight > 0).length);\n"
      "document.body.dataset.traces = shown('section.trace');\n"
      "document.body.dataset.coverage = shown('section.coverage');\n"
      "document.body.dataset.neverFired = shown('section.coverage tr.never-fired');\n"
      "document.body.dataset.unhandled = shown('section.unhandled');</script>\n"
      "</body></html>\n",
      kStyle, summary, SYNACK_VERSION, inputs_html(runs, inputs), notes, rows, traces, coverage,
      diagrams);
}

}  // namespace synack::reports
