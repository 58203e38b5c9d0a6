#include "checker/trace_judged.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/expr.hpp"

namespace synack::checker {

namespace {

// The states of the trace in order: the initial one, then each step's.
std::vector<const Value*> states_of(const Trace& trace) {
  std::vector<const Value*> out{trace.initial.data()};
  for (const TraceStep& s : trace.steps) out.push_back(s.state.data());
  return out;
}

// Whether the lasso never satisfies `goal` from state `from` on; the cycle, which repeats,
// counts whole wherever `from` lies in it. An empty cycle repeats the last state.
bool avoids_from(const Expr& goal, const std::vector<const Value*>& states, std::size_t cycle,
                 std::size_t from) {
  for (std::size_t i = std::min(from, cycle); i < states.size(); ++i)
    if (goal.holds(states[i])) return false;
  return true;
}

}  // namespace

void confirm_trace_judges(const Model& model, const PropertySpec& p, const Trace& trace,
                          std::string_view engine) {
  if (p.kind == PropertyKind::kDeadlockFree) return;
  const std::vector<const Value*> states = states_of(trace);
  const Expr expression = Expr::parse(p.expression, model.layout());
  bool agrees = false;
  if (p.kind == PropertyKind::kAlways) {
    agrees = !expression.holds(states.back());
  } else if (p.kind == PropertyKind::kSometimes) {
    agrees = expression.holds(states.back());
  } else if (trace.cycle_start) {
    const std::size_t cycle = *trace.cycle_start;
    if (p.kind == PropertyKind::kEventually) {
      agrees = avoids_from(expression, states, cycle, 0);
    } else if (p.kind == PropertyKind::kAlwaysEventually) {
      agrees = avoids_from(expression, states, cycle, cycle);
    } else {
      const Expr consequence = Expr::parse(p.consequence, model.layout());
      for (std::size_t i = 0; i < states.size() && !agrees; ++i)
        agrees = expression.holds(states[i]) && avoids_from(consequence, states, cycle, i);
    }
  }
  if (agrees) return;
  const std::size_t steps = trace.steps.size();
  throw InternalError(fmt::format(
      "{} reported {} {} with a run of {} step{} that, replayed through the machines, does not "
      "show it{}",
      engine, p.name, p.kind == PropertyKind::kSometimes ? "holds" : "violated", steps,
      steps == 1 ? "" : "s",
      trace.cycle_start || !is_liveness(p.kind) ? "" : " (it has no cycle)"));
}

}  // namespace synack::checker
