// Message sequence charts of traces: a lifeline per actor with its states, an arrow per
// message from the step that sent it to the step that delivered it, a cross where a
// message was lost, a mark where one was duplicated. As SVG and as plain text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "checker/model.hpp"
#include "checker/result.hpp"

namespace synack::reports {

struct Chart {
  struct Arrow {
    enum End { kDelivered, kDiscarded, kLost, kInFlight } end = kDelivered;
    std::size_t from = 0, to = 0;     // actor indices
    std::size_t sent = 0, ended = 0;  // step numbers (ended: steps+1 when in flight)
    std::string label;
  };
  struct Mark {
    std::size_t step = 0;
    std::size_t actor = 0;  // for a duplicate: the sender
    std::string text;
    bool duplicate = false;
  };
  std::vector<std::string> actors;
  std::vector<std::vector<std::string>> states;  // states[step][actor], step 0 = initial
  std::vector<Mark> marks;
  std::vector<Arrow> arrows;
  std::vector<std::size_t> ticks;  // steps at which the clock ticked
  std::size_t steps = 0;
  // A lasso: the cycle repeats from this step on (steps + 1: stuck after the last step).
  std::optional<std::size_t> cycle_from;
};

Chart build_chart(const checker::Model& model, const checker::Trace& trace);
// Columns as wide as the labels need, within `width` characters where they fit.
std::string chart_text(const Chart& chart, std::size_t width = 120);
std::string chart_svg(const Chart& chart);

}  // namespace synack::reports
