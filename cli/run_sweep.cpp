// `synack check SCENARIO --sweep KEY=A..B`: the same check once per value of a parameter,
// verdicts side by side: which values make which properties hold.
#include <charconv>
#include <ostream>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "cli/commands.hpp"

namespace synack::cli {

namespace {

struct Sweep {
  std::string key;
  int from = 0, to = 0;
};

Sweep parse_sweep(const std::string& text) {
  auto eq = text.find('=');
  auto dots = text.find("..", eq == std::string::npos ? 0 : eq);
  auto bad = [&] {
    return InputError(
        fmt::format("--sweep '{}': expected KEY=A..B with integers A <= B, e.g. "
                    "tcp.time_wait=0..6",
                    text));
  };
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos) throw bad();
  Sweep s;
  s.key = text.substr(0, eq);
  std::string a = text.substr(eq + 1, dots - eq - 1), b = text.substr(dots + 2);
  auto num = [&](const std::string& t, int& v) {
    auto [end, err] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || err != std::errc() || end != t.data() + t.size()) throw bad();
  };
  num(a, s.from);
  num(b, s.to);
  if (s.from > s.to) throw bad();
  if (s.to - s.from > 64) throw InputError(fmt::format("--sweep '{}': at most 65 values", text));
  return s;
}

}  // namespace

int run_sweep(const Catalog& catalog, const CheckOptions& o, std::ostream& out) {
  Sweep sweep = parse_sweep(o.sweep);
  // A sweep prints its own table; the per-run outputs would need one file per value.
  for (auto [given, name] : {std::pair{!o.json_file.empty(), "--json"},
                             {!o.junit_file.empty(), "--junit"},
                             {!o.report_dir.empty(), "--report"},
                             {!o.baseline_file.empty(), "--baseline"},
                             {o.expect, "--expect"},
                             {o.charts, "--chart"},
                             {o.unhandled, "--unhandled"},
                             {o.coverage, "--coverage"},
                             {o.limits.max_errors > 1, "--max-errors"},
                             {!o.checkpoint_dir.empty(), "--checkpoint"},
                             {!o.resume_dir.empty(), "--resume"}})
    if (given) throw InputError(fmt::format("--sweep cannot be combined with {}", name));
  check_engine_options(o.engine, o.depth_given, o.explicit_only);
  for (const auto& set : o.selection.sets)
    if (set.rfind(sweep.key + "=", 0) == 0)
      throw InputError(
          fmt::format("--sweep {} and --set {} name the same parameter", sweep.key, set));
  // Validate everything (and the first value) before the first long run.
  std::vector<PreparedRuns> all;
  for (int v = sweep.from; v <= sweep.to; ++v) {
    Selection s = o.selection;
    s.sets.push_back(fmt::format("{}={}", sweep.key, v));
    all.push_back(prepare_runs(catalog, s));
  }
  out << fmt::format("{:<24} {:<34} {:>8}  {:<13} {:>10} {:>6}\n", "scenario", "property",
                     sweep.key, "verdict", "states", "depth");
  out << std::string(100, '-') << "\n";
  int v = sweep.from;
  Outcome outcome;
  for (PreparedRuns& p : all) {
    execute_runs(p, o.limits, terminal_progress(), o.engine);
    clear_terminal_progress();
    outcome.add(p.runs);
    for (const auto& run : p.runs)
      for (const auto& r : run.results)
        out << fmt::format("{:<24} {:<34} {:>8}  {:<13} {:>10} {:>6}\n", run.scenario->name,
                           r.property, v, checker::verdict_text(r), r.states, r.depth);
    ++v;
  }
  // The same contract as a single check, over all values.
  return outcome.exit_code(false);
}

}  // namespace synack::cli
