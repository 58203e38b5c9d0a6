#include "reports/diagram_layout.hpp"

#include <deque>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "reports/graphviz.hpp"
#include "reports/xml_escape.hpp"

namespace synack::reports {

namespace {

using Mark = GraphItem::Mark;

constexpr std::size_t kUnreached = std::numeric_limits<std::size_t>::max();

// A state entered from this many states by edges that go back up the drawing (TCP's
// CLOSED), or one no edge leaves entered from this many (a learned model's closed
// connection), or in a large model one entered from this many at all, is drawn again
// beside each state that enters it: otherwise its edges cross the whole drawing.
constexpr std::size_t kCopiedBackSources = 3;
constexpr std::size_t kCopiedSinkSources = 3;
constexpr std::size_t kLargeGraphStates = 16;
constexpr std::size_t kCopiedHubSources = 6;

// Wider lines where a label carries whole rows.
constexpr std::size_t kDetailWrap = 48;

struct Colours {
  const char* line;
  const char* text;
  const char* extra;  // more edge attributes
};

Colours colours(Mark mark) {
  switch (mark) {
    case Mark::kFaded:
      return {"#c4c4c4", "#9a9a9a", ", style=dashed"};
    case Mark::kFirst:
      return {"#c2410c", "#c2410c", ", penwidth=2.2"};
    case Mark::kSecond:
      return {"#1d4ed8", "#1d4ed8", ", penwidth=2.2"};
    case Mark::kPlain:
      break;
  }
  return {"#444444", "#222222", ""};
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = s.find('\n', start)) != std::string::npos; start = at + 1)
    out.push_back(s.substr(start, at - start));
  out.push_back(s.substr(start));
  return out;
}

// The lines of a label: the items' events joined (or, with detail, their rows), wrapped.
std::vector<std::string> label_lines(const std::vector<GraphItem>& items, const DiagramGraph& g,
                                     bool detail) {
  std::string text;
  for (const GraphItem& item : items) {
    if (!text.empty()) text += detail ? "\n" : g.separator;
    text += detail ? item.detail : item.text;
  }
  std::vector<std::string> lines;
  for (const std::string& line : split_lines(text))
    for (std::string& part : wrap_text(line, detail ? std::max(g.wrap, kDetailWrap) : g.wrap))
      lines.push_back(std::move(part));
  return lines;
}

std::string html_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "<br/>" : "") + xml_escape(lines[i]);
  return out;
}

