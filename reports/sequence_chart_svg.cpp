// A sequence chart as SVG, laid out so that no text runs into another or into a state
// box: columns as wide as the longest label between them needs, long labels wrapped, and
// each message's label put at the first place along its arrow where nothing is drawn yet;
// where no place is free, the rows are drawn further apart and the chart laid out again.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "reports/diagram_layout.hpp"
#include "reports/sequence_chart.hpp"
#include "reports/xml_escape.hpp"

namespace synack::reports {

namespace {

// Monospace 12 px: about 7.3 px a character, lines 14 px apart.
constexpr double kCharWidth = 7.3;
constexpr int kLineHeight = 14;
constexpr std::size_t kWrap = 40;
constexpr double kMinBoxWidth = 110;  // a state's box, centred on its lifeline
constexpr double kMinGap = 240;       // between two lifelines
// Before a duplication's text: "×2" (U+00D7), which DejaVu and Liberation, the fonts
// Debian's browsers fall back on, both have; U+29C9 (two joined squares) was in neither
// and drew as an empty box.
constexpr char kDuplicateMark[] = "\u00D72 ";

struct Rect {
  double x0, y0, x1, y1;
  bool hits(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

double width_of(const std::string& s) {
  return kCharWidth * static_cast<double>(s.size());
}

double widest(const std::vector<std::string>& lines) {
  double w = 0;
  for (const auto& l : lines) w = std::max(w, width_of(l));
  return w;
}

std::vector<std::string> arrow_label_lines(const Chart::Arrow& a) {
  return wrap_text(a.label + (a.end == Chart::Arrow::kDiscarded ? " (discarded)" : ""), kWrap);
}

// The chart with `row` pixels between steps; none when a text found no free place and
// `force` is false.
std::optional<std::string> layout(const Chart& c, double row, bool force) {
  const int left = 70, top = 60;
  const std::size_t n = c.actors.size();
  double box_width = kMinBoxWidth;
  for (const auto& states : c.states) box_width = std::max(box_width, widest(states) + 12);
  const double mark_offset = box_width / 2 + 5;  // a step's text, right of the lifeline
  auto mark_lines = [](const Chart::Mark& m) {
    return wrap_text((m.duplicate ? kDuplicateMark : "") + m.text, kWrap);
  };
  // gap[a]: from lifeline a to the next (the last: to the right edge), wide enough that
  // a label fits between two state boxes and a step's text beside its lifeline.
  std::vector<double> gap(n, kMinGap);
  gap.back() = kMinGap / 2;
  for (const auto& a : c.arrows)
    for (std::size_t g = std::min(a.from, a.to); g < std::max(a.from, a.to); ++g)
      gap[g] = std::max(gap[g], box_width + 16 + widest(arrow_label_lines(a)));
  for (const auto& m : c.marks)
    gap[m.actor] = std::max(gap[m.actor], mark_offset + widest(mark_lines(m)) +
                                              (m.actor + 1 < n ? box_width / 2 + 8 : 10));
  std::vector<double> xs{left + kMinGap / 2};
  for (std::size_t a = 0; a + 1 < n; ++a) xs.push_back(xs.back() + gap[a]);
  auto x = [&](std::size_t actor) { return xs.at(actor); };
  auto y = [&](std::size_t step) { return top + static_cast<double>(step) * row; };
  // Red dashed arrows that end halfway say nothing by themselves: a line under the chart
  // names them, when there are any.
  const bool in_flight = std::any_of(c.arrows.begin(), c.arrows.end(), [](const auto& a) {
    return a.end == Chart::Arrow::kInFlight;
  });
  const int lifelines_end = top + static_cast<int>((static_cast<double>(c.steps) + 2) * row) + 10;
  const int height = lifelines_end + 10 + (in_flight ? kLineHeight + 10 : 0);
  double width = xs.back() + gap.back();

  std::vector<Rect> taken;  // what labels must not cover
  std::string body;
  for (std::size_t a = 0; a < n; ++a) {
    body += fmt::format(
        "<text x=\"{:.0f}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\n", x(a),
        xml_escape(c.actors[a]));
    body +=
        fmt::format("<line x1=\"{0:.0f}\" y1=\"30\" x2=\"{0:.0f}\" y2=\"{1}\" stroke=\"#999\"/>\n",
                    x(a), lifelines_end);
  }
  for (std::size_t step = 0; step <= c.steps; ++step) {
    body += fmt::format("<text x=\"8\" y=\"{:.0f}\" fill=\"#666\">{}</text>\n", y(step) + 4, step);
    for (std::size_t a = 0; a < n; ++a) {
      if (step > 0 && c.states[step][a] == c.states[step - 1][a]) continue;
      body += fmt::format(
          "<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"{}\" height=\"18\" rx=\"4\" fill=\"#eef\" "
          "stroke=\"#88a\"/><text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"middle\">{}</text>\n",
          x(a) - box_width / 2, y(step) - 9, box_width, x(a), y(step) + 4,
          xml_escape(c.states[step][a]));
    }
  }
  if (c.cycle_from) {
    bool stuck = *c.cycle_from > c.steps;
    double at = stuck ? y(c.steps) + row / 2 : y(*c.cycle_from) - row / 2;
    std::string text = stuck ? "stuck here forever" : "the cycle repeats from here";
    body += fmt::format(
        "<line class=\"cycle\" x1=\"{0}\" y1=\"{1:.0f}\" x2=\"{2:.0f}\" y2=\"{1:.0f}\" "
        "stroke=\"#a0a\" stroke-width=\"2\" stroke-dasharray=\"8,4\"/><text x=\"{3}\" "
        "y=\"{4:.0f}\" fill=\"#a0a\">{5}</text>\n",
        left, at, width - 10, left + 4, at - 4, text);
    taken.push_back({left + 4.0, at - 16, left + 4 + width_of(text), at});
  }
  for (std::size_t t : c.ticks) {
    body += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.0f}\" x2=\"{2:.0f}\" y2=\"{1:.0f}\" stroke=\"#8a8\" "
        "stroke-dasharray=\"2,3\"/><text x=\"{3}\" y=\"{4:.0f}\" fill=\"#686\">tick</text>\n",
        left, y(t), width - 10, 30, y(t) - 3);
  }
  std::vector<Rect> marks;
  for (const auto& m : c.marks) {
    std::vector<std::string> lines = mark_lines(m);
    double mx = x(m.actor) + mark_offset, my = y(m.step) + (m.duplicate ? 4 : -6);
    Rect r{mx, my - 11, mx + widest(lines),
           my + 3 + kLineHeight * (static_cast<double>(lines.size()) - 1)};
    for (const Rect& o : marks)
      if (o.hits(r) && !force) return std::nullopt;
    marks.push_back(r);
    for (std::size_t k = 0; k < lines.size(); ++k)
      body += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" fill=\"{}\">{}</text>\n", mx,
                          my + kLineHeight * static_cast<double>(k), m.duplicate ? "#a60" : "#036",
                          xml_escape(lines[k]));
    width = std::max(width, r.x1 + 10);
  }
  taken.insert(taken.end(), marks.begin(), marks.end());
  if (in_flight) {
    const double baseline = height - 12;
    const std::string text = "still in flight when the trace ends";
    body += fmt::format(
        "<line class=\"legend\" x1=\"{0}\" y1=\"{1:.0f}\" x2=\"{2}\" y2=\"{1:.0f}\" "
        "stroke=\"#b00\" stroke-dasharray=\"5,4\" marker-end=\"url(#arrow-red)\"/><text "
        "x=\"{3}\" y=\"{4:.0f}\" fill=\"#b00\">{5}</text>\n",
        left, baseline - 4, left + 40, left + 48, baseline, text);
    width = std::max(width, left + 48 + width_of(text) + 10);
  }
  for (const auto& a : c.arrows) {
    double x1 = x(a.from), y1 = y(a.sent) + 6, x2 = x(a.to), y2 = y(a.ended) - 2;
    std::string colour = a.end == Chart::Arrow::kDelivered ? "#222" : "#b00";
    if (a.end == Chart::Arrow::kLost || a.end == Chart::Arrow::kInFlight) x2 = (x1 + x2) / 2;
    std::string dash = a.end == Chart::Arrow::kInFlight ? " stroke-dasharray=\"5,4\"" : "";
    std::string marker = a.end == Chart::Arrow::kLost        ? ""
                         : a.end == Chart::Arrow::kDelivered ? " marker-end=\"url(#arrow)\""
                                                             : " marker-end=\"url(#arrow-red)\"";
    body += fmt::format(
        "<line x1=\"{:.0f}\" y1=\"{:.0f}\" x2=\"{:.0f}\" y2=\"{:.0f}\" stroke=\"{}\"{}{}/>\n", x1,
        y1, x2, y2, colour, dash, marker);
    if (a.end == Chart::Arrow::kLost)
      body += fmt::format(
          "<path d=\"M{0:.0f},{1:.0f} l8,8 m0,-8 l-8,8\" stroke=\"#b00\" stroke-width=\"2\" "
          "transform=\"translate(-4,-4)\"/>\n",
          x2, y2);
    // The label: above or below a point along the arrow, inside the gap between the two
    // state boxes around that point; the first such place nothing covers yet.
    std::vector<std::string> lines = arrow_label_lines(a);
    double w = widest(lines), h = kLineHeight * static_cast<double>(lines.size());
    auto place = [&]() -> std::optional<Rect> {
      std::optional<Rect> middle;  // where it goes if no place is free and `force`
      for (double t : {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9}) {
        double px = x1 + t * (x2 - x1), py = y1 + t * (y2 - y1);
        // The gap between the lifelines left and right of the point, less the boxes.
        std::size_t l = 0;  // the lifeline left of the point
        while (l + 2 < n && xs[l + 1] <= px) ++l;
        double lo = xs[l] + box_width / 2 + 4, hi = xs[l + 1] - box_width / 2 - 4;
        double cx = std::clamp(px, lo + w / 2, std::max(lo + w / 2, hi - w / 2));
        for (double y0 : {py - 3 - h, py + 3}) {
          Rect r{cx - w / 2, y0, cx + w / 2, y0 + h};
          if (!middle) middle = r;
          if (std::none_of(taken.begin(), taken.end(), [&](const Rect& o) { return o.hits(r); }))
            return r;
        }
      }
      return force ? middle : std::nullopt;
    };
    std::optional<Rect> chosen = place();
    if (!chosen) return std::nullopt;
    taken.push_back(*chosen);
    for (std::size_t k = 0; k < lines.size(); ++k)
      body += fmt::format(
          "<text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n",
          (chosen->x0 + chosen->x1) / 2, chosen->y0 + 11 + kLineHeight * static_cast<double>(k),
          colour, xml_escape(lines[k]));
  }
  int w = static_cast<int>(width);
  return std::optional<std::string>(
      std::in_place,
      fmt::format(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
          "viewBox=\"0 0 {0} {1}\" font-family=\"monospace\" font-size=\"12\">\n"
          "<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" "
          "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker>"
          "<marker id=\"arrow-red\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" "
          "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#b00\"/></marker>"
          "</defs>\n",
          w, height) +
          body + "</svg>\n");
}

}  // namespace

std::string chart_svg(const Chart& c) {
  if (c.actors.empty())
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>\n";
  for (double row = 34; row < 100; row += 12)
    if (auto svg = layout(c, row, false)) return *svg;
  return *layout(c, 106, true);
}

}  // namespace synack::reports
