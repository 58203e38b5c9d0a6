#include "reports/trace_text.hpp"

#include <fmt/format.h>

#include "checker/expr.hpp"

namespace synack::reports {

std::string format_step(const checker::StepInfo& info) {
  std::string line = info.actor + " " + info.event;
  if (!info.message.empty()) line += " " + info.message;
  if (!info.outcome.empty()) line += " (" + info.outcome + ")";
  for (std::size_t i = 0; i < info.sent.size(); ++i)
    line += (i == 0 ? " -> sends " : ", ") + info.sent[i];
  return line;
}

std::string format_trace(const checker::Model& model, const checker::PropertySpec& property,
                         const checker::Trace& trace) {
  std::string out;
  std::size_t width = 0;
  for (const auto& step : trace.steps) width = std::max(width, format_step(step.info).size());
  out += fmt::format("    {:>3}  {:<{}}  {}\n", 0, "(initial)", width,
                     model.summary(trace.initial.data()));
  for (std::size_t i = 0; i < trace.steps.size(); ++i)
    out += fmt::format("    {:>3}  {:<{}}  {}\n", i + 1, format_step(trace.steps[i].info), width,
                       model.summary(trace.steps[i].state.data()));
  const std::vector<checker::Value>& last =
      trace.steps.empty() ? trace.initial : trace.steps.back().state;
  const checker::Layout& layout = model.layout();
  auto expr = checker::Expr::parse(property.expression, layout);
  std::string focus;
  for (std::size_t slot : expr.slots_read())
    focus += fmt::format(" {}={}", layout.slot(slot).name, layout.slot(slot).print(last[slot]));
  if (!focus.empty()) out += "    finally:" + focus + "\n";
  return out;
}

}  // namespace synack::reports
