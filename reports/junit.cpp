#include "reports/junit.hpp"

#include <optional>

#include <fmt/format.h>

#include "reports/xml_escape.hpp"

#include "reports/trace_text.hpp"

namespace synack::reports {

namespace {}  // namespace

std::string junit_xml(const std::vector<ScenarioRun>& runs, bool against_expected) {
  std::string cases;
  std::size_t tests = 0, failures = 0;
  double total = 0;
  for (const ScenarioRun& run : runs) {
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const checker::Result& r = run.results[i];
      const std::optional<checker::Verdict>& expected = run.properties[i].expected;
      // A rule that states no verdict is judged as without --expect: it passes if it holds.
      bool ok = against_expected ? checker::as_expected(run.properties[i], r.verdict)
                                 : r.verdict == checker::Verdict::kHolds;
      ++tests;
      total += r.seconds;
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.6f}\">\n",
                           xml_escape(run.scenario->name), xml_escape(r.property), r.seconds);
      if (!ok) {
        ++failures;
        std::string detail =
            fmt::format("{} {} is {}{} ({}), {} states", to_string(r.kind), r.property,
                        checker::verdict_text(r), r.limit.empty() ? "" : " (" + r.limit + ")",
                        expected ? fmt::format("expected {}", to_string(*expected))
                                 : std::string("no expected verdict stated"),
                        r.states);
        std::string body = r.trace ? format_trace(*run.model, run.properties[i], *r.trace) : "";
        cases += fmt::format("      <failure message=\"{}\">{}</failure>\n", xml_escape(detail),
                             xml_escape(body));
      }
      cases += fmt::format(
          "      <system-out>verdict={}{} engine={} states={} transitions={} "
          "depth={}</system-out>\n",
          to_string(r.verdict), r.vacuous ? " vacuous=true" : "", r.engine, r.states, r.transitions,
          r.depth);
      cases += "    </testcase>\n";
    }
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites tests=\"{0}\" failures=\"{1}\" time=\"{2:.6f}\">\n"
      "  <testsuite name=\"synack\" tests=\"{0}\" failures=\"{1}\" errors=\"0\" time=\"{2:.6f}\">\n"
      "{3}  </testsuite>\n</testsuites>\n",
      tests, failures, total, cases);
}

}  // namespace synack::reports
