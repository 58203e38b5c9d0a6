#include "reports/sequence_chart.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "reports/xml_escape.hpp"

#include "checker/errors.hpp"

namespace synack::reports {

namespace {

struct InFlight {
  std::string channel, text;
  std::size_t from, to, sent;
};

std::size_t index_of(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw InternalError("chart: unknown actor " + name);
  return static_cast<std::size_t>(it - names.begin());
}

}  // namespace

Chart build_chart(const checker::Model& model, const checker::Trace& trace) {
  Chart chart;
  chart.actors = model.actor_names();
  chart.steps = trace.steps.size();
  if (trace.is_lasso()) chart.cycle_from = trace.prefix_length() + 1;
  chart.states.push_back(model.control_states(trace.initial.data()));
  std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> ends;
  for (const auto& c : model.channel_ends())
    ends.push_back({c.name, {index_of(chart.actors, c.from), index_of(chart.actors, c.to)}});
  auto channel = [&](const std::string& name) {
    for (const auto& e : ends)
      if (e.first == name) return e.second;
    throw InternalError("chart: unknown channel " + name);
  };

  std::vector<InFlight> flying;
  // The oldest message in flight on `ch` with this text: equal messages are
  // interchangeable, and the oldest is the natural reading.
  auto take = [&](const std::string& ch, const std::string& text) -> std::optional<InFlight> {
    for (auto it = flying.begin(); it != flying.end(); ++it)
      if (it->channel == ch && it->text == text) {
        InFlight f = *it;
        flying.erase(it);
        return f;
      }
    return std::nullopt;
  };

  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const checker::StepInfo& s = trace.steps[i].info;
    std::size_t step = i + 1;
    chart.states.push_back(model.control_states(trace.steps[i].state.data()));
    if (s.actor == "clock") {
      chart.ticks.push_back(step);
      // Messages older than MSL vanished with this tick: they end here, lost.
      std::size_t in_flight = 0;
      const auto& layout = model.layout();
      for (std::size_t slot = 0; slot < layout.size(); ++slot)
        if (layout.slot(slot).name.find('[') != std::string::npos &&
            layout.slot(slot).name.find(".age[") == std::string::npos &&
            trace.steps[i].state[slot] != 0)
          ++in_flight;
      while (flying.size() > in_flight) {
        // The oldest messages are the ones that expire.
        InFlight f = flying.front();
        flying.erase(flying.begin());
        chart.arrows.push_back(
            {Chart::Arrow::kLost, f.from, f.to, f.sent, step, f.text + " (expired)"});
      }
      continue;
    }
    if (s.event == "lose" || s.event == "duplicate") {
      auto f = take(s.channel, s.message);
      if (!f) continue;
      if (s.event == "lose") {
        chart.arrows.push_back({Chart::Arrow::kLost, f->from, f->to, f->sent, step, s.message});
      } else {
        flying.push_back(*f);
        flying.push_back(*f);
        chart.marks.push_back({step, f->from, "duplicate " + s.message, true});
      }
      continue;
    }
    std::size_t actor = index_of(chart.actors, s.actor);
    if (!s.channel.empty()) {
      if (auto f = take(s.channel, s.message))
        chart.arrows.push_back(
            {s.outcome == "discarded" ? Chart::Arrow::kDiscarded : Chart::Arrow::kDelivered,
             f->from, f->to, f->sent, step, s.message});
      chart.marks.push_back(
          {step, actor, s.event + (s.outcome.empty() ? "" : " (" + s.outcome + ")"), false});
    } else {
      chart.marks.push_back({step, actor, s.event, false});
    }
    for (std::size_t k = 0; k < s.sent.size(); ++k) {
      const std::string& sent = s.sent[k];
      const std::string& sent_on = s.sent_on.at(k);
      auto [from, to] = channel(sent_on);
      const std::string full = " (lost: channel full)";
      if (sent.size() > full.size() && sent.ends_with(full))
        chart.arrows.push_back(
            {Chart::Arrow::kLost, from, to, step, step, sent.substr(0, sent.size() - full.size())});
      else
        flying.push_back({sent_on, sent, from, to, step});
    }
  }
  for (const InFlight& f : flying)
    chart.arrows.push_back(
        {Chart::Arrow::kInFlight, f.from, f.to, f.sent, chart.steps + 1, f.text});
  return chart;
}

