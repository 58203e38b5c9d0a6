#include "cli/assumptions.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr.hpp"

namespace synack::cli {

namespace {

using checker::Result;
using checker::Trace;
using checker::Verdict;

struct Assumption {
  std::string name;
  checker::Expr expr;
  const Result* result;
};

// The first state of `trace` where the assumption fails, as a step number (0: the initial
// state); none when it holds throughout.
std::optional<std::size_t> first_break(const checker::Expr& expr, const Trace& trace) {
  if (!expr.holds(trace.initial.data())) return 0;
  for (std::size_t i = 0; i < trace.steps.size(); ++i)
    if (!expr.holds(trace.steps[i].state.data())) return i + 1;
  return std::nullopt;
}

// Why a whole-state-space verdict cannot stand on `a`; empty when it can.
std::string unsupported_by(const Assumption& a) {
  const Result& r = *a.result;
  if (r.verdict == Verdict::kHolds) return {};
  if (r.verdict == Verdict::kViolated)
    return fmt::format("rests on {}, violated in {} steps", a.name,
                       r.trace ? r.trace->steps.size() : r.depth);
  return fmt::format("rests on {}, which is {}", a.name, checker::verdict_text(r));
}

void make_inconclusive(Result& r, std::string why) {
  r.verdict = Verdict::kInconclusive;
  r.limit = std::move(why);
  // The trace shows a run the models' known behaviour does not vouch for: it is no
  // counterexample or witness, and reports would call it one.
  r.trace.reset();
  r.traces.clear();
  r.several = false;
  r.traces_limit.clear();
}

}  // namespace

void qualify_by_assumptions(reports::ScenarioRun& run) {
  if (run.assumptions.empty()) return;
  std::vector<Assumption> assumptions;
  for (const std::string& name : run.assumptions) {
    std::size_t i = 0;
    while (i < run.properties.size() && run.properties[i].name != name) ++i;
    if (i == run.properties.size() || i >= run.results.size())
      throw InternalError(
          fmt::format("{}: assumption {} was not checked", run.scenario->name, name));
    if (run.properties[i].kind != checker::PropertyKind::kAlways)
      throw InternalError(
          fmt::format("{}: assumption {} is not an always property", run.scenario->name, name));
    assumptions.push_back({name,
                           checker::Expr::parse(run.properties[i].expression, run.model->layout()),
                           &run.results[i]});
  }
  // Judged against the assumptions' own verdicts, before any of them is rewritten.
  std::vector<Result> judged = run.results;
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    Result& r = judged[i];
    bool backed_by_trace = r.trace.has_value();
    bool whole_space =
        !backed_by_trace && (r.verdict == Verdict::kHolds || r.verdict == Verdict::kViolated ||
                             r.verdict == Verdict::kBoundedHolds);
    for (const Assumption& a : assumptions) {
      if (a.result == &run.results[i]) continue;
      if (backed_by_trace) {
        if (auto step = first_break(a.expr, *r.trace)) {
          make_inconclusive(r, fmt::format("its trace leaves {} at step {} of {}", a.name, *step,
                                           r.trace->steps.size()));
          break;
        }
        // --max-errors: the further traces are shown as counterexamples too.
        std::erase_if(r.traces, [&](const Trace& t) { return first_break(a.expr, t).has_value(); });
      } else if (whole_space) {
        if (std::string why = unsupported_by(a); !why.empty()) {
          make_inconclusive(r, std::move(why));
          break;
        }
      }
    }
  }
  run.results = std::move(judged);
}

}  // namespace synack::cli