std::string tooltip(const std::string& head, const std::vector<GraphItem>& items) {
  std::string text = head;
  for (const GraphItem& item : items) text += (text.empty() ? "" : "\n") + item.detail;
  std::string out = "\"";
  for (char c : well_formed_utf8(text)) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A state's box: its name, then the events that keep it there, by mark.
std::string node_label(const DiagramGraph::Node& node, const DiagramGraph& g, bool detail) {
  std::string rows = fmt::format("<tr><td><b>{}</b></td></tr>", xml_escape(node.name));
  bool first = true;
  for (Mark mark : {Mark::kPlain, Mark::kFirst, Mark::kSecond, Mark::kFaded}) {
    std::vector<GraphItem> items;
    for (const GraphItem& item : node.stays)
      if (item.mark == mark) items.push_back(item);
    if (items.empty()) continue;
    std::vector<std::string> lines = label_lines(items, g, detail);
    lines.front() = (first ? "\u21ba " : "") + lines.front();
    first = false;
    rows += fmt::format(
        "<tr><td align=\"left\" balign=\"left\"><font point-size=\"9\" color=\"{}\">{}</font>"
        "</td></tr>",
        mark == Mark::kPlain ? "#505050" : colours(mark).text, html_lines(lines));
  }
  return "<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\">" + rows +
         "</table>>";
}

std::string legend_label(const DiagramGraph& g, bool copies) {
  std::string rows = fmt::format("<tr><td><font point-size=\"13\"><b>{}</b></font></td></tr>",
                                 xml_escape(g.title));
  for (const auto& [mark, text] : g.legend)
    rows += fmt::format("<tr><td><font point-size=\"10\" color=\"{}\">{}{}</font></td></tr>",
                        colours(mark).text, mark == Mark::kFaded ? "- - " : "\u2014 ",
                        xml_escape(text));
  std::string hints;
  bool stays = false;
  for (const auto& node : g.nodes) stays |= !node.stays.empty();
  if (stays) hints += "\u21ba: what leaves the state as it is. ";
  if (copies) hints += "Dashed: a state drawn again beside each state that enters it.";
  if (!hints.empty())
    rows += fmt::format("<tr><td><font point-size=\"9\" color=\"#505050\">{}</font></td></tr>",
                        xml_escape(hints));
  return "<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\">" + rows +
         "</table>>";
}

// Breadth-first from the initial state, in edge order: each state's distance, and the
// edge that found it first (the main path: CONNECT before LISTEN in TCP's table).
struct Search {
  std::vector<std::size_t> depth;
  std::vector<bool> main_path;  // per edge
};

Search breadth_first(const DiagramGraph& g) {
  Search s{std::vector<std::size_t>(g.nodes.size(), kUnreached), std::vector<bool>(g.edges.size())};
  if (!g.initial) return s;
  std::vector<std::vector<std::size_t>> out(g.nodes.size());
  for (std::size_t k = 0; k < g.edges.size(); ++k) out[g.edges[k].from].push_back(k);
  std::deque<std::size_t> queue{*g.initial};
  s.depth[*g.initial] = 0;
  while (!queue.empty()) {
    std::size_t from = queue.front();
    queue.pop_front();
    for (std::size_t k : out[from]) {
      std::size_t to = g.edges[k].to;
      if (s.depth[to] != kUnreached) continue;
      s.depth[to] = s.depth[from] + 1;
      s.main_path[k] = true;
      queue.push_back(to);
    }
  }
  return s;
}

bool goes_back(const DiagramGraph::Edge& e, const std::vector<std::size_t>& depth) {
  return depth[e.to] < depth[e.from];
}

std::vector<bool> copied_states(const DiagramGraph& g, const std::vector<std::size_t>& depth) {
  std::vector<std::set<std::size_t>> sources(g.nodes.size()), back(g.nodes.size());
  std::vector<bool> leaves(g.nodes.size());
  for (const auto& e : g.edges) {
    sources[e.to].insert(e.from);
    if (goes_back(e, depth)) back[e.to].insert(e.from);
    leaves[e.from] = true;
  }
  bool large = g.nodes.size() > kLargeGraphStates;
  std::vector<bool> copied(g.nodes.size());
  for (std::size_t s = 0; s < g.nodes.size(); ++s)
    copied[s] = back[s].size() >= kCopiedBackSources ||
                (!leaves[s] && sources[s].size() >= kCopiedSinkSources) ||
                (large && sources[s].size() >= kCopiedHubSources);
  return copied;
}

}  // namespace

void DiagramGraph::add(std::size_t from, std::size_t to, GraphItem item) {
  std::vector<GraphItem>* items = nullptr;
  if (from == to) {
    items = &nodes.at(from).stays;
  } else {
    for (Edge& e : edges)
      if (e.from == from && e.to == to && e.mark == item.mark) items = &e.items;
    if (!items) items = &edges.emplace_back(Edge{from, to, item.mark, {}}).items;
  }
  for (GraphItem& old : *items)
    if (old.text == item.text && old.mark == item.mark) {
      if (old.detail != item.detail) old.detail += "\n" + item.detail;
      return;
    }
  items->push_back(std::move(item));
}