namespace {

// Columns of the text chart: each actor's lifeline at its column's left edge. At least
// kMinColumnWidth wide, wider where a label needs it, as far as --width allows.
constexpr std::size_t kMinColumnWidth = 30;
// "  step  " and the step numbers before the first lifeline.
constexpr std::size_t kMargin = 8;

std::string arrow_body(const Chart::Arrow& a) {
  const char* end = a.end == Chart::Arrow::kLost        ? "  X lost"
                    : a.end == Chart::Arrow::kDiscarded ? "  (discarded)"
                                                        : "";
  return fmt::format(" {} (sent at {}){} ", a.label, a.sent, end);
}

// The characters an arrow needs between its two lifelines to carry its label: "|--", the
// label, a shaft of at least two and the head.
std::size_t arrow_need(const Chart::Arrow& a) {
  return 3 + arrow_body(a).size() + 2 + 1;
}

// Wide enough for every state and mark and for every label between its lifelines (an
// arrow over several columns shares its need among them), within `width` if it can be.
std::size_t column_width(const Chart& c, std::size_t width) {
  const std::size_t n = std::max<std::size_t>(c.actors.size(), 1);
  std::size_t want = kMinColumnWidth;
  // The last column has nothing to its right to run into.
  for (const auto& row : c.states)
    for (std::size_t a = 0; a + 1 < row.size(); ++a) want = std::max(want, row[a].size() + 2);
  // A mark's cell also names the state it leads to (" -> ESTABLISHED").
  for (const auto& m : c.marks)
    if (!m.duplicate && m.actor + 1 < n && m.step < c.states.size() &&
        m.actor < c.states[m.step].size())
      want = std::max(want, m.text.size() + 4 + c.states[m.step][m.actor].size() + 2);
  for (const auto& a : c.arrows) {
    const std::size_t gaps = a.from > a.to ? a.from - a.to : a.to - a.from;
    if (gaps > 0 && a.end != Chart::Arrow::kInFlight)
      want = std::max(want, (arrow_need(a) + gaps - 2) / gaps);
  }
  const std::size_t room = width > kMargin ? (width - kMargin) / n : 0;
  return std::max(kMinColumnWidth, std::min(want, room));
}

// One message's arrow, from the sender's lifeline to the receiver's, over any lifelines
// between them, both ends on their lifelines. The label sits by the sender; where the gap
// is too narrow for it (a narrow --width), it follows the arrow instead.
std::string arrow_text(const Chart::Arrow& a, std::size_t column) {
  const std::string body = arrow_body(a);
  const std::size_t left = std::min(a.from, a.to) * column;
  const std::size_t right = std::max(a.from, a.to) * column;
  const std::size_t span = right - left + 1;  // both lifelines included
  std::string arrow;
  if (span >= arrow_need(a)) {
    const std::string shaft(span - (3 + body.size() + 1), '-');
    arrow = a.from < a.to ? "|--" + body + shaft + ">" : "<" + shaft + body + "--|";
  } else {
    // (A message an actor sends itself has one lifeline: span 1.)
    const std::string shaft(span > 2 ? span - 2 : 1, '-');
    arrow = (a.from < a.to ? "|" + shaft + ">" : "<" + shaft + "|") + body;
  }
  while (!arrow.empty() && arrow.back() == ' ') arrow.pop_back();
  return std::string(left, ' ') + arrow;
}

}  // namespace

std::string chart_text(const Chart& c, std::size_t fit_width) {
  // One line per step: the acting actor's column shows what it did and where it is now;
  // a message delivered, lost or discarded at this step is drawn between the columns.
  const std::size_t width = column_width(c, fit_width);
  std::size_t n = c.actors.size();
  auto row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t a = 0; a < n; ++a) {
      std::string cell = cells[a];
      // The last column has nothing to its right to run into.
      if (a + 1 < n && cell.size() > width - 2) cell = cell.substr(0, width - 2);
      line += fmt::format("{:<{}}", cell, width);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  };
  std::string out = "  step  " + row(c.actors) + "\n";
  out += "     0  " + row(c.states[0]) + "\n";
  for (std::size_t step = 1; step <= c.steps; ++step) {
    if (c.cycle_from == step) out += "        ======== the cycle repeats from here ========\n";
    std::vector<std::string> cells(n, "|");
    for (const auto& m : c.marks)
      if (m.step == step && !m.duplicate) {
        bool changed = c.states[step][m.actor] != c.states[step - 1][m.actor];
        cells[m.actor] = m.text + (changed ? " -> " + c.states[step][m.actor] : "");
      }
    out += fmt::format("{:>6}  {}\n", step, row(cells));
    for (const auto& a : c.arrows)
      if (a.ended == step) out += "        " + arrow_text(a, width) + "\n";
    for (const auto& m : c.marks)
      if (m.step == step && m.duplicate)
        out += fmt::format("        {}(network) {}\n", std::string(m.actor * width, ' '), m.text);
    if (std::find(c.ticks.begin(), c.ticks.end(), step) != c.ticks.end())
      out += "        ~~~~~~~~ clock tick ~~~~~~~~\n";
  }
  if (c.cycle_from && *c.cycle_from > c.steps)
    out += "        ======== stuck here forever: no step is enabled ========\n";
  else if (c.cycle_from)
    out += fmt::format("        ======== back to step {} ========\n", *c.cycle_from - 1);
  for (const auto& a : c.arrows)
    if (a.end == Chart::Arrow::kInFlight)
      out += fmt::format("        still in flight: {} from {} to {} (sent at {})\n", a.label,
                         c.actors[a.from], c.actors[a.to], a.sent);
  return out;
}

}  // namespace synack::reports
