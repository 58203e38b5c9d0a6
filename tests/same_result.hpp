// Two runs of an engine that must agree on everything a user sees but the time taken.
#pragma once

#include <catch2/catch.hpp>

#include "checker/result.hpp"

namespace synack::testing {

inline void require_same(const checker::Result& one, const checker::Result& many) {
  INFO(one.property);
  CHECK(many.verdict == one.verdict);
  CHECK(many.states == one.states);
  CHECK(many.transitions == one.transitions);
  CHECK(many.depth == one.depth);
  CHECK(many.limit == one.limit);
  CHECK(many.vacuous == one.vacuous);
  CHECK(many.premise == one.premise);
  REQUIRE(many.trace.has_value() == one.trace.has_value());
  if (!one.trace) return;
  CHECK(many.trace->cycle_start == one.trace->cycle_start);
  REQUIRE(many.trace->steps.size() == one.trace->steps.size());
  for (std::size_t k = 0; k < one.trace->steps.size(); ++k) {
    CHECK(many.trace->steps[k].group == one.trace->steps[k].group);
    CHECK(many.trace->steps[k].state == one.trace->steps[k].state);
  }
}

// Coverage figures that must agree (a resumed search and a whole one, the liveness graph's
// and the breadth-first search's); `why_stopped`: also the reason a partial search stopped.
inline void require_same_coverage(const checker::Coverage& a, const checker::Coverage& b,
                                  bool why_stopped = true) {
  CHECK(a.row_fired == b.row_fired);
  CHECK(a.group_transitions == b.group_transitions);
  CHECK(a.group_new_states == b.group_new_states);
  CHECK(a.states == b.states);
  CHECK(a.transitions == b.transitions);
  CHECK(a.exhaustive == b.exhaustive);
  if (why_stopped) CHECK(a.stopped_by == b.stopped_by);
}

}  // namespace synack::testing
