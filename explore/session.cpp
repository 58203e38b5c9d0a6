#include "explore/session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/suggest.hpp"
#include "reports/printable.hpp"
#include "reports/trace_text.hpp"

namespace synack::explore {

using checker::PropertyKind;
using checker::Value;

Session::Session(const checker::Model& model, std::vector<checker::PropertySpec> properties,
                 checker::Limits limits, std::string program)
    : model_(model),
      properties_(std::move(properties)),
      limits_(limits),
      program_(std::move(program)) {
  // The scenario's own expressions parsed once; a bad one is the scenario's error, found
  // before the page opens.
  for (const auto& p : properties_) {
    Parsed parsed;
    if (!p.expression.empty())
      parsed.expression = checker::Expr::parse(p.expression, model_.layout());
    if (!p.consequence.empty())
      parsed.consequence = checker::Expr::parse(p.consequence, model_.layout());
    parsed_.push_back(std::move(parsed));
  }
  restart();
}

void Session::run_checks() {
  results_ = checker::check_properties(model_, properties_, limits_);
}

std::vector<EnabledStep> Session::enabled_steps() const {
  std::vector<EnabledStep> steps;
  const std::vector<Value>& from = current();
  const PathEntry* ahead = next_on_path();
  std::vector<Value> to(from.size());
  for (std::size_t g = 0; g < model_.group_count(); ++g) {
    if (!model_.apply(g, from.data(), to.data())) continue;
    EnabledStep step{g, model_.describe(g, from.data()), to, false};
    step.next_on_path = ahead && ahead->group == g && ahead->state == to;
    steps.push_back(std::move(step));
  }
  return steps;
}

const PathEntry* Session::next_on_path() const {
  return position_ + 1 < path_.size() ? &path_[position_ + 1] : nullptr;
}

bool Session::step(std::size_t group) {
  if (group >= model_.group_count()) return false;
  std::vector<Value> to(current().size());
  if (!model_.apply(group, current().data(), to.data())) return false;
  const PathEntry* ahead = next_on_path();
  if (ahead && ahead->group == group && ahead->state == to) return forward();
  PathEntry entry{group, model_.describe(group, current().data()), std::move(to)};
  path_.resize(position_ + 1);
  path_.push_back(std::move(entry));
  ++position_;
  // A walk of the user's own from here on: the trace it left is no longer what is shown.
  if (origin_.kind != PathOrigin::kWalk) origin_ = PathOrigin{};
  return true;
}

bool Session::back() {
  if (position_ == 0) return false;
  --position_;
  return true;
}

bool Session::forward() {
  if (!next_on_path()) return false;
  ++position_;
  return true;
}

bool Session::go_to(std::size_t position) {
  if (position >= path_.size()) return false;
  position_ = position;
  return true;
}

void Session::restart() {
  path_.assign(1, PathEntry{std::nullopt, {}, model_.initial_state()});
  position_ = 0;
  origin_ = PathOrigin{};
}

void Session::load(const checker::Trace& trace, PathOrigin origin) {
  path_.assign(1, PathEntry{std::nullopt, {}, trace.initial});
  // The engine's steps as they were replayed: a liveness run may take steps apply() folds
  // away (an idle tick, a discarded delivery), which the enabled list does not offer.
  for (const checker::TraceStep& s : trace.steps) path_.push_back({s.group, s.info, s.state});
  origin.cycle_start = trace.cycle_start;
  origin_ = std::move(origin);
}

void Session::load_trace(const std::string& property, std::size_t index) {
  std::vector<std::string> with_traces;
  for (const checker::Result& r : results_) {
    std::size_t count = r.several ? r.traces.size() : (r.trace ? 1 : 0);
    if (count > 0) with_traces.push_back(r.property);
    if (r.property != property) continue;
    if (count == 0)
      throw InputError(
          fmt::format("property {} has no trace: it is {}", property, checker::verdict_text(r)));
    if (index >= count)
      throw InputError(fmt::format("property {} has {} trace{}; trace {} is not one of them",
                                   property, count, count == 1 ? "" : "s", index));
    const checker::Trace& trace = r.several ? r.traces[index] : *r.trace;
    load(trace, PathOrigin{PathOrigin::kTrace,
                           property,
                           reports::trace_role(r.kind),
                           index,
                           reports::trace_shape(trace),
                           {}});
    position_ = 0;
    return;
  }
  throw InputError(fmt::format("no property {} with a trace; {}", property,
                               checker::valid_names("with traces", property, with_traces, 40)));
}

SearchOutcome Session::search(const std::string& expression) {
  checker::Expr::parse(expression, model_.layout());  // the CLI's error line, if it is bad
  checker::PropertySpec wanted{"search", PropertyKind::kSometimes, expression, "",
                               checker::Verdict::kHolds};
  checker::Result r = checker::check_properties(model_, {wanted}, limits_).at(0);
  // The line echoes the expression: cut as an error line's echo is, for one of 100 KB.
  if (r.verdict == checker::Verdict::kHolds && r.trace) {
    load(*r.trace, PathOrigin{PathOrigin::kSearch, expression, "", 0, "", {}});
    position_ = path_.size() - 1;
    return {true, reports::printable_line(fmt::format(
                      "the first state where {}: {} step{} from the initial state", expression,
                      r.trace->steps.size(), r.trace->steps.size() == 1 ? "" : "s"))};
  }
  if (r.verdict == checker::Verdict::kViolated)
    return {false,
            reports::printable_line(fmt::format(
                "no reachable state satisfies {} ({} states, all of them)", expression, r.states))};
  // A limit: the state may be there, beyond what was searched.
  std::string limit = r.limit.rfind("max-", 0) == 0 ? "--" + r.limit + " reached"
                      : r.limit.empty()             ? std::string("a limit")
                                                    : r.limit;
  return {false, reports::printable_line(fmt::format(
                     "no state satisfies {} within the {} states searched ({}); it may lie "
                     "further",
                     expression, r.states, limit))};
}

std::string Session::error_line(const std::string& what) const {
  return program_ + ": " + reports::printable_line(what);
}

bool Session::deadlocked(const std::vector<Value>& state) const {
  std::vector<Value> to(state.size());
  for (std::size_t g = 0; g < model_.group_count(); ++g)
    if (model_.apply(g, state.data(), to.data())) return false;
  return true;
}

std::string Session::property_now(std::size_t i) const {
  const checker::PropertySpec& p = properties_.at(i);
  const Parsed& parsed = parsed_.at(i);
  const Value* state = current().data();
  auto truth = [](bool b) { return std::string(b ? "true" : "false"); };
  switch (p.kind) {
    case PropertyKind::kDeadlockFree: {
      if (!deadlocked(current())) return "true";
      bool end = parsed.expression ? parsed.expression->holds(state) : model_.proper_end(state);
      return truth(end);
    }
    case PropertyKind::kLeadsTo:
      return fmt::format("premise {}, consequence {}", truth(parsed.expression->holds(state)),
                         truth(parsed.consequence->holds(state)));
    default:
      return truth(parsed.expression->holds(state));
  }
}

}  // namespace synack::explore
