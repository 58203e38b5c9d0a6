// A state diagram before Graphviz sees it, and the one way every such diagram is laid out
// (a machine's table, a scenario's machines, a --compare, a learned model): states with
// the rows that stay in them folded into a short list under the name, the rows between
// two states merged into one edge labelled with their events, long text wrapped, the
// main path top to bottom, and a state entered from many others (TCP's CLOSED) drawn
// again, small, beside each state that enters it so that its edges stay local.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace synack::reports {

// One entry of an edge's label or of a state's folded list: an event (short) and the
// rows behind it (detail: "event [guard] / action", one per line).
struct GraphItem {
  // kFaded: never fired, or the same in both variants. kFirst / kSecond: only in the first
  // or the second of two compared variants.
  enum class Mark { kPlain, kFaded, kFirst, kSecond };
  std::string text;
  std::string detail;
  Mark mark = Mark::kPlain;
};

struct DiagramGraph {
  struct Node {
    std::string name;
    std::vector<GraphItem> stays;  // rows that leave the state as it is
    bool dashed = false;           // a learned model's unreachable state
  };
  // Every edge between two states with one mark: parallel rows become one edge.
  struct Edge {
    std::size_t from = 0, to = 0;
    GraphItem::Mark mark = GraphItem::Mark::kPlain;
    std::vector<GraphItem> items;
  };
  std::string title;
  std::vector<Node> nodes;
  std::optional<std::size_t> initial;
  std::vector<Edge> edges;
  // A line under the title per mark used: what the colour means.
  std::vector<std::pair<GraphItem::Mark, std::string>> legend;
  // Between the items of one label: ", " for events, "\n" for a learned model's
  // "INPUTS / ANSWER" lines. Lines wrap after `wrap` characters.
  std::string separator = ", ";
  std::size_t wrap = 30;

  // Adds `item` to the edge from -> to with the item's mark, merging an item with the
  // same text into one (its details joined); from == to adds it to the state's list.
  void add(std::size_t from, std::size_t to, GraphItem item);
};

struct DrawOptions {
  std::string id;          // DOT identifiers start with it
  bool standalone = true;  // a whole digraph, else a `subgraph cluster_...`
  bool detail = false;     // labels carry every row's guard and action
};

std::string diagram_dot(const DiagramGraph& graph, const DrawOptions& options);

// `text` cut into lines of at most `width` characters, at the separator where it can,
// else at a space, else anywhere.
std::vector<std::string> wrap_text(const std::string& text, std::size_t width);

}  // namespace synack::reports