std::vector<std::string> wrap_text(const std::string& text, std::size_t width) {
  // Pieces end after ", " where they can (a list of events), else after a space.
  std::vector<std::string> pieces;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(", ", start)) != std::string::npos; start = at + 2)
    pieces.push_back(text.substr(start, at + 2 - start));
  pieces.push_back(text.substr(start));
  std::vector<std::string> words;
  for (const std::string& piece : pieces) {
    if (piece.size() <= width) {
      words.push_back(piece);
      continue;
    }
    std::size_t from = 0;
    for (std::size_t at; (at = piece.find(' ', from)) != std::string::npos; from = at + 1)
      words.push_back(piece.substr(from, at + 1 - from));
    words.push_back(piece.substr(from));
  }
  std::vector<std::string> lines{""};
  for (std::string& word : words) {
    while (word.size() > width) {  // no place to break: cut
      if (!lines.back().empty()) lines.emplace_back();
      lines.back() = word.substr(0, width);
      word = word.substr(width);
      lines.emplace_back();
    }
    if (!lines.back().empty() && lines.back().size() + word.size() > width + 1)
      lines.emplace_back();
    lines.back() += word;
  }
  for (std::string& line : lines)
    while (!line.empty() && line.back() == ' ') line.pop_back();
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string diagram_dot(const DiagramGraph& g, const DrawOptions& o) {
  Search search = breadth_first(g);
  const std::vector<std::size_t>& depth = search.depth;
  std::vector<bool> copied = copied_states(g, depth);
  bool any_copy = false;
  for (const auto& e : g.edges) any_copy |= copied[e.to];
  auto id = [&](std::size_t s) { return dot_quote(o.id + "/" + g.nodes[s].name); };

  std::string out = o.standalone ? fmt::format("digraph {} {{\n", dot_quote(o.id))
                                 : fmt::format("subgraph {} {{\n", dot_quote("cluster_" + o.id));
  out +=
      fmt::format("  label={}; labelloc=t; fontname=\"Helvetica\";\n", legend_label(g, any_copy));
  if (o.standalone) out += "  rankdir=TB; nodesep=0.3; ranksep=0.35;\n";
  out +=
      "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=12, "
      "margin=\"0.08,0.04\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n";
  for (std::size_t s = 0; s < g.nodes.size(); ++s) {
    const auto& node = g.nodes[s];
    // A state drawn beside each state that enters it, with nothing of its own to show
    // (TLS's CLOSED), is not drawn a last time alone.
    bool only_copies = copied[s] && node.stays.empty() && g.initial != s;
    for (const auto& e : g.edges) only_copies &= e.from != s;
    if (only_copies) continue;
    out += fmt::format("  {} [label={}, tooltip={}{}];\n", id(s), node_label(node, g, o.detail),
                       tooltip(node.name, node.stays),
                       node.dashed ? ", style=\"rounded,dashed\", color=\"#888888\"" : "");
  }
  if (g.initial) {
    out += fmt::format("  {} [shape=point, width=0.12, label=\"\"];\n", dot_quote(o.id + "/start"));
    out += fmt::format("  {} -> {} [weight=4];\n", dot_quote(o.id + "/start"), id(*g.initial));
  }
  for (std::size_t k = 0; k < g.edges.size(); ++k) {
    const auto& e = g.edges[k];
    Colours c = colours(e.mark);
    std::string attrs = fmt::format("color=\"{}\", fontcolor=\"{}\"{}", c.line, c.text, c.extra);
    if (goes_back(e, depth) && !copied[e.to]) attrs += ", constraint=false";
    // Heavy: Graphviz draws the main path short and straight.
    if (search.main_path[k] && !copied[e.to]) attrs += ", weight=4";
    std::string label = fmt::format("<{}>", html_lines(label_lines(e.items, g, o.detail)));
    std::string target = id(e.to);
    if (copied[e.to]) {
      target = dot_quote(fmt::format("{}/copy{}", o.id, k));
      out += fmt::format(
          "  {} [label={}, style=\"rounded,dashed\", color=\"#888888\", fontsize=10, "
          "tooltip={}];\n",
          target, dot_quote(g.nodes[e.to].name), dot_quote(g.nodes[e.to].name + " again"));
    }
    out += fmt::format("  {} -> {} [label={}, tooltip={}, {}];\n", id(e.from), target, label,
                       tooltip("", e.items), attrs);
  }
  return out + "}\n";
}

}  // namespace synack::reports
