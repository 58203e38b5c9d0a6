#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "cli/commands.hpp"
#include "reports/baseline.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit.hpp"
#include "reports/results_table.hpp"
#include "reports/unhandled.hpp"

namespace synack::cli {

namespace {

std::ofstream open_output(const std::string& option, const std::string& path) {
  std::ofstream out;
  if (path.empty()) return out;
  out.open(path);
  if (!out) throw InputError(fmt::format("{} {}: cannot open for writing", option, path));
  return out;
}

nlohmann::json load_baseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("--baseline {}: cannot read the file", path));
  std::stringstream text;
  text << in.rdbuf();
  return reports::parse_baseline(text.str(), path);
}

}  // namespace

int run_check(const Catalog& catalog, const CheckOptions& o, std::ostream& out) {
  PreparedRuns prepared = prepare_runs(catalog, o.selection);
  // Bad output paths and baselines fail before a long run, not after it.
  nlohmann::json baseline;
  if (!o.baseline_file.empty()) baseline = load_baseline(o.baseline_file);
  std::ofstream json_out = open_output("--json", o.json_file);
  std::ofstream junit_out = open_output("--junit", o.junit_file);
  std::ofstream report_out;
  if (!o.report_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.report_dir, ec);
    report_out =
        open_output("--report", (std::filesystem::path(o.report_dir) / "index.html").string());
  }

  if (o.depth_given && o.engine.name != "bmc" && o.engine.name != "kind")
    throw InputError(fmt::format("--depth: applies to --engine bmc or kind, not {}", o.engine.name));
  execute_runs(prepared, o.limits, terminal_progress(), o.engine);
  clear_terminal_progress();
  const auto& runs = prepared.runs;

  out << reports::format_results_table(runs, {o.expect});
  if (!o.quiet) out << reports::format_all_traces(runs, o.charts);
  nlohmann::json json = reports::results_json(runs);
  if (o.unhandled) {
    json["unhandled"] = nlohmann::json::array();
    for (const auto& run : runs) {
      checker::UnhandledReport r = checker::unhandled_inputs(*run.model, o.limits);
      out << reports::format_unhandled(run.scenario->name, r);
      json["unhandled"].push_back(reports::unhandled_json(run.scenario->name, r));
    }
  }
  if (json_out.is_open()) json_out << json.dump(2) << "\n";
  if (junit_out.is_open()) junit_out << reports::junit_xml(runs, o.expect);
  if (report_out.is_open()) report_out << reports::html_report(runs);

  bool violated = false, inconclusive = false, unexpected = false;
  for (const auto& run : runs)
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      checker::Verdict v = run.results[i].verdict;
      violated |= v == checker::Verdict::kViolated;
      inconclusive |= v == checker::Verdict::kInconclusive ||
                      v == checker::Verdict::kBoundedHolds || v == checker::Verdict::kUnsupported;
      unexpected |= v != run.properties[i].expected;
    }
  if (o.expect)
    out << (unexpected ? "\nsome verdicts are UNEXPECTED\n" : "\nevery verdict is as expected\n");
  if (!o.baseline_file.empty()) {
    auto comparison = reports::compare_with_baseline(baseline, runs);
    out << "\n" << comparison.format();
    bool flipped = !comparison.flips.empty();
    return (flipped || (o.expect && unexpected)) ? 1 : 0;
  }
  if (o.expect) return unexpected ? 1 : 0;
  if (violated) return 1;
  return inconclusive ? 3 : 0;
}

int run_baseline_save(const Catalog& catalog, const BaselineSaveOptions& o, std::ostream& out) {
  Selection selection = o.selection;
  selection.all = selection.scenarios.empty();
  PreparedRuns prepared = prepare_runs(catalog, selection);
  std::ofstream file = open_output("baseline save", o.file);
  execute_runs(prepared, o.limits, terminal_progress());
  clear_terminal_progress();
  file << reports::baseline_json(prepared.runs).dump(2) << "\n";
  out << fmt::format("baseline: saved {} scenario(s) to {}\n", prepared.runs.size(), o.file);
  return 0;
}

}  // namespace synack::cli
