#include "checker/step_error.hpp"

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

}  // namespace

void throw_step_error(const Model& model, const Trace& before, std::size_t group,
                      const InputError& error, const std::string& engine) {
  verify_by_replay(model, before);
  std::vector<std::string> run;
  for (const TraceStep& step : before.steps) run.push_back(step_line(model, step));
  run.push_back(model.group_name(failing_group(model, before, group)));
  throw StepError(error.what(), std::move(run), engine);
}

std::string format_step_error_run(const StepError& e) {
  std::string out = fmt::format(
      "the run that leads there ({} step{}, found by {}; the steps "
      "before the last replayed through the Boost.MSM machines):\n",
      e.run.size(), e.run.size() == 1 ? "" : "s", e.engine);
  for (std::size_t i = 0; i < e.run.size(); ++i) out += fmt::format("  {}. {}\n", i + 1, e.run[i]);
  return out;
}

}  // namespace synack::checker
