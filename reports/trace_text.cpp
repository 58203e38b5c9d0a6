#include "reports/trace_text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "checker/expr.hpp"
#include "reports/text_wrap.hpp"

namespace synack::reports {

namespace {

// What the step did at the layer its group belongs to: "server rcv SYN SYN seq=0 ->
// sends SYN-ACK seq=0 ack=1".
std::string step_action(const checker::StepInfo& info) {
  std::string line = info.actor + " " + info.event;
  if (!info.message.empty()) line += " " + info.message;
  if (!info.outcome.empty()) line += " (" + info.outcome + ")";
  for (std::size_t i = 0; i < info.sent.size(); ++i) {
    line += (i == 0 ? " -> sends " : ", ") + info.sent[i];
    if (i < info.sent_to.size() && !info.sent_to[i].empty()) line += " to " + info.sent_to[i];
  }
  return line;
}

struct Row {
  std::string number, step;
  std::vector<std::string> layers;  // StepInfo::layered
  std::string state;
  // The step as format_step() gives it, the layers' part inline.
  std::string inline_text() const {
    return layers.empty() ? step : fmt::format("{}; {}", step, fmt::join(layers, ", "));
  }
};

// One line per step, the states in a column: the form every short trace takes.
std::string table_row(const Row& row, std::size_t step_width) {
  return fmt::format("    {:>3}  {:<{}}  {}\n", row.number, row.inline_text(), step_width,
                     row.state);
}

// The step, what passed between layers on "+" lines, the state after it on a "=" line,
// each wrapped to the width.
std::string stacked_row(const Row& row, std::size_t width) {
  const std::string indent(11, ' ');
  std::string out = wrap_text(fmt::format("    {:>3}  ", row.number), row.step, indent, width);
  // One line for each thing that passed between the layers ("tls_server rcv ClientHello
  // -> writes ServerHello, ..."): joined, their lists would run into each other.
  for (const std::string& layer : row.layers) out += wrap_text("         + ", layer, indent, width);
  return out + wrap_text("         = ", row.state, indent, width);
}

// The slots a step's change is told for under --changes: every variable but an actor's
// control state (the column beside the step has it) and a channel's slots (the step's
// sends and deliveries say what they did).
std::vector<bool> told_slots(const checker::Model& model) {
  const checker::Layout& layout = model.layout();
  std::vector<bool> told(layout.size(), true);
  std::vector<std::string> channels;
  for (const auto& c : model.channel_ends()) channels.push_back(c.name);
  const std::vector<std::string> actors = model.actor_names();
  for (std::size_t slot = 0; slot < layout.size(); ++slot) {
    const std::string& name = layout.slot(slot).name;
    for (const std::string& a : actors)
      if (name == a + ".state") told[slot] = false;
    for (const std::string& c : channels)
      if (name.starts_with(c + "[") || name.starts_with(c + ".")) told[slot] = false;
  }
  return told;
}

// "client.iss 0 -> 4, client.snd_nxt 0 -> 5": what a step changed, or empty.
std::string changes_text(const checker::Model& model, const std::vector<bool>& told,
                         const std::vector<checker::Value>& before,
                         const std::vector<checker::Value>& after) {
  std::vector<std::string> parts;
  for (std::size_t slot = 0; slot < told.size(); ++slot)
    if (told[slot] && before[slot] != after[slot]) {
      const checker::Slot& s = model.layout().slot(slot);
      parts.push_back(
          fmt::format("{} {} -> {}", s.name, s.print(before[slot]), s.print(after[slot])));
    }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string format_step(const checker::StepInfo& info) {
  std::string line = step_action(info);
  if (!info.layered.empty()) line += fmt::format("; {}", fmt::join(info.layered, ", "));
  return line;
}

std::string trace_heading(const std::string& title, const std::string& details, std::size_t width) {
  std::string line = title + " (" + details + ")";
  if (line.size() <= width) return line + "\n";
  return wrap_text("", title, "    ", width) + wrap_text("    (", details + ")", "     ", width);
}

const char* trace_role(checker::PropertyKind kind) {
  return kind == checker::PropertyKind::kSometimes ? "witness" : "counterexample";
}

std::string trace_shape(const checker::Trace& trace) {
  if (!trace.is_lasso())
    return trace.steps.size() == 1 ? std::string("1 step")
                                   : fmt::format("{} steps", trace.steps.size());
  if (trace.cycle_length() == 0)
    return fmt::format("lasso: {}-step prefix, then stuck", trace.prefix_length());
  return fmt::format("lasso: {}-step prefix, {}-step cycle", trace.prefix_length(),
                     trace.cycle_length());
}

std::string format_trace(const checker::Model& model, const checker::PropertySpec& property,
                         const checker::Trace& trace, std::size_t width, bool changes) {
  std::vector<Row> rows;
  rows.push_back({"0", "(initial)", {}, model.summary(trace.initial.data())});
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const checker::StepInfo& info = trace.steps[i].info;
    rows.push_back({std::to_string(i + 1), step_action(info), info.layered,
                    model.summary(trace.steps[i].state.data())});
  }
  // A table when every line fits the width; otherwise each step stacked on its own lines.
  std::size_t step_width = 0, line_width = 0;
  for (const Row& row : rows) step_width = std::max(step_width, row.inline_text().size());
  for (const Row& row : rows)
    line_width = std::max(line_width, 4 + 3 + 2 + step_width + 2 + row.state.size());
  const bool table = line_width <= width;

  std::string out;
  if (!table) {
    bool layered =
        std::any_of(rows.begin(), rows.end(), [](const Row& row) { return !row.layers.empty(); });
    out += wrap_text("    ",
                     fmt::format("(stacked to fit {} columns: {}= the state after it)", width,
                                 layered ? "+ what passed between a host's layers in the step, "
                                         : "under each step, "),
                     "     ", width);
  }
  auto row_text = [&](const Row& row) {
    return table ? table_row(row, step_width) : stacked_row(row, width);
  };
  out += row_text(rows[0]);
  // Initial values a Z3 engine chose (an open ISN clock): the trace starts there.
  std::string chosen;
  for (std::size_t slot : model.open_initial_slots())
    chosen += fmt::format(" {}={}", model.layout().slot(slot).name,
                          model.layout().slot(slot).print(trace.initial.at(slot)));
  if (!chosen.empty())
    out += wrap_text("         chosen initial values: ", chosen, std::string(11, ' '), width);
  const std::vector<bool> told = changes ? told_slots(model) : std::vector<bool>{};
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    if (trace.cycle_start == i)
      out += fmt::format("         --- cycle: steps {}..{} repeat forever ---\n", i + 1,
                         trace.steps.size());
    out += row_text(rows[i + 1]);
    if (!changes) continue;
    const std::string changed = changes_text(
        model, told, i == 0 ? trace.initial : trace.steps[i - 1].state, trace.steps[i].state);
    if (!changed.empty()) out += wrap_text("         ~ ", changed, std::string(11, ' '), width);
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
  if (!focus.empty()) out += wrap_text("    finally: ", focus, std::string(13, ' '), width);
  return out;
}

}  // namespace synack::reports
