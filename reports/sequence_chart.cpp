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

std::string chart_text(const Chart& c) {
  // One line per step: the acting actor's column shows what it did and where it is now;
  // a message delivered, lost or discarded at this step is drawn between the columns.
  const std::size_t width = 30;
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
    for (const auto& a : c.arrows) {
      if (a.ended != step) continue;
      const char* end = a.end == Chart::Arrow::kLost        ? "  X lost"
                        : a.end == Chart::Arrow::kDiscarded ? "  (discarded)"
                                                            : "";
      std::string body = fmt::format(" {} (sent at {}){} ", a.label, a.sent, end);
      std::string arrow = a.from < a.to ? "|--" + body + "-->" : "<--" + body + "--|";
      out += fmt::format("        {}{}\n", std::string(std::min(a.from, a.to) * width, ' '), arrow);
    }
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
      out += fmt::format("        still in flight: {} from {} (sent at {})\n", a.label,
                         c.actors[a.from], a.sent);
  return out;
}

std::string chart_svg(const Chart& c) {
  const int col = 240, left = 70, top = 60, row = 34;
  int n = static_cast<int>(c.actors.size());
  int width = left + n * col;
  int height = top + static_cast<int>(c.steps + 2) * row + 20;
  auto x = [&](std::size_t actor) { return left + col / 2 + static_cast<int>(actor) * col; };
  // A step's text beside the last lifeline runs right of it (a learned model's
  // "INPUT / ANSWER" is long): widen the picture rather than cut it (monospace 12 px is
  // about 8 px a character).
  for (const auto& m : c.marks)
    width = std::max(width, x(m.actor) + 60 + 8 * static_cast<int>(m.text.size()) + 10);
  auto y = [&](std::size_t step) { return top + static_cast<int>(step) * row; };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" font-family=\"monospace\" font-size=\"12\">\n"
      "<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" "
      "orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker></defs>\n",
      width, height, width, height);
  for (std::size_t a = 0; a < c.actors.size(); ++a) {
    svg += fmt::format(
        "<text x=\"{}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\n", x(a),
        xml_escape(c.actors[a]));
    svg += fmt::format("<line x1=\"{0}\" y1=\"30\" x2=\"{0}\" y2=\"{1}\" stroke=\"#999\"/>\n", x(a),
                       height - 10);
  }
  for (std::size_t step = 0; step <= c.steps; ++step) {
    svg += fmt::format("<text x=\"8\" y=\"{}\" fill=\"#666\">{}</text>\n", y(step) + 4, step);
    for (std::size_t a = 0; a < c.actors.size(); ++a) {
      if (step > 0 && c.states[step][a] == c.states[step - 1][a]) continue;
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"110\" height=\"18\" rx=\"4\" fill=\"#eef\" "
          "stroke=\"#88a\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
          x(a) - 55, y(step) - 9, x(a), y(step) + 4, xml_escape(c.states[step][a]));
    }
  }
  if (c.cycle_from) {
    bool stuck = *c.cycle_from > c.steps;
    int at = stuck ? y(c.steps) + row / 2 : y(*c.cycle_from) - row / 2;
    svg += fmt::format(
        "<line class=\"cycle\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#a0a\" "
        "stroke-width=\"2\" stroke-dasharray=\"8,4\"/><text x=\"{3}\" y=\"{4}\" "
        "fill=\"#a0a\">{5}</text>\n",
        left, at, width - 10, left + 4, at - 4,
        stuck ? "stuck here forever" : "the cycle repeats from here");
  }
  for (std::size_t t : c.ticks)
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#8a8\" "
        "stroke-dasharray=\"2,3\"/><text x=\"{3}\" y=\"{4}\" fill=\"#686\">tick</text>\n",
        left, y(t), width - 10, width - 40, y(t) - 3);
  for (const auto& m : c.marks) {
    if (m.duplicate) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#a60\">&#x29C9; {}</text>\n",
                         x(m.actor) + 60, y(m.step) + 4, xml_escape(m.text));
    } else {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#036\">{}</text>\n", x(m.actor) + 60,
                         y(m.step) - 6, xml_escape(m.text));
    }
  }
  for (const auto& a : c.arrows) {
    int x1 = x(a.from), y1 = y(a.sent) + 6, x2 = x(a.to), y2 = y(a.ended) - 2;
    std::string colour = a.end == Chart::Arrow::kDelivered ? "#222" : "#b00";
    if (a.end == Chart::Arrow::kLost || a.end == Chart::Arrow::kInFlight) {
      x2 = (x1 + x2) / 2;
    }
    std::string dash = a.end == Chart::Arrow::kInFlight ? " stroke-dasharray=\"5,4\"" : "";
    std::string marker = a.end == Chart::Arrow::kLost ? "" : " marker-end=\"url(#arrow)\"";
    svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"{}{}/>\n", x1,
                       y1, x2, y2, colour, dash, marker);
    if (a.end == Chart::Arrow::kLost)
      svg += fmt::format(
          "<path d=\"M{0},{1} l8,8 m0,-8 l-8,8\" stroke=\"#b00\" stroke-width=\"2\" "
          "transform=\"translate(-4,-4)\"/>\n",
          x2, y2);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}{}</text>\n",
                       (x1 + x2) / 2, (y1 + y2) / 2 - 3, colour, xml_escape(a.label),
                       a.end == Chart::Arrow::kDiscarded ? " (discarded)" : "");
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace synack::reports
