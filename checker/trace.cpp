#include "checker/trace.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "checker/errors.hpp"
#include "checker/machine_code_error.hpp"
#include "checker/step_error.hpp"

namespace synack::checker {

namespace {

// A link that is no step: the checkpoint's fault when a resumed run read it from there.
void blame_restored_link(const StateStore& store, std::uint32_t parent, std::uint32_t child) {
  if (child < store.restored())
    throw InputError(fmt::format(
        "{} is not a usable checkpoint: state {} is no step from its parent {} (a file made or "
        "edited by hand?); start afresh without --resume",
        store.restored_from(), child, parent));
}

// The store keeps parents but not the step between parent and child (that would cost
// bytes per state); the first group, in the engine's order, that leads there is the one
// BFS took. The liveness graph's store also holds its own steps (a delivery the receiver
// discards: Model::liveness_only_step), which the graph's search takes where no other
// step leads. None: a link a checkpoint made by hand put there, else a bug of synack's.
std::size_t group_between(const Model& model, const StateStore& store, std::uint32_t parent,
                          std::uint32_t child, const std::vector<Value>& from,
                          const std::vector<Value>& to) {
  std::vector<Value> next(from.size());
  for (std::size_t g = 0; g < model.group_count(); ++g)
    if (model.apply(g, from.data(), next.data()) && next == to) return g;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    if (model.liveness_only_step(g, from.data(), next.data()) && next == to) return g;
  blame_restored_link(store, parent, child);
  throw InternalError("no transition group leads from a stored state to its stored child");
}

// A symmetry-reduced store holds representatives: the trace is the run they stand for.
std::optional<std::vector<std::size_t>> real_run(const Model& model, const StateStore& store,
                                                 const std::vector<std::uint32_t>& path,
                                                 std::vector<std::vector<Value>>& states) {
  try {
    return model.real_run(states);
  } catch (const NoRealStep& e) {
    blame_restored_link(store, path[e.step - 1], path[e.step]);
    throw;
  }
}

}  // namespace

Trace reconstruct_trace(const Model& model, const StateStore& store, std::uint32_t index) {
  const Layout& layout = model.layout();
  std::vector<std::uint32_t> path;
  for (std::uint32_t i = index; i != StateStore::kNoParent; i = store.parent(i)) path.push_back(i);
  std::reverse(path.begin(), path.end());

  std::vector<std::vector<Value>> states(path.size(), std::vector<Value>(layout.size()));
  for (std::size_t k = 0; k < path.size(); ++k) store.unpack(path[k], layout, states[k].data());
  std::optional<std::vector<std::size_t>> groups = real_run(model, store, path, states);

  Trace trace;
  trace.initial = std::move(states.front());
  const std::vector<Value>* previous = &trace.initial;
  trace.steps.reserve(path.size() - 1);
  for (std::size_t k = 1; k < path.size(); ++k) {
    TraceStep step;
    step.state = std::move(states[k]);
    step.group = groups ? (*groups)[k - 1]
                        : group_between(model, store, path[k - 1], path[k], *previous, step.state);
    step.info = model.describe(step.group, previous->data());
    trace.steps.push_back(std::move(step));
    previous = &trace.steps.back().state;
  }
  return trace;
}

void verify_by_replay(const Model& model, const Trace& trace) {
  std::vector<std::size_t> groups;
  std::vector<std::vector<Value>> states{trace.initial};
  for (const TraceStep& step : trace.steps) {
    groups.push_back(step.group);
    states.push_back(step.state);
  }
  std::optional<std::string> divergence;
  try {
    divergence = model.replay(groups, states);
  } catch (const StateOutsideVars& e) {  // the user's machine, not synack: the run to there
    throw_replay_error(model, trace, e.step, e);
  }
  if (divergence)
    throw InternalError("counterexample does not replay through the real machines: " + *divergence);
}

}  // namespace synack::checker
