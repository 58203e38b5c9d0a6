#include "reports/trace_text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/expr.hpp"

namespace synack::reports {

std::string format_step(const checker::StepInfo& info) {
  std::string line = info.actor + " " + info.event;
  if (!info.message.empty()) line += " " + info.message;
  if (!info.outcome.empty()) line += " (" + info.outcome + ")";
  for (std::size_t i = 0; i < info.sent.size(); ++i) {
    line += (i == 0 ? " -> sends " : ", ") + info.sent[i];
    if (i < info.sent_to.size() && !info.sent_to[i].empty()) line += " to " + info.sent_to[i];
  }
  for (std::size_t i = 0; i < info.layered.size(); ++i)
    line += (i == 0 ? "; " : ", ") + info.layered[i];
  return line;
}

const char* trace_role(checker::PropertyKind kind) {
  return kind == checker::PropertyKind::kSometimes ? "witness" : "counterexample";
}

std::string trace_shape(const checker::Trace& trace) {
  if (!trace.is_lasso()) return fmt::format("{} steps", trace.steps.size());
  if (trace.cycle_length() == 0)
    return fmt::format("lasso: {}-step prefix, then stuck", trace.prefix_length());
  return fmt::format("lasso: {}-step prefix, {}-step cycle", trace.prefix_length(),
                     trace.cycle_length());
}

std::string format_trace(const checker::Model& model, const checker::PropertySpec& property,
                         const checker::Trace& trace) {
  std::string out;
  std::size_t width = 0;
  for (const auto& step : trace.steps) width = std::max(width, format_step(step.info).size());
  out += fmt::format("    {:>3}  {:<{}}  {}\n", 0, "(initial)", width,
                     model.summary(trace.initial.data()));
  // Initial values a Z3 engine chose (an open ISN clock): the trace starts there.
  std::string chosen;
  for (std::size_t slot : model.open_initial_slots())
    chosen += fmt::format(" {}={}", model.layout().slot(slot).name,
                          model.layout().slot(slot).print(trace.initial.at(slot)));
  if (!chosen.empty()) out += "         chosen initial values:" + chosen + "\n";
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    if (trace.cycle_start == i)
      out += fmt::format("         --- cycle: steps {}..{} repeat forever ---\n", i + 1,
                         trace.steps.size());
    out += fmt::format("    {:>3}  {:<{}}  {}\n", i + 1, format_step(trace.steps[i].info), width,
                       model.summary(trace.steps[i].state.data()));
  }
  if (trace.is_lasso() && trace.cycle_length() == 0)
    out += "         --- stuck: no step is enabled; this state lasts forever ---\n";
  else if (trace.is_lasso())
    out += fmt::format("         --- back to the state after step {} ---\n", trace.prefix_length());
  const std::vector<checker::Value>& last =
      trace.steps.empty() ? trace.initial : trace.steps.back().state;
  const checker::Layout& layout = model.layout();
  std::vector<std::size_t> slots;
  for (const std::string* text : {&property.expression, &property.consequence}) {
    if (text->empty()) continue;
    for (std::size_t slot : checker::Expr::parse(*text, layout).slots_read())
      if (std::find(slots.begin(), slots.end(), slot) == slots.end()) slots.push_back(slot);
  }
  std::string focus;
  for (std::size_t slot : slots)
    focus += fmt::format(" {}={}", layout.slot(slot).name, layout.slot(slot).print(last[slot]));
  if (!focus.empty()) out += "    finally:" + focus + "\n";
  return out;
}

}  // namespace synack::reports
