#include "checker/step_error.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <typeinfo>

#include <fmt/format.h>

#include "checker/symmetry/symmetric_model.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

namespace {

// A step as one line, without the reports library (which builds on the checker): the
// transition group ("counter.tick", "c2s.deliver[0]") and the message it involved. The
// failing step has the group alone: describing it would run it, and fail, again.
std::string step_line(const Model& model, const TraceStep& step) {
  std::string line = model.group_name(step.group);
  if (!step.info.message.empty()) line += " " + step.info.message;
  return line;
}

// The group that fails at the run's last state. A symmetry-reduced search found the
// failure on a representative, where the same step may be another member's group than in
// the real run (checker/symmetry/): then it is the first group that fails there.
std::size_t failing_group(const Model& model, const Trace& before, std::size_t group) {
  if (!dynamic_cast<const SymmetricModel*>(&model)) return group;
  const std::vector<Value>& last =
      before.steps.empty() ? before.initial : before.steps.back().state;
  std::vector<Value> next(last.size());
  auto fails = [&](std::size_t g) {
    try {
      model.apply(g, last.data(), next.data());
      return false;
    } catch (const InputError&) {
      return true;
    }
  };
  if (fails(group)) return group;
  for (std::size_t g = 0; g < model.group_count(); ++g)
    if (fails(g)) return g;
  return group;
}

// The failing step taken again from the run's last state (machines are deterministic):
// the error as the real run meets it, with its facts.
struct Again {
  std::string what;
  MachineFault fault;
};
std::optional<Again> fail_again(const Model& model, const Trace& before, std::size_t group) {
  const std::vector<Value>& last =
      before.steps.empty() ? before.initial : before.steps.back().state;
  std::vector<Value> next(last.size());
  try {
    model.apply(group, last.data(), next.data());
  } catch (const InputError& again) {
    return Again{again.what(), fault_of(again)};
  }
  return std::nullopt;
}

}  // namespace

void throw_step_error(const Model& model, const Trace& before, std::size_t group,
                      const InputError& error, const std::string& engine) {
  verify_by_replay(model, before);
  std::vector<std::string> run, states{model.summary(before.initial.data())};
  for (const TraceStep& step : before.steps) {
    run.push_back(step_line(model, step));
    states.push_back(model.summary(step.state.data()));
  }
  const std::size_t failed = failing_group(model, before, group);
  run.push_back(model.group_name(failed));
  // A symmetry-reduced search met the error on a representative, whose members are
  // renamed: the message is the real run's, which names the member that fails in it. An
  // error that reached here as text alone (from a swarm member or another MPI rank) has
  // lost its facts: the real run's step raises it again.
  const bool renamed = dynamic_cast<const SymmetricModel*>(&model) != nullptr;
  std::optional<Again> again;
  if (renamed || typeid(error) == typeid(InputError)) again = fail_again(model, before, failed);
  const bool use_again = again && (renamed || again->what == error.what());
  StepError e(use_again ? again->what : error.what(), std::move(run), engine, std::move(states));
  e.before = before;
  e.failed_group = failed;
  e.fault = use_again ? again->fault : fault_of(error);
  throw e;
}

void throw_replay_error(const Model& model, const Trace& trace, std::size_t step,
                        const InputError& error) {
  std::vector<std::string> run, states{model.summary(trace.initial.data())};
  StepError e(error.what(), {}, "");
  e.before.initial = trace.initial;
  for (std::size_t i = 0; i <= step && i < trace.steps.size(); ++i) {
    run.push_back(step_line(model, trace.steps[i]));
    if (i < step) {
      states.push_back(model.summary(trace.steps[i].state.data()));
      e.before.steps.push_back(trace.steps[i]);
    } else {
      e.failed_group = trace.steps[i].group;
    }
  }
  e.run = std::move(run);
  e.states = std::move(states);
  e.fault = fault_of(error);
  throw e;
}

std::string format_step_error_run(const StepError& e) {
  std::string out = fmt::format(
      "the run that leads there ({} step{}{}; the steps "
      "before the last replayed through the Boost.MSM machines):\n",
      e.run.size(), e.run.size() == 1 ? "" : "s", e.engine.empty() ? "" : ", found by " + e.engine);
  if (e.states.size() != e.run.size()) {
    for (std::size_t i = 0; i < e.run.size(); ++i)
      out += fmt::format("  {}. {}\n", i + 1, e.run[i]);
    return out;
  }
  // As a counterexample reads: each step beside the control states it leads to; the
  // failing step has none (it did not complete).
  std::size_t width = std::string_view("(initial)").size();
  for (const std::string& step : e.run) width = std::max(width, step.size());
  const int number = static_cast<int>(std::to_string(e.run.size()).size()) + 1;
  auto line = [&](std::string label, std::string_view step, std::string_view states) {
    std::string text = fmt::format("  {:>{}} {:<{}}  {}", label, number, step, width, states);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  out += line("0.", "(initial)", e.states[0]);
  for (std::size_t i = 0; i < e.run.size(); ++i)
    out += line(fmt::format("{}.", i + 1), e.run[i],
                i + 1 < e.run.size() ? std::string_view(e.states[i + 1]) : "(fails here)");
  return out;
}

}  // namespace synack::checker
