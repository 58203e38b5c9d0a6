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
  r.vacuous = false;  // said of a holds only
  r.premise.clear();
  r.premise_proved_by.clear();
}

// Where a trace first leaves one of the assumptions: which one, and at which step.
struct Break {
  const Assumption* assumption = nullptr;
  std::size_t step = 0;
};

// The earliest step over all the assumptions (not the first assumption in the list that
// breaks somewhere): past it the run is a guess, so that is the assumption to name.
std::optional<Break> first_break(const std::vector<Assumption>& assumptions, const Result& of,
                                 const Trace& trace) {
  std::optional<Break> earliest;
  for (const Assumption& a : assumptions) {
    if (a.result == &of) continue;
    if (auto step = first_break(a.expr, trace); step && (!earliest || *step < earliest->step))
      earliest = Break{&a, *step};
  }
  return earliest;
}

// A verdict backed by traces. Under --max-errors the search found several: those that
// leave an assumption are dropped and counted, and the verdict rests on the shortest that
// stays inside (a run of the models, replayed like every trace); inconclusive when none
// does. `original` is the result before any rewriting (its address identifies it).
void judge_traces(Result& r, const Result& original, const std::vector<Assumption>& assumptions,
                  reports::ScenarioRun::DroppedTraces& dropped_out) {
  std::vector<Trace> all;
  if (r.several && !r.traces.empty())
    all = std::move(r.traces);
  else
    all.push_back(*r.trace);
  std::vector<Trace> inside;
  std::optional<Break> first;
  std::size_t dropped = 0;
  std::vector<bool> left(assumptions.size(), false);
  for (std::size_t t = 0; t < all.size(); ++t) {
    std::optional<Break> b = first_break(assumptions, original, all[t]);
    if (t == 0) first = b;
    if (!b) {
      inside.push_back(std::move(all[t]));
      continue;
    }
    ++dropped;
    left[static_cast<std::size_t>(b->assumption - assumptions.data())] = true;
  }
  // Counted only when --max-errors found more than the verdict's own trace.
  if (all.size() > 1 && dropped > 0) {
    dropped_out.count = dropped;
    for (std::size_t a = 0; a < assumptions.size(); ++a)
      if (left[a]) dropped_out.leave.push_back(assumptions[a].name);
  }
  if (inside.empty()) {
    make_inconclusive(
        r, fmt::format("its trace leaves {} at step {} of {}", first->assumption->name, first->step,
                       all.front().steps.size()));
    return;
  }
  if (first) r.depth = inside.front().steps.size();  // the shortest trace that stays inside
  r.trace = inside.front();
  if (r.several) r.traces = std::move(inside);
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
  std::vector<reports::ScenarioRun::DroppedTraces> dropped(run.results.size());
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    Result& r = judged[i];
    bool backed_by_trace = r.trace.has_value();
    bool whole_space =
        !backed_by_trace && (r.verdict == Verdict::kHolds || r.verdict == Verdict::kViolated ||
                             r.verdict == Verdict::kBoundedHolds);
    if (backed_by_trace) {
      judge_traces(r, run.results[i], assumptions, dropped[i]);
      continue;
    }
    if (!whole_space) continue;
    for (const Assumption& a : assumptions) {
      if (a.result == &run.results[i]) continue;
      if (std::string why = unsupported_by(a); !why.empty()) {
        make_inconclusive(r, std::move(why));
        break;
      }
    }
  }
  run.results = std::move(judged);
  if (std::any_of(dropped.begin(), dropped.end(), [](const auto& d) { return d.count > 0; }))
    run.dropped = std::move(dropped);
}

}  // namespace synack::cli
