// Earliest arrival: the fewest clock ticks in which a run of a timed model reaches a goal.
//
// Every step but a tick takes no time, so this is a shortest path with edge weights 0 and
// 1, searched level by level: all states reachable in t ticks (closed under the untimed
// steps) before any state of t + 1. On a channel whose messages arrive exactly one tick
// after they are sent, a tick is half a round trip, and the answer is the round-trip count
// of seed 000's claims, taken over every schedule the model allows.
#pragma once

#include <functional>
#include <optional>

#include "checker/limits.hpp"
#include "checker/model.hpp"
#include "checker/result.hpp"

namespace synack::checker {

struct Earliest {
  std::optional<int> ticks;  // none: the goal is unreachable within the limits
  Trace trace;               // a run reaching the goal in `ticks`, replayed through the machines
  std::uint64_t states = 0;
  bool limit_hit = false;  // ran out of states, memory or `max_ticks` before a verdict
};

Earliest earliest(const Model& model, const std::function<bool(const Value*)>& goal, int max_ticks,
                  const Limits& limits);

}  // namespace synack::checker
